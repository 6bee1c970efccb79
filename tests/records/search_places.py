"""Fixtures that run the search tests on a data file and on a PostgreSQL server alike
(issue 17: the same search language, the same results): import them into a test module
(``from tests.records.search_places import services, sample_services``); the sample's
server template is tests/records/conftest.py's."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from msmedesk.records import Services
from tests import pg


@pytest.fixture
def services(location: str | Path) -> Iterator[Services]:
    """Services over a fresh migrated data file, then over a fresh server database."""
    opened = pg.services_for(location)
    try:
        yield opened
    finally:
        opened.close()
        opened.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def sample_services(request: pytest.FixtureRequest) -> Iterator[Services]:
    """Services over the 2024 sample on a data file, then on a server database."""
    if request.param == "sqlite":
        location: str | Path = request.getfixturevalue("sample_file")
        name = None
    else:
        cluster = request.getfixturevalue("pg_cluster")
        template = request.getfixturevalue("pg_sample_template")
        name = f"s_{uuid.uuid4().hex[:12]}"
        location = cluster.create_database(name, template=template)
    opened = pg.services_for(location)
    try:
        yield opened
    finally:
        opened.close()
        opened.engine.dispose()
        if name is not None:
            request.getfixturevalue("pg_cluster").drop_database(name)
