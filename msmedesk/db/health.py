"""SQLite's own checks of a data file for ``msmedesk check``: damage, broken references and
a schema msmedesk did not make.

The Group's rules over the records are the pass above this one (``msmedesk.checks``); the
damage helpers live in ``damage`` and are named here too for the callers that know them
by this module.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from msmedesk.db import schema
from msmedesk.db.damage import (
    DataFileDamaged,
    copy_findings,
    is_damage_error,
    quick_findings,
    rescue_hint,
    table_counts,
)
from msmedesk.db.errors import DataFileError
from msmedesk.db.header import inspect_file
from msmedesk.db.reading import read_connection

__all__ = ["DataFileDamaged", "SqliteCheck", "copy_findings", "is_damage_error",
           "quick_findings", "rescue_hint", "sqlite_check", "table_counts"]


@dataclass(frozen=True)
class SqliteCheck:
    """What SQLite finds in a data file, before any of the Group's rules are applied."""

    problems: tuple[str, ...]
    # Sound and complete enough that reading its records and applying the rules tells
    # something new (rules on a damaged file would only repeat the damage in other words).
    rules_apply: bool = False
    schema_version: int = 0


def sqlite_check(path: Path) -> SqliteCheck:
    """Integrity, references and schema of ``path``, one plain line per problem; only reads."""
    try:
        state = inspect_file(path)
    except DataFileError as exc:
        return SqliteCheck((str(exc),))
    if not state.exists:
        return SqliteCheck((f"There is no data file at {path}.",))
    findings: list[str] = []
    try:
        con = read_connection(path)
    except sqlite3.OperationalError as exc:
        if not is_damage_error(exc):
            return SqliteCheck((f"SQLite cannot open {path}: {exc}.",))
        return SqliteCheck((f"Damage: SQLite reports {exc}",))
    except sqlite3.DatabaseError as exc:
        return SqliteCheck((f"Damage: SQLite reports {exc}",))
    unlike = None
    try:
        for (line,) in con.execute("PRAGMA integrity_check"):
            if line != "ok":
                # (One finding may span lines: "*** in database main ***\nPage 33: …".)
                findings.append(f"Damage: {' '.join(line.split())}")
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
            findings.append(f"Broken reference: {table} row {rowid} points to a missing "
                            f"{parent} record")
        # Every table, index, view and trigger msmedesk did not make, and what it lacks.
        unlike = schema.compare(con, state.schema_version)
    except sqlite3.DatabaseError as exc:
        findings.append(f"Damage: SQLite reports {exc}")
    finally:
        con.close()
    schema_lines = unlike.lines() if unlike else []
    incomplete = unlike is not None and (bool(unlike.missing) or not unlike.has_our_tables)
    return SqliteCheck(tuple(findings + schema_lines),
                       rules_apply=not (findings or incomplete),
                       schema_version=state.schema_version)
