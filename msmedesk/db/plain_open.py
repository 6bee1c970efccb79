"""Opening a data file of the current schema for writing without SQLAlchemy (issue 18).

The same steps, in the same order, as ``opening.open_for_writing`` for a file that needs
no building and no upgrade: refuse a foreign schema, take the write lock, refuse damage
and a read-only file, then prove the first write can happen, here on a plain sqlite3
connection with the writer's pragmas (WAL, synchronous FULL, foreign keys). That
connection is kept for the window's first reads (``msmedesk.plain``); the SQLAlchemy
engine is made when a service first needs it (``opened.OpenDataFile.engine``). A missing
file or one of an older schema returns None: ``opening`` builds or upgrades it, with
SQLAlchemy and Alembic, as before.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from pathlib import Path

from msmedesk.db import header
from msmedesk.db.backups import backup_on_open, folder_for
from msmedesk.db.damage import DataFileDamaged, is_damage_error, quick_findings
from msmedesk.db.errors import DataFileError, os_reason
from msmedesk.db.files import make_engine
from msmedesk.db.header import inspect_file
from msmedesk.db.lock import acquire_write_lock
from msmedesk.db.opened import OpenDataFile
from msmedesk.db.reading import on_connect
from msmedesk.db.schema import refuse_foreign


def open_current_for_writing(path: Path, *, backup_folder: Path | str | None = None,
                             force: bool = False, backup: bool = True
                             ) -> OpenDataFile | None:
    """Open ``path`` as its one writer, without SQLAlchemy, if it is a file of the current
    schema; None if it is missing or older (see the module). Raises as ``opening`` does."""
    path = Path(path)
    state = inspect_file(path)  # a foreign, newer or truncated file: refused, untouched
    if not state.exists or state.schema_version != header.SCHEMA_VERSION:
        return None
    folder = folder_for(path, backup_folder)
    # Before the lock, backup or WAL switch: a planted trigger would run at the first
    # write, and a file without our tables is not ours to change.
    refuse_foreign(path, state.schema_version)
    lock = acquire_write_lock(path, force=force)
    try:
        refuse_damaged(path)
        refuse_read_only(path)
        daily = backup_on_open(path, folder) if backup else None
        connection = first_write_connection(path)
    except BaseException:
        lock.release()
        raise
    return OpenDataFile(path, None, readonly=False, backup_folder=folder, lock=lock,
                        daily_backup=daily, make=lambda: make_engine(path),
                        connection=connection)


def refuse_damaged(path: Path) -> None:
    """Raise ``DataFileDamaged`` when SQLite's quick look finds damage."""
    findings = quick_findings(path, full=False)
    if findings:
        raise DataFileDamaged(path, findings)


def refuse_read_only(path: Path) -> None:
    """Raise ``DataFileError`` when the file cannot be opened for writing."""
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise DataFileError(f"{path} is read-only, so it cannot be opened for "
                                "changes.") from None
        raise DataFileError(f"Cannot open {path}: {os_reason(exc)}.") from None
    os.close(fd)


def first_write_connection(path: Path) -> sqlite3.Connection:
    """A writer's connection on ``path`` (the engine's pragmas), its first statements run.

    The first connection switches to WAL and so creates -wal/-shm: a folder that cannot
    take them shows here, not at the user's first save.
    """
    connection: sqlite3.Connection | None = None
    try:
        # (Any thread may close it: the services may first load in a worker thread.)
        connection = sqlite3.connect(str(path), check_same_thread=False)
        on_connect(readonly=False)(connection, None)
        connection.execute("PRAGMA journal_mode").fetchone()
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        if connection is not None:
            connection.close()
        if is_damage_error(exc):
            raise DataFileDamaged(path, [f"Damage: SQLite reports {exc}"]) from None
        raise DataFileError(f"Cannot open {path} for changes: SQLite reports {exc}.") from None
    return connection
