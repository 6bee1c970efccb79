"""Opening a server database (db/server.py) and setting one up (setup-server)."""

from __future__ import annotations

import socket
import uuid
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from msmedesk.db import header
from msmedesk.db.errors import DataFileError, NewerDataFile, NotADataFile
from msmedesk.db.location import ServerAddress, read_location
from msmedesk.db.server import (
    OlderSchema,
    PasswordNeeded,
    ServerUnreachable,
    open_server,
    setup_server,
)
from tests import pg


def _address(url: str) -> ServerAddress:
    found = read_location(url)
    assert isinstance(found, ServerAddress)
    return found


def _empty(pg_cluster: pg.PgCluster) -> tuple[str, str]:
    name = f"e_{uuid.uuid4().hex[:12]}"
    return name, pg_cluster.create_database(name)


def test_a_set_up_database_opens_as_the_role_with_its_version(server_url: str) -> None:
    opened = open_server(_address(server_url))
    try:
        assert opened.role == "postgres"
        assert not opened.readonly
        assert opened.schema_version == header.SCHEMA_VERSION
        # The test server listens on a Unix socket: no TLS, libpq's default setting.
        assert (opened.sslmode, opened.ssl_in_use) == ("prefer", False)
        with opened.engine.begin() as con:
            con.execute(text("INSERT INTO saved_searches (name, scope, query) "
                             "VALUES ('mine', '', 'peru')"))
    finally:
        opened.close()


def test_the_sslmode_asked_is_the_one_in_use(server_url: str) -> None:
    opened = open_server(_address(server_url + "&sslmode=disable"))
    try:
        assert (opened.sslmode, opened.ssl_in_use) == ("disable", False)
    finally:
        opened.close()


def test_an_empty_database_is_refused_until_setup_server_makes_the_schema(
        pg_cluster: pg.PgCluster) -> None:
    name, url = _empty(pg_cluster)
    with pytest.raises(NotADataFile, match="run msmedesk setup-server"):
        open_server(_address(url))
    said = setup_server(_address(url))
    assert "created" in said and f"schema version {header.SCHEMA_VERSION}" in said
    assert pg_cluster.sql("SELECT version_num FROM alembic_version", name) == [
        (f"{header.SCHEMA_VERSION:04d}",)]
    open_server(_address(url)).close()
    assert "already set up" in setup_server(_address(url))


def test_setup_server_refuses_a_database_holding_other_tables(pg_cluster: pg.PgCluster) -> None:
    name, url = _empty(pg_cluster)
    pg_cluster.sql("CREATE TABLE invoices (id int)", name)
    with pytest.raises(NotADataFile, match="invoices"):
        setup_server(_address(url))
    with pytest.raises(NotADataFile, match="invoices"):
        open_server(_address(url))
    tables = pg_cluster.sql("SELECT table_name FROM information_schema.tables "
                            "WHERE table_schema = 'public'", name)
    assert tables == [("invoices",)]


def test_a_newer_schema_is_refused_and_an_older_one_sent_to_setup(
        pg_cluster: pg.PgCluster, server_url: str) -> None:
    name = _address(server_url).database
    pg_cluster.sql(f"UPDATE alembic_version SET version_num = "
                   f"'{header.SCHEMA_VERSION + 1:04d}'", name)
    with pytest.raises(NewerDataFile, match="newer version of msmedesk"):
        open_server(_address(server_url))
    with pytest.raises(NewerDataFile):
        setup_server(_address(server_url))
    pg_cluster.sql(f"UPDATE alembic_version SET version_num = "
                   f"'{header.SCHEMA_VERSION - 1:04d}'", name)
    with pytest.raises(OlderSchema, match="setup-server"):
        open_server(_address(server_url))


def test_a_server_that_is_not_there_is_told_in_one_sentence(tmp_path: Path) -> None:
    with pytest.raises(ServerUnreachable, match="no server is running there") as found:
        open_server(_address(f"postgresql://postgres@/msme?host={tmp_path}&port=5999"))
    assert "\n" not in str(found.value)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(ServerUnreachable, match="refused"):
        open_server(_address(f"postgresql://postgres@127.0.0.1:{port}/msme"))


def test_a_missing_database_is_named(pg_cluster: pg.PgCluster) -> None:
    with pytest.raises(NotADataFile, match="has no database named nothere"):
        open_server(_address(pg_cluster.url("nothere")))


def test_a_password_is_asked_for_then_taken(pg_cluster: pg.PgCluster, server_url: str,
                                            tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "none"))
    role = f"clerk_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f"CREATE ROLE {role} LOGIN PASSWORD 's3cret'")
    pg_cluster.require_password(role)
    pg_cluster.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}",
                   _address(server_url).database)
    url = server_url.replace("postgres@", f"{role}@")
    with pytest.raises(PasswordNeeded, match="asks for the password"):
        open_server(_address(url))
    with pytest.raises(PasswordNeeded, match="did not accept") as refused:
        open_server(_address(url), password="wrong")
    assert "wrong" not in str(refused.value)
    opened = open_server(_address(url), password="s3cret")
    try:
        assert opened.role == role
        assert "s3cret" not in str(opened.address)
    finally:
        opened.close()


def test_a_role_that_may_only_read_opens_read_only(pg_cluster: pg.PgCluster,
                                                   server_url: str) -> None:
    name = _address(server_url).database
    role = f"reader_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f"CREATE ROLE {role} LOGIN")
    pg_cluster.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}", name)
    opened = open_server(_address(server_url.replace("postgres@", f"{role}@")))
    try:
        assert opened.readonly and opened.role == role
        with opened.engine.connect() as con:
            assert con.execute(text("SELECT count(*) FROM members")).scalar() == 0
    finally:
        opened.close()


def test_a_role_without_rights_is_told_who_grants_them(pg_cluster: pg.PgCluster,
                                                        server_url: str) -> None:
    role = f"nobody_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f"CREATE ROLE {role} LOGIN")
    with pytest.raises(DataFileError, match=f"The role {role} may not read the records"):
        open_server(_address(server_url.replace("postgres@", f"{role}@")))


def test_read_only_asked_refuses_writes_in_the_server(server_url: str) -> None:
    opened = open_server(_address(server_url), readonly=True)
    try:
        assert opened.readonly
        with pytest.raises(DBAPIError, match="read-only"), opened.engine.begin() as con:
            con.execute(text("INSERT INTO saved_searches (name, scope, query) "
                             "VALUES ('mine', '', 'peru')"))
    finally:
        opened.close()
