"""Opening an msmedesk data file: recognise it, refuse what is not ours, migrate, connect.

A file is recognised from its 100-byte SQLite header before SQLite ever opens it, so a
foreign, damaged, truncated or newer file is refused without a byte changed and without
``-wal``/``-shm`` files appearing beside it. The schema version lives in the header too
(``PRAGMA user_version``), so opening a current file never imports Alembic.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import struct
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypeVar

# The SQLite dialect would otherwise load at the first create_engine(), which the window
# calls after importing Qt, whose import hook slows every later import: loaded here, with
# the rest of SQLAlchemy, before Qt.
import sqlalchemy.dialects.sqlite  # noqa: F401
from sqlalchemy import Engine, create_engine, event

from msmedesk.db.reading import read_connection, read_engine, sqlite_url

# "MSME" in ASCII, stored in the header's application_id field: marks our files.
APPLICATION_ID = 0x4D534D45
# The schema version this program writes; every Alembic revision sets it.
SCHEMA_VERSION = 1
SQLITE_MAGIC = b"SQLite format 3\x00"
T = TypeVar("T")


class DataFileError(Exception):
    """A data file that cannot be opened; the message is one plain sentence."""


class NotADataFile(DataFileError):
    """The file is not an msmedesk data file (foreign, damaged or truncated)."""


class NewerDataFile(DataFileError):
    """The file was written by a newer version of msmedesk."""


@dataclass(frozen=True)
class FileState:
    """What the header of a path says about it."""

    exists: bool
    schema_version: int = 0


def inspect_file(path: Path) -> FileState:
    """Read the SQLite header of ``path`` and refuse anything that is not an msmedesk file."""
    if not path.exists():
        return FileState(exists=False)
    if path.is_dir():
        raise NotADataFile(f"{path} is a folder, not an msmedesk data file.")
    try:
        with path.open("rb") as fh:
            header = fh.read(100)
        size = path.stat().st_size
    except OSError as exc:
        raise DataFileError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    if not _header_is_ours(header):
        # A file of ours killed while it was being created may hold all its records in
        # the -wal beside it: SQLite recovers it (a copy first) before anything is refused.
        recovered = _recover_from_wal(path)
        if recovered is not None:
            return recovered
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotADataFile(f"{path} is not an msmedesk data file.")
    page_size = struct.unpack(">H", header[16:18])[0]
    page_size = 65536 if page_size == 1 else page_size
    change_counter, page_count = struct.unpack(">II", header[24:32])
    valid_for = struct.unpack(">I", header[92:96])[0]
    user_version = struct.unpack(">i", header[60:64])[0]
    application_id = struct.unpack(">I", header[68:72])[0]
    if application_id != APPLICATION_ID:
        raise NotADataFile(f"{path} is a database of another program, not an msmedesk data file.")
    # The in-header page count is trustworthy when "version-valid-for" matches the
    # change counter; a file shorter than it claims has lost its end.
    if page_size < 512 or size % page_size or (valid_for == change_counter
                                               and size < page_count * page_size):
        raise NotADataFile(f"{path} is damaged (it is shorter than it should be).")
    if user_version > SCHEMA_VERSION:
        raise NewerDataFile(f"{path} was written by a newer version of msmedesk "
                            f"(schema {user_version}; this program knows {SCHEMA_VERSION}); "
                            "it was left untouched.")
    if user_version < 1:
        raise NotADataFile(f"{path} is not an msmedesk data file.")
    return FileState(exists=True, schema_version=user_version)


def _header_is_ours(header: bytes) -> bool:
    return (len(header) == 100 and header.startswith(SQLITE_MAGIC)
            and struct.unpack(">I", header[68:72])[0] == APPLICATION_ID
            and struct.unpack(">i", header[60:64])[0] >= 1)


def _recover_from_wal(path: Path) -> FileState | None:
    """The state of ``path`` once SQLite has applied the committed ``-wal`` beside it.

    None when there is no such ``-wal``. The files are only read: the recovery is made
    in a copy, which replaces ``path`` (and its ``-wal`` goes) only when the copy is a
    sound msmedesk file, the folder is writable and no msmedesk holds the file open;
    otherwise the copy only tells what the file is. A ``-wal`` that does not make the
    file ours is refused without calling the file another program's.
    """
    import tempfile

    wal = Path(f"{path}-wal")
    try:
        if not wal.is_file() or wal.stat().st_size <= 32:
            return None
    except OSError:
        return None
    from msmedesk.db.lock import is_held
    from msmedesk.safe_write import create_temporary

    in_place = os.access(path.parent, os.W_OK | os.X_OK) and not is_held(path)
    with tempfile.TemporaryDirectory(prefix="msmedesk-recover-") as private:
        try:
            tmp = create_temporary(path) if in_place else Path(private) / "recovered.sqlite"
        except OSError:
            tmp, in_place = Path(private) / "recovered.sqlite", False
        try:
            version = _recovered_copy(path, wal, tmp)
            if version is not None and in_place:
                try:
                    os.replace(tmp, path)
                    for suffix in ("-wal", "-shm"):
                        Path(f"{path}{suffix}").unlink(missing_ok=True)
                except OSError:
                    pass  # the copy has told what the file is; SQLite reads its -wal
        finally:
            for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-wal", "-shm", "-journal"))):
                leftover.unlink(missing_ok=True)
    if version is None:
        from msmedesk.db.health import rescue_hint

        raise NotADataFile(f"{path} cannot be read as an msmedesk data file, though changes "
                           f"are waiting in {wal.name} beside it; keep both files as they are; "
                           f"{rescue_hint(path)}.")
    if version > SCHEMA_VERSION:
        raise NewerDataFile(f"{path} was written by a newer version of msmedesk "
                            f"(schema {version}; this program knows {SCHEMA_VERSION}); "
                            "it was left untouched.")
    return FileState(exists=True, schema_version=version)


def _recovered_copy(path: Path, wal: Path, tmp: Path) -> int | None:
    """Build at ``tmp`` the file ``path`` with its ``wal`` applied; its schema version if ours."""
    import shutil

    try:
        with open(wal, "rb") as fh:
            page_size = struct.unpack(">I", fh.read(32)[8:12])[0]
        with open(path, "rb") as src, open(tmp, "wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
            # SQLite discards the -wal of an empty file: give it a first page (a zeroed
            # header page is read from the -wal, which holds page 1 of a file it made).
            if out.tell() < page_size:
                out.write(b"\0" * (page_size - out.tell()))
        shutil.copyfile(wal, f"{tmp}-wal")
        con = sqlite3.connect(str(tmp))
        try:
            app_id = con.execute("PRAGMA application_id").fetchone()[0]
            version = con.execute("PRAGMA user_version").fetchone()[0]
            if app_id != APPLICATION_ID or version < 1:
                return None
            if con.execute("PRAGMA quick_check(1)").fetchone()[0] != "ok":
                return None
            # Folds the -wal into the copy: one file, complete on its own.
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        return int(version)
    except (OSError, sqlite3.Error, struct.error):
        return None


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in words a user can act on."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "permission denied (read-only)"
    return (exc.strerror or str(exc)).rstrip(".").lower()


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing, or say in one sentence why not."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFileError(f"Cannot create the folder {folder}: {os_reason(exc)}.") from None


def _on_connect(readonly: bool):
    def configure(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        # Another msmedesk (a backup while the window is open) may hold the file briefly.
        cursor.execute("PRAGMA busy_timeout = 5000")
        if not readonly:
            cursor.execute("PRAGMA journal_mode = WAL")
            # FULL: a confirmed edit is on disk before the program says it is saved.
            cursor.execute("PRAGMA synchronous = FULL")
        cursor.close()

    return configure


def make_engine(path: Path, readonly: bool = False, *, immutable: bool = False) -> Engine:
    """A SQLAlchemy engine on ``path`` with the pragmas every connection needs.

    ``readonly`` (or the older ``immutable``): an engine that writes nothing to the file or
    beside it (``reading.read_connection`` chooses SQLite's read-only or immutable mode).
    The path is never parsed as a URL, so a ``#``, ``?`` or ``%`` in it stays itself.
    """
    if readonly or immutable:
        return read_engine(path)
    engine = create_engine(sqlite_url(path))
    event.listen(engine, "connect", _on_connect(False))
    return engine


def query_only_connection(path: Path) -> sqlite3.Connection:
    """A connection that reads and changes nothing, and leaves no -wal or -shm behind.

    See ``reading.read_connection``: immutable where there is no -wal, read-only where a
    writer's -wal is live, a private copy where a crash left one.
    """
    return read_connection(path)


def copy_database(source: Path, dest: Path, *, replace: bool = False,
                  verify: bool = True) -> None:
    """A consistent, verified copy of a live SQLite file through SQLite's online backup API.

    The copy is private to the user (0600 whatever the umask) from its first byte, is made
    under a unique temporary name beside ``dest`` and appears at ``dest`` only when
    complete and, with ``verify``, proven: SQLite's integrity check finds nothing and
    every table holds as many rows as the source's did in the read transaction the copy
    was made in (else ``health.DataFileDamaged`` for the source, or :class:`DataFileError`;
    nothing is left behind). An existing ``dest`` is replaced only with ``replace``, and
    then without its old ``-wal`` or ``-shm`` beside it.
    """
    from msmedesk.db.health import DataFileDamaged, copy_findings, is_damage_error, table_counts
    from msmedesk.safe_write import write_atomically

    source, dest = Path(source), Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)

    def write(tmp: Path) -> None:
        src = query_only_connection(source)
        try:
            # One read transaction for the counts and the copy: they see the same records
            # even while the window writes.
            src.execute("BEGIN")
            counts = table_counts(src) if verify else {}
            out = sqlite3.connect(str(tmp))
            try:
                src.backup(out)
                # A backup is one file on its own: no WAL to carry alongside it.
                out.execute("PRAGMA journal_mode = DELETE")
            finally:
                out.close()
            src.execute("ROLLBACK")
        except sqlite3.DatabaseError as exc:
            if is_damage_error(exc):
                raise DataFileDamaged(source, [f"Damage: SQLite reports {exc}"]) from None
            raise
        finally:
            src.close()
        if not verify:
            return
        findings = copy_findings(tmp, counts)
        if any(f.startswith("Damage: ") for f in findings):
            raise DataFileDamaged(source, findings)
        if findings:
            raise DataFileError(f"The copy of {source} was not kept: {findings[0]}.")

    write_atomically(dest, write, replace=replace, private=True)


def build_data_file(path: Path, fill: Callable[[Engine], T] | None = None) -> T | None:
    """Create the data file ``path`` whole or not at all; returns what ``fill`` returned.

    The file is built under a unique hidden name beside ``path`` (owner-only): migrated,
    filled by ``fill`` (an import, say), checkpointed so that no ``-wal`` is left, then
    linked into place, which never replaces a file that appeared at ``path`` meanwhile
    (:class:`DataFileError`, nothing written). A failure or a crash leaves no file at
    ``path`` (a killed run's hidden file is swept away a day later).
    """
    from msmedesk.safe_write import DestinationRefused, create_temporary, link_into_place

    path = Path(path)
    ensure_folder(path.parent)
    try:
        tmp = create_temporary(path, private=True)
    except OSError as exc:
        raise DataFileError(f"Cannot create {path}: {os_reason(exc)}.") from None
    try:
        engine = make_engine(tmp)
        try:
            _migrate(engine)
            result = fill(engine) if fill is not None else None
        finally:
            engine.dispose()
        con = sqlite3.connect(str(tmp))
        try:
            # Folds the WAL into the file and removes it: one file, complete on its own.
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        try:
            link_into_place(tmp, path)
        except DestinationRefused:
            raise DataFileError(f"{path} appeared while it was being created here (another "
                                "msmedesk, or someone else, made it first); it was left as it "
                                "is and nothing was written to it.") from None
    finally:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in ("-wal", "-shm", "-journal"))):
            leftover.unlink(missing_ok=True)
    return result


def _migrate(engine: Engine, target: str = "head") -> None:
    # Imported here: Alembic costs start-up time and is needed only for a new or old file.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def open_data_file(path: Path, *, create: bool = True, readonly: bool = False,
                   backup_folder: Path | None = None) -> Engine:
    """Open (creating or upgrading as needed) the data file and return its engine.

    An old file is backed up before it is upgraded: into ``backup_folder`` when given (as
    a ``before-upgrade`` backup that rotation never removes), else beside the file.
    """
    path = Path(path)
    state = inspect_file(path)
    if not state.exists:
        if not create or readonly:
            raise DataFileError(f"There is no data file at {path}.")
        build_data_file(path)
        return make_engine(path)
    if state.schema_version < SCHEMA_VERSION:
        if readonly:
            raise DataFileError(f"{path} needs an upgrade and cannot be opened read-only.")
        if backup_folder is not None:
            from msmedesk.db.backups import make_backup

            make_backup(path, "before-upgrade", backup_folder)
        else:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.stem}.before-upgrade-{stamp}"
                                    f"{path.suffix or '.sqlite'}")
            copy_database(path, backup)
        engine = make_engine(path)
        _migrate(engine)
        return engine
    return make_engine(path, readonly=readonly)
