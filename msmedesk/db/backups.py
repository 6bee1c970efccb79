"""Automatic backups of a data file, their rotation, and restoring one.

Backups are made with SQLite's online backup API (``files.copy_database``), so they are
consistent even while the window writes, and each is checked (``PRAGMA quick_check``)
before it is kept: a damaged data file never pushes a sound backup out of the rotation.
They go to one folder (``--backup-dir``, ``MSMEDESK_BACKUP_DIR`` or ``backups/`` beside
the data file: ``paths.backup_dir``), named after the data file, the local time and the
reason::

    msmedesk.2024-06-27T140210.daily.sqlite
    msmedesk.2024-06-27T141503.before-import.sqlite

Reasons: ``daily`` (the first open of a day), ``periodic`` (every 30 minutes while the
records are being changed in the window), ``on-close`` (the window closed after changes),
``before-import``, ``before-upgrade``, ``before-restore`` and ``manual``. Every backup is a
file readable by its owner only.

Rotation keeps, per data file: every backup of the most recent day that has backups, the
newest backup of each of the last 7 days that have backups and the newest of each of the
last 12 months. ``before-upgrade`` backups (the only copies in the old schema) are never
removed automatically. Files in the folder that are not named like a backup are never
touched.
"""

from __future__ import annotations

import contextlib
import errno
import glob
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from msmedesk import paths
from msmedesk.db import schema
from msmedesk.db.damage import DataFileDamaged, quick_findings
from msmedesk.db.errors import DataFileError
from msmedesk.db.files import copy_database
from msmedesk.db.header import inspect_file
from msmedesk.db.lock import acquire_write_lock, held_lock
from msmedesk.db.reading import sqlite_uri
from msmedesk.safe_write import fsync_dir, is_unfinished

REASONS = ("daily", "periodic", "on-close", "before-import", "before-upgrade",
           "before-restore", "manual")
KEEP_FOREVER = ("before-upgrade",)
DAILY = 7
MONTHLY = 12
_NAME_RE = re.compile(r"^(?P<of>.+)\.(?P<day>\d{4}-\d{2}-\d{2})T(?P<time>\d{6})(?:-(?P<n>\d+))?"
                      r"\.(?P<reason>[a-z][a-z-]*)\.sqlite$")
# Raw copies of a file too damaged for SQLite to copy: kept, but never offered as backups.
DAMAGED_SUFFIX = ".damaged"


class BackupError(DataFileError):
    """A backup could not be made or restored; the message is one plain sentence."""


@dataclass(frozen=True)
class Backup:
    """One backup file in the backup folder."""

    path: Path
    made: datetime
    reason: str
    of: str  # the data file's name without its suffix


def folder_for(path: Path, folder: Path | str | None = None) -> Path:
    """The backup folder of ``path``: ``folder``, else MSMEDESK_BACKUP_DIR, else beside it."""
    return paths.backup_dir(Path(path), folder)


def list_backups(folder: Path, of: Path | str | None = None) -> list[Backup]:
    """The backups in ``folder`` (of the data file ``of`` only, when given), newest first."""
    stem = _stem(of) if of is not None else None
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return []
    found = []
    for entry in entries:
        match = _NAME_RE.match(entry.name)
        if not match or (stem is not None and match["of"] != stem):
            continue
        try:
            made = datetime.strptime(f"{match['day']}T{match['time']}", "%Y-%m-%dT%H%M%S")
        except ValueError:
            continue
        if not entry.is_file():
            continue
        found.append(Backup(entry, made, match["reason"], match["of"]))
    found.sort(key=lambda b: (b.made, _serial(b.path)), reverse=True)
    return found


def latest_backup(folder: Path, of: Path | str | None = None) -> tuple[Path, datetime] | None:
    """The newest backup in ``folder`` (of ``of`` only, when given) and when it was made."""
    backups = list_backups(folder, of)
    return (backups[0].path, backups[0].made) if backups else None


def make_backup(path: Path, reason: str = "manual", folder: Path | str | None = None, *,
                verify: bool = True, now: datetime | None = None) -> Path:
    """Copy the data file ``path`` into the backup folder, check the copy, then rotate.

    Raises :class:`BackupError` (the copy could not be made: the folder is read-only, the
    disk is full...) or :class:`DataFileDamaged` (the copy, hence the file, is damaged; the
    copy is not kept). Nothing half-written is left behind either way.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    path = Path(path)
    target = folder_for(path, folder)
    _make_folder(target)
    made = (now or datetime.now()).replace(microsecond=0)
    _remove_abandoned(target, _stem(path))
    dest = _free_name(target, _stem(path), made, reason)
    try:
        # Verified before it gets its name: a damaged file never pushes a sound backup
        # out of the rotation, and a backup that is there is one that holds the records.
        copy_database(path, dest, verify=verify)
    except (OSError, sqlite3.Error) as exc:
        raise BackupError(f"Cannot back up {path} to {target}: {_why(exc)}.") from None
    rotate(target, of=path)
    return dest


def backup_on_open(path: Path, folder: Path | str | None = None, *,
                   now: datetime | None = None) -> Path | None:
    """The ``daily`` backup: made when no daily backup of ``path`` was made today.

    Returns the new backup, or None when today's was already there (or there is no file).
    """
    path = Path(path)
    if not path.is_file():
        return None
    target = folder_for(path, folder)
    today = (now or datetime.now()).date()
    if any(b.reason == "daily" and b.made.date() == today for b in list_backups(target, path)):
        return None
    return make_backup(path, "daily", target, now=now)


def rotate(folder: Path, daily: int = DAILY, monthly: int = MONTHLY, *,
           of: Path | str | None = None) -> list[Path]:
    """Remove the backups that rotation does not keep; returns the removed paths."""
    removed: list[Path] = []
    groups: dict[str, list[Backup]] = {}
    for backup in list_backups(folder, of):
        groups.setdefault(backup.of, []).append(backup)
    for backups in groups.values():
        rotating = [b for b in backups if b.reason not in KEEP_FOREVER]  # newest first
        if not rotating:
            continue
        keep: set[Path] = set()
        newest_day = rotating[0].made.date()
        keep |= {b.path for b in rotating if b.made.date() == newest_day}
        days: set[date] = set()
        months: set[tuple[int, int]] = set()
        for b in rotating:
            day, month = b.made.date(), (b.made.year, b.made.month)
            if day not in days and len(days) < daily:
                days.add(day)
                keep.add(b.path)
            if month not in months and len(months) < monthly:
                months.add(month)
                keep.add(b.path)
        for b in rotating:
            if b.path not in keep:
                with contextlib.suppress(OSError):
                    b.path.unlink()
                    removed.append(b.path)
    return removed


def restore(backup: Path, path: Path, folder: Path | str | None = None) -> Path | None:
    """Put the backup ``backup`` in place of the data file ``path``.

    The backup is checked first (an msmedesk file that SQLite finds sound, or
    :class:`BackupError` and nothing changes); then the current file is backed up
    (``before-restore``; a file too damaged to copy through SQLite is kept as a raw
    ``.damaged`` copy instead); then the file is replaced in one atomic rename, with no
    ``-wal`` or ``-shm`` file of the old one left beside it. Returns the backup of the
    file that was replaced (None when there was none).

    The caller must not have the file open: it takes the write lock for the time of the
    restore, or uses the one this process already holds (``lock.held_lock``). Readers
    that have it open make it refuse, with nothing changed.
    """
    backup, path = Path(backup), Path(path)
    target = folder_for(path, folder)
    _refuse_unrestorable(backup, path)
    own = held_lock(path)
    lock = own or acquire_write_lock(path)
    tmp = path.with_name(f".{path.name}.restoring-{os.getpid()}")
    try:
        _sound_copy(backup, tmp)
        before = _backup_current(path, target) if path.exists() else None
        _close_journal(path)
        try:
            os.replace(tmp, path)
        except OSError as exc:
            raise BackupError(f"Cannot put {backup} in place of {path}: {_why(exc)}; the file "
                              "is as it was.") from None
        fsync_dir(path.parent)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
        return before
    finally:
        for leftover in (tmp, Path(str(tmp) + "-journal")):
            leftover.unlink(missing_ok=True)
        if own is None:
            lock.release()


def _refuse_unrestorable(backup: Path, path: Path) -> None:
    """Raise ``BackupError`` when ``backup`` cannot be put in place of ``path``; else nothing."""
    if not backup.exists():
        raise BackupError(f"There is no backup at {backup}.")
    if backup.is_dir():
        raise BackupError(f"{backup} is a folder, not a backup.")
    if path.is_dir():
        raise BackupError(f"{path} is a folder, not a data file.")
    if is_unfinished(backup):
        # Complete or not, nothing vouches for it: its write was never checked and named.
        raise BackupError(f"{backup} is the unfinished copy of an interrupted write, not a "
                          "backup; nothing was changed.")
    with contextlib.suppress(OSError):
        if path.exists() and os.path.samefile(backup, path):
            raise BackupError(f"{backup} is the data file itself, not a backup of it.")
    try:
        inspect_file(backup)
    except DataFileError as exc:
        raise BackupError(f"Cannot restore from {backup}: {_sentence(exc)}; nothing was "
                          "changed.") from None
    if not path.parent.is_dir():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise BackupError(f"Cannot create the folder {path.parent}: {_why(exc)}.") from None
    if path.exists():
        try:
            os.close(os.open(path, os.O_RDWR))
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise BackupError(f"{path} is read-only, so it cannot be replaced by a "
                                  "backup.") from None
            raise BackupError(f"Cannot open {path}: {_why(exc)}.") from None


# ---------------------------------------------------------------- helpers


def _stem(of: Path | str) -> str:
    # A data file's path, or the name of one without its suffix.
    return Path(of).stem


def _serial(path: Path) -> int:
    match = _NAME_RE.match(path.name)
    return int(match["n"]) if match and match["n"] else 1


def _remove_abandoned(folder: Path, stem: str, age: float = 300) -> None:
    """Remove half-made copies that a killed msmedesk left (older than ``age`` seconds)."""
    limit = datetime.now().timestamp() - age
    for suffix in (".part", ".part-journal"):
        for leftover in folder.glob(f"{glob.escape(stem)}.*.sqlite{suffix}"):
            with contextlib.suppress(OSError):
                if leftover.stat().st_mtime < limit:
                    leftover.unlink()


def _free_name(folder: Path, stem: str, made: datetime, reason: str) -> Path:
    # Unique within the second whatever the reason, so that the serial orders them.
    stamp = made.strftime("%Y-%m-%dT%H%M%S")
    n = 1
    while True:
        serial = stamp if n == 1 else f"{stamp}-{n}"
        if not any(folder.glob(f"{glob.escape(stem)}.{serial}.*")):
            return folder / f"{stem}.{serial}.{reason}.sqlite"
        n += 1


def _make_folder(folder: Path) -> None:
    if folder.is_dir():
        return
    if folder.exists():
        raise BackupError(f"The backup folder {folder} is a file, not a folder.")
    try:
        folder.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        raise BackupError(f"Cannot create the backup folder {folder}: {_why(exc)}.") from None


def _why(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        if exc.errno == errno.ENOSPC:
            return "the disk is full"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return "the folder is read-only"
        return (exc.strerror or str(exc)).rstrip(".").lower()
    text = str(exc).rstrip(".")
    if "disk is full" in text or "disk full" in text:
        return "the disk is full"
    if "readonly" in text or "read-only" in text:
        return "the folder is read-only"
    return f"SQLite reports {text}"


def _sentence(exc: BaseException) -> str:
    return str(exc).strip().rstrip(".")


def _sound_copy(backup: Path, tmp: Path) -> None:
    """Copy ``backup`` to ``tmp`` and prove the copy sound, or raise BackupError."""
    for leftover in (tmp, Path(str(tmp) + "-journal")):
        leftover.unlink(missing_ok=True)
    try:
        copy_database(backup, tmp)
    except DataFileDamaged as exc:
        raise BackupError(f"{backup} is not a sound msmedesk backup "
                          f"({exc.findings[0].removeprefix('Damage: ').rstrip('.')}); nothing "
                          "was changed.") from None
    except (OSError, sqlite3.Error) as exc:
        if _why(exc) == "the disk is full":
            # The copy is made beside the data file: that disk is the full one.
            raise BackupError(f"Cannot restore {backup}: the disk holding {tmp.parent} is "
                              "full; nothing was changed.") from None
        if isinstance(exc, OSError):
            raise BackupError(f"Cannot restore {backup}: {_why(exc)}; nothing was "
                              "changed.") from None
        raise BackupError(f"{backup} is not a sound msmedesk backup (SQLite reports "
                          f"{_sentence(exc)}); nothing was changed.") from None
    problems = quick_findings(tmp)
    if not problems:
        con = sqlite3.connect(tmp)
        try:
            problems = [f"a broken reference in {table}" for table, *_ in
                        con.execute("PRAGMA foreign_key_check")][:1]
        except sqlite3.DatabaseError as exc:
            problems = [f"SQLite reports {exc}"]
        finally:
            con.close()
    if not problems:
        try:
            # Only msmedesk's schema may come back: no planted trigger, no missing table.
            unlike = schema.difference(tmp, inspect_file(tmp).schema_version)
            problems = [unlike.reason()] if unlike else []
        except DataFileError as exc:
            problems = [_sentence(exc)]
    if problems:
        raise BackupError(f"{backup} is not a sound msmedesk backup ({problems[0].rstrip('.')}); "
                          "nothing was changed.")


def _backup_current(path: Path, folder: Path) -> Path:
    """Keep the file about to be replaced: a checked backup, else a raw copy."""
    try:
        inspect_file(path)
        # A damaged schema makes SQLite's copy fail outright: keep the raw bytes instead.
        if not quick_findings(path, full=False):
            return make_backup(path, "before-restore", folder)
    except DataFileDamaged:
        pass
    except BackupError:
        raise
    except DataFileError:
        pass  # not even recognisable: keep its bytes as they are
    _make_folder(folder)
    stamp = datetime.now().strftime("%Y-%m-%dT%H%M%S")
    dest = folder / f"{path.stem}.{stamp}.before-restore{DAMAGED_SUFFIX}"
    n = 2
    while dest.exists():
        dest = folder / f"{path.stem}.{stamp}-{n}.before-restore{DAMAGED_SUFFIX}"
        n += 1
    try:
        for suffix in ("", "-wal"):
            src = Path(str(path) + suffix)
            if src.exists():
                out = Path(str(dest) + suffix)
                fd = os.open(out, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
                with os.fdopen(fd, "wb") as fh, src.open("rb") as raw:
                    shutil.copyfileobj(raw, fh, 1 << 20)
                    fh.flush()
                    os.fsync(fh.fileno())
    except OSError as exc:
        raise BackupError(f"Cannot keep a copy of {path} before restoring: {_why(exc)}; "
                          "nothing was changed.") from None
    return dest


def _close_journal(path: Path) -> None:
    """Fold the WAL of the file about to be replaced into it, or refuse if it is in use."""
    if not path.exists():
        return
    try:
        inspect_file(path)
    except DataFileError:
        return  # damaged: its -wal/-shm are removed after the rename
    con = None
    try:
        con = sqlite3.connect(sqlite_uri(path, mode="rw"), uri=True, timeout=2)
        mode = con.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise BackupError(f"{path} is in use by another program (a report, export or "
                              "backup may be running); try again when it has finished; "
                              "nothing was changed.") from None
        return
    except sqlite3.DatabaseError:
        return  # damaged: replaced anyway
    finally:
        if con is not None:
            con.close()
    if str(mode).lower() != "delete":
        raise BackupError(f"{path} is in use by another program; try again when it has "
                          "finished; nothing was changed.")
