"""The search index: every record's shown text, folded, kept beside the records.

Two tables (migration 0006): the FTS5 table ``search_text`` holds one row per field value
of a record (folded, as the window shows it), indexed by trigrams, the text stored once (in
its own content table); its row number tells the record type, the record, the field and
the value's place (``search_codes``), so that a match needs no stored row read.
``search_words`` holds the first one or two characters of the words of names, symbols,
titles and choices with the number of their field (place aside), for queries of one or two
characters, which trigrams cannot match.

The services keep it in the transaction of every save and delete (``keep``, ``forget``);
an import, the sample and a rescue rebuild it whole (``rebuild``).

On a PostgreSQL server (migration 0006's other branch) ``search_text`` is a plain table
(``code``, ``text``) with pg_trgm's GIN index over the text, and ``search_words`` keeps
its words in byte order (``COLLATE "C"``) with an index on ``code``: the same rows, the
same folded text, written in bulk through ``COPY`` and taken out a record's range at a time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from msmedesk.db.models import SEARCH_TEXT_SQL
from msmedesk.domain import PartialDate, long_date
from msmedesk.records import search_codes as codes
from msmedesk.registry import Field, RecordType, by_key
from msmedesk.search.query import fold

TEXT, WORDS = "search_text", "search_words"
# The longest text that may be a name (of a Member, an organization, a document …) that
# other records show: longer ones are narratives, which no record names another by.
_LONGEST_NAME = 500
# Rows inserted at a time by a bulk indexing.
_BATCH = 200_000
# The trigrams FTS5 gathers in memory before it writes them (its default: 1 MB): a bulk
# indexing of the large benchmark file took 17.6 s with the default, 10.7 s with this, as
# fewer, larger segments are written and merged. FTS5 keeps it in the file's own settings;
# a save's few rows never come near it.
_PENDING_BYTES = 64 * 1024 * 1024
# Letters and digits of a word, after folding ("d'ivoire": "d", "ivoire").
_WORD = re.compile(r"[^\W_]+")


def shown(f: Field, value: Any) -> list[str]:
    """The texts of one field's value as the window shows them (dates also in ISO)."""
    if value is None or value == "" or value == ():
        return []
    if f.kind == "choice":
        return [f.choice_label(value)]
    if f.kind == "integer":
        return [str(value)]
    if f.kind in ("names", "symbols", "dates"):
        return [t for v in value for t in _one(v)]
    if f.kind == "ref":
        return [getattr(value, "name", str(value))]
    return _one(value)


def _one(value: Any) -> list[str]:
    if isinstance(value, PartialDate):
        return [f"{value.long()} {value.iso()}"]
    if isinstance(value, date):
        return [f"{long_date(value)} {value.isoformat()}"]
    return [str(value)]


def _indexed(f: Field) -> bool:
    # An order number ("place in the meeting") is no text anyone looks for (as the search
    # names' catalog says too); a number the record is known by (an annex's) is.
    return not (f.kind == "integer" and f.optional)


def field_texts(record_type: RecordType, record: Any, names: Mapping[str, str] | None = None
                ) -> Iterator[tuple[str, str]]:
    """(index field key, folded text) of every value of ``record``, nested rows as
    "rows.field"; an organization named by its acronym is found by its ``names`` too."""
    names = names or {}
    for f in record_type.fields:
        value = getattr(record, f.name, None)
        if f.rows is not None:
            for row in value or ():
                for rf in f.rows.fields:
                    if _indexed(rf):
                        yield from ((f"{f.key}.{rf.key}", _folded(t)) for t in _with_names(
                            rf, shown(rf, getattr(row, rf.name, None)), names))
        elif _indexed(f):
            yield from ((f.key, _folded(t)) for t in _with_names(f, shown(f, value), names))


def _with_names(f: Field, texts: list[str], names: Mapping[str, str]) -> list[str]:
    if f.kind not in ("name", "names", "owner"):
        return texts
    return texts + [names[t] for t in texts if t in names]


def organization_names(session: Session) -> dict[str, str]:
    """The full name of every organization by its acronym (records name them by it)."""
    return dict(session.execute(text(
        "SELECT acronym, name FROM organizations WHERE coalesce(acronym, '') != ''")).all())


def _folded(value: str) -> str:
    return " ".join(fold(value).split())


def words(folded: str) -> set[str]:
    """The starts (one or two characters) of the words of a folded text."""
    return {w[:2] for w in _WORD.findall(folded)}


Texts = list[tuple[int, str]]
Starts = list[tuple[str, int]]


def _rows(kind: str, record_id: int, record_type: RecordType, record: Any,
          names: Mapping[str, str]) -> tuple[Texts, Starts]:
    by_field: dict[str, list[str]] = {}
    # Each text of a field once (two presentations by the ITC: one "itc").
    for key, value in dict.fromkeys(field_texts(record_type, record, names)):
        if value:
            by_field.setdefault(key, []).append(value)
    texts: Texts = []
    for key, values in by_field.items():
        if len(values) > codes.PLACES:
            # (More values than a field's places: the last place holds the rest, a line
            # each, which no typed text can join.)
            values = values[:codes.PLACES - 1] + ["\n".join(values[codes.PLACES - 1:])]
        first = codes.code(kind, record_id, key)
        texts += [(first + place, value) for place, value in enumerate(values)]
    return texts, _starts(kind, texts)


def _starts(kind: str, texts: Iterable[tuple[int, str]]) -> Starts:
    """The (word start, field number) rows of the words table for ``texts``.

    Narratives (summaries, descriptions) are left out: one or two characters typed find
    names, symbols, titles and choices by the start of their words (what the first
    keystrokes of a search are after), and a narrative's words would make the table larger
    than the records (4.7 million rows on the large benchmark file). A field's number
    without its value's place: a record's field once per word start.
    """
    narratives = _narratives_of(kind)
    return sorted({(w, number & _NO_PLACE) for number, value in texts
                   if codes.field_of(kind, number) not in narratives for w in words(value)})


_NO_PLACE = ~(codes.PLACES - 1)


@functools.cache
def _narratives_of(key: str) -> frozenset[str]:
    record_type = by_key(key)
    found = {f.key for f in record_type.fields if f.kind == "text"}
    found |= {f"{f.key}.{r.key}" for f in record_type.fields if f.rows is not None
              for r in f.rows.fields if r.kind == "text"}
    return frozenset(found)


def _on_server(session: Session) -> bool:
    """Whether the session's database is a PostgreSQL server (else a SQLite file)."""
    return session.get_bind().dialect.name != "sqlite"


def _number(session: Session) -> str:
    # The column of a row's number: FTS5's rowid on a file, a column of its own on a server.
    return "code" if _on_server(session) else "rowid"


def _driver(session: Session) -> Any:
    # Straight through the session's sqlite3 connection, in its transaction: a bulk of
    # plain tuples (SQLAlchemy's handling of a million parameter sets cost more than the
    # inserts).
    driver = session.connection().connection.driver_connection
    assert driver is not None  # (an open session's connection always has one)
    return driver


def _insert(session: Session, texts: Texts, starts: Starts) -> None:
    driver = _driver(session)
    if _on_server(session):
        # One COPY per table: a save's few rows and an import's hundred thousands alike in
        # one round trip each.
        with driver.cursor() as cursor:
            for table, columns, rows in ((TEXT, "code, text", texts),
                                         (WORDS, "word, code", starts)):
                if rows:
                    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
        return
    # (In the order they come, a record after another: sorting them, or gathering every
    # type's rows before FTS5 writes any, left 37-75 MB of free pages in the file after a
    # large import, for no time saved.)
    if texts:
        driver.executemany(f"INSERT INTO {TEXT} (rowid, text) VALUES (?, ?)", texts)
    if starts:
        driver.executemany(f"INSERT INTO {WORDS} (word, code) VALUES (?, ?)", starts)


def _held(session: Session, kind: str, record_id: int) -> Texts:
    first, last = codes.record_range(kind, record_id)
    number = _number(session)
    return [(n, t) for n, t in session.execute(text(
        f"SELECT {number}, text FROM {TEXT} WHERE {number} BETWEEN :a AND :b"),
        {"a": first, "b": last})]


def forget(session: Session, kind: str, record_id: int) -> None:
    """Take one record out of the index (in the caller's transaction)."""
    if _on_server(session):
        # A record's rows are one range of numbers in both tables (search_words is
        # indexed by code there): one statement, no read first.
        first, last = codes.record_range(kind, record_id)
        session.execute(text(
            f"WITH gone AS (DELETE FROM {TEXT} WHERE code BETWEEN :a AND :b) "
            f"DELETE FROM {WORDS} WHERE code BETWEEN :a AND :b"), {"a": first, "b": last})
        return
    old = _held(session, kind, record_id)
    if not old:
        return
    driver = _driver(session)
    # The words table is keyed by word: its rows are found by the words of the texts.
    driver.executemany(f"DELETE FROM {WORDS} WHERE word = ? AND code = ?",
                       _starts(kind, old))
    first, last = codes.record_range(kind, record_id)
    driver.execute(f"DELETE FROM {TEXT} WHERE rowid BETWEEN ? AND ?", (first, last))


def texts_of(session: Session, kind: str, record_id: int) -> set[str]:
    """The texts the index holds of one record."""
    return {t for _n, t in _held(session, kind, record_id)}


def naming(session: Session, kind: str, values: Iterable[str]) -> list[int]:
    """The records of ``kind`` with a field whose whole text is one of ``values`` (folded):
    those that name a record by a name it no longer has."""
    found: set[int] = set()
    first, last = codes.kind_range(kind)
    for value in values:
        if len(value) < 3 or len(value) > _LONGEST_NAME:
            continue  # (a narrative is no name; two letters are no trigram)
        found.update(codes.record_of(n) for n in session.scalars(text(
            # (On a server the trigram index serves "=" by itself.)
            f"SELECT code FROM {TEXT} WHERE code BETWEEN :a AND :b AND text = :v"
            if _on_server(session) else
            f"SELECT rowid FROM {TEXT} WHERE {TEXT} MATCH :q AND rowid BETWEEN :a AND :b "
            "AND text = :v"),
            {"q": '"' + value.replace('"', '""') + '"', "v": value, "a": first, "b": last}))
    return sorted(found)


def keep(session: Session, record_type: RecordType, record_id: int, record: Any) -> set[str]:
    """Index one record as just saved, in place of what the index held of it; returns its
    texts."""
    forget(session, record_type.key, record_id)
    texts, starts = _rows(record_type.key, record_id, record_type, record,
                          organization_names(session))
    _insert(session, texts, starts)
    return {t for _n, t in texts}


def indexed(session: Session, kind: str) -> set[int]:
    """The ids of the records of ``kind`` the index holds."""
    first, last = codes.kind_range(kind)
    if _on_server(session):
        return {codes.record_of(n) for (n,) in session.execute(text(
            f"SELECT code FROM {TEXT} WHERE code BETWEEN :a AND :b"), {"a": first, "b": last})}
    return {codes.record_of(n) for (n,) in _driver(session).execute(
        f"SELECT rowid FROM {TEXT} WHERE rowid BETWEEN ? AND ?", (first, last))}


def index_new(session: Session, services: Iterable[Any]) -> None:
    """Index the records the index does not hold yet (those an import added), in bulk.

    ``services``: the listed types' services (their tables and their one readers)."""
    names = organization_names(session)
    texts: Texts = []
    starts: Starts = []
    if not _on_server(session):
        _driver(session).execute(f"INSERT INTO {TEXT} ({TEXT}, rank) VALUES ('hashsize', ?)",
                                 (_PENDING_BYTES,))
    for service in services:
        parts = _unindexed(session, service)
        record_type = service.record_type
        key = record_type.key
        for part in parts:
            for record_id, record in service._read(session, part).items():
                more, more_starts = _rows(key, record_id, record_type, record, names)
                texts += more
                starts += more_starts
                if len(texts) > _BATCH:  # (a large import's rows are not all held at once)
                    _insert(session, texts, starts)
                    texts, starts = [], []
    _insert(session, texts, starts)


def index_records(session: Session, service: Any, ids: list[int]) -> None:
    """Index the records ``ids`` of a service's type, which the index does not hold yet."""
    names = organization_names(session)
    if not _on_server(session):
        _driver(session).execute(f"INSERT INTO {TEXT} ({TEXT}, rank) VALUES ('hashsize', ?)",
                                 (_PENDING_BYTES,))
    record_type = service.record_type
    texts: Texts = []
    starts: Starts = []
    for part in _chunks(ids):
        for record_id, record in service._read(session, part).items():
            more, more_starts = _rows(record_type.key, record_id, record_type, record, names)
            texts += more
            starts += more_starts
    _insert(session, texts, starts)


def _unindexed(session: Session, service: Any) -> list[list[int] | None]:
    """The ids of the records of a type the index does not hold, in parts to read (None:
    every record of the type, one read of its whole table)."""
    table = service.table().__table__.name
    held = indexed(session, service.record_type.key)
    ids = [i for (i,) in session.execute(text(f"SELECT id FROM {table}")) if i not in held]
    if not ids:
        return []
    return [None] if not held else list(_chunks(ids))


def _chunks(ids: list[int], size: int = 5000) -> Iterator[list[int]]:
    # (SQLite takes at most 32,766 values in one statement.)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def rebuild(session: Session, services: Iterable[Any]) -> None:
    """Index every record again from the records themselves."""
    session.execute(text(f"DELETE FROM {WORDS}"))
    if _on_server(session):
        # A plain table there (migration 0006), emptied: DELETE, not TRUNCATE, whose lock
        # would stop the other desks reading.
        session.execute(text(f"DELETE FROM {TEXT}"))
    else:
        # Made again rather than emptied: FTS5 takes a row out by reading its text again
        # to find its trigrams, a row at a time (as long as indexing the file anew).
        session.execute(text(f"DROP TABLE {TEXT}"))
        session.execute(text(SEARCH_TEXT_SQL))
    index_new(session, services)
