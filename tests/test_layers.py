"""The layer rules, and no import loop anywhere in the package.

* ``msmedesk.ui`` never touches SQLAlchemy, the database or the services: checked
  statically (every import in every ui module, except those under ``if TYPE_CHECKING:``
  that only feed type hints) and at run time (importing every ui module in a fresh
  interpreter loads no SQLAlchemy).
* ``msmedesk.db`` imports nothing above it. Below it, and so allowed, are only the standard
  library, third-party packages and three plain modules of the package: ``domain`` (plain
  data and its rules of form), ``paths`` (where files live) and ``safe_write`` (writing a
  file whole or not at all, which asks ``db.lock`` who holds a data file and nothing
  else of db/). The Group's rules over records (``check``) sit above db/, in ``checks``.
* ``msmedesk.report`` reads a year's records as plain values, never the database or the
  services.
* A record type lives in its own files: Contacts, added after the registry, is named
  (in code or comment) only by its record, table, declaration and service, and by the
  meeting's declaration and service for a presentation's contact; everything else handles
  it as any registry type.
* No module imports, directly or through others, itself: imports inside functions count,
  and ``from package import module`` is an import of that module (not of the package's
  ``__init__``, which Python runs first whatever the module).
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

import msmedesk

PACKAGE = Path(msmedesk.__file__).parent
UI = PACKAGE / "ui"
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
    # Dotted names from the paths, so that modules in packages under ui/ are imported too.
    names = [_name_under(PACKAGE.parent, p) for p in _ui_modules()]
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


def test_the_data_layer_opens_without_the_parsers() -> None:
    """The services and the window's record modules load validation's errors only: its
    parsers and checks wait for a form, a save or an import (the window's memory)."""
    code = ("import sys\nimport msmedesk.app, msmedesk.data_file_session, msmedesk.records\n"
            "import msmedesk.ui.record_tab, msmedesk.ui.kinds, msmedesk.ui.commands\n"
            "from msmedesk import validation\n"
            "before = sorted(m for m in sys.modules if m.startswith('msmedesk.validation.'))\n"
            "validation.parse\n"
            "print(before, 'msmedesk.validation.dispatch' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=120, env={**_env(), "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['msmedesk.validation.errors'] True"


def _env() -> dict[str, str]:
    return dict(os.environ)


# ---------------------------------------------------------------- db/ and report/

BELOW_DB = ("msmedesk.db", "msmedesk.domain", "msmedesk.paths", "msmedesk.safe_write",
            "msmedesk.server_lost")
# The arrows that must never run from db/ (the first three did until issue 14).
ABOVE_DB = ("msmedesk.archive", "msmedesk.records", "msmedesk.validation", "msmedesk.report",
            "msmedesk.ui", "msmedesk.cli", "msmedesk.app", "msmedesk.checks",
            "msmedesk.symbol_rules")
NOT_FOR_REPORT = ("msmedesk.db", "msmedesk.records")


def _name_under(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _package_modules(root: Path = PACKAGE) -> dict[str, Path]:
    return {_name_under(PACKAGE.parent, p): p for p in sorted(root.rglob("*.py"))}


def _within(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in prefixes)


def _graph(modules: dict[str, Path]) -> dict[str, set[str]]:
    """Which of ``modules`` each one imports, wherever the import stands.

    ``from a import b`` is an import of the module ``a.b`` when there is one, else of ``a``;
    ``import a.b`` of ``a.b``. Imports under ``if TYPE_CHECKING:`` never run and do not count.
    """
    graph = {}
    for name, path in modules.items():
        found = _targets(ast.parse(path.read_text(encoding="utf-8")), modules)
        graph[name] = found - {name}
    return graph


def _targets(tree: ast.AST, modules: dict[str, Path]) -> set[str]:
    def target(name: str) -> str | None:
        while name and name not in modules:
            name = name.rpartition(".")[0]
        return name or None

    found: set[str | None] = set()

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.update(target(alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.update(f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}"
                         in modules else target(node.module) for alias in node.names)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return {m for m in found if m is not None}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import one another, round a loop (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                loops.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def _violations(folder: str, allowed: tuple[str, ...] | None,
                forbidden: tuple[str, ...]) -> list[str]:
    graph = _graph(_package_modules())
    return [f"{name} imports {module}" for name in sorted(_package_modules(PACKAGE / folder))
            for module in sorted(graph[name])
            if _within(module, forbidden) or (allowed is not None
                                              and not _within(module, allowed))]


def test_db_imports_nothing_above_it() -> None:
    """db/ imports only db/, domain, paths and safe_write of the package, even in functions."""
    assert _violations("db", BELOW_DB, ABOVE_DB) == []


@pytest.mark.parametrize("upper", ABOVE_DB)
def test_no_arrow_runs_from_db_up_to(upper: str) -> None:
    """Each forbidden arrow by name, so that a failure says which one came back."""
    assert _violations("db", None, (upper,)) == []


def test_the_modules_below_db_stay_below_it() -> None:
    """domain, paths and server_lost import nothing of the package; safe_write only
    db.lock's look-up."""
    leaves = {"msmedesk.domain": (), "msmedesk.paths": (), "msmedesk.server_lost": (),
              "msmedesk.safe_write": ("msmedesk.db.lock",), "msmedesk.db.lock":
              ("msmedesk.db.errors",), "msmedesk.db.errors": ()}
    graph = _graph(_package_modules())
    bad = [f"{name} imports {module}" for name, allowed in leaves.items()
           for module in sorted(graph[name]) if not _within(module, allowed)]
    assert bad == []


def test_report_reads_neither_the_database_nor_the_services() -> None:
    """report/ imports no msmedesk.db and no msmedesk.records, even in functions."""
    assert _violations("report", None, NOT_FOR_REPORT) == []


def test_no_import_loop_in_the_package() -> None:
    """No module reaches itself through imports, counting imports inside functions."""
    graph = _graph(_package_modules())
    assert len(graph) > 40 and graph["msmedesk.cli"], "the walk found the package"
    assert _cycles(graph) == []


def test_the_loop_finder_sees_a_loop_made_inside_a_function(tmp_path: Path) -> None:
    """A loop closed by a function's import is found; ``from pkg import mod`` is mod's."""
    pkg = tmp_path / "msmedesk"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "sub" / "__init__.py").write_text("from msmedesk.sub import b\n")
    (pkg / "sub" / "a.py").write_text("from msmedesk.sub import b\n")
    (pkg / "sub" / "b.py").write_text("def later():\n    from msmedesk.sub.a import x\n")
    (pkg / "c.py").write_text("from msmedesk import sub\nfrom msmedesk.sub import b\n")
    modules = {_name_under(tmp_path, p): p for p in pkg.rglob("*.py")}
    graph = _graph(modules)
    assert graph["msmedesk.c"] == {"msmedesk.sub", "msmedesk.sub.b"}
    assert graph["msmedesk.sub.a"] == {"msmedesk.sub.b"}
    assert _cycles(graph) == [["msmedesk.sub.a", "msmedesk.sub.b"]]


# ---------------------------------------------------------------- the registry

# What the registry may import of the package: plain data below it. validation, the
# archive, the services, the database and the window all read it, never the reverse.
BELOW_REGISTRY = ("msmedesk.registry", "msmedesk.domain", "msmedesk.dates",
                  "msmedesk.symbol_rules")
ABOVE_REGISTRY = ("msmedesk.validation", "msmedesk.db", "msmedesk.records", "msmedesk.archive",
                  "msmedesk.ui", "msmedesk.report", "msmedesk.app", "msmedesk.cli")


def test_the_registry_imports_only_plain_data() -> None:
    """registry/ imports only domain, dates and symbol_rules of the package, and no Qt or
    SQLAlchemy."""
    assert len(_package_modules(PACKAGE / "registry")) > 8, "the walk found the registry"
    assert _violations("registry", BELOW_REGISTRY, ABOVE_REGISTRY) == []
    third_party = [f"{p.name} imports {m}" for p in (PACKAGE / "registry").rglob("*.py")
                   for _, m in _imports(ast.parse(p.read_text(encoding="utf-8")))
                   if m.split(".")[0] in ("PySide6", "sqlalchemy", "alembic")]
    assert third_party == []


# The product files Contacts touched (its migration aside): every other module handles it
# because it handles any type the registry declares.
# Issue 18 added the plain first reads (design.md: reads may go through the DBAPI): the
# Meetings reader names a presentation's contact as records/meetings.py does, ``is_empty``
# names the record tables, and current_schema.py is the models' tables written down.
CONTACTS_FILES = {"domain.py", "db/models.py", "registry/contacts.py", "registry/meetings.py",
                  "records/contacts.py", "records/meetings.py", "plain/meetings.py",
                  "plain/reads.py", "db/current_schema.py"}


def test_a_record_type_lives_in_its_own_files() -> None:
    package = Path(msmedesk.__file__).parent
    naming = {p.relative_to(package).as_posix() for p in package.rglob("*.py")
              if "migrations" not in p.parts and "contact" in p.read_text(encoding="utf-8").lower()}
    assert naming == CONTACTS_FILES
