"""Fixtures of the live-update tests: a server database to listen on."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

from tests import pg


@pytest.fixture
def plain_url(pg_cluster: pg.PgCluster) -> Iterator[str]:
    """A fresh, empty server database of this test's own: its address."""
    name = f"live_{uuid.uuid4().hex[:10]}"
    url = pg_cluster.create_database(name)
    try:
        yield url
    finally:
        pg_cluster.drop_database(name)
