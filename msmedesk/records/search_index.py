"""The search index: every record's shown text, folded, kept beside the records.

Three tables (migration 0005): ``search_rows`` holds one row per field value of a record
(``kind``, ``record_id``, ``field``, ``text``: folded, as the window shows it); the FTS5
table ``search_text`` indexes that text by trigrams (its content is ``search_rows``: the
text is stored once); ``search_words`` holds the first one or two characters of every word,
for queries of one or two characters, which trigrams cannot match.

The services keep it in the transaction of every save and delete (``keep``, ``forget``);
an import, the sample and a rescue rebuild it whole (``rebuild``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from msmedesk.domain import PartialDate, long_date
from msmedesk.registry import Field, RecordType
from msmedesk.search.query import fold

ROWS, TEXT, WORDS = "search_rows", "search_text", "search_words"
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


def _rows(kind: str, record_id: int, record_type: RecordType, record: Any,
          names: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    texts, starts = [], set()
    for key, value in field_texts(record_type, record, names):
        if value:
            texts.append({"k": kind, "r": record_id, "f": key, "t": value})
            starts |= {(key, w) for w in words(value)}
    return texts, [{"k": kind, "r": record_id, "f": f, "w": w} for f, w in sorted(starts)]


def _insert(session: Session, texts: list[dict[str, Any]], starts: list[dict[str, Any]]
            ) -> None:
    if texts:
        session.execute(text(f"INSERT INTO {ROWS} (kind, record_id, field, text) "
                             "VALUES (:k, :r, :f, :t)"), texts)
    if starts:
        session.execute(text(f"INSERT INTO {WORDS} (kind, record_id, field, word) "
                             "VALUES (:k, :r, :f, :w)"), starts)


def forget(session: Session, kind: str, record_id: int) -> None:
    """Take one record out of the index (in the caller's transaction)."""
    where = {"k": kind, "r": record_id}
    # External content: FTS5 is told the old text of each row it forgets.
    session.execute(text(f"INSERT INTO {TEXT} ({TEXT}, rowid, kind, record_id, field, text) "
                         f"SELECT 'delete', id, kind, record_id, field, text FROM {ROWS} "
                         "WHERE kind = :k AND record_id = :r"), where)
    session.execute(text(f"DELETE FROM {ROWS} WHERE kind = :k AND record_id = :r"), where)
    session.execute(text(f"DELETE FROM {WORDS} WHERE kind = :k AND record_id = :r"), where)


def keep(session: Session, record_type: RecordType, record_id: int, record: Any) -> None:
    """Index one record as just saved, in place of what the index held of it."""
    forget(session, record_type.key, record_id)
    texts, starts = _rows(record_type.key, record_id, record_type, record,
                          organization_names(session))
    _insert(session, texts, starts)
    session.execute(text(f"INSERT INTO {TEXT} (rowid, kind, record_id, field, text) "
                         f"SELECT id, kind, record_id, field, text FROM {ROWS} "
                         "WHERE kind = :k AND record_id = :r"),
                    {"k": record_type.key, "r": record_id})


def index_new(session: Session, services: Iterable[Any]) -> None:
    """Index the records the index does not hold yet (those an import added), in bulk.

    ``services``: the listed types' services (their tables and their one readers)."""
    first = session.scalar(text(f"SELECT coalesce(max(id), 0) FROM {ROWS}"))
    names = organization_names(session)
    texts: list[dict[str, Any]] = []
    starts: list[dict[str, Any]] = []
    for service in services:
        record_type = service.record_type
        key = record_type.key
        table = service.table().__table__.name
        new = [i for (i,) in session.execute(text(
            f"SELECT id FROM {table} EXCEPT SELECT record_id FROM {ROWS} WHERE kind = :k"),
            {"k": key})]
        if not new:
            continue
        every = session.scalar(text(f"SELECT count(*) FROM {table}")) == len(new)
        for part in [None] if every else _chunks(new):
            for record_id, record in service._read(session, part).items():
                more, more_starts = _rows(key, record_id, record_type, record, names)
                texts += more
                starts += more_starts
    _insert(session, texts, starts)
    session.execute(text(f"INSERT INTO {TEXT} (rowid, kind, record_id, field, text) "
                         f"SELECT id, kind, record_id, field, text FROM {ROWS} "
                         "WHERE id > :first"), {"first": first})


def _chunks(ids: list[int], size: int = 5000) -> Iterator[list[int]]:
    # (SQLite takes at most 32,766 values in one statement.)
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def rebuild(session: Session, services: Iterable[Any]) -> None:
    """Index every record again from the records themselves: one INSERT per table."""
    session.execute(text(f"DELETE FROM {ROWS}"))
    session.execute(text(f"DELETE FROM {WORDS}"))
    session.execute(text(f"INSERT INTO {TEXT} ({TEXT}) VALUES ('delete-all')"))
    index_new(session, services)
