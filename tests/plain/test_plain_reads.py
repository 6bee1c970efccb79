"""The window's first reads through sqlite3 (issue 18): the same answers as the services."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from msmedesk.db.engine import open_data_file
from msmedesk.db.schema import _from_models
from msmedesk.domain import Contact, ContactRef, ListQuery, Meeting, NotFound, Presentation
from msmedesk.plain import reads
from msmedesk.plain.meetings import MeetingsReader
from msmedesk.records import Services
from msmedesk.search.saved import SavedSearch


@pytest.fixture
def both(sample_file: Path):
    """The sample's services and a plain connection on the same file, with a meeting whose
    presentation names a contact, a Member and an organization, and a saved search."""
    services = Services(open_data_file(sample_file))
    services.contacts.create(Contact(name="Ana Ortiz", of="European Union"))
    services.meetings.create(Meeting(
        date=date(2024, 12, 30), kind="open-ended",
        summary="  A summary with   spaces\nand lines " + "long " * 40,
        presentations=(Presentation(speaker="Ana Ortiz", member="European Union",
                                    contact=ContactRef("Ana Ortiz", "European Union"),
                                    topic="trade"),
                       Presentation(speaker="B", organization="ITC", topic="t"))))
    services.saved_searches.create("Zeta", "meetings", "trade")
    services.saved_searches.create("alpha", "meetings", "year:2024")
    con = sqlite3.connect(str(sample_file))
    try:
        yield services, con
    finally:
        con.close()
        services.close()


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", ["date", "kind", "convening_notice", "summary_document",
                                  "summary", "nonsense"])
def test_the_plain_reader_lists_the_meetings_as_the_service_does(both, sort, descending):
    services, con = both
    reader = MeetingsReader(con)
    total = services.meetings.count()
    assert reader.count(ListQuery()) == total
    for bound in (1, total - 1, total, total + 5):  # (the window counts up to a bound)
        assert reader.count(ListQuery(), bound) == services.meetings.count(ListQuery(), bound)
    for offset, limit in ((0, 64), (3, 5), (total - 2, 64)):
        query = ListQuery(sort=sort, descending=descending, offset=offset, limit=limit)
        assert reader.answers(query)
        assert reader.list(query) == services.meetings.list(query)


def test_the_plain_reader_reads_every_meeting_whole_as_the_service_does(both):
    services, con = both
    reader = MeetingsReader(con)
    rows = services.meetings.list(ListQuery(limit=1000))
    assert any(m.presentations and m.presentations[0].contact
               for m in (services.meetings.get(r.id) for r in rows))
    for row in rows:
        assert reader.get_versioned(row.id) == services.meetings.get_versioned(row.id)
    assert reader.years() == services.meetings.years()
    gone = max(r.id for r in rows) + 1
    with pytest.raises(NotFound) as orm:
        services.meetings.get_versioned(gone)
    with pytest.raises(NotFound) as plain:
        reader.get_versioned(gone)
    assert str(plain.value) == str(orm.value)


def test_the_plain_reader_answers_only_the_whole_list(both):
    _services, con = both
    reader = MeetingsReader(con)
    assert not reader.answers(ListQuery(text="trade"))
    assert not reader.answers(ListQuery(year=2024))
    assert not reader.answers(ListQuery(whole=True))


def test_the_start_up_reads_answer_as_the_services_do(both):
    services, con = both
    first = services.meetings.list(ListQuery(limit=1))[0].id
    services.meetings.update(replace(services.meetings.get(first), summary="changed"))
    assert reads.history_of(con, "meetings", first) == services.history.of("meetings", first)
    assert reads.saved_searches(con, "meetings") == services.saved_searches.list("meetings")
    assert [s.name for s in reads.saved_searches(con, "meetings")] == ["alpha", "Zeta"]
    assert reads.saved_searches(con, None) == services.saved_searches.list(None)
    assert all(isinstance(s, SavedSearch) for s in reads.saved_searches(con, "meetings"))
    assert reads.is_empty(con) is services.is_empty() is False
    assert set(reads.RECORD_TABLES) == {s.table().__tablename__ for s in services._all.values()}


def test_an_empty_file_is_empty_through_both(data_file: Path):
    services = Services(open_data_file(data_file))
    con = sqlite3.connect(str(data_file))
    try:
        assert reads.is_empty(con) is services.is_empty() is True
    finally:
        con.close()
        services.close()


def test_the_written_schema_is_the_models_own():
    from msmedesk.db import current_schema, header, schema

    assert current_schema.SCHEMA_VERSION == header.SCHEMA_VERSION
    assert schema._current() == _from_models()
