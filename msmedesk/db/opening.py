"""Opening a data file, in one sequence: every opener goes through here.

The file is inspected once (``header.inspect_file``, which also recovers a file of ours
from the ``-wal`` a crash left), and what follows depends only on what that found:

* a writer (``open_for_writing``): refuse a foreign schema, take the write lock, refuse
  damage and a read-only file, make the day's backup, then connect (``_connect``: build a
  missing file, back up and migrate an old one) and prove the first write can happen;
* a reader (``open_read_only``, ``open_for_reading``): refuse damage and a file without our
  tables; read an old file through a migrated temporary copy; no lock, no backup;
* ``open_data_file`` (in ``connect``): the plain open that tests, ``rescue`` and the CLI writers
  use under their own lock: connect, building or upgrading as needed.

``safety`` describes the errors for callers; ``engine`` names these functions for the
callers that know them by that module.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from msmedesk.db import header
from msmedesk.db.backups import backup_on_open, folder_for
from msmedesk.db.connect import _connect
from msmedesk.db.damage import DataFileDamaged, is_damage_error
from msmedesk.db.errors import DataFileError, ensure_folder
from msmedesk.db.files import (
    make_engine,
    migrated_copy_engine,
)
from msmedesk.db.header import FileState, inspect_file
from msmedesk.db.lock import acquire_write_lock
from msmedesk.db.opened import OpenDataFile
from msmedesk.db.plain_open import refuse_damaged as _refuse_damaged
from msmedesk.db.plain_open import refuse_read_only as _refuse_read_only
from msmedesk.db.schema import refuse_foreign


def open_for_writing(path: Path, *, backup_folder: Path | str | None = None,
                     force: bool = False, create: bool = True,
                     backup: bool = True) -> OpenDataFile:
    """Open ``path`` as its one writer (see ``safety`` for what can be raised)."""
    path = Path(path)
    folder = folder_for(path, backup_folder)
    state = inspect_file(path)  # a foreign, newer or truncated file: refused, untouched
    if not state.exists:
        if not create:
            raise DataFileError(f"There is no data file at {path}.")
        ensure_folder(path.parent)
    else:
        # Before the lock, backup or WAL switch: a planted trigger would run at the first
        # write, and a file without our tables is not ours to change.
        refuse_foreign(path, state.schema_version)
    lock = acquire_write_lock(path, force=force)
    try:
        if not state.exists:
            # Another msmedesk may have made the file between the look and the lock: what
            # is at the path now is what gets opened (a missing file is cheap to look at).
            state = inspect_file(path)
            if state.exists:
                refuse_foreign(path, state.schema_version)
        daily = None
        if state.exists:
            _refuse_damaged(path)
            _refuse_read_only(path)
            if backup:
                daily = backup_on_open(path, folder)
        engine = _connect(path, state, create=create, readonly=False, backup_folder=folder)
        try:
            _first_write_check(path, engine)
        except BaseException:
            engine.dispose()
            raise
    except BaseException:
        lock.release()
        raise
    return OpenDataFile(path, engine, readonly=False, backup_folder=folder, lock=lock,
                        daily_backup=daily)


def open_read_only(path: Path, *, backup_folder: Path | str | None = None) -> OpenDataFile:
    """Open ``path`` for reading only: no lock, no backup, no upgrade, nothing written."""
    path = Path(path)
    state = inspect_file(path)
    if state.exists:
        _refuse_damaged(path)
    engine = _reading_engine(path, state)
    return OpenDataFile(path, engine, readonly=True,
                        backup_folder=folder_for(path, backup_folder))


def open_for_reading(path: Path, *, backup_folder: Path | str | None = None) -> Engine:
    """The engine of a reader (report, export, the window's read-only mode): no lock.

    Nothing is written to the file or its folder, read-only or not (``reading``); a file of
    an older schema is read through a migrated temporary copy and is upgraded only when it
    is opened for writing, after a backup. ``backup_folder`` is not used: reading makes no
    backup (kept for the callers that pass it).
    """
    path = Path(path)
    return _reading_engine(path, inspect_file(path))


# ---------------------------------------------------------------- the steps


def _reading_engine(path: Path, state: FileState) -> Engine:
    if not state.exists:
        raise DataFileError(f"There is no data file at {path}.")
    # Reading runs no trigger, but a file without our tables is not ours to read.
    refuse_foreign(path, state.schema_version, missing_only=True)
    if state.schema_version < header.SCHEMA_VERSION:
        return migrated_copy_engine(path)
    engine = make_engine(path, readonly=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except BaseException:
        engine.dispose()
        raise
    return engine


def _first_write_check(path: Path, engine: Engine) -> None:
    # The first connection switches to WAL and so creates -wal/-shm: a folder that
    # cannot take them shows here, not at the user's first save.
    try:
        with engine.connect() as connection:
            connection.execute(text("PRAGMA journal_mode")).scalar()
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except SQLAlchemyError as exc:
        # (Only a DBAPIError carries SQLite's own error as ``orig``.)
        reported = getattr(exc, "orig", None) or exc
        if is_damage_error(exc):
            raise DataFileDamaged(path, [f"Damage: SQLite reports {reported}"]) from None
        raise DataFileError(f"Cannot open {path} for changes: SQLite reports "
                            f"{reported}.") from None
