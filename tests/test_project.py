"""The project itself: packaging, the README's commands and the CI runner."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tomllib
from importlib import resources
from pathlib import Path

import pytest

import msmedesk
from msmedesk import archive

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_package_metadata(pyproject):
    project = pyproject["project"]
    assert project["name"] == "msmedesk"
    assert project["requires-python"] == ">=3.11"
    deps = " ".join(project["dependencies"]).lower()
    for name in ("pyside6", "sqlalchemy>=2", "alembic", "platformdirs"):
        assert name in deps, name
    test_extra = " ".join(project["optional-dependencies"]["test"]).lower()
    for name in ("pytest", "pytest-qt", "hypothesis"):
        assert name in test_extra, name
    assert project["scripts"]["msmedesk"] == "msmedesk.cli:main"


def test_resources_and_migrations_ship_inside_the_package(pyproject):
    data = pyproject["tool"]["setuptools"]["package-data"]["msmedesk"]
    assert "resources/*" in data
    assert any(p.startswith("db/migrations/versions") for p in data)
    assert "db/migrations/*.mako" in data or any("mako" in p for p in data)
    sample = archive.sample_path()
    assert sample.is_file()
    assert Path(msmedesk.__file__).parent in sample.parents
    assert resources.files("msmedesk").joinpath("resources", "sample-2024.json").is_file()
    assert (Path(msmedesk.__file__).parent / "db" / "migrations" / "env.py").is_file()


def test_readme_has_the_two_set_up_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = re.findall(r"```sh\n(.+?)\n```", readme)
    run_command = next(c for c in commands if c.rstrip().endswith("msmedesk"))
    test_command = next(c for c in commands if "pytest" in c)
    assert run_command.startswith("tools/setup && ")
    assert test_command.startswith("tools/setup && ")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "tools/setup" in ci
    assert test_command.removeprefix("tools/setup && ") in ci


def _run_ci(tmp_path: Path, pytest_status: int, mypy_status: int) -> int:
    """.ci/run's exit status with set-up, pytest and mypy stubbed to exit so."""
    (tmp_path / ".ci").mkdir()
    shutil.copyfile(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    stubs = {tmp_path / "tools" / "setup": "exit 0",
             tmp_path / ".venv" / "bin" / "python": f"exit {pytest_status}",
             tmp_path / ".venv" / "bin" / "mypy": f"exit {mypy_status}"}
    for path, body in stubs.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"#!/bin/sh\n{body}\n")
        path.chmod(0o755)
    result = subprocess.run(["bash", str(tmp_path / ".ci" / "run")], capture_output=True,
                            text=True, env={**os.environ, "CI": "true"}, timeout=60)
    return result.returncode


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("pytest_status,ci_status", [(0, 0), (1, 1), (5, 1)])
def test_ci_runner_fails_when_pytest_collects_nothing(tmp_path, pytest_status, ci_status):
    """.ci/run with set-up and pytest stubbed: "no tests" (exit 5) must not pass."""
    assert _run_ci(tmp_path, pytest_status, mypy_status=0) == ci_status


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
@pytest.mark.parametrize("pytest_status,mypy_status,ci_status",
                         [(0, 1, 1), (0, 2, 2)])
def test_ci_runner_fails_on_a_type_error(tmp_path, pytest_status, mypy_status, ci_status):
    """.ci/run checks the types after the tests: a type error fails it even when all pass."""
    assert _run_ci(tmp_path, pytest_status, mypy_status) == ci_status


def test_strict_modules_type_check_clean(tmp_path):
    """The modules pyproject checks strictly (domain, validation, dates, symbol_rules) pass."""
    modules = ["domain.py", "validation", "dates.py", "symbol_rules.py"]  # (validation/: a package)
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"),
         "--cache-dir", str(tmp_path / "cache"),
         *[str(ROOT / "msmedesk" / m) for m in modules]],
        capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
