"""The statement cache: a list's selects, compiled once and run on the session's connection."""

from __future__ import annotations

from typing import Any, TypeAlias

from sqlalchemy import ColumnElement, Select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression
from sqlalchemy.sql.visitors import InternalTraversal

from msmedesk.domain import ListQuery

# A SELECT of any columns (SQLAlchemy types a SELECT by the types of its columns).
AnySelect: TypeAlias = "Select[*tuple[Any, ...]]"
_ALL = ListQuery()

# A text search reads its page along the sort column's index, newest first, until it has a
# page of matches: quick when matches are many, but with few it reads every row in index
# order, which is three times slower than reading the table as it lies (60,000 outreach
# events: 130 ms against 45). Below this many matches the page is read by one pass over
# the table and its few rows sorted: where the two cost the same on the large file
# (64 rows a page times the ratio of the two reads, about 3).
FEW_MATCHES = 192


class _Prepared:
    """A list's select, compiled once for SQLite and run on the session's own connection.

    On a list's hot path (a keystroke, a header click, a tab's first paint) SQLAlchemy's
    execution of even a cached statement (its compiled cache, result metadata, rows) ran
    more Python than SQLite's own work, and the benchmarks ask it cold, as a click does:
    a sort's count and page took 4.2 ms against 1.9 for plain sqlite3. What a list reads
    are texts and integers that need no conversion, so the compiled SQL runs straight on
    the DBAPI connection, inside the session's transaction. It is compiled for the dialect
    of the first connection it runs on: SQLite's positional ``?`` or psycopg's named
    ``%(name)s`` parameters (a service serves one database, so one dialect).
    """

    def __init__(self, statement: AnySelect):
        self.statement = statement
        self._sql: str | None = None
        self._names: list[str] = []
        self._fixed: dict[str, Any] = {}

    def run(self, session: Session, params: dict[str, Any]) -> Any:
        """A cursor over the rows, with ``params`` (and the values fixed when built)."""
        connection = session.connection()
        if self._sql is None:
            compiled = self.statement.compile(dialect=connection.dialect)
            self._fixed = dict(compiled.params)  # a year's bounds, built in
            # Positional (SQLite's "?"): the values in the order the SQL names them; named
            # (psycopg's "%(name)s"): every name, once.
            self._names = list(compiled.positiontup or ()) or (
                [] if connection.dialect.positional else list(self._fixed))
            self._sql = compiled.string
        values = [params[n] if n in params else self._fixed[n] for n in self._names]
        driver = connection.connection.driver_connection
        # An open session's connection always has its DB-API connection.
        assert driver is not None
        if connection.dialect.positional:
            return driver.execute(self._sql, values)
        # psycopg: a cursor of its own, in the session's transaction (prepared by the
        # server once it has run a few times, as psycopg does by itself).
        return driver.execute(self._sql, dict(zip(self._names, values, strict=True)))


def _bound(query: ListQuery, values: dict[str, Any], page: bool = False) -> dict[str, Any]:
    """The parameters of a count (``page``: of a page) for ``query`` and its search's
    ``values``."""
    params = dict(values)
    if page:
        params.update(offset=max(query.offset, 0), limit=max(query.limit, 0))
    return params


class _NotIndexed(ColumnElement[Any]):
    """A term that SQLite reads as ``+term``; other databases as the term itself."""

    inherit_cache = True

    def __init__(self, term: Any) -> None:
        self.term = term
        self.type = term.type

    _traverse_internals = [("term", InternalTraversal.dp_clauseelement)]


@compiles(_NotIndexed)
def _plain_term(element: _NotIndexed, compiler: Any, **kw: Any) -> str:
    # PostgreSQL has no unary "+" on text, and its planner needs no such hint.
    return str(compiler.process(element.term, **kw))


@compiles(_NotIndexed, "sqlite")
def _sqlite_term(element: _NotIndexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(
        UnaryExpression(element.term, operator=operators.custom_op("+"),
                        type_=element.term.type), **kw))


def _not_indexed(term: Any) -> Any:
    """``+term``: the same value, which SQLite will not read along an index (its own
    idiom); the plain term on other databases."""
    return _NotIndexed(term)
