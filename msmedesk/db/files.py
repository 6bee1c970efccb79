"""Making SQLite files: the writer's engine, verified copies, whole new files, migrations.

The plain steps that ``opening`` puts in order; none of them decides whether a file may be
opened (``header`` recognises it, ``opening`` sequences the rest).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from msmedesk.db import header
from msmedesk.db.damage import DataFileDamaged, copy_findings, is_damage_error, table_counts
from msmedesk.db.errors import DataFileError, ensure_folder, os_reason
from msmedesk.db.reading import on_connect, read_connection, read_engine, sqlite_url
from msmedesk.safe_write import (
    DestinationRefused,
    create_temporary,
    link_into_place,
    write_atomically,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

T = TypeVar("T")


def make_engine(path: Path, readonly: bool = False, *, immutable: bool = False) -> Engine:
    """A SQLAlchemy engine on ``path`` with the pragmas every connection needs.

    ``readonly`` (or the older ``immutable``): an engine that writes nothing to the file or
    beside it (``reading.read_connection`` chooses SQLite's read-only or immutable mode).
    The path is never parsed as a URL, so a ``#``, ``?`` or ``%`` in it stays itself.
    """
    if readonly or immutable:
        return read_engine(path)
    # SQLAlchemy: loaded with the first engine, not with this module. A file of the current
    # schema opens, is backed up and shows its first records without it (issue 18).
    from sqlalchemy import create_engine, event

    engine = create_engine(sqlite_url(path))
    event.listen(engine, "connect", on_connect(readonly=False))
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
    was made in (else ``damage.DataFileDamaged`` for the source, or :class:`DataFileError`;
    nothing is left behind). An existing ``dest`` is replaced only with ``replace``, and
    then without its old ``-wal`` or ``-shm`` beside it.
    """
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
    path = Path(path)
    ensure_folder(path.parent)
    try:
        tmp = create_temporary(path, private=True)
    except OSError as exc:
        raise DataFileError(f"Cannot create {path}: {os_reason(exc)}.") from None
    try:
        engine = make_engine(tmp)
        try:
            migrate(engine)
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


#: Fillers of what a revision makes empty, by name, registered by the layers above db
#: (``msmedesk.records`` registers "search_index"); db imports nothing above it.
BUILDERS: dict[str, Callable[[Connection], None]] = {}


def migrate(engine: Engine, target: str = "head") -> None:
    """Run the Alembic revisions (from ``header.MIGRATIONS``) up to ``target`` on ``engine``."""
    # Imported here: Alembic costs start-up time and is needed only for a new or old file.
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(header.MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)
        if target == "head":
            # What a revision made empty and only the layers above can fill (the search
            # index: how the window shows a record), filled from the records, in the same
            # transaction: the upgrade is whole or not at all.
            for name in sorted(config.attributes.get("rebuild", ())):
                builder = BUILDERS.get(name)
                if builder is not None:
                    builder(connection)


def migrated_copy_engine(path: Path | str) -> Engine:
    """A read engine on a temporary copy of the older-schema file ``path``, migrated.

    The copy is removed when the engine is garbage collected or the program ends.
    """
    folder = Path(tempfile.mkdtemp(prefix="msmedesk-read-"))
    copy = folder / "migrated.sqlite"
    try:
        copy_database(Path(path), copy)
        writer = make_engine(copy)
        try:
            migrate(writer)
        finally:
            writer.dispose()  # the last connection folds the -wal in and removes it
        engine = read_engine(copy)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    weakref.finalize(engine, shutil.rmtree, folder, True)
    return engine
