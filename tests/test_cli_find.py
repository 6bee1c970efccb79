"""``msmedesk find QUERY``: Find anywhere at the command line, as a table, CSV or JSON, reading
the data file only; a search it cannot read is one sentence saying where (issue 16)."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from msmedesk.cli import main


@pytest.fixture
def find(tmp_path, monkeypatch, capsys, sample_file):
    """``msmedesk find ARGS --db <the sample>`` in this process: (status, stdout, stderr)."""
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    for key in [k for k in os.environ if k.startswith("MSMEDESK_")]:
        monkeypatch.delenv(key)

    def call(*args: str) -> tuple[int, str, str]:
        capsys.readouterr()
        try:
            code = main(["find", *args, "--db", str(sample_file)])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return call


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_find_prints_the_records_by_type(find, sample_file):
    before = _digest(sample_file)
    code, out, err = find("w/53")
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Meetings (1)" and lines[1] == "  1 July 2024, INF/MSME/CN/26/Rev.2"
    assert "Proposals (1)" in lines and "Documents (1)" in lines
    assert any(line.startswith("  INF/MSME/W/53 — ") for line in lines)
    assert _digest(sample_file) == before  # read only, as export


def test_find_says_how_many_of_how_many_it_shows(find):
    code, out, _err = find("year:2024", "--limit", "2")
    assert code == 0
    assert "Meetings (first 2 of 4)" in out.splitlines()


def test_find_as_csv_and_json(find):
    code, out, _err = find("cote", "--format", "csv")
    assert code == 0 and not out.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["Type", "Id", "Record"]
    assert ["Members", rows[1][1], "Côte d'Ivoire"] == rows[1]
    code, out, _err = find("cote", "--format", "json")
    found = json.loads(out)
    assert found["query"] == "cote" and found["total"] == 2
    members = found["groups"][0]
    assert members["type"] == "members" and members["records"][0]["label"] == "Côte d'Ivoire"


def test_nothing_found_says_so(find):
    code, out, _err = find("zzzqqq")
    assert code == 0 and out == "Nothing found for zzzqqq.\n"


@pytest.mark.parametrize(("query", "where"), [("foo:bar", "at character 1 "),
                                              ('mexico "open', "at character 8 ")])
def test_a_search_it_cannot_read_is_one_sentence_and_exit_1(find, query, where):
    code, out, err = find(query)
    assert code == 1 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and where in lines[0]
    assert lines[0].endswith("nothing was searched.")


def test_find_as_a_process(tmp_path, sample_file):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSMEDESK_")}
    env.update(HOME=str(tmp_path), XDG_DATA_HOME=str(tmp_path / "x"), PYTHONUTF8="1",
               XDG_CONFIG_HOME=str(tmp_path / "c"))
    done = subprocess.run([sys.executable, "-m", "msmedesk", "find", "speaker:Kallot",
                           "--db", str(sample_file)], capture_output=True, text=True,
                          env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["Meetings (1)", "  19 March 2024, INF/MSME/CN/25/Rev.1"]
