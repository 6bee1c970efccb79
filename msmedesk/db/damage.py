"""Damage: what SQLite reports wrong with a data file, and the one error that says so.

Below the rest of db/ but ``errors`` and ``reading``: the copy, the backups, the opening
and ``check`` all ask it.
"""

from __future__ import annotations

import shlex
import sqlite3
from pathlib import Path

from msmedesk.db.errors import DataFileError
from msmedesk.db.reading import read_connection


class DataFileDamaged(DataFileError):
    """A recognisable msmedesk file whose content SQLite reports damaged.

    ``findings`` lists what was found, one plain line each; the file was left untouched.
    The window offers the newest backup (``backups.latest_backup``) to ``backups.restore``.
    """

    def __init__(self, path: Path, findings: list[str]):
        self.path = path
        self.findings = list(findings) or ["SQLite reports damage"]
        first = self.findings[0].rstrip(".").removeprefix("Damage: ")
        more = len(self.findings) - 1
        tail = f" (and {more} more finding{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"{path} is damaged: {first}{tail}.")


def quick_findings(path: Path, *, full: bool = True) -> list[str]:
    """Damage SQLite finds in ``path``; an empty list when none.

    ``full`` runs ``PRAGMA quick_check`` (reads every page: about 0.35 s warm and 1.2 s cold
    for a 100,000-record file, so it runs on backup copies and in ``check``, not on every
    open); otherwise only the schema is read (milliseconds), which catches a damaged first
    page or schema. Only reads, and leaves no -wal or -shm files behind.
    """
    try:
        con = read_connection(Path(path))
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and not is_damage_error(exc):
            return [f"SQLite cannot read it ({exc})"]
        return [f"Damage: SQLite reports {exc}"]
    try:
        if not full:
            return []
        return [f"Damage: {' '.join(line.split())}"
                for (line,) in con.execute("PRAGMA quick_check(20)")
                if line != "ok"]
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and not is_damage_error(exc):
            return [f"SQLite cannot read it ({exc})"]
        return [f"Damage: SQLite reports {exc}"]
    finally:
        con.close()


def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    """How many rows each table of the open database holds (SQLite's own tables left out)."""
    names = [name for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {name: con.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"'
                              ).fetchone()[0] for name in names}


def copy_findings(copy: Path, counts: dict[str, int]) -> list[str]:
    """What is wrong with the fresh copy ``copy`` of a file whose tables held ``counts``.

    SQLite's integrity check first (``PRAGMA quick_check``, every page read), then the
    number of rows of every table against the source's, read in the copy's transaction.
    The copy is a private file of ours that nobody else has open, so it is opened plainly.
    """
    try:
        con = sqlite3.connect(str(copy))
    except sqlite3.DatabaseError as exc:
        return [f"Damage: SQLite reports {exc}"]
    try:
        findings = [f"Damage: {' '.join(line.split())}"
                    for (line,) in con.execute("PRAGMA quick_check(20)")
                    if line != "ok"]
        if findings:
            return findings
        copied = table_counts(con)
    except sqlite3.DatabaseError as exc:
        return [f"Damage: SQLite reports {exc}"]
    finally:
        con.close()
    return [f"the copy holds {copied.get(name, 0)} rows of {name} where the file holds {n}"
            for name, n in counts.items() if copied.get(name, 0) != n] + [
            f"the copy holds a table {name} that the file does not"
            for name in copied if name not in counts]


def rescue_hint(path: Path) -> str:
    """The command that saves what can still be read of the damaged file ``path``."""
    path = Path(path)
    rescued = path.with_name(f"{path.stem}-rescued{path.suffix or '.sqlite'}")
    return ("what can still be read can be rescued into a new file with: msmedesk rescue "
            f"{shlex.quote(str(path))} {shlex.quote(str(rescued))}")


_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_DAMAGE_WORDS = ("malformed", "not a database", "database corrupt", "disk image")


def is_damage_error(exc: BaseException) -> bool:
    """Whether an exception (SQLAlchemy's or sqlite3's) says the data file is damaged.

    The window calls it on the first failure of a query: a damaged file may open fine
    and fail only when a damaged page is read.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.DatabaseError):
            code = getattr(current, "sqlite_errorcode", None)
            if code is not None and (code & 0xFF) in _DAMAGE_CODES:
                return True
            if any(word in str(current).lower() for word in _DAMAGE_WORDS):
                return True
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (current.__cause__
                                                                 or current.__context__)
    return False
