"""SQL functions a list reads that SQLite and PostgreSQL spell differently, written once.

``func.group_concat(value, joiner)`` (SQLite's) is PostgreSQL's ``string_agg``: the lists'
joined names (a proposal's proponents, an event's partners) read the same on a server.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import GenericFunction


class group_concat(GenericFunction[str]):  # noqa: N801 (SQL's own name, as func spells it)
    """The values of a group joined by a text (``func.group_concat`` resolves to this)."""

    type = String()
    inherit_cache = True


@compiles(group_concat, "postgresql")
def _string_agg(element: group_concat, compiler: Any, **kw: Any) -> str:
    return f"string_agg({compiler.process(element.clauses, **kw)})"
