"""The layer rule: msmedesk.ui never touches SQLAlchemy, the database or the services.

Checked twice: statically (every import in every ui module, except those under
``if TYPE_CHECKING:`` that only feed type hints) and at run time (importing every ui
module in a fresh interpreter loads no SQLAlchemy).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import msmedesk

UI = Path(msmedesk.__file__).parent / "ui"
FORBIDDEN = ("sqlalchemy", "alembic", "msmedesk.db", "msmedesk.records", "msmedesk.archive",
             "msmedesk.app", "msmedesk.cli")


def _ui_modules() -> list[Path]:
    return sorted(UI.rglob("*.py"))


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST) -> list[tuple[int, str]]:
    """(line, module) of every import outside ``if TYPE_CHECKING:`` blocks."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0 and node.module:
                found.append((node.lineno, node.module))
                found.extend((node.lineno, f"{node.module}.{a.name}") for a in node.names)
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            for arg in node.args[:1]:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.append((node.lineno, arg.value))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _forbidden(module: str) -> bool:
    return any(module == f or module.startswith(f + ".") for f in FORBIDDEN)


def test_there_are_ui_modules() -> None:
    """The check below looks at something."""
    names = {p.stem for p in _ui_modules()}
    assert {"main_window", "record_tab", "table_model"} <= names


@pytest.mark.parametrize("path", _ui_modules(), ids=lambda p: p.name)
def test_ui_module_imports_no_data_layer(path: Path) -> None:
    """No ui module imports SQLAlchemy, msmedesk.db, msmedesk.records or msmedesk.archive."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    bad = [f"{path.name}:{line} imports {module}" for line, module in _imports(tree)
           if _forbidden(module)]
    assert bad == []


def test_the_static_check_catches_a_leak() -> None:
    """The checker sees imports in functions, and lets TYPE_CHECKING imports pass."""
    source = ("from typing import TYPE_CHECKING\n"
              "if TYPE_CHECKING:\n    from msmedesk.records import Services\n"
              "def f():\n    from msmedesk.db import engine\n    import sqlalchemy.orm\n")
    modules = [m for _, m in _imports(ast.parse(source)) if _forbidden(m)]
    assert modules == ["msmedesk.db", "msmedesk.db.engine", "sqlalchemy.orm"]


def test_importing_the_ui_loads_no_sqlalchemy() -> None:
    """In a fresh interpreter, importing every ui module leaves SQLAlchemy (and Word) out."""
    names = [f"msmedesk.ui.{p.stem}" for p in _ui_modules() if p.stem != "__init__"]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
        "leaks = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'alembic')"
        " or m.startswith(('msmedesk.db', 'msmedesk.records', 'msmedesk.archive')))\n"
        "print(','.join(leaks))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={**_env(), "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""


def test_the_window_starts_without_word() -> None:
    """Start-up (app.py and the window's modules) does not load python-docx."""
    code = ("import sys\nimport msmedesk.app, msmedesk.ui.main_window\n"
            "print('docx' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={**_env(), "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def _env() -> dict[str, str]:
    import os

    return dict(os.environ)
