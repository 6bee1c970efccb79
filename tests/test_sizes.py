"""Issue 14, item 2: modules a person can hold in mind.

No module of the package over 500 lines (migrations aside), no class over 400, no
function over 60; a function that only returns a table of data (one literal) may be
longer. A failure lists every module, class and function over its limit.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import msmedesk

PACKAGE = Path(msmedesk.__file__).parent
MODULE_LINES = 500
CLASS_LINES = 400
FUNCTION_LINES = 60


@dataclass(frozen=True)
class Oversize:
    """One module, class or function longer than its limit."""

    path: str  # relative to the package's parent, with "/"
    what: str  # "module", "class" or "function"
    name: str  # dotted within the module; "" for the module itself
    lines: int
    limit: int

    def __str__(self) -> str:
        where = f"{self.path}:{self.name}" if self.name else self.path
        return f"{where}: {self.what} of {self.lines} lines (limit {self.limit})"


def _is_data_table(node: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    # A function that only returns one literal (a table of data) may be longer.
    body = [stmt for stmt in node.body
            if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))]
    return len(body) == 1 and isinstance(body[0], ast.Return) and body[0].value is not None \
        and all(isinstance(n, (ast.Constant, ast.Dict, ast.List, ast.Tuple, ast.Set, ast.Name,
                               ast.Load, ast.Attribute, ast.Call, ast.keyword))
                for n in ast.walk(body[0].value))


def _walk(tree: ast.AST, prefix: str, path: str) -> list[Oversize]:
    found = []
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            name = f"{prefix}{node.name}"
            lines = (node.end_lineno or node.lineno) - node.lineno + 1
            if isinstance(node, ast.ClassDef):
                if lines > CLASS_LINES:
                    found.append(Oversize(path, "class", name, lines, CLASS_LINES))
            elif lines > FUNCTION_LINES and not _is_data_table(node):
                found.append(Oversize(path, "function", name, lines, FUNCTION_LINES))
            found.extend(_walk(node, f"{name}.", path))
    return found


def oversizes(package: Path = PACKAGE) -> list[Oversize]:
    """Every module, class and function of ``package`` over its limit (migrations aside)."""
    found: list[Oversize] = []
    for file in sorted(package.rglob("*.py")):
        relative = file.relative_to(package.parent).as_posix()
        if "/migrations/" in relative:
            continue
        text = file.read_text(encoding="utf-8")
        lines = len(text.splitlines())
        if lines > MODULE_LINES:
            found.append(Oversize(relative, "module", "", lines, MODULE_LINES))
        found.extend(_walk(ast.parse(text, str(file)), "", relative))
    return found




def test_no_module_class_or_function_is_over_its_size() -> None:
    """Every module, class and function of msmedesk/ is within issue 14's sizes."""
    found = list(oversizes())
    assert not found, "over the size limits:\n" + "\n".join(map(str, found))


def test_the_measure_finds_what_is_over(tmp_path: Path) -> None:
    """A long module, class and function are each found, with their names and lengths."""
    package = tmp_path / "pkg"
    (package / "db" / "migrations").mkdir(parents=True)
    body = "\n".join(f"        x{i} = {i}" for i in range(61))
    (package / "long.py").write_text(f"class Big:\n    def method(self):\n{body}\n"
                                     + "    pass\n" * 400 + "\n" * 60, encoding="utf-8")
    table = ",\n".join(f"        {i}" for i in range(70))
    (package / "table.py").write_text(f"def table():\n    return [\n{table}\n    ]\n",
                                      encoding="utf-8")
    (package / "db" / "migrations" / "0001.py").write_text("\n" * 600, encoding="utf-8")
    found = {(item.path, item.what, item.name, item.lines) for item in oversizes(package)}
    assert found == {("pkg/long.py", "module", "", 523), ("pkg/long.py", "class", "Big", 463),
                     ("pkg/long.py", "function", "Big.method", 62)}
