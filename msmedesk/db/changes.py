"""Knowing whether the records changed since a backup was made.

Two tools, used together by the automatic backups (``msmedesk.auto_backup``):

* ``ChangeCounter`` counts the transactions that changed rows, committed through an engine.
  It listens to the engine itself, not to the window, so every way of writing counts: a
  form, a delete, undo and redo, an import, the sample, the Group's profile, and any write
  path added later. (``PRAGMA data_version`` would need a connection of its own held open,
  which makes a restore refuse; hashing the file means reading all of it at every check;
  a counter stored in the file needs a change to every file's schema; the services telling
  the backend after each write works only as long as no service forgets to.)
* ``changed_since(path, backup)`` compares the records of a data file with those of a
  backup, row for row, inside SQLite. It answers the one question a counter that starts at
  zero with each opening cannot: whether the file holds changes that are in no backup,
  left by an earlier session that crashed, or by ``msmedesk import`` on the command line.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msmedesk.db.files import query_only_connection
from msmedesk.db.reading import sqlite_uri
from msmedesk.db.schema import derived

if TYPE_CHECKING:
    from sqlalchemy import Engine

# Keys in a pooled connection's ``info``: what SQLite's total_changes was when its
# transaction began, and whether a commit of changed rows awaits its return to the pool.
_SEEN = "msmedesk_changes_seen"
_PENDING = "msmedesk_changes_pending"


class ChangeCounter:
    """The number of committed transactions that changed rows in the data file.

    The count goes up when the connection that committed is back in the pool, that is
    after the commit is on disk: a backup that reads the count before its copy begins may
    hold less than the count says it does not, never more (one backup too many, never a
    change thought safe that is not).
    """

    def __init__(self, engine: Engine | None = None):
        self._lock = threading.Lock()
        self._count = 0
        self._listeners: list[Callable[[], None]] = []
        if engine is not None:
            self.watch(engine)

    @property
    def count(self) -> int:
        """How many changes were committed since this counter was made."""
        with self._lock:
            return self._count

    def watch(self, engine: Engine) -> None:
        """Count the changes committed through ``engine`` (a new one after a restore)."""
        # (SQLAlchemy is loaded by then: the engine is its.)
        from sqlalchemy import event

        event.listen(engine, "begin", self._on_begin)
        event.listen(engine, "commit", self._on_commit)
        event.listen(engine, "rollback", self._on_rollback)
        event.listen(engine, "checkin", self._on_checkin)

    def listen(self, listener: Callable[[], None]) -> None:
        """Call ``listener`` (from the thread that wrote) after each change is committed."""
        with self._lock:
            self._listeners.append(listener)

    def bump(self) -> None:
        """Count a change made around the engine (a restore put other records in place)."""
        with self._lock:
            self._count += 1
            listeners = list(self._listeners)
        for listener in listeners:
            listener()

    # SQLite's total_changes counts the rows every statement of a connection changed; a
    # transaction changed rows when it grew between the transaction's begin and its commit.

    @staticmethod
    def _on_begin(connection: Any) -> None:
        connection.info[_SEEN] = _total_changes(connection.connection.dbapi_connection)

    @staticmethod
    def _on_commit(connection: Any) -> None:
        now = _total_changes(connection.connection.dbapi_connection)
        if now > connection.info.get(_SEEN, now):
            connection.info[_PENDING] = True
        connection.info[_SEEN] = now

    @staticmethod
    def _on_rollback(connection: Any) -> None:
        # Rolled back: what the transaction changed is gone again.
        connection.info[_SEEN] = _total_changes(connection.connection.dbapi_connection)

    def _on_checkin(self, _dbapi_connection: Any, record: Any) -> None:
        if record is None or not record.info.pop(_PENDING, False):
            return
        self.bump()


def _total_changes(dbapi_connection: Any) -> int:
    return int(getattr(dbapi_connection, "total_changes", 0) or 0)


def changed_since(path: Path, backup: Path) -> bool:
    """Whether the records in the data file ``path`` differ from those in ``backup``.

    Every table is compared row for row by SQLite (``EXCEPT``, with the backup attached
    read-only); nothing is written to either file. A backup with other tables or columns
    (an older schema), or one that cannot be read, counts as different.
    """
    try:
        con = query_only_connection(Path(path))
    except sqlite3.Error:
        return True
    try:
        con.execute("ATTACH DATABASE ? AS held", (sqlite_uri(backup, mode="ro"),))
        tables = _tables(con, "main")
        if tables != _tables(con, "held"):
            return True
        for table in tables:
            name = '"' + table.replace('"', '""') + '"'
            ours = con.execute(f"SELECT count(*) FROM main.{name}").fetchone()[0]
            theirs = con.execute(f"SELECT count(*) FROM held.{name}").fetchone()[0]
            if ours != theirs:
                return True
            # Every table has a primary key, so equal counts and no row of ours missing
            # from the backup mean the same rows.
            extra = con.execute(f"SELECT 1 FROM (SELECT * FROM main.{name} EXCEPT "
                                f"SELECT * FROM held.{name}) LIMIT 1").fetchone()
            if extra is not None:
                return True
        return False
    except sqlite3.Error:
        return True
    finally:
        con.close()


def _tables(con: sqlite3.Connection, schema: str) -> list[str]:
    rows = con.execute(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' "
                       "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
    # The search index is made from the records: a record saved and deleted again leaves
    # the same records but other index rows.
    return [row[0] for row in rows if not derived(row[0])]
