"""A large import on a server builds the search index's indexes once from the loaded rows
(dropped and made again inside its transaction) and writes its history by COPY: the same
rows, indexes and search results as before, and still all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event, text

from msmedesk import archive
from msmedesk.domain import ListQuery
from msmedesk.records import Services
from tests import pg

_INDEXES = ("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename IN "
            "('search_text', 'search_words', 'history') ORDER BY 1, 2")


def _large(n: int) -> dict[str, Any]:
    return {"format": "msmedesk-archive", "version": 1,
            "members": [{"name": "Kenya"}, {"name": "Peru"}],
            "organizations": [{"name": "International Trade Centre", "acronym": "ITC"}],
            "outreach": [{"date": "2023-05", "title": f"Xylograph event {i}", "kind": "other",
                          "partners": ["ITC"], "summary": f"Briefing number {i}."}
                         for i in range(n)]}


@pytest.fixture
def server(server_url: str) -> Iterator[tuple[Services, list[str]]]:
    """Services on a fresh server database, with the statements their engine sends."""
    services = pg.services_for(server_url)
    sent: list[str] = []
    event.listen(services.engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: sent.append(" ".join(statement.split())))
    try:
        yield services, sent
    finally:
        services.close()


def _indexes(services: Services) -> list[tuple[str, ...]]:
    with services.engine.connect() as connection:
        return [tuple(r) for r in connection.execute(text(_INDEXES))]


def test_a_large_import_on_a_server_builds_its_indexes_once_and_finds_the_same(server):
    services, sent = server
    before = _indexes(services)
    result = archive.import_data(services, _large(1500))
    assert result.added["outreach"] == 1500
    # The search index's indexes were dropped and made again from the loaded rows (not
    # kept up row by row), and they are all there, as they were; the history's stayed.
    assert any(s.startswith("DROP INDEX") for s in sent)
    assert not any("history" in s for s in sent if s.startswith(("DROP", "ALTER", "CREATE")))
    assert any("CREATE INDEX ix_search_text_trgm" in s for s in sent)
    assert _indexes(services) == before
    # The history went by COPY, not by INSERTs.
    assert not any(s.startswith("INSERT INTO history") for s in sent)
    # Search finds what it found: trigrams (three characters or more), word starts (two).
    assert services.outreach.count(ListQuery(text="xylograph event 1499")) == 1
    assert services.outreach.count(ListQuery(text="number 77")) == 11  # 77, 770-779
    assert services.outreach.count(ListQuery(text="xy")) == 1500
    assert services.members.count(ListQuery(text="ken")) == 1
    # One "imported" entry per record, each with the record as it was imported.
    with services.engine.connect() as connection:
        entries = connection.execute(text(
            "SELECT kind, record_id, label, after FROM history WHERE action = 'imported' "
            "ORDER BY kind, record_id")).all()
    assert [(k, n) for k, n, _l, _a in entries if k == "outreach"] == [
        ("outreach", i) for i in range(1, 1501)]
    assert len(entries) == 1500 + 2 + 1
    last = next(e for e in entries if e[0] == "outreach" and e[1] == 1500)
    assert json.loads(last[3])["title"] == "Xylograph event 1499"


def test_a_cancelled_large_import_on_a_server_leaves_its_indexes(server):
    services, sent = server
    before = _indexes(services)
    with pytest.raises(archive.Cancelled):
        archive.import_data(services, _large(1500), lambda done, total: done < total)
    assert any(s.startswith("DROP INDEX") for s in sent)  # (they were set aside)
    assert services.is_empty()
    assert _indexes(services) == before  # (and the rollback gave them back)


def test_a_small_import_on_a_server_keeps_the_indexes_up_row_by_row(server):
    services, sent = server
    archive.import_data(services, _large(1500))
    assert any(s.startswith("DROP INDEX") for s in sent)  # (into an empty one: set aside)
    sent.clear()
    more = _large(10)
    more["outreach"] = [{**e, "title": f"Later {i}"} for i, e in enumerate(more["outreach"])]
    archive.import_data(services, more)
    # Ten records into 1,500: the indexes stay, the new rows go in as any save's.
    assert not any(s.startswith(("DROP INDEX", "CREATE INDEX", "ALTER TABLE")) for s in sent)
    assert services.outreach.count(ListQuery(text="later")) == 10
