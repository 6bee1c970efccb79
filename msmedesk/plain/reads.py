"""The plain reads the window makes of any data file at start-up: whether it is empty, a
tab's saved searches, one record's history (the services' own SQL, through sqlite3)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from msmedesk.history import Change
from msmedesk.search.saved import SavedSearch

#: The tables of the records ``Services.is_empty`` looks in (each listed type's main rows;
#: a test checks they are the services' own).
RECORD_TABLES = ("annexes", "contacts", "documents", "group_profile", "meetings", "members",
                 "organizations", "outreach_events", "package_entries", "proposals")

#: The history's columns as a ``Change`` is read from them, in its fields' order.
HISTORY_COLUMNS = ('id, at, author, action, kind, record_id, label, "before", "after", '
                   "version, origin")


@contextmanager
def snapshot(connection: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One read transaction: the statements inside see the same committed file."""
    connection.execute("BEGIN")
    try:
        yield connection
    finally:
        connection.execute("COMMIT")


#: The row of ``search_words`` that marks a search index lacking records after a large
#: import (``records.search_state``): a word no text has, a number of no record type.
INDEX_MARK = ("", 0)


def index_marked(connection: sqlite3.Connection) -> bool:
    """Whether a large import left the file's search index lacking records."""
    return connection.execute("SELECT 1 FROM search_words WHERE word = ? AND code = ?",
                              INDEX_MARK).fetchone() is not None


def is_empty(connection: sqlite3.Connection) -> bool:
    """Whether the file holds no records at all (the profile counts as a record)."""
    with snapshot(connection):
        return not any(connection.execute(f"SELECT EXISTS (SELECT * FROM {t})").fetchone()[0]
                       for t in RECORD_TABLES)


def saved_searches(connection: sqlite3.Connection, scope: str | None) -> list[SavedSearch]:
    """The saved searches of ``scope`` (None: Find anywhere's), by name."""
    rows = connection.execute("SELECT id, name, scope, query FROM saved_searches "
                              "WHERE scope = ?", (scope or "",)).fetchall()
    found = [SavedSearch(i, n, s or None, q) for i, n, s, q in rows]
    return sorted(found, key=lambda s: (s.scope or "", s.name.casefold(), s.name))


def history_of(connection: sqlite3.Connection, kind: str, record_id: int,
               limit: int = 100) -> tuple[Change, ...]:
    """The history of one record, newest first."""
    rows = connection.execute(
        f"SELECT {HISTORY_COLUMNS} FROM history WHERE kind = ? AND record_id = ? "
        "ORDER BY at DESC, id DESC LIMIT ?", (kind, record_id, limit)).fetchall()
    return tuple(change_of(r) for r in rows)


def change_of(row: Any) -> Change:
    """The ``Change`` of one history row (its columns in ``HISTORY_COLUMNS`` order)."""
    at = datetime.fromisoformat(row[1])
    if at.tzinfo is None:  # (an archive's entry without its zone: taken as UTC)
        at = at.replace(tzinfo=UTC)
    return Change(id=row[0], at=at, author=row[2], action=row[3], kind=row[4],
                  record_id=row[5], label=row[6], before=_loaded(row[7]),
                  after=_loaded(row[8]), version=row[9], origin=row[10] or "")


def _loaded(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def years(connection: sqlite3.Connection, table: str, column: str) -> list[int]:
    """The years of an indexed ISO-date column, newest first (one index seek per year, as
    ``records.helpers._years_of`` reads them)."""
    sql = (f'WITH RECURSIVE y(v) AS (SELECT max("{column}") FROM "{table}" UNION ALL '
           f'SELECT (SELECT max("{column}") FROM "{table}" WHERE "{column}" < substr(y.v, 1, '
           f'4)) FROM y WHERE y.v IS NOT NULL) SELECT substr(v, 1, 4) FROM y WHERE v IS NOT '
           "NULL")
    return [int(v) for (v,) in connection.execute(sql)]
