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
    cast,
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


def _key(stmt: Select[Any]) -> Any:
    """What tells two selects apart: SQLAlchemy's cache key of its shape and the values
    it binds (compiling each select to tell them apart cost more than running them)."""
    found = stmt._generate_cache_key()
    assert found is not None
    return found.key, tuple(repr(b.effective_value) for b in found.bindparams)


def _names(stmt: Select[Any]) -> tuple[str, ...]:
    return tuple(str(c.key) for c in stmt.selected_columns)


class _Gathered(Exception):
    """A gathering run stopped at a write (it saw an empty answer): what it asked so far
    is gathered."""


def _own_table(stmt: Select[Any]) -> str | None:
    """The one table a plain select of its columns reads (None: a join, or else)."""
    if stmt._setup_joins or stmt._from_obj:
        return None
    tables = {getattr(c, "table", None) for c in stmt.selected_columns}
    table = tables.pop() if len(tables) == 1 else None
    return getattr(table, "name", None)


class Reads:
    """A session stand-in for a service's checks and readers: while ``gathering`` it
    collects the selects they make that no batch has answered yet (answering them empty);
    then it answers them from the batches. ``predicted``: rows of the record's own tables
    as the save writes them, by table name (for reading the record "after")."""

    def __init__(self, session: Session | None, answers: dict[Any, list[_Row]] | None = None,
                 asked: dict[Any, Select[Any]] | None = None,
                 predicted: dict[str, list[dict[str, Any]]] | None = None):
        self.session = session
        self.asked: dict[Any, Select[Any]] = {} if asked is None else asked
        self.answers: dict[Any, list[_Row]] = {} if answers is None else answers
        self.predicted = predicted or {}
        self.gathering = True
        self.missed = 0  # selects the gathering did not foresee (sent one by one)

    def execute(self, stmt: Any, params: Any = None) -> Any:
        if not isinstance(stmt, Select) or params is not None:
            if self.gathering:
                raise _Gathered()
            raise Unforeseen("a write or a bare statement among a save's reads")
        own = _own_table(stmt) if self.predicted else None
        if own in self.predicted:
            names = tuple(str(c.name) for c in stmt.selected_columns)
            if any(n not in r for r in self.predicted[own][:1] for n in names):
                raise Unforeseen("the reader reads more than the rows written")
            return _Result([_Row([r[n] for n in names], _names(stmt))
                            for r in self.predicted[own]])
        key = _key(stmt)
        if key in self.answers:
            return _Result(self.answers[key])
        if self.gathering:
            self.asked.setdefault(key, stmt)
            return _Result([])
        self.missed += 1
        if self.session is None:
            raise Unforeseen("a select no batch answers")
        return self.session.execute(stmt)

    def scalar(self, stmt: Any) -> Any:
        return self.execute(stmt).scalar()

    def scalars(self, stmt: Any) -> Any:
        return self.execute(stmt).scalars()

    def get_bind(self) -> Any:
        assert self.session is not None
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
    mine = select(_TEXT.c.text.label("value")).where(
        _TEXT.c.code.between(first, last), func.length(_TEXT.c.text).between(3, 500),
        not_(_TEXT.c.text == func.any(bindparam("kept", sorted(kept),
                                                  type_=ARRAY(Text))))).subquery("mine")
    # Each value looked up on its own (LATERAL), as the trigram index serves "=", not a
    # join the planner might make by reading the whole index table.
    other = _TEXT.alias("other")
    hits = select(other.c.code, other.c.text).where(
        other.c.text == mine.c.value,
        or_(*(other.c.code.between(*codes.kind_range(k)) for k in others))).lateral("hits")
    return select(hits.c.code, hits.c.text).select_from(mine).join(hits, literal(True))


def acronyms(texts: set[str]) -> Select[Any]:
    """The full names of the organizations whose acronym is one of ``texts``."""
    return select(_ORGS.c.acronym, _ORGS.c.name).where(
        _ORGS.c.acronym == func.any(bindparam("acronyms", sorted(texts), type_=ARRAY(Text))))


def write(session: Session, *, main: Any, record_id: int, values: dict[str, Any],
          version: int | None, creating: bool, kind: str,
          texts: search_index.Texts, starts: search_index.Starts,
          entry: dict[str, Any] | None,
          children: Sequence[tuple[Any, Any, list[dict[str, Any]]]] = ()) -> int:
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
    ctes += _children_written(children, record_id)
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


def _children_written(children: Sequence[tuple[Any, Any, list[dict[str, Any]]]],
                      record_id: int) -> list[Any]:
    """The CTEs that take out a record's child rows and put its new ones back (after:
    the pairs a row names are unique)."""
    ctes: list[Any] = []
    for i, (child, key, rows) in enumerate(children):
        gone = delete(child).where(key == record_id).returning(key).cte(f"gone_{i}")
        ctes.append(gone)
        if not rows:
            continue
        names = list(rows[0])
        # (Arrays bound, one a column, unnested together: one statement of each shape,
        # whatever the rows, compiled once; a VALUES list was compiled for every save.)
        new = func.unnest(*(bindparam(f"rows_{i}_{n}", [r[n] for r in rows],
                                      type_=ARRAY(child.__table__.c[n].type))
                            for n in names)).table_valued(*names).render_derived()
        # (Cast: a column of NULLs only would be read as text.)
        typed = [cast(new.c[n], child.__table__.c[n].type) for n in names]
        ctes.append(insert(child).from_select(names, select(*typed).where(
            select(func.count()).select_from(gone).scalar_subquery() >= 0)).cte(f"put_{i}"))
    return ctes


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
    """Check and write one record in at most three statements of one transaction; the
    record as saved. (Records of other types that showed a name it no longer has are
    indexed again in the same transaction: more statements, for a rename others show.)"""
    with service._sessions.begin() as session:
        read = _Reading(session, service, record, record_id)
        read.run(version)
        kind, the_id, after = service.record_type.key, read.record_id, read.after
        names = {a: n for a, n in read.found["acronyms"]}
        if kind == "organizations":  # (the index reads this one's acronym as now saved)
            names = {a: n for a, n in names.items()
                     if a != getattr(read.before, "acronym", None)}
            if after.acronym:
                names[after.acronym] = after.name
        texts, starts = search_index._rows(kind, the_id, service.record_type, after, names)
        write(session, main=service._table(), record_id=the_id, values=read.values,
              version=read.stored.get("version"), creating=record_id is None, kind=kind,
              texts=texts, starts=starts, children=read.children,
              entry=entry_of(service, action, the_id, read.before, after))
        if record_id is not None and service.named:
            _index_others(session, service, read, {t for _c, t in texts})
        return after


class _Reading:
    """The reads of a save: one batch of the checks' look-ups and the record before (with
    what the index and the history need), and, where the record's reader reads labels of
    what its rows name (a Member's name by id), a second batch of those, for the record
    before and after alike; then the checks are made and the record read on what came."""

    def __init__(self, session: Session, service: Any, record: Any, record_id: int | None):
        self.session, self.service, self.record = session, service, record
        self.creating = record_id is None
        self.record_id = record_id or 0  # (a new record's: known after the first batch)
        self.reads = Reads(session)
        self.found: dict[str, list[_Row]] = {}
        self.stored: dict[str, Any] = {}
        self.values: dict[str, Any] = {}
        self.children: list[tuple[Any, Any, list[dict[str, Any]]]] = []
        self.before: Any = None
        self.after: Any = None
        self.foreseen = {t for _k, t in search_index.field_texts(service.record_type, record)}

    def run(self, version: int | None) -> None:
        """Read (two batches at most), check, and know the record before and after."""
        self._pass()
        self._batch(self._extra())
        if self.creating:
            wanted = getattr(self.record, "id", None)
            self.record_id = (wanted if wanted is not None and not self.found["taken"]
                              else int(self.found["next"][0][0]))
        self._pass()
        while self.reads.asked:  # (labels of what the rows name: one more batch; a
            self._batch({})      # label of a label: one more again)
            self._pass()
        self.reads.gathering = False
        self._pass()
        if self.reads.missed:
            raise Unforeseen("a check asked what the batches did not read")
        if not self.creating:
            if self.before is None:
                raise Unforeseen("the record is no longer stored: refused the long way")
            if version is not None and version != self.stored["version"]:
                raise Unforeseen("stale: refused the long way, naming who changed it")

    def _pass(self) -> None:
        """One run of the checks, the reader of the record before and that of the record
        after: while gathering, each on its own, and a refusal (which may come of an
        answer not read yet) ends only its own part."""
        resolved: Any = None
        for part in (self._checked, self._read_before, self._read_after):
            try:
                resolved = part(resolved)
            except Exception:
                if not self.reads.gathering:
                    raise
                if part == self._checked:
                    resolved = _Gathered  # (the record after waits for the checks)

    def _checked(self, _resolved: Any) -> Any:
        return self.service._checks(self.reads, self.record,
                                    None if self.creating else self.record_id)

    def _read_before(self, resolved: Any) -> Any:
        if not self.creating:
            service, main = self.service, self.service._table()
            self.before = service._read(self.reads, [self.record_id]).get(self.record_id)
            rows = self.reads.answers.get(_key(_columns(main, self.record_id)))
            self.stored = dict(zip(rows[0]._names, rows[0], strict=True)) if rows else {}
        return resolved

    def _read_after(self, resolved: Any) -> Any:
        if not self.record_id or resolved is _Gathered:
            return resolved
        service, main = self.service, self.service._table()
        self.values = service._values(self.record, resolved)
        self.children = service._children(self.record, resolved, self.record_id)
        row: dict[str, Any] = {c.name: None for c in main.__table__.columns}
        row.update(self.stored, **self.values, id=self.record_id)
        predicted = {main.__tablename__: [row]}
        for child, _key_column, rows_written in self.children:
            blank = {c.name: None for c in child.__table__.columns}
            predicted[child.__tablename__] = [{**blank, **r} for r in rows_written]
        after = Reads(self.session, self.reads.answers, self.reads.asked, predicted)
        after.gathering = self.reads.gathering
        try:
            self.after = service._read(after, [self.record_id]).get(self.record_id)
        finally:
            self.reads.missed += after.missed
        return resolved

    def _extra(self) -> dict[str, Select[Any]]:
        main, kind = self.service._table(), self.service.record_type.key
        extra = {"acronyms": acronyms(_shown_names(self.service, self.record))}
        if self.creating:
            extra["taken"] = select(main.id).where(
                main.id == (getattr(self.record, "id", None) or -1))
            extra["next"] = select(func.nextval(func.pg_get_serial_sequence(
                main.__tablename__, "id")))
        elif self.service.named:
            extra["held"] = held(kind, self.record_id)
            extra["showing"] = showing(kind, self.record_id, self.foreseen,
                                       [o.record_type.key for o in self.service.others])
        return extra

    def _batch(self, extra: dict[str, Select[Any]]) -> None:
        """One statement: the selects gathered (answered from now on) and ``extra``."""
        asked = list(self.reads.asked)
        found = batch(self.session, {**{f"s{i}": self.reads.asked[k]
                                        for i, k in enumerate(asked)}, **extra})
        self.reads.answers.update({k: found[f"s{i}"] for i, k in enumerate(asked)})
        self.reads.asked.clear()
        self.found.update({k: found[k] for k in extra})


def _index_others(session: Session, service: Any, read: _Reading, now: set[str]) -> None:
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

