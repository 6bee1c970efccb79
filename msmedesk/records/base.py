"""The shared base service: list, count, get, create, update and delete for one record type."""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Collection
from dataclasses import replace
from datetime import date
from typing import Any, ClassVar, TypeVar

from sqlalchemy import (
    Column,
    ColumnElement,
    Integer,
    Table,
    bindparam,
    false,
    func,
    insert,
    or_,
    select,
    true,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from msmedesk import validation
from msmedesk.dates import shown_text
from msmedesk.domain import FoundRecord, LinkGroup, ListQuery, NotFound, Row
from msmedesk.history import local_author
from msmedesk.records import history, search_index, search_sql, search_state
from msmedesk.records.helpers import _integrity
from msmedesk.records.statements import (
    _ALL,
    BOUND_PARAM,
    FEW_MATCHES,
    MANY_ON_SERVER,
    SAMPLE,
    AnySelect,
    PageIds,
    _bound,
    _in_order,
    _not_indexed,
    _Prepared,
    count_of,
    picked_by_sample,
)
from msmedesk.records.versioned import Versioned
from msmedesk.registry import RecordType
from msmedesk.search import language
from msmedesk.search.query import Query
from msmedesk.validation import raise_if

T = TypeVar("T")
# A span of at most this many years is filtered year by year (the type's own year filter).
_YEARS_SPELLED = 50



def _walkable(order: Any) -> bool:
    """Whether a sort is one column that an index of its table starts with: a server can
    then walk the list in order and stop at the page's end (else it reads every record
    for a page, and gathering the matches costs less)."""
    column_ = getattr(order, "expression", order)
    if not isinstance(column_, Column) or not isinstance(column_.table, Table):
        return False
    if column_.nullable:  # (sorted with empty ones where SQLite puts them: no index order)
        return False
    return bool(column_.primary_key) or any(
        getattr(next(iter(index.columns), None), "key", None) == column_.key
        for index in column_.table.indexes)

class RecordService(Versioned[T]):
    """List/get/create/update/delete for one record type; subclasses add the SQL.

    A subclass names its registry type (``record_type``): ``Services`` finds it by that, and
    its list columns, its noun and its check come from the declaration unless it says
    otherwise.
    """

    #: the registry's declaration of the type this service keeps.
    record_type: ClassVar[RecordType]
    #: keys of the columns a view shows, in order; values come back in this order
    #: (the registry's ``columns`` unless a subclass says otherwise).
    columns: tuple[str, ...] = ()
    #: column keys a view may sort by (sorting happens in SQL); all columns by default.
    sortable: tuple[str, ...] = ()
    default_sort: str = ""
    kind_label: str = "record"
    #: registry keys of the types this type's records name, so that a record of those is
    #: not deleted while records of this type name it (``naming`` says which do).
    refers_to: ClassVar[tuple[str, ...]] = ()
    #: the columns whose values label a record found by Find anywhere, and their joiner
    #: (the first column alone by default).
    label_columns: ClassVar[tuple[str, ...]] = ()
    label_joiner: ClassVar[str] = ", "
    #: what a refused delete advises, after "cannot be deleted while it is named in …; ".
    refusal_advice: ClassVar[str] = "remove it there first."

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        declared = cls.__dict__.get("record_type")
        if declared is not None:
            if "columns" not in cls.__dict__:
                cls.columns = declared.columns
            if "sortable" not in cls.__dict__:
                cls.sortable = cls.columns
            if "kind_label" not in cls.__dict__:
                cls.kind_label = declared.noun

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions
        self.author = local_author()  # (``Services`` sets it)
        #: the services of the types that name this one's records (``Services`` sets them).
        self.referrers: tuple[RecordService[Any], ...] = ()
        #: the services of every other listed type, whose records' index may show this
        #: type's names (``Services`` sets them).
        self.others: tuple[RecordService[Any], ...] = ()
        self._sorts: dict[str, Any] | None = None
        # The statements of counts, pages and their values, by shape (see _prepared).
        self._statements: dict[tuple[Any, ...], _Prepared] = {}
        # Searches typed, read and planned (a view asks for the same text many times).
        self._searches: dict[str, tuple[Any, dict[str, Any]]] = {}

    @functools.cached_property
    def _dialect(self) -> str:
        """Whose search index the searches run on: a file's ("sqlite") or a server's."""
        bind = self._sessions.kw.get("bind") if self._sessions is not None else None
        return str(bind.dialect.name) if bind is not None else "sqlite"

    # -- listing

    def table(self) -> Any:
        """The ORM class of the type's main rows."""
        return self._table()

    def _table(self) -> Any:
        raise NotImplementedError

    def _sort_expressions(self) -> dict[str, Any]:
        raise NotImplementedError

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        raise NotImplementedError

    def _years_filter(self, first: int | None, last: int | None) -> ColumnElement[bool]:
        """The year filter over a span of years (``year:2022..2024``; either end open)."""
        if first is not None and last is not None and last - first < _YEARS_SPELLED:
            return or_(false(), *(self._year_filter(y) for y in range(first, last + 1)))
        # A span too wide to spell year by year: the type's first date field.
        dates = [f.key for f in self.record_type.fields
                 if f.kind in ("full_date", "partial_date")]
        found = self._date_column(dates[0]) if dates else None
        if found is None:
            return true() if first is None and last is None else false()
        return search_sql.overlap(found, None if first is None else date(first, 1, 1),
                                  None if last is None else date(last, 12, 31))

    def _date_column(self, key: str) -> Any:
        """The ISO text column of the date field ``key`` (None: no column holds it)."""
        table = self._table()
        return getattr(table, key, None) or getattr(table, f"{key}_date", None)

    def hits(self, query: Query, limit: int) -> tuple[int, builtins.list[FoundRecord]]:
        """How many records ``query`` (read for Find anywhere) matches, and the first
        ``limit`` of them in the list's own order, labelled."""
        shape, values = search_sql.plan(self.record_type.key, query, self._dialect)
        listed = ListQuery(text="*", limit=limit)  # (any text: only its shape counts)
        count = self._prepared(("count", shape, None), lambda: self._filtered(
            select(func.count()).select_from(self._table()), listed, shape))
        with self._sessions() as session:
            total = int(count.run(session, values).fetchone()[0] or 0)
            if not total:
                return 0, []
            listed = replace(listed, matches=total)
            page = self._list_prepared(listed, shape)
            ids = [i for (i,) in page.run(session, _bound(listed, values, page=True))]
            rows = self._row_values(session, ids) if ids else {}
        return total, [FoundRecord(self.record_type.key, i, self.label(rows[i]))
                       for i in ids if i in rows]

    def label(self, values: tuple[Any, ...]) -> str:
        """Words that tell a record apart, from its list's values (``label_columns``)."""
        shown = dict(zip(self.columns, values, strict=False))
        parts = [shown_text(shown.get(key)) for key in self.label_columns or self.columns[:1]]
        return self.label_joiner.join(p for p in parts if p)

    def search(self, text: str) -> tuple[Any, dict[str, Any]]:
        """The shape of the search ``text`` over this type and the values it binds
        (``SearchError`` when it cannot be read)."""
        if not text.strip():
            return None, {}
        search_state.require_complete(self._sessions)  # (never part of the matches)
        cached = self._searches.get(text)
        if cached is None:
            query = language.parse(text, self.record_type.key)
            if len(self._searches) >= 256:
                self._searches.clear()
            cached = self._searches[text] = search_sql.plan(self.record_type.key, query,
                                                            self._dialect)
        return cached

    def _joined(self, stmt: AnySelect, query: ListQuery | None = None) -> AnySelect:
        """Joins the sort and search columns need (``query``: the page being listed)."""
        return stmt

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        raise NotImplementedError

    def _page_rows(self, session: Session, build: Callable[[Any], AnySelect],
                   ids: list[int]) -> Any:
        """The rows of ``build(ids)`` for a page's ids, through one statement per service.

        Building a select with its subqueries (and its cache key) for every page cost more
        than running it (proposals: 1.7 ms against 0.5), so the statement is built once
        for each number of ids (a full page, or the last one's few).
        """
        if isinstance(ids, PageIds):  # (a server's page: its ids read inside this one)
            return ids.run(session, build)
        names = [f"id_{i}" for i in range(len(ids))]
        prepared = self._prepared(("values", len(ids)), lambda: build(
            [bindparam(n, type_=Integer) for n in names]))
        return prepared.run(session, dict(zip(names, ids, strict=True)))

    def _filtered(self, stmt: AnySelect, query: ListQuery, shape: Any,
                  ids: Any = None, probe: bool = False) -> AnySelect:
        if query.year is not None:
            stmt = stmt.where(self._year_filter(query.year))
        if shape is not None:
            # The words' values are bound when run (search), so that one statement serves
            # every text typed of the same shape.
            stmt = stmt.where(search_sql.condition(
                self.record_type.key, shape, self._table().id if ids is None else ids,
                self._date_column, self._years_filter, self._dialect, probe))
        return stmt

    def _prepared(self, shape: tuple[Any, ...], build: Callable[[], AnySelect]
                  ) -> _Prepared:
        """The statement of a count, a page or its values of this shape, built on first use.

        A view asks for the same few shapes over and over (each keystroke, each page), and
        building a select, then SQLAlchemy's cache key of it, cost as much as running it.
        Text, offset, limit and ids are parameters; the year is part of the shape.
        """
        prepared = self._statements.get(shape)
        if prepared is None:
            if len(self._statements) >= 256:  # years times sorts: bounded all the same
                self._statements.clear()
            prepared = self._statements[shape] = _Prepared(build())
        return prepared

    def list(self, query: ListQuery = _ALL) -> list[Row]:
        """One page of rows, filtered and sorted in SQL."""
        shape, values = self.search(query.text)
        prepared, params = self._list_prepared(query, shape), _bound(query, values, page=True)
        with self._sessions() as session:
            if self._dialect == "sqlite":
                ids = [i for (i,) in prepared.run(session, params)]
                rows = self._row_values(session, ids) if ids else {}
            else:  # (one round trip on a server: the page's ids read inside its values')
                rows = self._row_values(session, PageIds(prepared, params))
                ids = list(rows)
            column = self._shortened_column() if query.whole else None
            if rows and column is not None:
                table = self._table()
                whole: dict[int, str | None] = dict(session.execute(select(table.id, column).where(
                    table.id.in_(ids))).all())
                rows = {i: (*v[:-1], whole.get(i) or "") for i, v in rows.items()}
        return [Row(i, rows[i]) for i in ids if i in rows]

    def _shortened_column(self) -> Any:
        """The column whose text a list shows shortened, as its last value (read whole
        for a list that leaves the program), or None."""
        return None

    def position(self, query: ListQuery, record_id: int) -> int | None:
        """The row of a record in the list ``query`` filters and sorts (its page aside), or
        None when the filter leaves it out: where a record just saved is to be shown."""
        matches = self.count(query)
        if not matches:
            return None
        whole = replace(query, offset=0, limit=matches, matches=matches)
        shape, values = self.search(query.text)
        prepared = self._list_prepared(whole, shape)
        with self._sessions() as session:
            for row, (found,) in enumerate(prepared.run(session, _bound(whole, values,
                                                                        page=True))):
                if found == record_id:
                    return row
        return None

    def list_statement(self, query: ListQuery) -> AnySelect:
        """The select of a page's ids, filtered and sorted; its search's values, offset and
        limit are parameters (``search``'s, ``offset``, ``limit``)."""
        return self._list_prepared(query, self.search(query.text)[0]).statement

    def _list_prepared(self, query: ListQuery, shape: Any) -> _Prepared:
        if self._sorts is None:
            # Built once: the expressions never change, and building their subqueries for
            # every page cost a fifth of a page's time.
            self._sorts = self._sort_expressions()
        key = query.sort if query.sort in self._sorts else self.default_sort
        few = shape is not None and query.matches is not None and query.matches < FEW_MATCHES
        # (On a server many matches are looked up record by record: search_sql._probed.)
        probe = (self._dialect != "sqlite" and shape is not None
                 and query.matches is not None and query.matches >= MANY_ON_SERVER
                 and _walkable(self._sorts[key]))
        return self._prepared(("page", key, query.descending, shape, query.year, few, probe),
                              lambda: self._page_ids(replace(query, sort=key), few, shape,
                                                     probe))

    def _page_ids(self, query: ListQuery, few: bool, shape: Any,
                  probe: bool = False) -> AnySelect:
        table = self._table()
        assert self._sorts is not None and query.sort is not None
        order = self._sorts[query.sort]
        terms = order if isinstance(order, tuple) else (order,)
        if few:
            terms = tuple(_not_indexed(term) for term in terms)
        orders = [_in_order(o, query.descending) for o in terms]
        # Many matches: SQLite walks the sort column's index and checks each row among the
        # matches (its id not used to look them up: "+id"); few: it looks the matches up by
        # id and sorts them (the sort column's index not used: "+term").
        stmt = self._filtered(self._joined(select(table.id), query), query, shape,
                              table.id if few else _not_indexed(table.id), probe)
        stmt = stmt.order_by(*orders, table.id.desc() if query.descending else table.id)
        return stmt.offset(bindparam("offset", type_=Integer)).limit(
            bindparam("limit", type_=Integer))

    def count(self, query: ListQuery = _ALL, bound: int | None = None) -> int:
        """How many records the query matches (ignoring its page); with ``bound``, counted
        no further than ``bound + 1``: a number above ``bound`` says "more than ``bound``"."""
        shape, values = self.search(query.text)
        params = _bound(query, values) | ({} if bound is None else {BOUND_PARAM: bound + 1})
        prepared = self._prepared(("count", shape, query.year, bound is not None),
                                  lambda: _count_statement(self, query, shape, bound is not None))
        with self._sessions() as session:
            return int(prepared.run(session, params).fetchone()[0] or 0)

    def total(self) -> int:
        """How many records of this type the file holds."""
        return self.count(_ALL)

    def years(self) -> builtins.list[int]:
        """Years that have records of this type, newest first (for a year filter)."""
        return []

    # -- single records

    def get(self, record_id: int) -> T:
        """The whole record."""
        with self._sessions() as session:
            return self._load(session, record_id)

    def links(self, record_id: int) -> tuple[LinkGroup, ...]:
        """The records that name this one, by group (the types with a details list say)."""
        return ()

    def create(self, record: T, *, action: str = "created") -> T:
        """Check and store a new record at version 1 (its ``id`` is kept if free, as undo
        needs); the history records it as ``action``."""
        self._check(record)
        try:
            if (saved := self._in_one_trip(record, None, None, action)) is not None:
                return saved
            with self._sessions.begin() as session:
                record_id = self._write(session, record, None)
                saved = self._indexed(session, record_id)[0]
                self._journal(session, action, record_id, None, saved, 1)
                return saved
        except IntegrityError as exc:
            raise _integrity(exc, self.columns[0], f"The {self.kind_label}") from None

    def update(self, record: T, *, version: int | None = None) -> T:
        """Check and store changes to an existing record, raising its version by one.

        With ``version`` (the one its form read), a record another desk changed or deleted
        since is refused (``StaleRecord``, naming who and what); None: no check.
        """
        record_id = getattr(record, "id", None)
        if record_id is None:
            raise NotFound(f"This {self.kind_label} has not been saved yet.")
        self._check(record)
        try:
            if (saved := self._in_one_trip(record, record_id, version, "changed")) is not None:
                return saved
            with self._sessions.begin() as session:
                stored = history.claim(session, self.record_type, self._table(), record_id,
                                       version, bump=True)
                old = self._load(session, record_id)
                before = search_index.texts_of(session, self.record_type.key, record_id)
                self._write(session, record, record_id)
                saved, texts = self._indexed(session, record_id)
                self._renamed(session, before - texts)
                self._journal(session, "changed", record_id, old, saved, stored)
                return saved
        except IntegrityError as exc:
            raise _integrity(exc, self.columns[0], f"The {self.kind_label}") from None

    def delete_blockers(self, record_id: int) -> str:
        """Why ``delete`` would refuse the record (other records name it), or "" if not.

        Asked before the user is asked to confirm a delete; ``delete`` checks again.
        """
        with self._sessions() as session:
            return self._blockers(session, record_id)

    def _indexed(self, session: Session, record_id: int) -> tuple[T, set[str]]:
        """The record just written, as read back, kept in the search index in the same
        transaction, and the texts the index now holds of it."""
        record = self._load(session, record_id)
        return record, search_index.keep(session, self.record_type, record_id, record)

    # -- per type

    def _orm(self) -> type:
        table: type = self._table()
        return table

    def _check(self, record: T) -> None:
        raise_if(validation.check(self.record_type.key, record))

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, T]:
        """The records of ``ids`` by id: the type's one reader of rows."""
        raise NotImplementedError

    def _load(self, session: Session, record_id: int) -> T:
        found = self._read(session, [record_id]).get(record_id)
        if found is None:
            raise NotFound(f"This {self.kind_label} is no longer in the data file.")
        return found

    def _write(self, session: Session, record: T, record_id: int | None) -> int:
        raise NotImplementedError

    def _blockers(self, session: Session, record_id: int) -> str:
        """Why the record may not be deleted (other records point at it), or "": what this
        type's own code finds (``_uses``) and what the types that refer to it name."""
        uses = self._uses(session, record_id)
        uses += [c for referrer in self.referrers
                 for c in (referrer.naming(session, self.record_type.key, record_id),) if c]
        if not uses:
            return ""
        listed = uses[0] if len(uses) == 1 else f"{', '.join(uses[:-1])} and {uses[-1]}"
        return (f"This {self.kind_label} cannot be deleted while it is named in {listed}; "
                f"{self.refusal_advice}")

    def _uses(self, session: Session, record_id: int) -> builtins.list[str]:
        """The records that name this one, as clauses ("2 presentations"), by this type's
        own knowledge of them."""
        return []

    def naming(self, session: Session, key: str, record_id: int) -> str:
        """This type's records that name the record ``record_id`` of type ``key`` (one of
        ``refers_to``), as a clause naming them ("2 delegates (Ana López, Juan Pérez)"), or ""."""
        return ""

    def _insert_main(self, session: Session, table: Any, values: dict[str, Any],
                     record_id: int | None, wanted_id: int | None) -> int:
        if record_id is not None:
            session.execute(update(table).where(table.id == record_id).values(**values))
            return record_id
        if wanted_id is not None and session.get(table, wanted_id) is None:
            values = {**values, "id": wanted_id}
        new_id: int = session.execute(insert(table).values(**values).returning(table.id)
                                      ).scalar_one()
        return new_id


def _count_statement(service: RecordService[Any], query: ListQuery, shape: Any,
                     bounded: bool) -> AnySelect:
    """A list's count select; a bounded one of words on a server picks its form as it runs:
    EXISTS when the words match many of the type's first records, else the IN form."""
    def counted(probe: bool) -> AnySelect:
        return count_of(service._table(), lambda stmt: service._filtered(
            stmt, query, shape, probe=probe), bounded)

    if not bounded or shape is None or service._dialect == "sqlite":
        return counted(False)
    table = service._table()
    first = select(table.id).order_by(table.id).limit(SAMPLE)
    matched = service._filtered(select(func.count()).where(table.id.in_(first)), query,
                                shape, probe=True)
    sampled = select(func.count()).select_from(first.subquery("first"))
    return picked_by_sample(matched, sampled, counted(False), counted(True))
