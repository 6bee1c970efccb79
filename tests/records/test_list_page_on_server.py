"""Showing a list page on a server is one query (issue 17, item 8): the page's ids are
read inside the query of their values, one round trip, in the same order as on a file."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event

from msmedesk.domain import ListQuery
from msmedesk.records import Services

# Each listed type, a text its sample records hold (a trigram search, a word's start) or
# none, each of its sorts both ways, a second page, and a page of few matches.
_TEXTS = ("", "wto", "e", "2024")


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


@pytest.mark.parametrize(("sort", "descending"), [("date", False), ("date", True),
                                                  ("title", False), ("title", True)])
def test_a_page_sorted_by_a_column_never_empty_walks_its_index_on_a_server(
        both: tuple[Services, Services], sort: str, descending: bool) -> None:
    # Records without a value go where SQLite puts them (NULLS FIRST/LAST), but a column
    # that is never empty needs no such clause, which would make PostgreSQL sort the
    # whole table for a page rather than read its index in order.
    _, server = both
    statement = server.outreach.list_statement(ListQuery(sort=sort, descending=descending))
    compiled = statement.compile(dialect=server.engine.dialect)
    with server.engine.connect() as con:
        # (The sample is small: without these the planner would sort it all the same.)
        con.exec_driver_sql("SET enable_seqscan = off")
        con.exec_driver_sql("SET enable_sort = off")
        plan = "\n".join(r[0] for r in con.exec_driver_sql(
            "EXPLAIN " + compiled.string, {**compiled.params, "offset": 0, "limit": 64}))
    # (An incremental sort of each value's few records by id is the index read in order.)
    whole_sorts = [line for line in plan.splitlines()
                   if "Sort  (" in line and "Incremental Sort" not in line]
    assert not whole_sorts and f"ix_outreach_events_{sort}" in plan, plan
