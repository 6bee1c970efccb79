"""What a revision writes differently on SQLite and PostgreSQL, in one small helper.

One line of Alembic revisions serves both. SQLite's ``GLOB`` has no twin on PostgreSQL:
a CHECK written with it is rendered there as the same pattern, anchored, through ``~``
(``compiles`` below, so the models and every revision stay one text). ``PRAGMA`` (the
file's header) and FTS5 are SQLite's alone: revisions ask ``on_sqlite()`` first.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy.ext.compiler import compiles
from sqlalchemy.schema import CheckConstraint

# ``column GLOB 'pattern'`` or ``column NOT GLOB 'pattern'`` inside a CHECK's text.
_GLOB = re.compile(r"(\bNOT\s+)?\bGLOB\s+'((?:[^']|'')*)'", re.IGNORECASE)
_REGEX_SPECIAL = set(".^$|()+{}\\")


def glob_regex(pattern: str) -> str:
    """The anchored POSIX regular expression that matches what SQLite's GLOB ``pattern`` does."""
    out: list[str] = ["^"]
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        elif char == "[":
            end = pattern.find("]", i + 2)  # "[]…]" holds a "]" first, as in GLOB
            if end < 0:
                out.append("\\[")
            else:
                out.append(pattern[i:end + 1])
                i = end
        elif char in _REGEX_SPECIAL or char == "]":
            out.append("\\" + char)
        else:
            out.append(char)
        i += 1
    out.append("$")
    return "".join(out)


def portable_check(sql: str) -> str:
    """A CHECK's SQL with every GLOB written as PostgreSQL's ``~`` (``!~`` for NOT GLOB)."""
    def swap(found: re.Match[str]) -> str:
        operator = "!~" if found.group(1) else "~"
        regex = glob_regex(found.group(2).replace("''", "'")).replace("'", "''")
        return f"{operator} '{regex}'"
    return _GLOB.sub(swap, sql)


@compiles(CheckConstraint, "postgresql")
def _check_on_postgresql(element: CheckConstraint, compiler: Any, **kw: Any) -> str:
    return portable_check(compiler.visit_check_constraint(element, **kw))


def dialect() -> str:
    """The dialect the running revision writes to ("sqlite" or "postgresql")."""
    from alembic import op  # only inside a revision

    return str(op.get_bind().dialect.name)


def on_sqlite() -> bool:
    """Whether the running revision writes to a SQLite file."""
    return dialect() == "sqlite"


def set_schema_version(version: int) -> None:
    """Keep ``version`` in a file's header (SQLite's user_version); a server keeps its
    schema version in Alembic's own table only."""
    from alembic import op

    if on_sqlite():
        op.execute(f"PRAGMA user_version = {version}")
