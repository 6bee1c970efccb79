"""Fixtures of the live-update tests: a server database to listen on."""

from __future__ import annotations

import os
import uuid

import pytest


@pytest.fixture
def plain_url(request: pytest.FixtureRequest) -> str:
    """A fresh (unmigrated) server database: its libpq URL."""
    if "pg_cluster" in request.fixturenames or _has_fixture(request, "pg_cluster"):
        cluster = request.getfixturevalue("pg_cluster")
        name = f"live_{uuid.uuid4().hex[:10]}"
        cluster.create_database(name)
        return str(cluster.url(name))
    folder = os.environ.get("LIVE_PG_DIR")  # a cluster started by hand (before the fixture)
    if not folder:
        pytest.skip("no PostgreSQL cluster for the live-update tests")
    import psycopg

    port = os.environ.get("LIVE_PG_PORT", "5432")
    name = f"live_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"host={folder} port={port} user=postgres dbname=postgres",
                         autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@/{name}?host={folder}&port={port}"


def _has_fixture(request: pytest.FixtureRequest, name: str) -> bool:
    try:
        request.getfixturevalue(name)
    except pytest.FixtureLookupError:
        return False
    return True
