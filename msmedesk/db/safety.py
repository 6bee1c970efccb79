"""Opening a data file the safe way: the one entry point for the window and the CLI writers.

``open_for_writing`` = refuse a foreign or damaged file, take the write lock
(``lock.acquire_write_lock``), make the day's backup (``backups.backup_on_open``, checked
with ``PRAGMA quick_check``), upgrade an old file after a backup, and connect.
``open_read_only`` = the same checks without lock, backup or upgrade: what the window
offers when another process holds the file.

Exceptions, all :class:`DataFileError` with a one-sentence message:

* ``lock.DataFileLocked``: another writer holds it (``.holder``, ``.other_host``): offer
  read-only, or (``other_host`` only) ``open_for_writing(..., force=True)``;
* ``health.DataFileDamaged``: SQLite reports damage (``.findings``): offer
  ``backups.latest_backup(folder, path)`` to ``backups.restore``;
* ``backups.BackupError``: the backup could not be made (folder read-only, disk full):
  say so; ``open_for_writing(..., backup=False)`` opens without it on the user's choice;
* ``schema.ForeignSchema`` (a ``NotADataFile``): the file lacks msmedesk's tables or holds
  a table, index, view or trigger msmedesk did not make: left as it was (readers refuse
  only the former);
* ``engine.NotADataFile`` / ``engine.NewerDataFile`` / ``DataFileError``: anything else.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError

from msmedesk.db import engine as _engine
from msmedesk.db.backups import backup_on_open, folder_for, latest_backup, restore
from msmedesk.db.engine import (
    DataFileError,
    ensure_folder,
    inspect_file,
    open_data_file,
    os_reason,
)
from msmedesk.db.health import DataFileDamaged, is_damage_error, quick_findings
from msmedesk.db.lock import WriteLock, acquire_write_lock
from msmedesk.db.reading import migrated_copy_engine
from msmedesk.db.schema import refuse_foreign


@dataclass
class OpenDataFile:
    """An open data file: its engine, and the lock when it is open for writing."""

    path: Path
    engine: Engine
    readonly: bool
    backup_folder: Path
    lock: WriteLock | None = None
    daily_backup: Path | None = None  # the backup made by this open, if any
    _closed: bool = field(default=False, repr=False)

    def last_backup(self) -> tuple[Path, datetime] | None:
        """The newest backup of this file and when it was made (for the status bar)."""
        return latest_backup(self.backup_folder, self.path)

    def restore(self, backup: Path) -> Path | None:
        """Put ``backup`` in place of this file while keeping the write lock (File > Restore).

        The engine is replaced: build the services again on ``self.engine`` afterwards.
        Returns the backup made of the file that was replaced. On failure (BackupError)
        the file is as it was and the engine is open on it again.
        """
        if self.readonly or self.lock is None or not self.lock.held:
            raise DataFileError(f"{self.path} is open read-only; it cannot be restored here.")
        self.engine.dispose()
        try:
            return restore(backup, self.path, self.backup_folder)
        finally:
            self.engine = open_data_file(self.path, create=False,
                                         backup_folder=self.backup_folder)

    def close(self) -> None:
        """Close the engine and give up the write lock (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> OpenDataFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_for_writing(path: Path, *, backup_folder: Path | str | None = None,
                     force: bool = False, create: bool = True,
                     backup: bool = True) -> OpenDataFile:
    """Open ``path`` as its one writer (see the module doc for what can be raised)."""
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
        daily = None
        if state.exists:
            _refuse_damaged(path)
            _refuse_read_only(path)
            if backup:
                daily = backup_on_open(path, folder)
        engine = open_data_file(path, create=create, backup_folder=folder)
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
    if inspect_file(path).exists:
        _refuse_damaged(path)
    engine = open_for_reading(path)
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
    state = inspect_file(path)
    if not state.exists:
        raise DataFileError(f"There is no data file at {path}.")
    # Reading runs no trigger, but a file without our tables is not ours to read.
    refuse_foreign(path, state.schema_version, missing_only=True)
    if state.schema_version < _engine.SCHEMA_VERSION:
        return migrated_copy_engine(path)
    return _read_only_engine(path)


def describe_failure(exc: BaseException, path: Path) -> str | None:
    """One plain sentence for a failure while working on the data file ``path``, or None.

    For the window's error dialog and the command line alike: a full disk, a read-only
    location and damage get their own sentence (the file is as it was: SQLite rolled the
    transaction back); a DataFileError's own message is returned as it is.
    """
    if isinstance(exc, DataFileError):
        return str(exc)
    if is_damage_error(exc):
        orig = getattr(exc, "orig", None) or exc
        return f"{path} is damaged (SQLite reports {str(orig).splitlines()[0]})."
    orig = getattr(exc, "orig", None) or exc
    message = str(orig).lower()
    if isinstance(orig, OSError) and orig.errno == errno.ENOSPC:
        message = "disk is full"
    if "disk is full" in message or "disk full" in message:
        return (f"The disk holding {path} is full; nothing was written, and the file is as "
                "it was.")
    if "readonly database" in message or "read-only" in message or (
            isinstance(orig, OSError) and orig.errno in (errno.EROFS, errno.EACCES)):
        return f"{path} is read-only here, so nothing could be written; the file is as it was."
    return None


def diagnose(path: Path) -> list[str]:
    """The damage SQLite finds in ``path`` (a full quick check); empty when sound.

    For the window after a query failed with ``health.is_damage_error(exc)``.
    """
    return quick_findings(Path(path), full=True)


__all__ = ["OpenDataFile", "open_for_writing", "open_read_only", "open_for_reading",
           "describe_failure", "diagnose", "is_damage_error"]


# ---------------------------------------------------------------- helpers


def _read_only_engine(path: Path) -> Engine:
    engine = open_data_file(path, create=False, readonly=True)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except BaseException:
        engine.dispose()
        raise
    return engine


def _refuse_damaged(path: Path) -> None:
    findings = quick_findings(path, full=False)
    if findings:
        raise DataFileDamaged(path, findings)


def _refuse_read_only(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDWR)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise DataFileError(f"{path} is read-only, so it cannot be opened for "
                                "changes.") from None
        raise DataFileError(f"Cannot open {path}: {os_reason(exc)}.") from None
    os.close(fd)


def _first_write_check(path: Path, engine: Engine) -> None:
    # The first connection switches to WAL and so creates -wal/-shm: a folder that
    # cannot take them shows here, not at the user's first save.
    try:
        with engine.connect() as connection:
            connection.execute(text("PRAGMA journal_mode")).scalar()
            connection.execute(text("SELECT count(*) FROM sqlite_master")).scalar()
    except SQLAlchemyError as exc:
        if is_damage_error(exc):
            raise DataFileDamaged(path, [f"Damage: SQLite reports {exc.orig or exc}"]) from None
        raise DataFileError(f"Cannot open {path} for changes: SQLite reports "
                            f"{getattr(exc, 'orig', None) or exc}.") from None
