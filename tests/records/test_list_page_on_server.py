"""Showing a list page on a server is one query (issue 17, item 8): the page's ids are
read inside the query of their values, one round trip, in the same order as on a file."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event

from msmedesk.db.engine import open_data_file
from msmedesk.domain import ListQuery
from msmedesk.records import Services
from tests import pg

# Each listed type, a text its sample records hold (a trigram search, a word's start) or
# none, each of its sorts both ways, a second page, and a page of few matches.
_TEXTS = ("", "wto", "e", "2024")


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


def _listed(services: Services) -> list[tuple[str, Any, Any]]:
    from msmedesk.registry import RECORD_TYPES

    out = []
    for record_type in RECORD_TYPES:
        service = getattr(services, record_type.key, None)
        if service is not None and hasattr(service, "sortable"):
            out.append((record_type.key, service, service.sortable))
    return out


def test_a_list_page_on_a_server_is_one_query_with_the_files_rows(
        both: tuple[Services, Services]) -> None:
    on_file, server = both
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        statements.append(statement)

    event.listen(server.engine, "before_cursor_execute", seen)
    pages = 0
    try:
        file_services = {key: service for key, service, _ in _listed(on_file)}
        for key, service, sorts in _listed(server):
            for sort in sorts:
                for descending in (False, True):
                    for text in _TEXTS:
                        for offset, matches in ((0, None), (2, None), (0, 3)):
                            # (matches: a view's count just made, few: read otherwise)
                            query = ListQuery(text=text, sort=sort, descending=descending,
                                              offset=offset, limit=4, matches=matches)
                            statements.clear()
                            rows = service.list(query)
                            assert len(statements) == 1, (key, query, statements)
                            expected = file_services[key].list(query)
                            assert [(r.id, r.values) for r in rows] == [
                                (r.id, r.values) for r in expected], (key, query)
                            pages += bool(rows)
    finally:
        event.remove(server.engine, "before_cursor_execute", seen)
    assert pages > 100  # (the sample's pages were read, not only empty ones)


def test_a_page_of_a_year_on_a_server_is_one_query(both: tuple[Services, Services]) -> None:
    on_file, server = both
    statements: list[str] = []
    event.listen(server.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: statements.append(statement))
    query = ListQuery(year=2024, sort="date", descending=True, limit=3)
    rows = server.meetings.list(query)
    assert len(statements) == 1
    assert rows and [r.id for r in rows] == [r.id for r in on_file.meetings.list(query)]
