"""A filter's words on a server (issue 17, item 8): with many matches the count and the page
look each record's own index rows up (EXISTS) instead of gathering every match first (IN),
the form chosen by the count; a list shows the same rows, in the same order, either way."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

import pytest
from sqlalchemy import event

from msmedesk.domain import ListQuery
from msmedesk.records import Services, base
from msmedesk.search.query import SearchError

# A trigram word, a word's start, a field's word, a word left out, words found nowhere.
_TEXTS = ("trade", "wto", "e", "title:the", "msme -wto", "xylophone OR zq", "2024")


def _sent(services: Services) -> list[tuple[str, Any]]:
    """The statements (and parameters) sent to the server from now on."""
    sent: list[tuple[str, Any]] = []
    event.listen(services.engine, "before_cursor_execute",
                 lambda conn, cursor, statement, params, *rest: sent.append((statement, params)))
    return sent


def _listed(services: Services) -> dict[str, Any]:
    from msmedesk.registry import RECORD_TYPES

    return {t.key: getattr(services, t.key) for t in RECORD_TYPES
            if hasattr(getattr(services, t.key, None), "sortable")}


def test_a_page_of_many_matches_looks_each_record_up_and_one_of_few_gathers_them(
        both: tuple[Services, Services]) -> None:
    on_file, server = both
    sent = _sent(server)
    many = ListQuery(text="trade", sort="date", descending=True, limit=4,
                     matches=base.MANY_ON_SERVER)
    looked_up = server.outreach.list(many)
    gathered = server.outreach.list(replace(many, matches=base.MANY_ON_SERVER - 1))
    # (sorted by kind, then date: no index gives that order, a page reads every record)
    by_kind = server.outreach.list(replace(many, sort="kind"))
    (page_many, _), (page_few, _), (page_by_kind, _) = sent
    assert "EXISTS" in page_many and "search_text.code BETWEEN" in page_many
    assert "EXISTS" not in page_few and "IN (SELECT" in page_few
    assert "EXISTS" not in page_by_kind and "IN (SELECT" in page_by_kind
    assert [r.id for r in by_kind] == [r.id for r in on_file.outreach.list(
        replace(many, sort="kind"))]
    expected = [(r.id, r.values) for r in on_file.outreach.list(many)]
    assert len(expected) == 4
    assert [(r.id, r.values) for r in looked_up] == expected
    assert [(r.id, r.values) for r in gathered] == expected


def _gathered(server: Services, statement: str, params: Any) -> bool:
    """Whether running ``statement`` read the IN form's matches (a plain ``text LIKE``;
    the records looked up test ``text || ''``), by EXPLAIN ANALYZE: a branch of the
    statement not taken is never executed."""
    with server.engine.connect() as con:
        plan = con.exec_driver_sql("EXPLAIN (ANALYZE, FORMAT JSON) " + statement,
                                   params).scalar()
    plan = json.loads(plan) if isinstance(plan, str) else plan
    tested: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        if node.get("Actual Loops", 0):
            tested.extend(node.get(k, "") for k in ("Filter", "Recheck Cond", "Index Cond"))
        for child in node.get("Plans", ()):
            walk(child)

    walk(plan[0]["Plan"])
    return any("(text ~~ " in t for t in tested)


def test_a_bounded_count_on_a_server_looks_records_up_for_a_common_word_only(
        both: tuple[Services, Services]) -> None:
    on_file, server = both
    sent = _sent(server)
    # "trade": in 6 of the sample's 18 events (a tenth is many); "xylophone": in none.
    assert server.outreach.count(ListQuery(text="trade"), bound=3) == 4
    assert server.outreach.count(ListQuery(text="xylophone"), bound=3) == 0
    (common, common_params), (rare, rare_params) = sent
    assert "EXISTS" in common and " IN (SELECT" in common  # (both forms: one is run)
    assert not _gathered(server, common, common_params)
    assert _gathered(server, rare, rare_params)


@pytest.mark.parametrize("many", [True, False], ids=["exists", "in"])
def test_every_list_counts_and_pages_alike_on_a_file_and_both_ways_on_a_server(
        both: tuple[Services, Services], monkeypatch: pytest.MonkeyPatch, many: bool) -> None:
    on_file, server = both
    # Every search of the sample taken as "many" (EXISTS) or as "few" (IN).
    monkeypatch.setattr(base, "picked_by_sample",
                        lambda matched, sampled, few, more: more if many else few)
    monkeypatch.setattr(base, "MANY_ON_SERVER", 1 if many else 10**6)
    files = _listed(on_file)
    checked = 0
    for key, service in _listed(server).items():
        for text in _TEXTS:
            query = ListQuery(text=text)
            try:
                matches = files[key].count(query)
            except SearchError:  # (a field this type has not)
                continue
            for bound in (None, 2, 1000):
                assert service.count(query, bound=bound) == files[key].count(
                    query, bound=bound), (key, text, bound)
            for sort in service.sortable:
                for descending in (False, True):
                    page = replace(query, sort=sort, descending=descending, limit=5,
                                   matches=matches)
                    rows = [(r.id, r.values) for r in service.list(page)]
                    assert rows == [(r.id, r.values) for r in files[key].list(page)], (
                        key, page)
                    checked += bool(rows)
    assert checked > 50


def test_the_programs_server_connections_compile_no_statement(
        both: tuple[Services, Services]) -> None:
    # The records looked up one by one are costed as if each read thousands of rows: above
    # its threshold PostgreSQL compiled the count before running it (240 ms for 2).
    _, server = both
    with server.engine.connect() as con:
        assert con.exec_driver_sql("SHOW jit").scalar() == "off"
