"""Fixtures of the services' tests: the 2024 sample on a server, imported once."""

from __future__ import annotations

import pytest

from msmedesk import archive
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
