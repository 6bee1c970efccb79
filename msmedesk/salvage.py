"""Reading what still reads of a damaged SQLite file, without writing to it (for rescue.py).

* ``open_damaged``: a read-only connection (immutable when no ``-wal`` lies beside the
  file; beside one, a copy of both is read instead).
* ``shell_recover``: the ``sqlite3`` shell's ``.recover`` into a database of our own.
* ``read_rows``: a table row by row in rowid order, stepping over what raises.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msmedesk.db.reading import sqlite_uri

# Rowids are signed 64-bit integers.
_LOWEST, _HIGHEST = -(2**63), 2**63 - 1
# How long the sqlite3 shell may take over .recover (a very large file takes minutes).
SHELL_TIMEOUT = 1800


def quoted(name: str) -> str:
    """An SQL identifier in double quotes."""
    return '"' + name.replace('"', '""') + '"'


_q = quoted


def read_rows(con: sqlite3.Connection, table: str, columns: list[str]
              ) -> tuple[list[tuple[Any, ...]], bool]:
    """Every row of ``table`` that still reads (rowid first), and whether any did not.

    Reads in rowid order; where a query raises (a damaged page, text that is not UTF-8),
    it steps over the rowids that cannot be read and goes on after them.
    """
    cols = ", ".join(_q(c) for c in columns)
    query = f"SELECT rowid, {cols} FROM {_q(table)} WHERE rowid >= ? ORDER BY rowid"
    rows: list[tuple[Any, ...]] = []
    broken = False
    start = _LOWEST
    while True:
        try:
            for row in con.execute(query, (start,)):
                rows.append(row)
                if row[0] == _HIGHEST:
                    break
                start = row[0] + 1
            return rows, broken
        except (sqlite3.DatabaseError, UnicodeError, ValueError):
            broken = True
            after = _readable_after(con, query, start)
            if after is None:
                return rows, broken
            start = after


def _readable_after(con: sqlite3.Connection, query: str, failing: int) -> int | None:
    """The lowest rowid above ``failing`` from which reading works again, or None."""
    def reads(start: int) -> bool:
        try:
            con.execute(query, (start,)).fetchone()
        except (sqlite3.DatabaseError, UnicodeError, ValueError):
            return False
        return True

    low, step = failing, 1
    while True:
        high = failing + step
        if high > _HIGHEST:
            return None if not reads(_HIGHEST) else _narrow(reads, low, _HIGHEST)
        if reads(high):
            return _narrow(reads, low, high)
        low, step = high, step * 2


def _narrow(reads: Callable[[int], bool], low: int, high: int) -> int:
    # reads(low) fails and reads(high) works: the first rowid that works (damage is a
    # contiguous range of rowids, so the answer is where it ends).
    while high - low > 1:
        middle = (low + high) // 2
        if reads(middle):
            high = middle
        else:
            low = middle
    return high


def count_rows(con: sqlite3.Connection, table: str) -> int | None:
    """How many rows the damaged file says ``table`` had, or None if it cannot say."""
    try:
        return int(con.execute(f"SELECT count(*) FROM {_q(table)}").fetchone()[0])
    except (sqlite3.DatabaseError, TypeError, ValueError):
        return None


def open_damaged(damaged: Path, workdir: Path) -> tuple[sqlite3.Connection, str]:
    """A read-only connection to the damaged file (beside a WAL: to a copy of both), and
    the URI it reads."""
    wal = Path(f"{damaged}-wal")
    if wal.exists():
        copy = workdir / "damaged.sqlite"
        shutil.copyfile(damaged, copy)
        shutil.copyfile(wal, Path(f"{copy}-wal"))
        uri = sqlite_uri(copy, mode="ro")
    else:
        # Immutable: no lock, no -wal, no -shm beside the damaged file.
        uri = sqlite_uri(damaged, mode="ro", immutable="1")
    con = sqlite3.connect(uri, uri=True)
    # A garbled entry in the schema (one index's SQL, say) would make every query fail;
    # this flag only lets SQLite pass over it (the connection cannot write).
    con.execute("PRAGMA writable_schema = ON")
    return con, uri


def shell_recover(shell: str, uri: str, workdir: Path) -> sqlite3.Connection | None:
    """The shell's ``.recover`` of the file at ``uri`` into a database in ``workdir``.

    None when the shell cannot recover (a shell built without the sqlite_dbpage table,
    as Debian's is, fails at once). Its SQL is run statement by statement (one that
    fails is skipped) and may not attach another file.
    """
    script = workdir / "recovered.sql"
    try:
        with script.open("wb") as fh:
            done = subprocess.run([shell, "-readonly", uri, ".recover"], stdout=fh,
                                  stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                  timeout=SHELL_TIMEOUT, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or done.stderr.strip():
        return None
    salvage = sqlite3.connect(workdir / "salvage.sqlite", isolation_level=None)
    salvage.set_authorizer(_no_other_files)
    statement = ""
    with script.open(encoding="utf-8", errors="surrogateescape") as fh:
        for line in fh:
            statement += line
            if not sqlite3.complete_statement(statement):
                continue
            try:
                salvage.execute(statement)
            except (sqlite3.Error, UnicodeError, ValueError):
                pass  # what the shell could not make into a sound statement stays out
            statement = ""
    if salvage.in_transaction:
        salvage.execute("COMMIT")
    return salvage


def _no_other_files(action: int, *_args: object) -> int:
    if action in (sqlite3.SQLITE_ATTACH, sqlite3.SQLITE_DETACH):
        return sqlite3.SQLITE_DENY
    return sqlite3.SQLITE_OK
