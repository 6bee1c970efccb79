"""Opening a data file the safe way: the entry points for the window and the CLI writers.

``open_for_writing`` = refuse a foreign or damaged file, take the write lock
(``lock.acquire_write_lock``), make the day's backup (``backups.backup_on_open``, checked
with ``PRAGMA quick_check``), upgrade an old file after a backup, and connect.
``open_read_only`` = the same checks without lock, backup or upgrade: what the window
offers when another process holds the file. The sequence itself is ``opening``'s; this
module names it and puts failures into words.

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
from pathlib import Path

from msmedesk.db.damage import is_damage_error, quick_findings
from msmedesk.db.errors import DataFileError
from msmedesk.db.opened import OpenDataFile
from msmedesk.db.opening import open_for_reading, open_for_writing, open_read_only


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
