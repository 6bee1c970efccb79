"""Recognising a data file from its 100-byte SQLite header, before SQLite ever opens it.

A foreign, damaged, truncated or newer file is refused without a byte changed and without
``-wal``/``-shm`` files appearing beside it. The schema version lives in the header too
(``PRAGMA user_version``), so opening a current file never imports Alembic. A file of ours
killed while it was being created is recovered from its ``-wal`` here, in a copy first.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path

from msmedesk.db.damage import rescue_hint
from msmedesk.db.errors import DataFileError, NewerDataFile, NotADataFile
from msmedesk.db.lock import is_held
from msmedesk.safe_write import create_temporary

# "MSME" in ASCII, stored in the header's application_id field: marks our files.
APPLICATION_ID = 0x4D534D45
SQLITE_MAGIC = b"SQLite format 3\x00"
# Where the Alembic revisions are; read through this name so that a test can point it at
# a program with one revision more.
MIGRATIONS = Path(__file__).parent / "migrations"


def newest_revision(migrations: Path) -> int:
    """The number of the newest revision file in ``migrations`` (``versions/NNNN_*.py``).

    Each revision's file is named by its number, and the revision sets the file's schema
    version to it: the version this program writes follows the newest file without an
    edit here, and without loading Alembic when a file is opened (a folder listing).
    """
    numbers = [int(p.name[:4])
               for p in (migrations / "versions").glob("[0-9][0-9][0-9][0-9]_*.py")]
    if not numbers:
        raise RuntimeError(f"no revisions in {migrations}: the program is incomplete")
    return max(numbers)


# The schema version this program writes.
SCHEMA_VERSION = newest_revision(MIGRATIONS)


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
        # A checkpoint cut short (the program killed while it copied the -wal into the
        # file) leaves the new first page, which counts every page, before the pages at
        # the end are written: the -wal beside it still holds them all, and SQLite
        # finishes the copy. Only a file that no -wal completes has lost its end.
        recovered = _recover_from_wal(path)
        if recovered is not None:
            return recovered
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
    wal = Path(f"{path}-wal")
    try:
        if not wal.is_file() or wal.stat().st_size <= 32:
            return None
    except OSError:
        return None
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
