"""The search index is kept with the records: a save is found at once, a delete is gone, a
renamed Member is found under its new name in the records that name it, an import indexes
what it added, and Find anywhere groups what it finds by type (issue 16, items 1 and 2)."""

from __future__ import annotations

import dataclasses
import sqlite3
from datetime import date

from msmedesk.archive import import_data
from msmedesk.domain import ListQuery, Meeting, Member, Organization, OutreachEvent, PartialDate
from msmedesk.domain import Proposal as ProposalRecord


def _index_rows(services) -> int:
    with services.engine.connect() as c:
        return c.exec_driver_sql("SELECT count(*) FROM search_text").scalar_one()


def test_a_saved_record_is_found_at_once_and_a_deleted_one_is_gone(services):
    assert services.members.count(ListQuery(text="atlantis")) == 0
    saved = services.members.create(Member("Atlántis", notes="An island of small firms"))
    assert services.members.count(ListQuery(text="atlantis")) == 1  # accents aside
    assert services.members.count(ListQuery(text="island")) == 1
    services.members.update(dataclasses.replace(saved, notes="Nothing to say"))
    assert services.members.count(ListQuery(text="island")) == 0
    assert services.members.count(ListQuery(text="nothing")) == 1
    services.members.delete(saved.id)
    assert services.members.count(ListQuery(text="atlantis")) == 0
    assert _index_rows(services) == 0  # nothing of it is left in the index


def test_a_renamed_member_is_found_in_the_records_that_name_it(services):
    member = services.members.create(Member("Ruritania"))
    services.proposals.create(ProposalRecord("INF/MSME/W/900", "Small firms",
                                             proponents=("Ruritania",)))
    assert services.proposals.count(ListQuery(text="proponent:ruritania")) == 1
    services.members.update(dataclasses.replace(member, name="Grand Fenwick"))
    assert services.proposals.count(ListQuery(text="proponent:ruritania")) == 0
    assert services.proposals.count(ListQuery(text="proponent:fenwick")) == 1


def test_a_symbol_recorded_on_the_side_is_found_at_once(services):
    services.meetings.create(Meeting(date(2025, 3, 4), convening_notice="INF/MSME/CN/99"))
    found = services.find("cn/99")
    assert [(g.kind, g.total) for g in found.groups] == [("meetings", 1), ("documents", 1)]


def test_an_organization_is_found_by_its_name_where_records_show_its_acronym(services):
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.outreach.create(OutreachEvent(PartialDate(2024, 6), "A webinar",
                                           partners=("ITC",)))
    assert services.outreach.count(ListQuery(text="trade centre")) == 1
    assert services.outreach.count(ListQuery(text="partner:itc")) == 1


def test_an_import_indexes_the_records_it_added(services, sample_archive):
    services.members.create(Member("Atlantis"))
    import_data(services, sample_archive)
    assert services.members.count(ListQuery(text="cote")) == 1
    assert services.members.count(ListQuery(text="atlantis")) == 1
    # Each record once: the record indexed before the import is not indexed twice.
    code = "rowid" if services.engine.dialect.name == "sqlite" else "code"  # (a server's key)
    with services.engine.connect() as c:
        twice = c.exec_driver_sql(
            f"SELECT count(*) FROM (SELECT {code} >> 8, text FROM search_text "
            "GROUP BY 1, 2 HAVING count(*) > 1) AS repeated").scalar_one()
    assert twice == 0


def test_the_index_agrees_with_its_full_text_table(sample_file):
    con = sqlite3.connect(sample_file)
    try:
        # FTS5's own check: the trigram index holds exactly the texts it keeps.
        con.execute("INSERT INTO search_text (search_text, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()


def test_find_groups_the_first_hits_of_each_type_in_tab_order(sample_services):
    found = sample_services.find("w/53")
    kinds = [g.kind for g in found.groups]
    assert kinds == ["meetings", "proposals", "documents"]  # tab order, types with hits
    proposals = found.groups[1]
    assert proposals.noun_plural == "proposals" and proposals.total == 1
    assert proposals.hits[0].label.startswith("INF/MSME/W/53 — ")
    meeting = found.groups[0].hits[0]
    assert meeting.label == "1 July 2024, INF/MSME/CN/26/Rev.2"
    assert sample_services.meetings.get(meeting.record_id).date == date(2024, 7, 1)
    members = sample_services.find("cote").groups[0]
    assert members.kind == "members" and members.hits[0].label == "Côte d'Ivoire"


def test_find_gives_the_first_hits_and_the_total(sample_services):
    every = sample_services.find("year:2024", limit=500)
    few = sample_services.find("year:2024", limit=2)
    assert [g.total for g in few.groups] == [g.total for g in every.groups]
    for small, whole in zip(few.groups, every.groups, strict=True):
        assert small.hits == whole.hits[:2]
    assert sample_services.find("zzzqqq").groups == ()
