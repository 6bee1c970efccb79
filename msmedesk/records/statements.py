"""The statement cache: a list's selects, compiled once and run on the session's connection."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeAlias

from sqlalchemy import Integer, Select, bindparam, case, func, literal, literal_column, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from msmedesk.domain import ListQuery

# (Registers the functions the lists read that a server spells its own way.)
from msmedesk.records import portable_sql  # noqa: F401

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

# On a server the words' matches are read by ``id IN (the matches)`` (every match gathered
# first) or by ``EXISTS`` (each record's own index rows probed, in the list's order: stops
# at the page's end, but reads every record when the matches are few: records/search_sql).
# A page takes EXISTS from this many matches (the count just made). A bounded count takes it
# when a tenth or more of the type's first SAMPLE records (by id) match (SHARE: 1 in 10): it
# then probes about 1,001 x 10 records at most, which costs as much as gathering 6,000
# matches (60,000 outreach events on a server: 3.2 us a record probed, 5.2 a match gathered).
# (The sample is what a word found nowhere pays: 128 records, about 1 ms; 500 cost 3.)
MANY_ON_SERVER = 1000
SAMPLE, SHARE = 128, 10

# The parameter of a bounded count's LIMIT (the bound plus one).
BOUND_PARAM = "count_bound"


class _Prepared:
    """A list's select, compiled once for SQLite and run on the session's own connection.

    On a list's hot path (a keystroke, a header click, a tab's first paint) SQLAlchemy's
    execution of even a cached statement (its compiled cache, result metadata, rows) ran
    more Python than SQLite's own work, and the benchmarks ask it cold, as a click does:
    a sort's count and page took 4.2 ms against 1.9 for plain sqlite3. What a list reads
    are texts and integers that need no conversion, so the compiled SQL runs straight on
    the DBAPI connection, inside the session's transaction.
    """

    def __init__(self, statement: AnySelect):
        self.statement = statement
        self._sql: str | None = None
        self._names: list[str] = []
        self._fixed: dict[str, Any] = {}
        #: a page's select with its values' (``PageIds``), built on first use
        self.with_values: _Prepared | None = None

    def run(self, session: Session, params: dict[str, Any]) -> Any:
        """A cursor over the rows, with ``params`` (and the values fixed when built)."""
        connection = session.connection()
        if connection.dialect.name != "sqlite":
            # (On a server the round trip outweighs SQLAlchemy's own work: run as it is.)
            return session.execute(self.statement, {**self._fixed, **params})
        if self._sql is None:
            compiled = self.statement.compile(dialect=connection.dialect)
            self._names = list(compiled.positiontup or ())
            self._fixed = dict(compiled.params)  # a year's bounds, built in
            self._sql = compiled.string
        args = [params[n] if n in params else self._fixed[n] for n in self._names]
        driver = connection.connection.driver_connection
        # An open session's connection always has its DB-API (sqlite3) connection.
        assert driver is not None
        return driver.execute(self._sql, args)


class PageIds(list[int]):
    """A page's ids not yet read: on a server, the page's select (``page``) runs inside
    the select of its rows' values, so that showing a page is one query (one round trip)
    rather than its ids, then their values.

    (A list, empty, so that it passes where a service's ``_row_values`` takes the ids.)
    """

    def __init__(self, page: _Prepared, params: dict[str, Any]):
        super().__init__()
        self.page, self.params = page, params

    def run(self, session: Session, build: Callable[[Any], AnySelect]) -> Any:
        """The rows of ``build(ids)`` in the page's order (its first column is the id)."""
        joined = self.page.with_values
        if joined is None:
            joined = self.page.with_values = _Prepared(_with_values(self.page.statement, build))
        return joined.run(session, self.params)


def _with_values(page: AnySelect, build: Callable[[Any], AnySelect]) -> AnySelect:
    """``WITH page AS (SELECT ARRAY(<the page's ids, in order>) AS ids) <the values> WHERE
    id IN (the array's) ORDER BY the id's place in it``: PostgreSQL keeps the order of an
    ARRAY(subquery) ordered by its ORDER BY, and reads the page once (its CTE)."""
    ids = select(func.array(page.scalar_subquery()).label("ids")).cte("page")
    values = build(select(func.unnest(ids.c.ids)))
    place = func.array_position(select(ids.c.ids).scalar_subquery(),
                                values.selected_columns[0])
    return values.order_by(place)


def _bound(query: ListQuery, values: dict[str, Any], page: bool = False) -> dict[str, Any]:
    """The parameters of a count (``page``: of a page) for ``query`` and its search's
    ``values``."""
    params = dict(values)
    if page:
        params.update(offset=max(query.offset, 0), limit=max(query.limit, 0))
    return params


def count_of(table: Any, filtered: Callable[[AnySelect], AnySelect], bounded: bool
             ) -> AnySelect:
    """The count of ``table``'s rows that ``filtered`` keeps; ``bounded``: ``SELECT
    count(*) FROM (SELECT 1 ... LIMIT :count_bound)``, a count that stops at the bound.

    Counting every match of a common word, or every row of a large table, grew with the
    file and cost a keystroke or a first paint more than its page: the window shows "more
    than 1,000" and counts the rest when it is needed (ui/table_model.py).
    """
    if not bounded:
        # count(*), not count(id): SQLite counts rows from the smallest index without
        # reading a column of each (three times faster on a large table). The joins
        # serve sorting only: a count needs none.
        return filtered(select(func.count()).select_from(table))
    rows = filtered(select(literal(1)).select_from(table))
    limited = rows.limit(bindparam(BOUND_PARAM, type_=Integer)).subquery("bounded")
    return select(func.count()).select_from(limited)


def picked_by_sample(matched: AnySelect, sampled: AnySelect, few: AnySelect,
                     many: AnySelect) -> AnySelect:
    """``SELECT CASE WHEN (matched) * SHARE < (sampled) THEN (few) ELSE (many) END``: one
    statement, one round trip. PostgreSQL runs an uncorrelated subquery (an InitPlan) only
    when its value is first needed: only the branch taken is read."""
    share = matched.scalar_subquery() * literal_column(str(SHARE))
    return select(case((share < sampled.scalar_subquery(), few.scalar_subquery()),
                       else_=many.scalar_subquery()))


def _not_indexed(term: Any) -> Any:
    """``+term``: the same value, which SQLite will not read along an index (its own idiom;
    elsewhere the term as it is: PostgreSQL has no ``+`` of a text)."""
    return _NotIndexed(term)


class _NotIndexed(UnaryExpression[Any]):
    inherit_cache = True

    def __init__(self, term: Any) -> None:
        super().__init__(term, operator=operators.custom_op("+"), type_=term.type)


@compiles(_NotIndexed)
def _as_it_is(element: _NotIndexed, compiler: Any, **kw: Any) -> str:
    return str(compiler.process(element.element, **kw))


@compiles(_NotIndexed, "sqlite")
def _plus(element: _NotIndexed, compiler: Any, **kw: Any) -> str:
    return "+" + str(compiler.process(element.element, **kw))


def _in_order(term: Any, descending: bool) -> Any:
    """``term`` ascending or descending, records without a value where SQLite puts them
    (first ascending, last descending), so that a list reads alike on a file and a server
    (PostgreSQL's own default is the other way round)."""
    ordered = term.desc() if descending else term.asc()
    if getattr(getattr(term, "expression", term), "nullable", True) is False:
        # A column that is never empty needs no such clause, which would keep PostgreSQL
        # from walking the column's index (built in its own order): a full sort instead.
        # (The lists sort by their own table's columns, or an inner join's: no outer join
        # can make such a column empty.)
        return ordered
    return _NullsAsSQLite(ordered, descending)


class _NullsAsSQLite(UnaryExpression[Any]):
    inherit_cache = True

    def __init__(self, ordered: Any, descending: bool) -> None:
        super().__init__(ordered, modifier=operators.nulls_last_op if descending
                         else operators.nulls_first_op)


@compiles(_NullsAsSQLite, "sqlite")
def _sqlite_order(element: _NullsAsSQLite, compiler: Any, **kw: Any) -> str:
    # SQLite's default already: no clause that could keep it from walking an index.
    return str(compiler.process(element.element, **kw))
