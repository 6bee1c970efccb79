"""Reading a data file without writing a byte, whatever its path's characters.

Every path reaches SQLite either as a plain file name or through :func:`sqlite_uri`, which
percent-escapes it: a ``#``, ``?`` or ``%`` in a hand-built ``file:`` URI made SQLite open
another file (an empty ``Records `` beside ``Records #2.sqlite``).

A reader (``check``, ``export``, ``report``, ``backup``, the window's read-only mode)
leaves the file and its folder as they were, read-only or not:

* no ``-wal`` beside the file: SQLite's immutable mode, which reads the main file alone and
  creates no ``-wal``/``-shm`` (a read-only connection would create both and leave them);
* a ``-wal`` with its ``-shm`` (a writer has the file open): SQLite's read-only mode, which
  reads the committed transactions in the ``-wal`` too (immutable mode would ignore them);
* a ``-wal`` without its ``-shm``, or a rollback ``-journal`` (left by a crash): a private
  copy of the files in a temporary folder, where SQLite recovers what was committed;
* a file of an older schema: a migrated temporary copy (``files.migrated_copy_engine``);
  the file itself is upgraded only when opened for writing, after a backup.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import tempfile
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlencode

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import URL


def sqlite_uri(path: Path | str, **params: str) -> str:
    """A ``file:`` URI naming ``path`` exactly (escaped), with ``params`` as its query."""
    absolute = Path(os.path.abspath(path)).as_posix()
    if not absolute.startswith("/"):  # C:/... on Windows
        absolute = "/" + absolute
    # An empty authority ("file://" + "/path"): a path starting with "//" stays a path.
    uri = "file://" + quote(absolute, safe="/:")
    return f"{uri}?{urlencode(params)}" if params else uri


def sqlite_url(path: Path | str) -> URL:
    """A SQLAlchemy URL naming ``path`` exactly (built, not parsed from a string)."""
    # SQLAlchemy: loaded by the engines that need it, not by the plain readers here.
    from sqlalchemy.engine import URL

    return URL.create("sqlite", database=os.path.abspath(path))


def _beside(path: Path, suffix: str) -> Path:
    return Path(str(path) + suffix)


def read_connection(path: Path | str) -> sqlite3.Connection:
    """A connection that reads ``path`` as committed and writes nothing, there or beside it."""
    path = Path(path)
    wal = _beside(path, "-wal").exists()
    shm = _beside(path, "-shm").exists()
    if _beside(path, "-journal").exists() or (wal and not shm):
        return _recovered_connection(path)
    # Immutable only without a -wal: it would ignore the transactions committed there.
    params = {"mode": "ro"} if wal else {"mode": "ro", "immutable": "1"}
    return _connect(sqlite_uri(path, **params))


def _connect(uri: str) -> sqlite3.Connection:
    con = sqlite3.connect(uri, uri=True, check_same_thread=False)
    try:
        con.execute("PRAGMA busy_timeout = 5000")
        con.execute("PRAGMA query_only = ON")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        con.close()
        raise
    return con


def _recovered_connection(path: Path) -> sqlite3.Connection:
    """Read a crash's leftovers through a private copy, where SQLite may recover them."""
    folder = Path(tempfile.mkdtemp(prefix="msmedesk-read-"))
    try:
        copy = folder / "copy.sqlite"
        for suffix in ("", "-wal", "-journal"):
            source = _beside(path, suffix)
            if source.exists():
                shutil.copyfile(source, _beside(copy, suffix))
        con = sqlite3.connect(copy)
        try:
            # Rolls a hot journal back or folds the -wal in, in the copy only.
            con.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            con.close()
        con = _connect(sqlite_uri(copy, mode="ro", immutable="1"))
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    _remove_when_done(con, folder)
    return con


def _remove_when_done(holder: object, folder: Path) -> None:
    # Where an open file can be removed (POSIX), at once; else when the holder goes.
    with contextlib.suppress(OSError):
        shutil.rmtree(folder)
        return
    weakref.finalize(holder, shutil.rmtree, folder, True)


def read_engine(path: Path | str) -> Engine:
    """A SQLAlchemy engine whose connections are :func:`read_connection` on ``path``."""
    from sqlalchemy import create_engine, event

    path = Path(path)
    engine = create_engine(sqlite_url(path), creator=lambda: read_connection(path))
    event.listen(engine, "connect", on_connect(readonly=True))
    return engine


def on_connect(*, readonly: bool) -> Callable[[sqlite3.Connection, object], None]:
    """The hook that sets the pragmas every connection of an engine needs."""
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
