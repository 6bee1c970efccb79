"""A server's records into a new data file and back (server_backup), against a real server."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, text

from msmedesk import server_backup
from msmedesk.db.engine import open_data_file
from msmedesk.db.location import read_location
from msmedesk.db.safety import open_for_reading
from msmedesk.records import Services
from msmedesk.server_backup import ServerCopyError, backup_server, restore_server
from tests import pg

#: tables each side keeps by its own means (the search index) or the schema's version.
NOT_COPIED = ("search_text", "search_words", "alembic_version")


@pytest.fixture
def server(server_url: str) -> Iterator[Engine]:
    engine = create_engine(read_location(server_url).engine_url)  # type: ignore[union-attr]
    yield engine
    engine.dispose()


@pytest.fixture
def sample_reader(sample_file: Path) -> Iterator[Engine]:
    engine = open_for_reading(sample_file)
    yield engine
    engine.dispose()


def _rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every copied table of a data file, in a fixed order."""
    con = sqlite3.connect(str(path))
    try:
        names = [n for (n,) in con.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
            if not n.startswith(NOT_COPIED)]
        return {n: sorted(con.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
                for n in names}
    finally:
        con.close()


def _count(engine: Engine, table: str, schema: str = "public") -> int:
    with engine.connect() as con:
        return int(con.execute(text(f'SELECT count(*) FROM "{schema}"."{table}"')).scalar_one())


def test_a_file_restored_onto_a_server_and_backed_up_again_is_the_same_row_for_row(
        sample_file: Path, sample_reader: Engine, server: Engine, tmp_path: Path) -> None:
    """Ids, versions, history and every field survive both ways; the backup is a data file
    that opens offline, its search index built."""
    restored = restore_server(sample_reader, server)
    assert restored.kept_in is None and restored.counts["members"] == 76
    assert restored.counts["history"] > 0  # the sample's "imported" entries go along

    dest = tmp_path / "server-copy.sqlite"
    copied = backup_server(server, dest)
    assert copied.counts == restored.counts
    assert _rows(dest) == _rows(sample_file)

    offline = Services(open_data_file(dest))
    try:
        assert offline.counts() == Services(open_for_reading(sample_file)).counts()
        assert offline.find("Kenya").total == 1  # the search index was built
    finally:
        offline.close()


def test_a_backup_is_one_moment_while_another_desk_writes(
        sample_reader: Engine, server: Engine, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another desk's change committed after the backup began is not in it, even in a
    table the backup reads later (one REPEATABLE READ transaction)."""
    restore_server(sample_reader, server)
    batches = server_backup._batches
    desk_changed: list[bool] = []

    def meanwhile(connection: Any, query: Any) -> Iterator[Any]:
        if not desk_changed:  # the first table's read has begun: another desk deletes
            with server.begin() as desk:
                desk.execute(text("DELETE FROM spotlights"))
            desk_changed.append(True)
        yield from batches(connection, query)

    monkeypatch.setattr(server_backup, "_batches", meanwhile)
    copied = backup_server(server, tmp_path / "moment.sqlite")
    assert desk_changed and _count(server, "spotlights") == 0
    assert copied.counts["spotlights"] == 4
    assert len(_rows(tmp_path / "moment.sqlite")["spotlights"]) == 4


def test_restore_refuses_a_database_holding_records_and_changes_nothing(
        sample_reader: Engine, server: Engine) -> None:
    restore_server(sample_reader, server)
    with server.begin() as con:
        con.execute(text("DELETE FROM spotlights"))
    with pytest.raises(ServerCopyError, match="already holds records.*--replace"):
        restore_server(sample_reader, server)
    assert _count(server, "spotlights") == 0 and _count(server, "members") == 76
    with server.connect() as con:
        assert not con.execute(text(
            "SELECT 1 FROM pg_namespace WHERE nspname LIKE 'msmedesk_backup_%'")).first()


def test_restore_with_replace_keeps_the_old_records_on_the_server_first(
        sample_reader: Engine, server: Engine) -> None:
    """The server's records go to a schema of their own, then the file's take their place;
    new records are numbered after the restored ones."""
    restore_server(sample_reader, server)
    with server.begin() as con:
        con.execute(text("DELETE FROM spotlights"))
    done = restore_server(sample_reader, server, replace=True,
                          now=datetime(2026, 12, 8, 9, 30, 5))
    assert done.kept_in == "msmedesk_backup_20261208_093005"
    assert _count(server, "spotlights", done.kept_in) == 0  # the records it replaced
    assert _count(server, "members", done.kept_in) == 76
    assert _count(server, "spotlights") == 4  # the file's
    with server.connect() as con:
        top = con.execute(text("SELECT max(id) FROM members")).scalar_one()
        following = con.execute(text(
            "SELECT nextval(pg_get_serial_sequence('members', 'id'))")).scalar_one()
    assert following > top


def test_restore_into_a_database_without_tables_makes_them_in_the_same_transaction(
        sample_reader: Engine, pg_cluster: pg.PgCluster) -> None:
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(read_location(pg_cluster.create_database(name)).engine_url)  # type: ignore[union-attr]
    try:
        restore_server(sample_reader, engine)
        assert _count(engine, "members") == 76 and _count(engine, "alembic_version") == 1
    finally:
        engine.dispose()
        pg_cluster.drop_database(name)


def test_restore_refuses_a_database_holding_other_tables(
        sample_reader: Engine, pg_cluster: pg.PgCluster) -> None:
    name = f"t_{uuid.uuid4().hex[:12]}"
    engine = create_engine(read_location(pg_cluster.create_database(name)).engine_url)  # type: ignore[union-attr]
    pg_cluster.sql("CREATE TABLE invoices (id INTEGER)", dbname=name)
    try:
        with pytest.raises(ServerCopyError, match="not msmedesk's"):
            restore_server(sample_reader, engine)
        assert pg_cluster.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                              dbname=name) == [(1,)]
    finally:
        engine.dispose()
        pg_cluster.drop_database(name)
