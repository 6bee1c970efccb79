"""What the migration tests compare: a data file's tables, their columns and their rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def tables_of(con: sqlite3.Connection) -> list[str]:
    """The file's own tables (SQLite's and Alembic's left out), by name."""
    return [n for (n,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version' ORDER BY name")]


def columns(con: sqlite3.Connection, table: str) -> list[str]:
    """The columns of ``table``, in order."""
    return [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]


def rows(path: Path, chosen: dict[str, list[str]]) -> dict[str, list[tuple]]:
    """Every row of the ``chosen`` tables, the ``chosen`` columns, read without writing."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f'SELECT {", ".join(cols)} FROM "{t}" ORDER BY rowid').fetchall()
                for t, cols in chosen.items()}
    finally:
        con.close()
