"""The revisions on PostgreSQL keep what a server already holds: 0003 alters the outreach
events in place there (a file copies the table), and every row and partner stays."""

from __future__ import annotations

import uuid

from sqlalchemy import create_engine
from sqlalchemy.dialects import postgresql
from sqlalchemy.schema import CreateTable

import msmedesk.records  # noqa: F401  (registers the search index's builder)
from msmedesk.db import header
from msmedesk.db.files import migrate
from msmedesk.db.location import ServerAddress, read_location
from msmedesk.db.models import ContactRow, MemberRow
from tests import pg


def _engine(url: str):  # noqa: ANN202
    address = read_location(url)
    assert isinstance(address, ServerAddress)
    return create_engine(address.engine_url)


def test_revisions_on_a_server_keep_its_events_and_partners(pg_cluster: pg.PgCluster) -> None:
    name = f"m_{uuid.uuid4().hex[:12]}"
    engine = _engine(pg_cluster.create_database(name))
    try:
        migrate(engine, "0002")
        pg_cluster.sql("INSERT INTO organizations (id, name, acronym) VALUES (1, 'ITC', 'ITC')",
                       name)
        pg_cluster.sql("INSERT INTO outreach_events (id, date, kind, title, summary) VALUES "
                       "(1, '2024-05', 'speaking-engagement', 'Forum', 'Spoke.'), "
                       "(2, '2024-02', 'joint-event', 'Launch', '')", name)
        pg_cluster.sql("INSERT INTO outreach_partners (event_id, organization_id, position) "
                       "VALUES (1, 1, 0), (2, 1, 0)", name)
        migrate(engine)
    finally:
        engine.dispose()
    assert pg_cluster.sql("SELECT id, date, kind, title, summary, role, place, position "
                          "FROM outreach_events ORDER BY id", name) == [
        (1, "2024-05", "speaking-engagement", "Forum", "Spoke.", "", "", None),
        (2, "2024-02", "joint-event", "Launch", "", "", "", None)]
    assert pg_cluster.sql("SELECT event_id, organization_id FROM outreach_partners "
                          "ORDER BY event_id", name) == [(1, 1), (2, 1)]
    # The kind's new CHECK holds on the server: "publication" is allowed now.
    pg_cluster.sql("UPDATE outreach_events SET kind = 'publication' WHERE id = 2", name)
    assert pg_cluster.sql("SELECT version_num FROM alembic_version", name) == [
        (f"{header.SCHEMA_VERSION:04d}",)]


def test_the_models_checks_are_written_for_postgresql_without_glob() -> None:
    for table in (MemberRow.__table__, ContactRow.__table__):
        ddl = str(CreateTable(table).compile(dialect=postgresql.dialect()))  # type: ignore[arg-type]
        assert "GLOB" not in ddl.upper()
        assert "~ '^[12][0-9][0-9][0-9]$'" in ddl or "!~ '^.*[ ,;].*$'" in ddl
