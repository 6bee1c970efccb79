"""Backups of a server: its records into a new data file, and a data file back onto a server.

``backup_server`` reads every table in one REPEATABLE READ, read-only transaction (one
consistent moment however many desks are writing) and writes a new SQLite data file made
by the same Alembic revisions, so it opens offline like any file. ``restore_server`` puts
a data file's records onto a server in one transaction: into a database with no records
(or no tables yet), or, with ``replace``, after keeping the records there in a schema of
their own (``msmedesk_backup_YYYYMMDD_HHMMSS``) on the same server. Both copy the tables
row for row, ids, versions and the history included; the search index, which each
database keeps by its own means, is rebuilt from the records.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, MetaData, Select, inspect, select, text

from msmedesk.db.damage import copy_findings
from msmedesk.db.errors import DataFileError
from msmedesk.db.files import BUILDERS, make_engine, migrate
from msmedesk.safe_write import write_atomically

#: tables each database keeps by its own means (rebuilt, not copied), and the schema's
#: version (the same on both sides, or no copy is made).
_REBUILT = ("search_text", "search_words")
_VERSION_TABLE = "alembic_version"
_BATCH = 2000


class ServerCopyError(DataFileError):
    """A backup or restore of a server that could not be made; one plain sentence."""


@dataclass(frozen=True)
class Copied:
    """What a backup or restore copied: rows per table, and where replaced records went."""

    counts: dict[str, int]
    kept_in: str | None = None  # the schema holding the server's records a restore replaced

    @property
    def records(self) -> int:
        """How many rows were copied in all (history included)."""
        return sum(self.counts.values())


def _copied_tables(connection: Connection) -> list[str]:
    """The tables of msmedesk's schema on ``connection`` that a copy carries, in FK order."""
    meta = MetaData()
    meta.reflect(connection)
    return [t.name for t in meta.sorted_tables
            if t.name != _VERSION_TABLE and not t.name.startswith(_REBUILT)]


def _schema_version(connection: Connection) -> str | None:
    if not inspect(connection).has_table(_VERSION_TABLE):
        return None
    return connection.execute(text(f"SELECT version_num FROM {_VERSION_TABLE}")).scalar()


def _copy_rows(source: Connection, target: Connection, names: list[str]) -> dict[str, int]:
    """Copy every row of ``names`` from ``source`` to ``target``; rows copied per table."""
    src_meta, dst_meta = MetaData(), MetaData()
    src_meta.reflect(source, only=names)
    dst_meta.reflect(target, only=names)
    counts: dict[str, int] = {}
    for name in names:
        src, dst = src_meta.tables[name], dst_meta.tables[name]
        missing = [c.name for c in dst.columns if c.name not in src.columns]
        if missing:
            raise ServerCopyError(f"The table {name} lacks the column {missing[0]} that this "
                                  "program keeps; nothing was copied.")
        columns = [src.columns[c.name] for c in dst.columns]
        order = list(src.primary_key.columns) or columns
        counts[name] = 0
        for batch in _batches(source, select(*columns).order_by(*order)):
            target.execute(dst.insert(), batch)
            counts[name] += len(batch)
    return counts


def _batches(connection: Connection, query: Select[Any]) -> Iterator[list[dict[str, Any]]]:
    result = connection.execution_options(stream_results=True).execute(query)
    while rows := result.mappings().fetchmany(_BATCH):
        yield [dict(row) for row in rows]


def _rebuild_search(connection: Connection) -> None:
    """The search index from the records just copied (the services register the builder)."""
    import msmedesk.records  # noqa: F401  (registers BUILDERS["search_index"])

    BUILDERS["search_index"](connection)


# ---------------------------------------------------------------- server -> data file


def backup_server(server: Engine, dest: Path, *, replace: bool = False) -> Copied:
    """Write the server's records, as of one moment, into the new data file ``dest``.

    The file is built under a hidden name and appears at ``dest`` only when complete and
    checked (SQLite's integrity check, and as many rows per table as the server held);
    an existing ``dest`` is replaced only with ``replace``.
    """
    copied: dict[str, int] = {}

    def write(tmp: Path) -> None:
        engine = make_engine(tmp)
        try:
            migrate(engine)
            with server.connect() as src, engine.begin() as dst:
                src = src.execution_options(isolation_level="REPEATABLE READ")
                src.exec_driver_sql("SET TRANSACTION READ ONLY")
                _same_schema(_schema_version(src), _schema_version(dst), "the server")
                # Checked at the commit: rows arrive parent first, but a check at the end
                # holds whatever the order.
                dst.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
                copied.update(_copy_rows(src, dst, _copied_tables(dst)))
                _rebuild_search(dst)
                src.rollback()
        finally:
            engine.dispose()
        con = sqlite3.connect(str(tmp))
        try:  # one file, complete on its own: no -wal beside it
            con.execute("PRAGMA journal_mode = DELETE")
        finally:
            con.close()
        findings = [f for f in copy_findings(tmp, copied) if not _is_rebuilt(f)]
        if findings:
            raise ServerCopyError(f"The backup was not kept: {findings[0]}.")

    write_atomically(Path(dest), write, replace=replace, private=True)
    return Copied(copied)


def _is_rebuilt(finding: str) -> bool:
    """Whether a copy finding is about a table the copy makes itself (index, version)."""
    return any(f"table {name}" in finding for name in (*_REBUILT, _VERSION_TABLE))


def _same_schema(source: str | None, target: str | None, where: str) -> None:
    if source is None:
        raise ServerCopyError(f"{where.capitalize()} holds no msmedesk records (no schema "
                              "version); nothing was copied.")
    if source != target:
        raise ServerCopyError(
            f"{where.capitalize()} is at schema revision {source} and this program at "
            f"{target}; upgrade the older one first (open it with this program, or run this "
            "program's setup-server), then copy again. Nothing was copied.")


# ---------------------------------------------------------------- data file -> server


def restore_server(source: Engine, server: Engine, *, replace: bool = False,
                   now: datetime | None = None) -> Copied:
    """Put the records of the data file read by ``source`` onto the server, in one transaction.

    The server database must hold no records (its tables may not exist yet: they are
    made by the revisions, in the same transaction), or ``replace`` is given: its records
    are first kept in a new schema ``msmedesk_backup_YYYYMMDD_HHMMSS`` on the server, then
    replaced. Every desk waits meanwhile (the tables are locked); a failure leaves the
    server as it was.
    """
    with source.connect() as src, server.begin() as dst:
        names = _copied_tables(src)
        if _schema_version(dst) is None:
            _create_schema(dst)
        _same_schema(_schema_version(src), _schema_version(dst), "the data file")
        tables = _copied_tables(dst)
        _lock(dst, tables)
        held = _held(dst, tables)
        kept = None
        if held and not replace:
            raise ServerCopyError(
                f"The server database already holds records ({held}); restore puts a backup "
                "only into an empty database, or, with --replace, after keeping the records "
                "there in a schema of their own. Nothing was changed.")
        if held:
            kept = _keep_aside(dst, tables, now or datetime.now())
        dst.exec_driver_sql("TRUNCATE " + ", ".join(_q(t) for t in tables))
        # The history's announcement trigger would tell every desk of each old entry.
        for name in tables:
            dst.exec_driver_sql(f"ALTER TABLE {_q(name)} DISABLE TRIGGER USER")
        counts = _copy_rows(src, dst, [n for n in names if n in tables])
        for name in tables:
            dst.exec_driver_sql(f"ALTER TABLE {_q(name)} ENABLE TRIGGER USER")
        _reset_sequences(dst, tables)
        _rebuild_search(dst)
    return Copied(counts, kept)


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _create_schema(connection: Connection) -> None:
    """The revisions, run on an empty database inside the restore's transaction."""
    from alembic import command
    from alembic.config import Config

    from msmedesk.db import header

    if inspect(connection).get_table_names():
        raise ServerCopyError("The server database holds tables that are not msmedesk's; "
                              "restore into an empty database. Nothing was changed.")
    config = Config()
    config.set_main_option("script_location", str(header.MIGRATIONS))
    config.attributes["connection"] = connection
    command.upgrade(config, "head")


def _lock(connection: Connection, tables: list[str]) -> None:
    """No desk reads a half-restored table or writes one meanwhile."""
    connection.exec_driver_sql(
        "LOCK TABLE " + ", ".join(_q(t) for t in tables) + " IN ACCESS EXCLUSIVE MODE")


def _held(connection: Connection, tables: list[str]) -> str:
    """The records the server holds, as "12 rows of members, 3 of meetings" ("" if none)."""
    counts = [(t, connection.execute(text(f"SELECT count(*) FROM {_q(t)}")).scalar_one())
              for t in tables]
    held = [f"{n} row{'' if n == 1 else 's'} in {t}" for t, n in counts if n]
    return ", ".join(held[:3]) + (f" and {len(held) - 3} more tables" if len(held) > 3 else "")


def _keep_aside(connection: Connection, tables: list[str], now: datetime) -> str:
    """Copy the server's tables into a new schema of their own; returns its name."""
    schema = f"msmedesk_backup_{now:%Y%m%d_%H%M%S}"
    exists = connection.execute(
        text("SELECT 1 FROM pg_namespace WHERE nspname = :n"), {"n": schema}).first()
    if exists:
        raise ServerCopyError(f"The schema {schema} already exists on the server; try again "
                              "in a second. Nothing was changed.")
    connection.exec_driver_sql(f"CREATE SCHEMA {_q(schema)}")
    for name in (*tables, _VERSION_TABLE):
        connection.exec_driver_sql(
            f"CREATE TABLE {_q(schema)}.{_q(name)} AS TABLE {_q(name)}")
    return schema


def _reset_sequences(connection: Connection, tables: list[str]) -> None:
    """Number new records after the restored ones (ids were copied as they were)."""
    for name in tables:
        for column in inspect(connection).get_columns(name):
            seq = connection.execute(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                     {"t": _q(name), "c": column["name"]}).scalar()
            if seq:
                connection.execute(text(
                    f"SELECT setval(:s, COALESCE((SELECT max({_q(column['name'])}) "
                    f"FROM {_q(name)}), 0) + 1, false)"), {"s": seq})
