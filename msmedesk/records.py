"""Services: everything the window, the command line and the report do with the records.

Each user action is one transaction (``with self._sessions.begin()``); what comes out is a
frozen dataclass from ``msmedesk.domain`` or a page of plain tuples, never an ORM object.
Lists filter, sort and page in SQL so that a view over 100,000 records stays quick.
"""

from __future__ import annotations

import builtins
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date
from functools import lru_cache
from typing import Any, Generic, TypeAlias, TypeVar

from sqlalchemy import (
    ColumnElement,
    Engine,
    Integer,
    Select,
    String,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.engine import Row as ResultRow  # domain.Row is a list's row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.sql import operators
from sqlalchemy.sql.expression import UnaryExpression

from msmedesk import symbol_rules, validation
from msmedesk.db.models import (
    CoordinatorRow,
    DiscussionRow,
    DocumentRow,
    GroupRow,
    MeetingRow,
    MemberRow,
    OrganizationRow,
    OutreachRow,
    PackageEntryRow,
    PackageMemberRow,
    PartnerRow,
    PresentationRow,
    ProponentRow,
    ProposalRow,
    SpotlightRow,
)
from msmedesk.domain import (  # noqa: F401 (re-exported)
    Coordinator,
    Document,
    DocumentSymbol,
    GroupProfile,
    LinkGroup,
    ListQuery,
    Meeting,
    Member,
    MembershipYear,
    NotFound,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Row,
    Spotlight,
    sort_key,
)
from msmedesk.report.model import YearRecords
from msmedesk.validation import FieldError, ValidationError

T = TypeVar("T")
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
    the DBAPI connection, inside the session's transaction.
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
            self._names = list(compiled.positiontup or ())
            self._fixed = dict(compiled.params)  # a year's bounds, built in
            self._sql = compiled.string
        args = [params[n] if n in params else self._fixed[n] for n in self._names]
        driver = connection.connection.driver_connection
        # An open session's connection always has its DB-API (sqlite3) connection.
        assert driver is not None
        return driver.execute(self._sql, args)


def _bound(query: ListQuery, page: bool = False) -> dict[str, Any]:
    """The parameters of a count (``page``: of a page) for ``query``."""
    text = query.text.strip()
    params: dict[str, Any] = {"pattern": _like(text)} if text else {}
    if page:
        params.update(offset=max(query.offset, 0), limit=max(query.limit, 0))
    return params


def _not_indexed(term: Any) -> Any:
    """``+term``: the same value, which SQLite will not read along an index (its own idiom)."""
    return UnaryExpression(term, operator=operators.custom_op("+"), type_=term.type)


# ---------------------------------------------------------------- helpers


@lru_cache(maxsize=8192)
def _pd(value: str | None) -> PartialDate | None:
    # Cached: a page of rows repeats few distinct dates, and PartialDate is immutable.
    return PartialDate.parse(value) if value else None


def _pd_text(value: PartialDate | None) -> str | None:
    return value.iso() if value else None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _year_range(column: Any, year: int) -> ColumnElement[bool]:
    # ISO text (full or partial) of a year lies between "YYYY" and "YYYY+1": an index
    # range scan instead of a function call per row.
    return and_(column >= f"{year:04d}", column < f"{year + 1:04d}")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _clean_symbol(text: str) -> str:
    """A symbol as it is stored: without the stray underscore or spaces that parsing strips
    (the checks accept "_INF/MSME/W/52"; the file keeps "INF/MSME/W/52")."""
    try:
        return DocumentSymbol.parse(text).text
    except ValueError:
        return text


def _years_of(session: Session, column: Any) -> list[int]:
    """The years of an indexed ISO-date column, newest first.

    One index seek per year (a recursive query from the newest date down) instead of a
    DISTINCT that reads every row: 13 ms to under one on 60,000 outreach events. Table and
    column names are the models' own.
    """
    table, name = column.table.name, column.name
    sql = text(f'WITH RECURSIVE y(v) AS (SELECT max("{name}") FROM "{table}" UNION ALL '
               f'SELECT (SELECT max("{name}") FROM "{table}" WHERE "{name}" < substr(y.v, 1, 4)) '
               f'FROM y WHERE y.v IS NOT NULL) SELECT substr(v, 1, 4) FROM y WHERE v IS NOT NULL')
    return [int(v) for v in session.scalars(sql)]


def _symbol_id(session: Session, symbol: str | None, kind: str) -> int | None:
    """The id of the document with ``symbol``, recording it first if it is new."""
    if not symbol:
        return None
    symbol = _clean_symbol(symbol)
    found = session.scalar(select(DocumentRow.id).where(DocumentRow.symbol == symbol))
    if found is not None:
        return found
    return session.execute(
        insert(DocumentRow).values(symbol=symbol, title="", kind=kind).returning(DocumentRow.id)
    ).scalar_one()


def _member_ids(session: Session, names: Iterable[str], field: str) -> tuple[list[int],
                                                                             list[FieldError]]:
    ids: list[int] = []
    errors: list[FieldError] = []
    for i, name in enumerate(names):
        found = session.scalar(select(MemberRow.id).where(MemberRow.name == name))
        if found is None:
            errors.append(FieldError(f"{field}[{i}]" if field else field,
                                     f'"{name}" is not a recorded Member'))
        else:
            ids.append(found)
    return ids, errors


def _organization_id(session: Session, label: str) -> int | None:
    return session.scalar(
        select(OrganizationRow.id).where(
            or_(OrganizationRow.acronym == label, OrganizationRow.name == label)
        ).order_by((OrganizationRow.acronym == label).desc())
    )


def _name_clash(session: Session, field: str, label: str | None, *,
                against: tuple[str, ...], organization_id: int | None = None
                ) -> list[FieldError]:
    """The label a record would take, when another record already stands by it.

    A proponent, partner or speaker's organization is named by a Member's name, an
    organization's name or its acronym: a label of two records would send such a link to
    one of them, and move it when an archive is read back. ``against`` says which labels
    to look at ("member": Members' names; "name", "acronym": organizations' other than
    ``organization_id``, the organization being saved).
    """
    label = (label or "").strip()
    if not label:
        return []
    if "member" in against:
        found = session.scalar(select(MemberRow.name).where(MemberRow.name == label))
        if found is not None:
            return [FieldError(field, f'"{label}" is the name of the Member "{found}"; one '
                                      "name cannot stand for two records")]
    for column, what in ((OrganizationRow.name, "name"), (OrganizationRow.acronym, "acronym")):
        if what not in against:
            continue
        found = session.scalar(select(OrganizationRow.name).where(
            column == label, OrganizationRow.id != (organization_id or -1)))
        if found is not None:
            return [FieldError(field, f'"{label}" is the {what} of the organization "{found}"; '
                                      "one name cannot stand for two records")]
    return []


def _integrity(exc: IntegrityError, field: str, what: str) -> ValidationError:
    # The database caught what the checks above missed (a race, or a hand-edited file):
    # still one plain sentence, naming the field.
    return ValidationError([FieldError(field, f"{what} could not be saved: "
                                              f"{str(exc.orig).splitlines()[0]}")])


# ---------------------------------------------------------------- generic service


class RecordService(Generic[T]):
    """List/get/create/update/delete for one record type; subclasses add the SQL."""

    #: keys of the columns a view shows, in order; values come back in this order.
    columns: tuple[str, ...] = ()
    #: column keys a view may sort by (sorting happens in SQL).
    sortable: tuple[str, ...] = ()
    default_sort: str = ""
    kind_label: str = "record"

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions
        self._sorts: dict[str, Any] | None = None
        # The statements of counts, pages and their values, by shape (see _prepared).
        self._statements: dict[tuple[Any, ...], _Prepared] = {}

    # -- listing

    def _table(self) -> Any:
        raise NotImplementedError

    def _sort_expressions(self) -> dict[str, Any]:
        raise NotImplementedError

    def _search_columns(self) -> list[Any]:
        raise NotImplementedError

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        raise NotImplementedError

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
        names = [f"id_{i}" for i in range(len(ids))]
        prepared = self._prepared(("values", len(ids)), lambda: build(
            [bindparam(n, type_=Integer) for n in names]))
        return prepared.run(session, dict(zip(names, ids, strict=True)))

    def _filtered(self, stmt: AnySelect, query: ListQuery) -> AnySelect:
        if query.year is not None:
            stmt = stmt.where(self._year_filter(query.year))
        if query.text.strip():
            # Bound when run (_bound), so that one statement serves every text typed.
            pattern = bindparam("pattern", type_=String)
            stmt = stmt.where(or_(*(col.like(pattern, escape="\\")
                                    for col in self._search_columns())))
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
        prepared = self._list_prepared(query)
        with self._sessions() as session:
            ids = [i for (i,) in prepared.run(session, _bound(query, page=True))]
            values = self._row_values(session, ids) if ids else {}
        return [Row(i, values[i]) for i in ids if i in values]

    def position(self, query: ListQuery, record_id: int) -> int | None:
        """The row of a record in the list ``query`` filters and sorts (its page aside), or
        None when the filter leaves it out: where a record just saved is to be shown."""
        matches = self.count(query)
        if not matches:
            return None
        whole = replace(query, offset=0, limit=matches, matches=matches)
        prepared = self._list_prepared(whole)
        with self._sessions() as session:
            for row, (found,) in enumerate(prepared.run(session, _bound(whole, page=True))):
                if found == record_id:
                    return row
        return None

    def list_statement(self, query: ListQuery) -> AnySelect:
        """The select of a page's ids, filtered and sorted; its search pattern, offset and
        limit are parameters (``pattern``, ``offset``, ``limit``)."""
        return self._list_prepared(query).statement

    def _list_prepared(self, query: ListQuery) -> _Prepared:
        if self._sorts is None:
            # Built once: the expressions never change, and building their subqueries for
            # every page cost a fifth of a page's time.
            self._sorts = self._sort_expressions()
        key = query.sort if query.sort in self._sorts else self.default_sort
        text = bool(query.text.strip())
        few = text and query.matches is not None and query.matches < FEW_MATCHES
        shape = ("page", key, query.descending, text, query.year, few)
        return self._prepared(shape, lambda: self._page_ids(replace(query, sort=key), few))

    def _page_ids(self, query: ListQuery, few: bool) -> AnySelect:
        table = self._table()
        assert self._sorts is not None and query.sort is not None
        order = self._sorts[query.sort]
        terms = order if isinstance(order, tuple) else (order,)
        if few:
            terms = tuple(_not_indexed(term) for term in terms)
        orders = [o.desc() if query.descending else o.asc() for o in terms]
        stmt = self._filtered(self._joined(select(table.id), query), query)
        stmt = stmt.order_by(*orders, table.id.desc() if query.descending else table.id)
        return stmt.offset(bindparam("offset", type_=Integer)).limit(
            bindparam("limit", type_=Integer))

    def count(self, query: ListQuery = _ALL) -> int:
        """How many records the query matches (ignoring its page)."""
        text = bool(query.text.strip())

        def build() -> AnySelect:
            # count(*), not count(id): SQLite counts rows from the smallest index without
            # reading a column of each (three times faster on a large table). The joins
            # serve sorting and the search columns only: without text a count needs none.
            stmt = select(func.count()).select_from(self._table())
            return self._filtered(self._joined(stmt) if text else stmt, query)

        prepared = self._prepared(("count", text, query.year), build)
        with self._sessions() as session:
            return int(prepared.run(session, _bound(query)).fetchone()[0] or 0)

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

    def create(self, record: T) -> T:
        """Check and store a new record (its ``id`` is kept if free, as undo needs)."""
        self._check(record)
        try:
            with self._sessions.begin() as session:
                record_id = self._write(session, record, None)
                return self._load(session, record_id)
        except IntegrityError as exc:
            raise _integrity(exc, self.columns[0], f"The {self.kind_label}") from None

    def update(self, record: T) -> T:
        """Check and store changes to an existing record."""
        record_id = getattr(record, "id", None)
        if record_id is None:
            raise NotFound(f"This {self.kind_label} has not been saved yet.")
        self._check(record)
        try:
            with self._sessions.begin() as session:
                if session.get(self._orm(), record_id) is None:
                    raise NotFound(f"This {self.kind_label} was deleted meanwhile.")
                self._write(session, record, record_id)
                return self._load(session, record_id)
        except IntegrityError as exc:
            raise _integrity(exc, self.columns[0], f"The {self.kind_label}") from None

    def delete_blockers(self, record_id: int) -> str:
        """Why ``delete`` would refuse the record (other records name it), or "" if not.

        Asked before the user is asked to confirm a delete; ``delete`` checks again.
        """
        with self._sessions() as session:
            return self._blockers(session, record_id)

    def delete(self, record_id: int) -> T:
        """Delete a record and return it whole, so that undo can bring it back."""
        with self._sessions.begin() as session:
            record = self._load(session, record_id)
            blockers = self._blockers(session, record_id)
            if blockers:
                raise ValidationError([FieldError("", blockers)])
            session.execute(delete(self._table()).where(self._table().id == record_id))
            return record

    # -- per type

    def _orm(self) -> type:
        table: type = self._table()
        return table

    def _check(self, record: T) -> None:
        raise NotImplementedError

    def _load(self, session: Session, record_id: int) -> T:
        raise NotImplementedError

    def _write(self, session: Session, record: T, record_id: int | None) -> int:
        raise NotImplementedError

    def _blockers(self, session: Session, record_id: int) -> str:
        """Why the record may not be deleted (other records point at it), or ""."""
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


# ---------------------------------------------------------------- members


class MemberService(RecordService[Member]):
    """Membership entries."""

    columns = ("name", "list_name", "counts_as", "joined", "left")
    sortable = ("name", "list_name", "counts_as", "joined", "left")
    default_sort = "name"
    kind_label = "Member"

    def _table(self) -> Any:
        return MemberRow

    def _orm(self) -> type:
        return MemberRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"name": MemberRow.sort_key, "list_name": MemberRow.list_name,
                "counts_as": MemberRow.counts_as, "joined": MemberRow.joined,
                "left": MemberRow.left_date}

    def _search_columns(self) -> list[Any]:
        return [MemberRow.name, MemberRow.list_name, MemberRow.prose_name, MemberRow.notes]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _in_group_at_end(year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            MemberRow.id, MemberRow.name, MemberRow.list_name, MemberRow.counts_as,
            MemberRow.joined, MemberRow.left_date).where(MemberRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2] or r[1], r[3], _pd(r[4]), _pd(r[5])) for r in rows}

    def years(self) -> list[int]:
        """Years from the first recorded joining to now, newest first."""
        with self._sessions() as session:
            first = session.scalar(select(func.min(func.substr(MemberRow.joined, 1, 4))))
        start = int(first) if first else date.today().year
        return list(range(max(start, date.today().year), start - 1, -1))

    def _check(self, record: Member) -> None:
        validation.raise_if(validation.check_member(record))

    def _load(self, session: Session, record_id: int) -> Member:
        row = session.get(MemberRow, record_id)
        if row is None:
            raise NotFound("This Member is no longer in the data file.")
        return _member(row)

    def _write(self, session: Session, record: Member, record_id: int | None) -> int:
        clash = session.scalar(select(MemberRow.id).where(MemberRow.name == record.name.strip(),
                                                          MemberRow.id != (record_id or -1)))
        if clash is not None:
            raise ValidationError([FieldError("name", f'"{record.name}" is already a Member')])
        validation.raise_if(_name_clash(session, "name", record.name,
                                        against=("name", "acronym")))
        return self._insert_main(session, MemberRow, _member_values(record), record_id,
                                 record.id)

    def _blockers(self, session: Session, record_id: int) -> str:
        proposals = session.scalar(select(func.count()).where(ProponentRow.member_id == record_id))
        entries = session.scalar(select(func.count()).where(PackageMemberRow.member_id
                                                            == record_id))
        talks = session.scalar(select(func.count()).where(PresentationRow.member_id == record_id))
        uses = [_count(n, one, many) for n, one, many in (
            (proposals, "proposal as a proponent", "proposals as a proponent"),
            (entries, "package entry", "package entries"),
            (talks, "presentation", "presentations")) if n]
        if uses:
            return ("This Member cannot be deleted while it is named in " + ", ".join(uses)
                    + "; remove it there first, or record the date it left instead.")
        return ""

    def names(self) -> list[str]:
        """All Member names, in membership-footnote order (for pickers)."""
        with self._sessions() as session:
            return list(session.scalars(select(MemberRow.name).order_by(MemberRow.sort_key)))

    def links(self, record_id: int) -> tuple[LinkGroup, ...]:
        """The proposals and package entries that name this Member."""
        with self._sessions() as session:
            proposals = (
                select(DocumentRow.symbol, ProposalRow.title)
                .join(ProposalRow, ProposalRow.document_id == DocumentRow.id)
                .join(ProponentRow, ProponentRow.proposal_id == ProposalRow.id)
                .where(ProponentRow.member_id == record_id).order_by(DocumentRow.symbol))
            entries = (
                select(PackageEntryRow.year, PackageEntryRow.annex, PackageEntryRow.summary)
                .join(PackageMemberRow, PackageMemberRow.entry_id == PackageEntryRow.id)
                .where(PackageMemberRow.member_id == record_id)
                .order_by(PackageEntryRow.year.desc(), PackageEntryRow.annex))
            return (
                _link_group(session, "Proposals", proposals,
                            lambda r: f"{r[0]} {r[1]}".strip()),
                _link_group(session, "Package entries", entries,
                            lambda r: f"{r[0]}, Annex {r[1]}: {_short(r[2])}"),
            )

    def at_end_of(self, year: int) -> list[Member]:
        """The entries in the Group at the end of ``year``, in footnote order."""
        with self._sessions() as session:
            rows = session.scalars(select(MemberRow).where(_in_group_at_end(year))
                                   .order_by(MemberRow.sort_key, MemberRow.name))
            return [_member(r) for r in rows]

    def membership_at_end(self, year: int) -> int:
        """Sum of ``counts_as`` over the entries in the Group at the end of ``year``."""
        with self._sessions() as session:
            return int(session.scalar(select(func.coalesce(func.sum(MemberRow.counts_as), 0))
                                      .where(_in_group_at_end(year))) or 0)

    def joiners(self, year: int) -> list[Member]:
        """The entries that joined during ``year``, in footnote order."""
        with self._sessions() as session:
            rows = session.scalars(select(MemberRow).where(_year_range(MemberRow.joined, year))
                                   .order_by(MemberRow.sort_key, MemberRow.name))
            return [_member(r) for r in rows]

    def by_year(self) -> list[MembershipYear]:
        """Membership at the end of each year with records, and that year's joiners."""
        # One query, then every year in Python (a query per year cost a tenth of a second
        # on the Members tab of a large file); the same rule as _in_group_at_end.
        with self._sessions() as session:
            rows = session.execute(select(MemberRow.joined, MemberRow.left_date,
                                          MemberRow.counts_as, MemberRow.name)
                                   .order_by(MemberRow.sort_key)).all()
        joiners: dict[int, list[str]] = {}
        for j, _left, _counts, n in rows:
            if j is not None:
                joiners.setdefault(int(j[:4]), []).append(n)
        if not joiners:
            return []
        # An entry counts in the years from the one it joined (or the first) up to, not
        # including, the one it left: added where it starts, taken off where it stops.
        first, last = min(joiners), max(max(joiners), date.today().year)
        delta = [0] * (last - first + 2)
        for j, left, counts, _n in rows:
            start = first if j is None else max(first, int(j[:4]))
            stop = last + 1 if left is None else min(last + 1, int(left[:4]))
            if start < stop:
                delta[start - first] += counts
                delta[stop - first] -= counts
        out = []
        total = 0
        for year in range(first, last + 1):
            total += delta[year - first]
            out.append(MembershipYear(year, total, tuple(joiners.get(year, ()))))
        return out


def _in_group_at_end(year: int) -> ColumnElement[bool]:
    # Joined on or before the year (or before records began) and not left by its end.
    return and_(or_(MemberRow.joined.is_(None), MemberRow.joined < f"{year + 1:04d}"),
                or_(MemberRow.left_date.is_(None), MemberRow.left_date >= f"{year + 1:04d}"))


def _member(row: MemberRow) -> Member:
    return Member(name=row.name, list_name=row.list_name, sort_name=row.sort_name,
                  prose_name=row.prose_name, counts_as=row.counts_as, joined=_pd(row.joined),
                  left=_pd(row.left_date), notes=row.notes, id=row.id)


def _member_values(m: Member) -> dict[str, Any]:
    # Names are stored stripped, as the archive reader gives them, so that an export
    # matches its own re-import.
    name, sort_name = m.name.strip(), m.sort_name.strip()
    return {"name": name, "list_name": m.list_name.strip(), "sort_name": sort_name,
            "prose_name": m.prose_name.strip(), "sort_key": sort_key(sort_name or name),
            "counts_as": m.counts_as, "joined": _pd_text(m.joined), "left_date": _pd_text(m.left),
            "notes": m.notes}


# A detail panel lists at most this many linked records of a kind, then says how many more:
# on a file of decades an organization can have hundreds, and the panel must stay quick.
LINK_LIMIT = 100


def _link_group(session: Session, title: str, stmt: AnySelect,
                show: Callable[[Any], str]) -> LinkGroup:
    total = int(session.scalar(select(func.count()).select_from(stmt.order_by(None)
                                                                .subquery())) or 0)
    items = tuple(show(row) for row in session.execute(stmt.limit(LINK_LIMIT)))
    return LinkGroup(title, items, total)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _short(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


# ---------------------------------------------------------------- organizations


class OrganizationService(RecordService[Organization]):
    """Organizations and the Trade4MSMEs Network."""

    columns = ("acronym", "name", "network_member_since")
    sortable = columns
    default_sort = "name"
    kind_label = "organization"

    def _table(self) -> Any:
        return OrganizationRow

    def _orm(self) -> type:
        return OrganizationRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"acronym": OrganizationRow.acronym, "name": OrganizationRow.name,
                "network_member_since": OrganizationRow.network_member_since}

    def _search_columns(self) -> list[Any]:
        return [OrganizationRow.name, OrganizationRow.acronym]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return OrganizationRow.network_member_since < f"{year + 1:04d}"

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            OrganizationRow.id, OrganizationRow.acronym, OrganizationRow.name,
            OrganizationRow.network_member_since).where(OrganizationRow.id.in_(page)), ids)
        return {r[0]: (r[1] or "", r[2], _pd(r[3])) for r in rows}

    def _check(self, record: Organization) -> None:
        validation.raise_if(validation.check_organization(record))

    def _load(self, session: Session, record_id: int) -> Organization:
        row = session.get(OrganizationRow, record_id)
        if row is None:
            raise NotFound("This organization is no longer in the data file.")
        return _organization(row)

    def _write(self, session: Session, record: Organization, record_id: int | None) -> int:
        errors = []
        other = OrganizationRow.id != (record_id or -1)
        if session.scalar(select(OrganizationRow.id).where(
                OrganizationRow.name == record.name.strip(), other)) is not None:
            errors.append(FieldError("name", f'"{record.name}" is already recorded'))
        if record.acronym and session.scalar(select(OrganizationRow.id).where(
                OrganizationRow.acronym == record.acronym.strip(), other)) is not None:
            errors.append(FieldError("acronym", f'"{record.acronym}" is already used by '
                                                "another organization"))
        errors += _name_clash(session, "name", record.name, against=("member", "acronym"),
                              organization_id=record_id)
        if not any(e.field == "acronym" for e in errors):
            errors += _name_clash(session, "acronym", record.acronym,
                                  against=("member", "name"), organization_id=record_id)
        validation.raise_if(errors)
        values = {"name": record.name.strip(),
                  "acronym": record.acronym.strip() if record.acronym else None,
                  "network_member_since": _pd_text(record.network_member_since)}
        return self._insert_main(session, OrganizationRow, values, record_id, record.id)

    def _blockers(self, session: Session, record_id: int) -> str:
        talks = session.scalar(select(func.count()).where(PresentationRow.organization_id
                                                          == record_id))
        events = session.scalar(select(func.count()).where(PartnerRow.organization_id
                                                           == record_id))
        props = session.scalar(select(func.count()).where(ProponentRow.organization_id
                                                          == record_id))
        uses = [_count(n, one, many) for n, one, many in (
            (talks, "presentation", "presentations"),
            (events, "outreach event as a partner", "outreach events as a partner"),
            (props, "proposal as a proponent", "proposals as a proponent")) if n]
        if uses:
            return ("This organization cannot be deleted while it is named in "
                    + ", ".join(uses) + "; remove it there first.")
        return ""

    def labels(self) -> list[str]:
        """Acronyms (or names) of all organizations, for pickers."""
        with self._sessions() as session:
            rows = session.execute(select(OrganizationRow.acronym, OrganizationRow.name)
                                   .order_by(func.coalesce(OrganizationRow.acronym,
                                                           OrganizationRow.name)))
            return [a or n for a, n in rows]

    def network(self, year: int) -> list[Organization]:
        """Members of the Trade4MSMEs Network at the end of ``year``."""
        with self._sessions() as session:
            rows = session.scalars(select(OrganizationRow).where(
                OrganizationRow.network_member_since < f"{year + 1:04d}")
                .order_by(OrganizationRow.name))
            return [_organization(r) for r in rows]

    def links(self, record_id: int) -> tuple[LinkGroup, ...]:
        """The presentations and outreach events of this organization."""
        with self._sessions() as session:
            talks = (
                select(MeetingRow.date, PresentationRow.speaker, PresentationRow.topic)
                .join(PresentationRow, PresentationRow.meeting_id == MeetingRow.id)
                .where(PresentationRow.organization_id == record_id)
                .order_by(MeetingRow.date.desc()))
            events = (
                select(OutreachRow.date, OutreachRow.title)
                .join(PartnerRow, PartnerRow.event_id == OutreachRow.id)
                .where(PartnerRow.organization_id == record_id)
                .order_by(OutreachRow.date.desc()))
            return (
                _link_group(session, "Presentations", talks, lambda r: " – ".join(
                    x for x in (PartialDate.parse(r[0]).long(), r[1], _short(r[2])) if x)),
                _link_group(session, "Outreach events", events,
                            lambda r: f"{PartialDate.parse(r[0]).long()} – {r[1]}"),
            )


def _organization(row: OrganizationRow) -> Organization:
    return Organization(name=row.name, acronym=row.acronym,
                        network_member_since=_pd(row.network_member_since), id=row.id)


# ---------------------------------------------------------------- documents


class DocumentService(RecordService[Document]):
    """WTO documents by symbol."""

    columns = ("symbol", "title", "date", "kind")
    sortable = columns
    default_sort = "symbol"
    kind_label = "document"

    def _table(self) -> Any:
        return DocumentRow

    def _orm(self) -> type:
        return DocumentRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"symbol": DocumentRow.symbol, "title": DocumentRow.title,
                "date": DocumentRow.date, "kind": DocumentRow.kind}

    def _search_columns(self) -> list[Any]:
        return [DocumentRow.symbol, DocumentRow.title]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _year_range(DocumentRow.date, year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            DocumentRow.id, DocumentRow.symbol, DocumentRow.title, DocumentRow.date,
            DocumentRow.kind).where(DocumentRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], _d(r[3]), r[4]) for r in rows}

    def years(self) -> list[int]:
        """Years in which recorded documents are dated, newest first."""
        with self._sessions() as session:
            return _years_of(session, DocumentRow.date)

    def _check(self, record: Document) -> None:
        validation.raise_if(validation.check_document(record))

    def _load(self, session: Session, record_id: int) -> Document:
        row = session.get(DocumentRow, record_id)
        if row is None:
            raise NotFound("This document is no longer in the data file.")
        return _document(row)

    def _write(self, session: Session, record: Document, record_id: int | None) -> int:
        symbol = _clean_symbol(record.symbol)
        clash = session.scalar(select(DocumentRow.id).where(
            DocumentRow.symbol == symbol, DocumentRow.id != (record_id or -1)))
        if clash is not None:
            raise ValidationError([FieldError("symbol", f"{symbol} is already recorded")])
        values = {"symbol": symbol, "title": record.title,
                  "date": record.date.isoformat() if record.date else None,
                  "kind": record.kind, "url": (record.url or "").strip() or None}
        return self._insert_main(session, DocumentRow, values, record_id, record.id)

    def _blockers(self, session: Session, record_id: int) -> str:
        meetings = session.scalar(select(func.count()).where(or_(
            MeetingRow.convening_notice_id == record_id,
            MeetingRow.summary_document_id == record_id)))
        proposals = session.scalar(select(func.count()).where(ProposalRow.document_id
                                                              == record_id))
        if meetings or proposals:
            return ("This document cannot be deleted while a meeting or proposal refers to it; "
                    "change that record first.")
        return ""

    def by_symbol(self, symbol: str) -> Document | None:
        """The document with this symbol, if recorded."""
        with self._sessions() as session:
            row = session.scalar(select(DocumentRow).where(DocumentRow.symbol == symbol))
            return _document(row) if row else None

    def of_kind(self, kind: str, until: date | None = None) -> list[Document]:
        """Documents of one kind (dated up to ``until``), oldest first."""
        with self._sessions() as session:
            stmt = select(DocumentRow).where(DocumentRow.kind == kind)
            if until is not None:
                stmt = stmt.where(DocumentRow.date <= until.isoformat())
            rows = session.scalars(stmt.order_by(DocumentRow.date, DocumentRow.symbol))
            return [_document(r) for r in rows]


def _document(row: DocumentRow) -> Document:
    return Document(symbol=row.symbol, title=row.title, date=_d(row.date), kind=row.kind,
                    url=row.url, id=row.id)


# ---------------------------------------------------------------- meetings


class MeetingService(RecordService[Meeting]):
    """Meetings with their presentations, spotlights and proposals discussed."""

    columns = ("date", "kind", "convening_notice", "summary_document", "summary")
    sortable = ("date", "kind", "convening_notice", "summary_document")
    default_sort = "date"
    kind_label = "meeting"

    def _table(self) -> Any:
        return MeetingRow

    def _orm(self) -> type:
        return MeetingRow

    def _sort_expressions(self) -> dict[str, Any]:
        cn = select(DocumentRow.symbol).where(DocumentRow.id == MeetingRow.convening_notice_id)
        sd = select(DocumentRow.symbol).where(DocumentRow.id == MeetingRow.summary_document_id)
        return {"date": MeetingRow.date, "kind": (MeetingRow.kind, MeetingRow.date),
                "convening_notice": cn.scalar_subquery(),
                "summary_document": sd.scalar_subquery()}

    def _search_columns(self) -> list[Any]:
        symbols = (select(func.group_concat(DocumentRow.symbol, " "))
                   .where(DocumentRow.id.in_([MeetingRow.convening_notice_id,
                                              MeetingRow.summary_document_id]))
                   .scalar_subquery())
        return [MeetingRow.date, MeetingRow.kind, MeetingRow.summary,
                func.coalesce(symbols, "")]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _year_range(MeetingRow.date, year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        def build(page: Any) -> AnySelect:
            cn = select(DocumentRow.symbol).where(
                DocumentRow.id == MeetingRow.convening_notice_id)
            sd = select(DocumentRow.symbol).where(
                DocumentRow.id == MeetingRow.summary_document_id)
            return select(MeetingRow.id, MeetingRow.date, MeetingRow.kind,
                          cn.scalar_subquery(), sd.scalar_subquery(),
                          func.substr(MeetingRow.summary, 1, 200)
                          ).where(MeetingRow.id.in_(page))

        rows = self._page_rows(session, build, ids)
        return {r[0]: (_d(r[1]), r[2], r[3] or "", r[4] or "", _short(r[5] or "", 120))
                for r in rows}

    def years(self) -> list[int]:
        """Years with meetings, newest first."""
        with self._sessions() as session:
            return _years_of(session, MeetingRow.date)

    def _check(self, record: Meeting) -> None:
        validation.raise_if(validation.check_meeting(record))

    def _load(self, session: Session, record_id: int) -> Meeting:
        row = session.get(MeetingRow, record_id)
        if row is None:
            raise NotFound("This meeting is no longer in the data file.")
        return _load_meetings(session, [row])[0]

    def _write(self, session: Session, record: Meeting, record_id: int | None) -> int:
        errors: list[FieldError] = []
        clash = session.scalar(select(MeetingRow.id).where(
            MeetingRow.date == record.date.isoformat(), MeetingRow.kind == record.kind,
            MeetingRow.id != (record_id or -1)))
        if clash is not None:
            kind = record.kind
            article = "an" if kind[:1] in "aeiou" else "a"
            errors.append(FieldError("date", f"there is already {article} {kind} meeting on "
                                             f"{PartialDate.from_date(record.date).long()}"))
        errors += _documents_of_other_meetings(session, record, record_id)
        talks, talk_errors = _presentation_values(session, record.presentations)
        errors += talk_errors
        proposal_ids = []
        for i, symbol in enumerate(record.proposals):
            found = session.scalar(select(ProposalRow.id).join(
                DocumentRow, DocumentRow.id == ProposalRow.document_id)
                .where(DocumentRow.symbol == _clean_symbol(symbol)))
            if found is None:
                errors.append(FieldError(f"proposals[{i}]", f"{symbol} is not a recorded "
                                                            "proposal"))
            else:
                proposal_ids.append(found)
        validation.raise_if(errors)
        values = {"date": record.date.isoformat(), "kind": record.kind,
                  "convening_notice_id": _symbol_id(session, record.convening_notice,
                                                    "convening-notice"),
                  "summary_document_id": _symbol_id(session, record.summary_document,
                                                    "summary-report"),
                  "summary": record.summary}
        meeting_id = self._insert_main(session, MeetingRow, values, record_id, record.id)
        session.execute(delete(PresentationRow).where(PresentationRow.meeting_id == meeting_id))
        session.execute(delete(SpotlightRow).where(SpotlightRow.meeting_id == meeting_id))
        session.execute(delete(DiscussionRow).where(DiscussionRow.meeting_id == meeting_id))
        if talks:
            session.execute(insert(PresentationRow), [
                {**t, "meeting_id": meeting_id, "position": i} for i, t in enumerate(talks)])
        if record.spotlights:
            session.execute(insert(SpotlightRow), [
                {"meeting_id": meeting_id, "position": i, "business": s.business.strip(),
                 "person": s.person.strip(), "country": s.country.strip(),
                 "introduced_by": s.introduced_by.strip(),
                 "description": s.description} for i, s in enumerate(record.spotlights)])
        if proposal_ids:
            session.execute(insert(DiscussionRow), [
                {"meeting_id": meeting_id, "proposal_id": p} for p in proposal_ids])
        return meeting_id

    def in_year(self, year: int, kind: str | None = None) -> list[Meeting]:
        """The year's meetings (of one kind if given), in date order, whole."""
        with self._sessions() as session:
            stmt = select(MeetingRow).where(_year_range(MeetingRow.date, year))
            if kind is not None:
                stmt = stmt.where(MeetingRow.kind == kind)
            rows = list(session.scalars(stmt.order_by(MeetingRow.date, MeetingRow.kind)))
            return _load_meetings(session, rows)

    def choices(self) -> list[tuple[date, str]]:
        """(date, kind) of every meeting, newest first, for pickers."""
        with self._sessions() as session:
            rows = session.execute(select(MeetingRow.date, MeetingRow.kind)
                                   .order_by(MeetingRow.date.desc()))
            return [(date.fromisoformat(d), k) for d, k in rows]


def _documents_of_other_meetings(session: Session, record: Meeting, record_id: int | None
                                 ) -> list[FieldError]:
    """A convening notice or summary that a meeting of another date already has.

    A document belongs to one meeting (or to the meetings of one day: an open-ended
    meeting and its thematic session); one query over the documents' symbol index and the
    meetings' document indexes, not a look at every meeting.
    """
    mine = [(name, _clean_symbol(value)) for name in symbol_rules.ROLES
            if (value := getattr(record, name))]
    if not mine:
        return []
    is_notice = MeetingRow.convening_notice_id == DocumentRow.id
    rows = session.execute(
        select(DocumentRow.symbol, MeetingRow.date, is_notice)
        .join(MeetingRow, or_(is_notice, MeetingRow.summary_document_id == DocumentRow.id))
        .where(DocumentRow.symbol.in_({s for _, s in mine}),
               MeetingRow.date != record.date.isoformat(), MeetingRow.id != (record_id or -1))
        .order_by(MeetingRow.date)).all()
    errors: list[FieldError] = []
    for name, symbol in mine:
        found = next((r for r in rows if r[0] == symbol), None)
        if found is not None:
            role = symbol_rules.ROLES["convening_notice" if found[2] else "summary_document"]
            other = symbol_rules.meeting_name(date.fromisoformat(found[1]))
            errors.append(FieldError(name, f"{symbol} is already the {role} of {other}"))
    return errors


def _presentation_values(session: Session, talks: Sequence[Presentation]
                         ) -> tuple[list[dict[str, Any]], list[FieldError]]:
    out: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for i, p in enumerate(talks):
        org_id = member_id = None
        if p.organization:
            org_id = _organization_id(session, p.organization)
            if org_id is None:
                errors.append(FieldError(f"presentations[{i}].organization",
                                         f'"{p.organization}" is not a recorded organization'))
        if p.member:
            member_id = session.scalar(select(MemberRow.id).where(MemberRow.name == p.member))
            if member_id is None:
                errors.append(FieldError(f"presentations[{i}].member",
                                         f'"{p.member}" is not a recorded Member'))
        out.append({"speaker": p.speaker.strip(), "organization_id": org_id,
                    "member_id": member_id, "topic": p.topic})
    return out, errors


def _load_meetings(session: Session, rows: Sequence[MeetingRow]) -> list[Meeting]:
    """Whole meetings for ORM rows, with few queries however many rows."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    # Keyed by id or None: a meeting without a notice or summary looks up None.
    symbols: dict[int | None, str] = dict(session.execute(
        select(DocumentRow.id, DocumentRow.symbol).where(
        DocumentRow.id.in_({r.convening_notice_id for r in rows}
                           | {r.summary_document_id for r in rows}))).all())
    talks: dict[int, list[Presentation]] = {i: [] for i in ids}
    for mid, speaker, acronym, oname, mname, topic in session.execute(
            select(PresentationRow.meeting_id, PresentationRow.speaker, OrganizationRow.acronym,
                   OrganizationRow.name, MemberRow.name, PresentationRow.topic)
            .outerjoin(OrganizationRow, OrganizationRow.id == PresentationRow.organization_id)
            .outerjoin(MemberRow, MemberRow.id == PresentationRow.member_id)
            .where(PresentationRow.meeting_id.in_(ids))
            .order_by(PresentationRow.meeting_id, PresentationRow.position)):
        talks[mid].append(Presentation(speaker=speaker, organization=acronym or oname,
                                       topic=topic, member=mname))
    spots: dict[int, list[Spotlight]] = {i: [] for i in ids}
    for s in session.scalars(select(SpotlightRow).where(SpotlightRow.meeting_id.in_(ids))
                             .order_by(SpotlightRow.meeting_id, SpotlightRow.position)):
        spots[s.meeting_id].append(Spotlight(business=s.business, person=s.person,
                                             country=s.country, introduced_by=s.introduced_by,
                                             description=s.description))
    discussed: dict[int, list[str]] = {i: [] for i in ids}
    for mid, symbol in session.execute(
            select(DiscussionRow.meeting_id, DocumentRow.symbol)
            .join(ProposalRow, ProposalRow.id == DiscussionRow.proposal_id)
            .join(DocumentRow, DocumentRow.id == ProposalRow.document_id)
            .where(DiscussionRow.meeting_id.in_(ids)).order_by(DocumentRow.symbol)):
        discussed[mid].append(symbol)
    return [Meeting(date=date.fromisoformat(r.date), kind=r.kind,
                    convening_notice=symbols.get(r.convening_notice_id),
                    summary_document=symbols.get(r.summary_document_id), summary=r.summary,
                    presentations=tuple(talks[r.id]), spotlights=tuple(spots[r.id]),
                    proposals=tuple(discussed[r.id]), id=r.id) for r in rows]


# ---------------------------------------------------------------- proposals


def _proponents_text(proposal_id: Any) -> Any:
    member = (select(func.group_concat(MemberRow.name, ", "))
              .join(ProponentRow, ProponentRow.member_id == MemberRow.id)
              .where(ProponentRow.proposal_id == proposal_id))
    org = (select(func.group_concat(func.coalesce(OrganizationRow.acronym, OrganizationRow.name),
                                    ", "))
           .join(ProponentRow, ProponentRow.organization_id == OrganizationRow.id)
           .where(ProponentRow.proposal_id == proposal_id))
    return func.trim(func.coalesce(member.scalar_subquery(), "") + literal(" ")
                     + func.coalesce(org.scalar_subquery(), ""))


class ProposalService(RecordService[Proposal]):
    """Proposals with their proponents and the meetings that discussed them."""

    columns = ("symbol", "title", "proponents", "submitted", "status")
    sortable = ("symbol", "title", "submitted", "status")
    default_sort = "symbol"
    kind_label = "proposal"

    def _table(self) -> Any:
        return ProposalRow

    def _orm(self) -> type:
        return ProposalRow

    def _joined(self, stmt: AnySelect, query: ListQuery | None = None) -> AnySelect:
        if query is not None and query.sort in ("symbol", "", None) and not query.descending:
            # By symbol A to Z, SQLite walks the documents' symbol index from the start and
            # looks each one up among the proposals: proposals are working documents
            # ("INF/MSME/W/..."), which sort after the convening notices and summary reports
            # ("CN", "R"), so it passes 38,000 documents on a large file before the first
            # proposal. "+ 0" keeps the proposals' document_id index out of the join, so it
            # reads the 10,000 proposals, each document by its key, and sorts them: 9 ms
            # to 3. Z to A, the index walk finds the proposals at once and stays.
            return stmt.join(DocumentRow, DocumentRow.id == ProposalRow.document_id + 0)
        return stmt.join(DocumentRow, DocumentRow.id == ProposalRow.document_id)

    def _sort_expressions(self) -> dict[str, Any]:
        return {"symbol": DocumentRow.symbol, "title": ProposalRow.title,
                "submitted": ProposalRow.submitted, "status": ProposalRow.status,
                "proponents": _proponents_text(ProposalRow.id)}

    def _search_columns(self) -> list[Any]:
        return [DocumentRow.symbol, ProposalRow.title, ProposalRow.summary,
                _proponents_text(ProposalRow.id)]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        discussed = exists().where(DiscussionRow.proposal_id == ProposalRow.id,
                                   DiscussionRow.meeting_id == MeetingRow.id,
                                   _year_range(MeetingRow.date, year))
        return or_(_year_range(ProposalRow.submitted, year), discussed)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            ProposalRow.id, DocumentRow.symbol, ProposalRow.title,
            _proponents_text(ProposalRow.id), ProposalRow.submitted, ProposalRow.status)
            .join(DocumentRow, DocumentRow.id == ProposalRow.document_id)
            .where(ProposalRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], r[3], _pd(r[4]), r[5]) for r in rows}

    def years(self) -> list[int]:
        """Years in which proposals were submitted, newest first."""
        with self._sessions() as session:
            return _years_of(session, ProposalRow.submitted)

    def _check(self, record: Proposal) -> None:
        validation.raise_if(validation.check_proposal(record))

    def _load(self, session: Session, record_id: int) -> Proposal:
        row = session.get(ProposalRow, record_id)
        if row is None:
            raise NotFound("This proposal is no longer in the data file.")
        return _load_proposals(session, [row])[0]

    def _write(self, session: Session, record: Proposal, record_id: int | None) -> int:
        errors: list[FieldError] = []
        document_id = _symbol_id(session, record.symbol, "working-document")
        clash = session.scalar(select(ProposalRow.id).where(
            ProposalRow.document_id == document_id, ProposalRow.id != (record_id or -1)))
        if clash is not None:
            errors.append(FieldError("symbol", f"{record.symbol} is already a recorded proposal"))
        proponents: list[dict[str, Any]] = []
        for i, name in enumerate(record.proponents):
            member_id = session.scalar(select(MemberRow.id).where(MemberRow.name == name))
            org_id = None if member_id else _organization_id(session, name)
            if member_id is None and org_id is None:
                errors.append(FieldError(f"proponents[{i}]",
                                         f'"{name}" is not a recorded Member or organization'))
            elif any(p["member_id"] == member_id and p["organization_id"] == org_id
                     for p in proponents):
                # An organization named once by its acronym and once by its name.
                errors.append(FieldError(f"proponents[{i}]", f'"{name}" is already a proponent '
                                                             "of this proposal"))
            proponents.append({"member_id": member_id, "organization_id": org_id,
                               "position": i})
        meeting_ids: list[int] = []
        for i, when in enumerate(record.discussed_at):
            # A proposal names a meeting by its date; as the importer does, prefer the
            # open-ended meeting of that day when several kinds met.
            found = list(session.scalars(select(MeetingRow.id).where(
                MeetingRow.date == when.isoformat())
                .order_by(MeetingRow.kind != "open-ended", MeetingRow.id)))
            if not found:
                errors.append(FieldError(f"discussed_at[{i}]", "there is no meeting on "
                                         f"{PartialDate.from_date(when).long()}"))
            else:
                meeting_ids.append(found[0])
        validation.raise_if(errors)
        values = {"document_id": document_id, "title": record.title,
                  "submitted": _pd_text(record.submitted), "status": record.status,
                  "summary": record.summary}
        proposal_id = self._insert_main(session, ProposalRow, values, record_id, record.id)
        session.execute(delete(ProponentRow).where(ProponentRow.proposal_id == proposal_id))
        session.execute(delete(DiscussionRow).where(DiscussionRow.proposal_id == proposal_id))
        if proponents:
            session.execute(insert(ProponentRow), [{**p, "proposal_id": proposal_id}
                                                   for p in proponents])
        if meeting_ids:
            session.execute(insert(DiscussionRow), [{"proposal_id": proposal_id,
                                                     "meeting_id": m} for m in meeting_ids])
        return proposal_id

    def all(self) -> list[Proposal]:
        """Every proposal, whole, by symbol."""
        with self._sessions() as session:
            # Plain rows that read like ORM objects (r.title): 10,000 ORM objects cost a
            # second of every report on a large file.
            rows = session.execute(select(*ProposalRow.__table__.columns)).all()
            return sorted(_load_proposals(session, rows), key=lambda p: p.symbol)


def _load_proposals(session: Session,
                    rows: Sequence[ProposalRow | ResultRow[*tuple[Any, ...]]]) -> list[Proposal]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    symbols = dict(session.execute(select(DocumentRow.id, DocumentRow.symbol).where(
        DocumentRow.id.in_([r.document_id for r in rows]))).all())
    proponents: dict[int, list[str]] = {i: [] for i in ids}
    for pid, mname, acronym, oname in session.execute(
            select(ProponentRow.proposal_id, MemberRow.name, OrganizationRow.acronym,
                   OrganizationRow.name)
            .outerjoin(MemberRow, MemberRow.id == ProponentRow.member_id)
            .outerjoin(OrganizationRow, OrganizationRow.id == ProponentRow.organization_id)
            .where(ProponentRow.proposal_id.in_(ids))
            .order_by(ProponentRow.proposal_id, ProponentRow.position)):
        proponents[pid].append(mname or acronym or oname)
    discussed: dict[int, list[date]] = {i: [] for i in ids}
    for pid, when in session.execute(
            select(DiscussionRow.proposal_id, MeetingRow.date)
            .join(MeetingRow, MeetingRow.id == DiscussionRow.meeting_id)
            .where(DiscussionRow.proposal_id.in_(ids)).order_by(MeetingRow.date)):
        discussed[pid].append(date.fromisoformat(when))
    return [Proposal(symbol=symbols[r.document_id], title=r.title,
                     proponents=tuple(proponents[r.id]), submitted=_pd(r.submitted),
                     status=r.status, discussed_at=tuple(dict.fromkeys(discussed[r.id])),
                     summary=r.summary, id=r.id) for r in rows]


# ---------------------------------------------------------------- outreach


def _partners_text(event_id: Any) -> Any:
    return func.coalesce(
        select(func.group_concat(func.coalesce(OrganizationRow.acronym, OrganizationRow.name),
                                 ", "))
        .join(PartnerRow, PartnerRow.organization_id == OrganizationRow.id)
        .where(PartnerRow.event_id == event_id).scalar_subquery(), "")


class OutreachService(RecordService[OutreachEvent]):
    """Outreach events with their partner organizations."""

    columns = ("date", "kind", "title", "partners")
    sortable = ("date", "kind", "title")
    default_sort = "date"
    kind_label = "outreach event"

    def _table(self) -> Any:
        return OutreachRow

    def _orm(self) -> type:
        return OutreachRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"date": OutreachRow.date, "kind": (OutreachRow.kind, OutreachRow.date),
                "title": OutreachRow.title, "partners": _partners_text(OutreachRow.id)}

    def _search_columns(self) -> list[Any]:
        return [OutreachRow.title, OutreachRow.summary, OutreachRow.kind, OutreachRow.date]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _year_range(OutreachRow.date, year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            OutreachRow.id, OutreachRow.date, OutreachRow.kind, OutreachRow.title,
            _partners_text(OutreachRow.id)).where(OutreachRow.id.in_(page)), ids)
        return {r[0]: (_pd(r[1]), r[2], r[3], r[4]) for r in rows}

    def years(self) -> list[int]:
        """Years with outreach events, newest first."""
        with self._sessions() as session:
            return _years_of(session, OutreachRow.date)

    def _check(self, record: OutreachEvent) -> None:
        validation.raise_if(validation.check_outreach(record))

    def _load(self, session: Session, record_id: int) -> OutreachEvent:
        row = session.get(OutreachRow, record_id)
        if row is None:
            raise NotFound("This outreach event is no longer in the data file.")
        return _load_outreach(session, [row])[0]

    def _write(self, session: Session, record: OutreachEvent, record_id: int | None) -> int:
        errors: list[FieldError] = []
        partner_ids: list[int] = []
        for i, label in enumerate(record.partners):
            found = _organization_id(session, label)
            if found is None:
                errors.append(FieldError(f"partners[{i}]",
                                         f'"{label}" is not a recorded organization'))
            elif found not in partner_ids:
                partner_ids.append(found)
        validation.raise_if(errors)
        values = {"date": record.date.iso(), "end_date": _pd_text(record.end_date),
                  "kind": record.kind, "title": record.title.strip(), "summary": record.summary}
        event_id = self._insert_main(session, OutreachRow, values, record_id, record.id)
        session.execute(delete(PartnerRow).where(PartnerRow.event_id == event_id))
        if partner_ids:
            session.execute(insert(PartnerRow), [{"event_id": event_id, "organization_id": o,
                                                  "position": i}
                                                 for i, o in enumerate(partner_ids)])
        return event_id

    def in_year(self, year: int) -> list[OutreachEvent]:
        """The year's events in date order, whole."""
        with self._sessions() as session:
            rows = list(session.scalars(select(OutreachRow).where(
                _year_range(OutreachRow.date, year)).order_by(OutreachRow.date, OutreachRow.id)))
            return _load_outreach(session, rows)


def _load_outreach(session: Session, rows: Sequence[OutreachRow]) -> list[OutreachEvent]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    partners: dict[int, list[str]] = {i: [] for i in ids}
    for eid, acronym, name in session.execute(
            select(PartnerRow.event_id, OrganizationRow.acronym, OrganizationRow.name)
            .join(OrganizationRow, OrganizationRow.id == PartnerRow.organization_id)
            .where(PartnerRow.event_id.in_(ids))
            .order_by(PartnerRow.event_id, PartnerRow.position)):
        partners[eid].append(acronym or name)
    return [OutreachEvent(date=PartialDate.parse(r.date), end_date=_pd(r.end_date), kind=r.kind,
                          title=r.title, partners=tuple(partners[r.id]), summary=r.summary,
                          id=r.id) for r in rows]


# ---------------------------------------------------------------- package entries


def _package_members_text(entry_id: Any) -> Any:
    return func.coalesce(
        select(func.group_concat(MemberRow.name, ", "))
        .join(PackageMemberRow, PackageMemberRow.member_id == MemberRow.id)
        .where(PackageMemberRow.entry_id == entry_id).scalar_subquery(), "")


class PackageService(RecordService[PackageEntry]):
    """Implementation of the December 2020 MSME Package, annex by annex and year by year."""

    columns = ("year", "annex", "members", "summary")
    sortable = ("year", "annex")
    default_sort = "year"
    kind_label = "package entry"

    def _table(self) -> Any:
        return PackageEntryRow

    def _orm(self) -> type:
        return PackageEntryRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"year": (PackageEntryRow.year, PackageEntryRow.annex),
                "annex": (PackageEntryRow.annex, PackageEntryRow.year),
                "members": _package_members_text(PackageEntryRow.id),
                "summary": PackageEntryRow.summary}

    def _search_columns(self) -> list[Any]:
        return [PackageEntryRow.summary, _package_members_text(PackageEntryRow.id)]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return PackageEntryRow.year == year

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            PackageEntryRow.id, PackageEntryRow.year, PackageEntryRow.annex,
            _package_members_text(PackageEntryRow.id), PackageEntryRow.summary)
            .where(PackageEntryRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], r[3], _short(r[4], 120)) for r in rows}

    def years(self) -> list[int]:
        """Years with package entries, newest first."""
        with self._sessions() as session:
            return sorted(session.scalars(select(func.distinct(PackageEntryRow.year))),
                          reverse=True)

    def _check(self, record: PackageEntry) -> None:
        validation.raise_if(validation.check_package_entry(record))

    def _load(self, session: Session, record_id: int) -> PackageEntry:
        row = session.get(PackageEntryRow, record_id)
        if row is None:
            raise NotFound("This package entry is no longer in the data file.")
        return _load_package(session, [row])[0]

    def _write(self, session: Session, record: PackageEntry, record_id: int | None) -> int:
        member_ids, errors = _member_ids(session, record.members, "members")
        validation.raise_if(errors)
        values = {"annex": record.annex, "year": record.year, "summary": record.summary}
        entry_id = self._insert_main(session, PackageEntryRow, values, record_id, record.id)
        session.execute(delete(PackageMemberRow).where(PackageMemberRow.entry_id == entry_id))
        if member_ids:
            session.execute(insert(PackageMemberRow), [
                {"entry_id": entry_id, "member_id": m, "position": i}
                for i, m in enumerate(dict.fromkeys(member_ids))])
        return entry_id

    def in_year(self, year: int) -> list[PackageEntry]:
        """The year's entries by annex, whole."""
        with self._sessions() as session:
            rows = list(session.scalars(select(PackageEntryRow).where(
                PackageEntryRow.year == year).order_by(PackageEntryRow.annex,
                                                       PackageEntryRow.id)))
            return _load_package(session, rows)


def _load_package(session: Session, rows: Sequence[PackageEntryRow]) -> list[PackageEntry]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    members: dict[int, list[str]] = {i: [] for i in ids}
    for eid, name in session.execute(
            select(PackageMemberRow.entry_id, MemberRow.name)
            .join(MemberRow, MemberRow.id == PackageMemberRow.member_id)
            .where(PackageMemberRow.entry_id.in_(ids))
            .order_by(PackageMemberRow.entry_id, PackageMemberRow.position)):
        members[eid].append(name)
    return [PackageEntry(annex=r.annex, year=r.year, members=tuple(members[r.id]),
                         summary=r.summary, id=r.id) for r in rows]


# ---------------------------------------------------------------- the Group's profile


class GroupService:
    """The Group's own profile (a single record)."""

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions

    def get(self) -> GroupProfile | None:
        """The profile, or None when none has been recorded."""
        with self._sessions() as session:
            return _read_profile(session)

    def save(self, profile: GroupProfile) -> GroupProfile:
        """Store the profile, replacing the one recorded."""
        errors = validation.check_group(profile)
        if not errors and not profile.name.strip():
            errors.append(FieldError("name", "is required", "group"))
        if profile.established_by and validation.check_symbol(profile.established_by):
            errors.append(FieldError("established_by",
                                     validation.check_symbol(profile.established_by) or "",
                                     "group"))
        validation.raise_if(errors)
        if profile.established_by:
            # Stored as parsed (no stray underscore or spaces), as every other symbol is.
            profile = replace(profile,
                              established_by=DocumentSymbol.parse(profile.established_by).text)
        with self._sessions.begin() as session:
            write_group(session, profile)
        result = self.get()
        assert result is not None
        return result


def _read_profile(session: Session) -> GroupProfile | None:
    row = session.get(GroupRow, 1)
    if row is None:
        return None
    coordinators = tuple(
        Coordinator(name=c.name, title=c.title, start=_pd(c.start_date), end=_pd(c.end_date))
        for c in session.scalars(select(CoordinatorRow).order_by(CoordinatorRow.position)))
    return GroupProfile(name=row.name, short_name=row.short_name,
                        established=_d(row.established), established_by=row.established_by,
                        established_at=row.established_at,
                        founding_members=row.founding_members, coordinators=coordinators)


def write_group(session: Session, profile: GroupProfile) -> None:
    """Replace the stored profile within the caller's transaction."""
    session.execute(delete(CoordinatorRow))
    session.execute(delete(GroupRow))
    session.execute(insert(GroupRow).values(
        id=1, name=profile.name, short_name=profile.short_name,
        established=profile.established.isoformat() if profile.established else None,
        established_by=profile.established_by, established_at=profile.established_at,
        founding_members=profile.founding_members))
    if profile.coordinators:
        session.execute(insert(CoordinatorRow), [
            {"position": i, "name": c.name, "title": c.title, "start_date": _pd_text(c.start),
             "end_date": _pd_text(c.end)} for i, c in enumerate(profile.coordinators)])


# ---------------------------------------------------------------- all services


class Services:
    """The services of one data file; built once in app.py or cli.py and passed down."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.group = GroupService(self.sessions)
        self.members = MemberService(self.sessions)
        self.organizations = OrganizationService(self.sessions)
        self.documents = DocumentService(self.sessions)
        self.meetings = MeetingService(self.sessions)
        self.proposals = ProposalService(self.sessions)
        self.outreach = OutreachService(self.sessions)
        self.package = PackageService(self.sessions)

    def is_empty(self) -> bool:
        """Whether the file holds no records at all (the profile counts as a record)."""
        tables = (GroupRow, MemberRow, OrganizationRow, DocumentRow, MeetingRow, ProposalRow,
                  OutreachRow, PackageEntryRow)
        with self.sessions() as session:
            return not any(session.scalar(select(exists().select_from(t))) for t in tables)

    def counts(self) -> dict[str, int]:
        """How many records of each type the file holds."""
        return {"members": self.members.total(), "organizations": self.organizations.total(),
                "documents": self.documents.total(), "meetings": self.meetings.total(),
                "proposals": self.proposals.total(), "outreach": self.outreach.total(),
                "package_entries": self.package.total()}

    def close(self) -> None:
        """Release the file."""
        self.engine.dispose()

    def year_records(self, year: int) -> YearRecords:
        """Everything the report of ``year`` draws on, read in one session."""
        return read_year(self.sessions, year)


def service_for(services: Services, name: str) -> RecordService[Any]:
    """The record service called ``name`` ("members", "meetings", ...)."""
    found = getattr(services, name, None)
    if not isinstance(found, RecordService):
        raise KeyError(name)
    return found


def load_all(services: Services, loader: Callable[[Session], list[T]]) -> list[T]:
    """Run a bulk loader in one read transaction."""
    with services.sessions() as session:
        return loader(session)


# ---------------------------------------------------------------- a year's report


def read_year(sessions: sessionmaker[Session], year: int) -> YearRecords:
    """What the report of ``year`` draws on, read in one session (one consistent view)."""
    with sessions() as session:
        profile = _read_profile(session)
        members = select(MemberRow).order_by(MemberRow.sort_key, MemberRow.name)
        documents = select(DocumentRow).order_by(DocumentRow.date, DocumentRow.symbol)
        established_by = profile.established_by if profile else None
        established = (session.scalar(select(DocumentRow).where(
            DocumentRow.symbol == established_by)) if established_by else None)
        meetings = list(session.scalars(select(MeetingRow).where(
            _year_range(MeetingRow.date, year)).order_by(MeetingRow.date, MeetingRow.kind)))
        outreach = list(session.scalars(select(OutreachRow).where(
            _year_range(OutreachRow.date, year)).order_by(OutreachRow.date, OutreachRow.id)))
        package = list(session.scalars(select(PackageEntryRow).where(
            PackageEntryRow.year == year).order_by(PackageEntryRow.annex, PackageEntryRow.id)))
        # Only the proposals the year's meetings discussed: the report names no other.
        discussed = (select(DiscussionRow.proposal_id)
                     .join(MeetingRow, MeetingRow.id == DiscussionRow.meeting_id)
                     .where(_year_range(MeetingRow.date, year)))
        proposals = session.execute(select(*ProposalRow.__table__.columns).where(
            ProposalRow.id.in_(discussed))).all()
        return YearRecords(
            year=year,
            profile=profile,
            organizations=tuple(_organization(r) for r in session.scalars(
                select(OrganizationRow).order_by(OrganizationRow.name))),
            members_before=tuple(_member(r) for r in session.scalars(
                members.where(_in_group_at_end(year - 1)))),
            joiners=tuple(_member(r) for r in session.scalars(
                members.where(_year_range(MemberRow.joined, year)))),
            members_at_end=tuple(_member(r) for r in session.scalars(
                members.where(_in_group_at_end(year)))),
            membership_total=int(session.scalar(
                select(func.coalesce(func.sum(MemberRow.counts_as), 0))
                .where(_in_group_at_end(year))) or 0),
            annual_reports=tuple(_document(r) for r in session.scalars(documents.where(
                DocumentRow.kind == "annual-report",
                DocumentRow.date <= date(year, 12, 31).isoformat()))),
            establishing_document=_document(established) if established else None,
            ministerial_documents=tuple(_document(r) for r in session.scalars(
                documents.where(DocumentRow.kind == "ministerial"))),
            meetings=tuple(_load_meetings(session, meetings)),
            outreach=tuple(_load_outreach(session, outreach)),
            package_entries=tuple(_load_package(session, package)),
            proposals=tuple(sorted(_load_proposals(session, proposals),
                                   key=lambda p: p.symbol)),
        )
