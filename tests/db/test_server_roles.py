"""The two roles an administrator grants on a server, and what a connected role may do."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from msmedesk.db.location import read_location
from msmedesk.db.server_roles import (
    EDITORS,
    READERS,
    grant_statements,
    read_rights,
    role_statements,
)
from tests import pg

#: login roles of the tests: an editor, a reader, someone given nothing, a standby's editor.
PEOPLE = {"ana": EDITORS, "ivo": READERS, "zed": None, "una": EDITORS}


def _create_role(cluster: pg.PgCluster, statement: str) -> None:
    # Roles belong to the whole cluster: another test may have made them already.
    cluster.sql(f"DO $$ BEGIN {statement} EXCEPTION WHEN duplicate_object THEN NULL; END $$")


@pytest.fixture(scope="session")
def office_roles(pg_cluster: pg.PgCluster) -> pg.PgCluster:
    """The two group roles, as role_statements() makes them, and a login role per person."""
    for statement in role_statements():
        _create_role(pg_cluster, statement)
    for person, group in PEOPLE.items():
        _create_role(pg_cluster, f"CREATE ROLE {person} LOGIN;")
        if group:
            pg_cluster.sql(f"GRANT {group} TO {person}")
    # A server that takes no changes (as a standby would), whatever the role's rights.
    pg_cluster.sql("ALTER ROLE una SET default_transaction_read_only = on")
    return pg_cluster


@pytest.fixture
def granted(server_url: str, office_roles: pg.PgCluster) -> str:
    """A migrated database on which the administrator ran both grant statements."""
    name = make_url(server_url).database or ""
    for statement in grant_statements():
        office_roles.sql(statement, dbname=name)
    return name


@pytest.fixture
def connect(office_roles: pg.PgCluster) -> Iterator[object]:
    engines: list[Engine] = []

    def make(dbname: str, user: str) -> Engine:
        address = read_location(office_roles.url(dbname, user))
        engine = create_engine(address.engine_url)  # type: ignore[union-attr]
        engines.append(engine)
        return engine

    yield make
    for engine in engines:
        engine.dispose()


def _tables(connection: Connection) -> list[str]:
    return list(connection.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")).scalars())


def _write_each_table(connection: Connection) -> None:
    """What a save does to any table, checked by the server (no row is touched)."""
    for table in _tables(connection):
        if table == "alembic_version":
            continue
        connection.execute(text(f'INSERT INTO "{table}" SELECT * FROM "{table}" WHERE false'))
        connection.execute(text(f'DELETE FROM "{table}" WHERE false'))
    for (seq,) in connection.execute(text(
            "SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")):
        connection.execute(text("SELECT nextval(:s)"), {"s": seq})


def test_editors_may_read_and_change_every_table_readers_only_read(
        granted: str, connect: object) -> None:
    """The grants cover every table msmedesk keeps, and new records' numbers (sequences)."""
    with connect(granted, "ana").connect() as ana:  # type: ignore[operator]
        _write_each_table(ana)
        ana.rollback()
    with connect(granted, "ivo").connect() as ivo:  # type: ignore[operator]
        for table in _tables(ivo):
            ivo.execute(text(f'SELECT * FROM "{table}" LIMIT 1'))
        with pytest.raises(ProgrammingError, match="permission denied"):
            ivo.execute(text("DELETE FROM members WHERE false"))


def test_the_grants_hold_for_tables_a_later_version_adds(
        granted: str, office_roles: pg.PgCluster, connect: object) -> None:
    """A table the owner makes after the grants (a later revision) is readers' and editors'
    too: an upgrade does not lock the office out."""
    office_roles.sql("CREATE TABLE later_things (id SERIAL PRIMARY KEY, note TEXT)",
                     dbname=granted)
    with connect(granted, "ana").begin() as ana:  # type: ignore[operator]
        ana.execute(text("INSERT INTO later_things (note) VALUES ('new')"))
    with connect(granted, "ivo").connect() as ivo:  # type: ignore[operator]
        assert ivo.execute(text("SELECT note FROM later_things")).scalars().all() == ["new"]


def test_read_rights_tell_editors_readers_and_the_rest_apart(
        granted: str, connect: object) -> None:
    """An editor may write; a reader reads with the reason and the administrator's GRANT;
    a role given nothing is refused in one sentence naming the grant it lacks."""
    with connect(granted, "ana").connect() as ana:  # type: ignore[operator]
        rights = read_rights(ana)
    assert rights.role == "ana" and rights.writable and rights.read_only_reason() is None

    with connect(granted, "ivo").connect() as ivo:  # type: ignore[operator]
        rights = read_rights(ivo)
    assert rights.readable and not rights.writable and rights.refusal() is None
    assert "members" in rights.unwritable
    assert rights.read_only_reason() == (
        "Your server role ivo may only read these records; to make changes, an "
        f"administrator runs: GRANT {EDITORS} TO ivo;")

    with connect(granted, "zed").connect() as zed:  # type: ignore[operator]
        rights = read_rights(zed)
    assert not rights.readable and not rights.writable
    refusal = rights.refusal()
    assert refusal is not None and f"GRANT {READERS} TO zed;" in refusal


def test_a_server_that_takes_no_changes_opens_read_only_even_for_an_editor(
        granted: str, connect: object) -> None:
    with connect(granted, "una").connect() as una:  # type: ignore[operator]
        rights = read_rights(una)
    assert rights.server_read_only and rights.readable and not rights.writable
    assert "takes no changes" in (rights.read_only_reason() or "")


def test_grant_statements_name_the_two_roles() -> None:
    readers, editors = grant_statements()
    assert f"TO {READERS}" in readers and "INSERT" not in readers
    assert f"TO {EDITORS}" in editors and "INSERT, UPDATE, DELETE" in editors
