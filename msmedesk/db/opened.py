"""An open data file: its lock, its backups' folder, and its engine, made when first asked.

A file of the current schema opened for writing (``plain_open``) needs no SQLAlchemy until
the first write: its first records are read through the plain sqlite3 connection that
proved the file writable (``connection``), and the engine is made when a service first
asks for it. This module therefore imports no SQLAlchemy (``opening`` makes the engines).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from msmedesk.db.backups import latest_backup, restore
from msmedesk.db.errors import DataFileError
from msmedesk.db.lock import WriteLock

if TYPE_CHECKING:
    from sqlalchemy import Engine


class OpenDataFile:
    """An open data file: its engine (made on first use), and the lock when it is open for
    writing.

    Attributes:
        connection: the plain sqlite3 connection of a file opened without SQLAlchemy (the
            first reads go through it), or None; closed by ``close_connection``.
        daily_backup: the backup made by this open, if any.
    """

    def __init__(self, path: Path, engine: Engine | None, readonly: bool, backup_folder: Path,
                 lock: WriteLock | None = None, daily_backup: Path | None = None, *,
                 make: Callable[[], Engine] | None = None,
                 connection: sqlite3.Connection | None = None):
        if engine is None and make is None:
            raise ValueError("an open data file needs its engine or the way to make it")
        self.path = path
        self.readonly = readonly
        self.backup_folder = backup_folder
        self.lock = lock
        self.daily_backup = daily_backup
        self.connection = connection
        self._engine = engine
        self._make = make
        self._watchers: list[Callable[[Engine], None]] = []
        self._closed = False

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine on the file (made, and SQLAlchemy loaded, when first asked)."""
        if self._engine is None:
            assert self._make is not None
            self._engine = self._make()
            for watch in self._watchers:
                watch(self._engine)
        return self._engine

    @property
    def has_engine(self) -> bool:
        """Whether the engine is made (SQLAlchemy loaded for this file)."""
        return self._engine is not None

    def when_engine(self, watch: Callable[[Engine], None]) -> None:
        """Call ``watch(engine)`` once the engine is made (at once if it is)."""
        if self._engine is not None:
            watch(self._engine)
        else:
            self._watchers.append(watch)

    def close_connection(self) -> None:
        """Close the plain connection (the services read through the engine from now)."""
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def last_backup(self) -> tuple[Path, datetime] | None:
        """The newest backup of this file and when it was made (for the status bar)."""
        return latest_backup(self.backup_folder, self.path)

    def restore(self, backup: Path) -> Path | None:
        """Put ``backup`` in place of this file while keeping the write lock (File > Restore).

        The engine is replaced: build the services again on ``self.engine`` afterwards.
        Returns the backup made of the file that was replaced. On failure (BackupError)
        the file is as it was and the engine is open on it again.
        """
        # (A restored file may be older: connecting may upgrade it, with SQLAlchemy.)
        from msmedesk.db.connect import open_data_file

        if self.readonly or self.lock is None or not self.lock.held:
            raise DataFileError(f"{self.path} is open read-only; it cannot be restored here.")
        self.close_connection()  # no connection of ours may hold the file being replaced
        self.engine.dispose()
        try:
            return restore(backup, self.path, self.backup_folder)
        finally:
            self._engine = open_data_file(self.path, create=False,
                                          backup_folder=self.backup_folder)

    def close(self) -> None:
        """Close the engine and give up the write lock (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self.close_connection()
        if self._engine is not None:
            self._engine.dispose()
        if self.lock is not None:
            self.lock.release()

    def __enter__(self) -> OpenDataFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
