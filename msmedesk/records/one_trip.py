"""A save on a PostgreSQL server in two statements, one transaction (issue 17, item 8).

The first statement reads, at once, everything the save needs to know: the record as it
stands (the history's "before"), the look-ups of the service's own checks (a name already
recorded ...), the texts the search index holds of it, the full names of the organizations
its names may stand for, and which other records show a text it is about to lose (a
renamed Member in the proposals' index). Each service's checks and reader run unchanged
against a stand-in session (``Reads``): a first run gathers the selects they make, the
batch answers them, a second run reads the answers (a select the first run did not foresee
is sent as it always was: the save is right, only one statement longer).

The second statement writes: the row (its version checked and raised in the same UPDATE),
the record's search index rows taken out and put back, and the history entry, as one
statement of data-modifying CTEs. The record "after" is the row as written, read by the
type's own reader from the values sent, so the history and the index hold what a read-back
would give (tests compare the two). A stale version, or anything unforeseen, rolls the
transaction back and the save is made the long way, which refuses it as before.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import (
    BigInteger,
    Select,
    Text,
    bindparam,
    column,
    delete,
    func,
    insert,
    literal,
    literal_column,
    not_,
    or_,
    select,
    table,
    update,
)
from sqlalchemy.dialects import postgresql
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session

from msmedesk.db.models import HistoryRow
from msmedesk.records import history, search_index
from msmedesk.records import search_codes as codes
from msmedesk.registry.archive_dict import to_archive

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]
_TEXT = table("search_text", column("code", BigInteger), column("text", Text))
_WORDS = table("search_words", column("word", Text), column("code", BigInteger))
_ORGS = table("organizations", column("acronym", Text), column("name", Text))


class Unforeseen(Exception):
    """The save cannot be made in two statements (a stale version, a write among the
    reads ...): it is rolled back and made the long way."""


class _Row(tuple):  # type: ignore[type-arg]
    """A row read from the batch: by position and by column name, as SQLAlchemy's."""

    _names: tuple[str, ...]

    def __new__(cls, values: Sequence[Any], names: tuple[str, ...]) -> _Row:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getattr__(self, name: str) -> Any:
        try:
            return self[self._names.index(name)]
        except ValueError:
            raise AttributeError(name) from None


class _Result:
    """The rows of one select, as much of SQLAlchemy's Result as the readers use."""

    def __init__(self, rows: list[_Row]):
        self._rows = rows

    def __iter__(self) -> Iterator[_Row]:
        return iter(self._rows)

    def all(self) -> list[_Row]:
        return list(self._rows)

    def first(self) -> _Row | None:
        return self._rows[0] if self._rows else None

    def one(self) -> _Row:
        assert len(self._rows) == 1
        return self._rows[0]

    def scalar(self) -> Any:
        return self._rows[0][0] if self._rows else None

    def scalars(self) -> Iterator[Any]:
        return (r[0] for r in self._rows)

    def scalar_one(self) -> Any:
        return self.one()[0]


def _key(stmt: Select[Any]) -> tuple[str, str]:
    compiled = stmt.compile(dialect=_DIALECT)
    return str(compiled), repr(sorted(compiled.params.items(), key=lambda kv: kv[0]))


def _names(stmt: Select[Any]) -> tuple[str, ...]:
    return tuple(str(c.key) for c in stmt.selected_columns)


class Reads:
    """A session stand-in for a service's checks and reader: first it gathers the selects
    they make (answering none), then it answers them from one batch."""

    def __init__(self, session: Session):
        self.session = session
        self.asked: dict[tuple[str, str], Select[Any]] = {}
        self.answers: dict[tuple[str, str], list[_Row]] | None = None
        self.missed = 0  # selects the gathering did not foresee (sent one by one)

    def execute(self, stmt: Any, params: Any = None) -> Any:
        if not isinstance(stmt, Select) or params is not None:
            raise Unforeseen("a write or a bare statement among a save's reads")
        key = _key(stmt)
        if self.answers is None:
            self.asked.setdefault(key, stmt)
            return _Result([])
        if key in self.answers:
            return _Result(self.answers[key])
        self.missed += 1
        if self.session is None:
            raise Unforeseen("a select no batch answers")
        return self.session.execute(stmt)

    def scalar(self, stmt: Any) -> Any:
        return self.execute(stmt).scalar()

    def scalars(self, stmt: Any) -> Any:
        return self.execute(stmt).scalars()

    def get_bind(self) -> Any:
        return self.session.get_bind()


def batch(session: Session, selects: dict[str, Select[Any]]) -> dict[str, list[_Row]]:
    """The rows of several selects, read in one statement (each as one JSON array)."""
    names = list(selects)
    parts = []
    for i, name in enumerate(names):
        stmt = selects[name]
        labelled = stmt.with_only_columns(*(c.label(f"c{n}") for n, c in
                                            enumerate(stmt.selected_columns)))
        alias = labelled.subquery(f"q{i}")
        parts.append(select(func.coalesce(func.json_agg(literal_column(f"q{i}")),
                                          literal_column("'[]'::json")))
                     .select_from(alias).scalar_subquery().label(f"p{i}"))
    found = session.execute(select(*parts)).one()
    out: dict[str, list[_Row]] = {}
    for i, name in enumerate(names):
        value = found[i]
        rows = json.loads(value) if isinstance(value, str) else value
        columns = _names(selects[name])
        out[name] = [_Row([r[f"c{n}"] for n in range(len(columns))], columns) for r in rows]
    return out


def held(kind: str, record_id: int) -> Select[Any]:
    """The index's texts of one record."""
    first, last = codes.record_range(kind, record_id)
    return select(_TEXT.c.code, _TEXT.c.text).where(_TEXT.c.code.between(first, last))


def showing(kind: str, record_id: int, kept: set[str], others: Sequence[str]) -> Select[Any]:
    """The other types' index rows whose whole text is one the record holds now and is
    about to lose (a name others show: they are indexed again after the save)."""
    first, last = codes.record_range(kind, record_id)
    mine = (select(_TEXT.c.text).where(
        _TEXT.c.code.between(first, last), func.length(_TEXT.c.text).between(3, 500),
        not_(_TEXT.c.text == func.any(bindparam("kept", sorted(kept),
                                                  type_=ARRAY(Text))))))
    ranges = [_TEXT.c.code.between(*codes.kind_range(k)) for k in others]
    return select(_TEXT.c.code, _TEXT.c.text).where(or_(*ranges), _TEXT.c.text.in_(mine))


def acronyms(texts: set[str]) -> Select[Any]:
    """The full names of the organizations whose acronym is one of ``texts``."""
    return select(_ORGS.c.acronym, _ORGS.c.name).where(
        _ORGS.c.acronym == func.any(bindparam("acronyms", sorted(texts), type_=ARRAY(Text))))


def write(session: Session, *, main: Any, record_id: int, values: dict[str, Any],
          version: int | None, creating: bool, kind: str,
          texts: search_index.Texts, starts: search_index.Starts,
          entry: dict[str, Any] | None) -> int:
    """The one statement that writes a save: the row (version checked and raised), its
    index rows replaced and its history entry; the version now stored."""
    claim: Any
    if creating:
        claim = insert(main).values(id=record_id, version=1, **values)
    else:
        bump = 1 if entry is not None else 0
        claim = update(main).where(main.id == record_id, main.version == version).values(
            version=main.version + bump, **values)
    claimed = claim.returning(main.id, main.version).cte("claimed")
    first, last = codes.record_range(kind, record_id)
    taken = delete(_TEXT).where(_TEXT.c.code.between(first, last)).returning(
        _TEXT.c.code).cte("taken")
    taken_words = delete(_WORDS).where(_WORDS.c.code.between(first, last)).returning(
        _WORDS.c.code).cte("taken_words")
    # (Put back after the old rows are out: the count of the deleted rows is read first.)
    after_taken = select(func.count()).select_from(taken).scalar_subquery() >= 0
    after_words = select(func.count()).select_from(taken_words).scalar_subquery() >= 0
    new_texts = func.unnest(bindparam("codes", [c for c, _t in texts], type_=ARRAY(BigInteger)),
                            bindparam("texts", [t for _c, t in texts], type_=ARRAY(Text))
                            ).table_valued("code", "text").render_derived()
    new_words = func.unnest(bindparam("words", [w for w, _c in starts], type_=ARRAY(Text)),
                            bindparam("wcodes", [c for _w, c in starts],
                                      type_=ARRAY(BigInteger))
                            ).table_valued("word", "code").render_derived()
    ctes = [taken, taken_words,
            insert(_TEXT).from_select(["code", "text"], select(
                new_texts.c.code, new_texts.c.text).where(after_taken)).cte("put"),
            insert(_WORDS).from_select(["word", "code"], select(
                new_words.c.word, new_words.c.code).where(after_words)).cte("put_words")]
    if entry is not None:
        names = ["at", "author", "action", "kind", "record_id", "label", "before", "after"]
        ctes.append(insert(HistoryRow).from_select(
            [*names, "version", "origin"],
            select(*(literal(entry[n]) for n in names), claimed.c.version, literal(""))
        ).cte("journal"))
    found = session.execute(select(claimed.c.version).add_cte(*ctes)).first()
    if found is None:
        raise Unforeseen("the version checked is no longer the stored one")
    return int(found[0])


def entry_of(service: Any, action: str, record_id: int, before: Any, after: Any
             ) -> dict[str, Any] | None:
    """The history entry of a save (None: it changed nothing)."""
    old = None if before is None else to_archive(service.record_type, before)
    new = to_archive(service.record_type, after)
    if action == "changed" and old == new:
        return None
    return {"at": history.now_text(), "author": service.author, "action": action,
            "kind": service.record_type.key, "record_id": record_id,
            "label": service.record_label(after), "before": history.dumped(old),
            "after": history.dumped(new)}


def save(service: Any, record: Any, record_id: int | None, version: int | None,
         action: str) -> Any:
    """Check and write one record in two statements of one transaction; the record as
    saved. (Records of other types that showed a name it no longer has are indexed
    again in the same transaction: more statements, for a rename that others show.)"""
    with service._sessions.begin() as session:
        read = _read_first(session, service, record, record_id, version)
        kind, main, the_id = service.record_type.key, service._table(), read.record_id
        values = service._values(record)
        after = _as_written(service, main, the_id, {**read.stored, **values})
        names = {a: n for a, n in read.found["acronyms"]}
        if kind == "organizations":  # (the index reads this one's acronym as now saved)
            names = {a: n for a, n in names.items()
                     if a != getattr(read.before, "acronym", None)}
            if after.acronym:
                names[after.acronym] = after.name
        texts, starts = search_index._rows(kind, the_id, service.record_type, after, names)
        write(session, main=main, record_id=the_id, values=values,
              version=read.stored.get("version"), creating=record_id is None, kind=kind,
              texts=texts, starts=starts,
              entry=entry_of(service, action, the_id, read.before, after))
        if record_id is not None:
            _index_others(session, service, read, {t for _c, t in texts})
        return after


class _First:
    """What the first statement read: the batch's rows, the record's id (a new one's
    too), its stored row and the record before (None: a new one)."""

    def __init__(self, found: dict[str, list[_Row]], record_id: int,
                 stored: dict[str, Any], before: Any, foreseen: set[str]):
        self.found, self.record_id, self.stored = found, record_id, stored
        self.before, self.foreseen = before, foreseen


def _read_first(session: Session, service: Any, record: Any, record_id: int | None,
                version: int | None) -> _First:
    """The first statement: the checks' look-ups and the record before, with what the
    index and the history need; the checks are made on what it read."""
    kind, main = service.record_type.key, service._table()
    reads = Reads(session)
    service._checks(reads, record, record_id)
    if record_id is not None:
        service._read(reads, [record_id])
    asked = list(reads.asked)
    extra: dict[str, Select[Any]] = {"acronyms": acronyms(_shown_names(service, record))}
    foreseen = {t for _k, t in search_index.field_texts(service.record_type, record)}
    wanted = getattr(record, "id", None)
    if record_id is None:
        extra["taken"] = select(main.id).where(main.id == (wanted or -1))
        extra["next"] = select(func.nextval(func.pg_get_serial_sequence(
            main.__tablename__, "id")))
    else:
        extra["held"] = held(kind, record_id)
        extra["showing"] = showing(kind, record_id, foreseen,
                                   [o.record_type.key for o in service.others])
    found = batch(session, {**{f"s{i}": reads.asked[k] for i, k in enumerate(asked)},
                            **extra})
    reads.answers = {key: found[f"s{i}"] for i, key in enumerate(asked)}
    service._checks(reads, record, record_id)
    if record_id is None:
        the_id = wanted if wanted is not None and not found["taken"] else int(
            found["next"][0][0])
        return _First(found, the_id, {}, None, foreseen)
    before = service._read(reads, [record_id]).get(record_id)
    rows = found[f"s{asked.index(_key(_columns(main, record_id)))}"]
    if before is None or not rows:
        raise Unforeseen("the record is no longer stored: refused the long way")
    stored = dict(zip(rows[0]._names, rows[0], strict=True))
    if version is not None and version != stored["version"]:
        raise Unforeseen("stale: refused the long way, naming who changed it")
    if reads.missed:
        raise Unforeseen("a check asked what the batch did not read")
    return _First(found, record_id, stored, before, foreseen)


def _index_others(session: Session, service: Any, read: _First, now: set[str]) -> None:
    """Index again the records of other types that showed a text the record lost."""
    gone = {t for _c, t in read.found["held"]} - now
    if gone & read.foreseen:  # (foreseen as kept, but not kept: asked the long way)
        raise Unforeseen("a text the record loses was not looked for")
    shown = [c for c, t in read.found["showing"] if t in gone]
    for other in service.others if shown else ():
        first, last = codes.kind_range(other.record_type.key)
        ids = sorted({codes.record_of(c) for c in shown if first <= c <= last})
        for found_id, found_record in other._read(session, ids).items() if ids else ():
            search_index.keep(session, other.record_type, found_id, found_record)


def _columns(main: Any, record_id: int) -> Select[Any]:
    from msmedesk.records.rows import columns

    return columns(main, [record_id])


def _as_written(service: Any, main: Any, record_id: int, values: dict[str, Any]) -> Any:
    """The record as the type's reader reads the row just written (no statement sent)."""
    row: dict[str, Any] = {c.name: None for c in main.__table__.columns}
    row.update(values, id=record_id)
    stmt = _columns(main, record_id)
    reads = Reads(None)  # type: ignore[arg-type]
    names = _names(stmt)
    reads.answers = {_key(stmt): [_Row([row[n] for n in names], names)]}
    found = service._read(reads, [record_id]).get(record_id)
    if reads.missed or found is None:
        raise Unforeseen("the type's reader reads more than its row")
    return found


def _shown_names(service: Any, record: Any) -> set[str]:
    """The texts of the record's names, stripped or not: those an acronym may be."""
    out: set[str] = set()
    for f in service.record_type.fields:
        value = getattr(record, f.name, None)
        pairs = ([(rf, getattr(r, rf.name, None)) for r in value or () for rf in f.rows.fields]
                 if f.rows is not None else [(f, value)])
        for field, v in pairs:
            if field.kind in ("name", "names", "owner"):
                out |= {x for t in search_index.shown(field, v) for x in (t, t.strip())}
    return out
