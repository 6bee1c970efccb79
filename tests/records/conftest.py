"""Fixtures of the services' tests: the 2024 sample on a server, imported once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.db.engine import open_data_file
from msmedesk.records import Services
from tests import pg

_SAMPLE_TEMPLATE = "msmedesk_search_sample"


@pytest.fixture(scope="session")
def pg_sample_template(pg_cluster: pg.PgCluster, pg_template: str) -> str:
    """A server database holding the 2024 sample, imported once, cloned for each test."""
    url = pg_cluster.create_database(_SAMPLE_TEMPLATE, template=pg_template)
    services = pg.services_for(url)
    try:
        archive.import_archive(services, archive.sample_path())
    finally:
        services.close()
        services.engine.dispose()  # (a template must have no connection when copied)
    return _SAMPLE_TEMPLATE


@pytest.fixture
def both(pg_cluster: pg.PgCluster, pg_sample_template: str, sample_file: Path
         ) -> Iterator[tuple[Services, Services]]:
    """The 2024 sample on a data file and on a server database of this test's own."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    server = pg.services_for(pg_cluster.create_database(name, template=pg_sample_template))
    on_file = Services(open_data_file(sample_file))
    try:
        yield on_file, server
    finally:
        server.close()
        on_file.close()
        pg_cluster.drop_database(name)
