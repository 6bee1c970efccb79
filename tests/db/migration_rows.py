"""What the migration tests compare: a data file's tables, their columns and their rows."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from msmedesk.db.engine import make_engine
from msmedesk.db.files import migrate


def tables_of(con: sqlite3.Connection) -> list[str]:
    """The file's own tables (SQLite's and Alembic's left out, and the full-text index's
    virtual tables with their shadow tables, which SQLite keeps itself), by name."""
    virtual = [n for (n,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'")]
    return [n for (n,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version' ORDER BY name")
        if not any(n == v or n.startswith(f"{v}_") for v in virtual)]


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


def file_of_revision(path: Path, revision: str, records_from: Path,
                     chosen: Callable[[str, str], str] = lambda _table, names: names,
                     ) -> dict[str, list[str]]:
    """A data file made by ``revision`` holding the records of ``records_from`` (every
    column that revision has); returns its tables and their columns. ``chosen`` gives, for
    a table and its column list, what to select from the source in their place (a value
    that revision does not know yet, told as one it does)."""
    engine = make_engine(path)
    try:
        migrate(engine, revision)
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    try:
        found = {t: columns(con, t) for t in tables_of(con)}
        con.execute("ATTACH DATABASE ? AS src", (str(records_from),))
        for table, cols in found.items():
            names = ", ".join(cols)
            con.execute(f'INSERT INTO main."{table}" ({names}) '
                        f'SELECT {chosen(table, names)} FROM src."{table}"')
        con.commit()
        con.execute("DETACH DATABASE src")
    finally:
        con.close()
    return found
