"""One reader and one writer of rows per record type: a record opened in the window is the
record the archive exports, and a save and an import store a record alike."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from msmedesk import archive
from msmedesk.db.engine import open_data_file
from msmedesk.domain import (
    Document,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
)
from msmedesk.records import Services
from msmedesk.records.meetings import read_meetings
from msmedesk.records.members import read_members
from msmedesk.records.proposals import read_proposals
from msmedesk.records.rows import organization_index, prefer_open_ended, proponent_ids

# Which RecordSet section holds each service's records.
SECTIONS = {"members": "members", "organizations": "organizations",
            "documents": "documents", "meetings": "meetings", "proposals": "proposals",
            "outreach": "outreach", "package": "package_entries"}


def _everything(services: Services) -> dict[str, list[object]]:
    """One record of every type (two where the types refer to each other), every optional
    part set, as the services keep them."""
    s = services
    members = [s.members.create(Member("European Union", list_name="European Union (28)",
                                       sort_name="EU", prose_name="the European Union",
                                       counts_as=28, joined=PartialDate(2017, 12),
                                       left=PartialDate(2031, 1, 2), notes="28 members")),
               s.members.create(Member("Mexico", "Mexico", "Mexico", "Mexico",
                                       joined=PartialDate(2017)))]
    orgs = [s.organizations.create(Organization("International Trade Centre", "ITC",
                                                PartialDate(2022, 3))),
            s.organizations.create(Organization("Enterprise Europe Network"))]
    docs = [s.documents.create(Document("JOB/GC/207", "2018 Annual Report", date(2018, 12, 3),
                                        "annual-report", "https://docs.wto.org/x"))]
    day = date(2024, 3, 19)
    s.meetings.create(Meeting(day, "open-ended"))
    proposal = s.proposals.create(Proposal(
        "INF/MSME/W/52", "Three parts", ("Mexico", "ITC", "Enterprise Europe Network"),
        PartialDate(2024, 2), "under-discussion", (day,), "GRP, finance"))
    meeting = s.meetings.create(Meeting(
        day, "thematic", "INF/MSME/CN/25/Rev.1", "INF/MSME/R/43", "Members reviewed MC13.",
        (Presentation("Anne Chappaz", "ITC", "BSOs", "Mexico"),
         Presentation(member="European Union", topic="RTAs")),
        (Spotlight("EziDrops", "A. Person", "Kenya", "IOE&IT", "Drip irrigation"),),
        ("INF/MSME/W/52",)))
    event = s.outreach.create(OutreachEvent(PartialDate(2024, 5, 2), "MSME Day",
                                            PartialDate(2024, 5, 3), "joint-event",
                                            ("ITC", "Enterprise Europe Network"), "Talks."))
    entry = s.package.create(PackageEntry(2, 2024, ("Mexico", "European Union"), "Shared."))
    return {"members": members, "organizations": orgs,
            "documents": [*docs, *(s.documents.by_symbol(x) for x in
                                   ("INF/MSME/CN/25/Rev.1", "INF/MSME/R/43", "INF/MSME/W/52"))],
            "meetings": [meeting, s.meetings.get(meeting.id - 1)], "proposals": [proposal],
            "outreach": [event], "package": [entry]}


def _exported(services: Services) -> archive.RecordSet:
    with services.sessions() as session:
        return archive.load_records(session)


def test_a_record_opened_is_the_record_exported_for_every_type(services):
    saved = _everything(services)
    exported = _exported(services)
    for name, records in saved.items():
        section = getattr(exported, SECTIONS[name])
        assert len(section) == len(records), name
        for record in records:
            opened = getattr(services, name).get(record.id)
            assert opened == record  # what the save returned is what is kept
            assert dataclasses.replace(opened, id=None) in section, name
    # Every optional part made it through both reads.
    meeting = saved["meetings"][0]
    assert meeting.presentations[0] == Presentation("Anne Chappaz", "ITC", "BSOs", "Mexico")
    assert meeting.proposals == ("INF/MSME/W/52",)
    assert saved["proposals"][0].discussed_at == (date(2024, 3, 19),)


def test_readers_read_several_records_as_the_service_reads_each(services):
    saved = _everything(services)
    with services.sessions() as session:
        members = read_members(session, [m.id for m in saved["members"]])
        meetings = read_meetings(session, [m.id for m in saved["meetings"]] + [999])
        everything = read_proposals(session)
    assert members == {m.id: m for m in saved["members"]}
    assert meetings == {m.id: services.meetings.get(m.id) for m in saved["meetings"]}
    assert everything == {p.id: p for p in saved["proposals"]}


def test_an_import_stores_what_a_save_stores(services, tmp_path: Path, template_file: Path):
    """Saved one by one or imported in bulk, every record (every optional part set) reads
    back the same: both writers build rows alike."""
    _everything(services)
    made = _exported(services)
    path = tmp_path / "a.json"
    path.write_text(json.dumps(archive.to_json(made)), encoding="utf-8")
    other_file = tmp_path / "b.sqlite"
    other_file.write_bytes(template_file.read_bytes())
    other = Services(open_data_file(other_file))
    try:
        archive.import_archive(other, path)
        imported = _exported(other)
        # (The archive links a proposal to the meetings of its dates, not a meeting to its
        # proposals: a thematic meeting's own list is not in the archive to compare.)
        assert [dataclasses.replace(m, proposals=()) for m in imported.meetings] == \
            [dataclasses.replace(m, proposals=()) for m in made.meetings]
        assert imported.replace(meetings=[]) == made.replace(meetings=[])
        # The proposal names the open-ended meeting of its date in either file.
        for s in (services, other):
            meetings = {m.kind: m for m in _exported(s).meetings}
            assert meetings["open-ended"].proposals == ("INF/MSME/W/52",)
    finally:
        other.close()


def test_a_date_names_the_open_ended_meeting_of_that_day():
    assert prefer_open_ended([("thematic", 3), ("open-ended", 7)]) == 7
    assert prefer_open_ended([("thematic", 5), ("thematic", 3)]) == 3
    assert prefer_open_ended([]) is None


def test_an_acronym_wins_over_another_organizations_name():
    index = organization_index([(1, "ABC", None), (2, "Alpha Beta Corp", "ABC")])
    assert index == {"ABC": 2, "Alpha Beta Corp": 2}


def test_a_proponent_is_a_member_before_an_organization():
    members, orgs = {"Mexico": 1}, {"Mexico": 9, "ITC": 4}
    assert proponent_ids("Mexico", members.get, orgs.get) == (1, None)
    assert proponent_ids("ITC", members.get, orgs.get) == (None, 4)
    assert proponent_ids("Nobody", members.get, orgs.get) == (None, None)


_names = st.text(st.characters(categories=("L", "N")), min_size=1, max_size=12)
_texts = st.text(st.characters(categories=("L", "N"), include_characters=" "),
                 max_size=20).map(str.strip)


@st.composite
def _meetings(draw: st.DrawFn) -> Meeting:
    talks = draw(st.lists(st.builds(
        Presentation, speaker=_names, organization=st.sampled_from([None, "ITC", "EEN"]),
        topic=_texts, member=st.sampled_from([None, "Mexico"])),
        max_size=3))
    spots = draw(st.lists(st.builds(Spotlight, business=_names, person=_names,
                                    country=_names, introduced_by=_names,
                                    description=_texts),
                          max_size=2))
    return Meeting(date(2024, draw(st.integers(1, 12)), draw(st.integers(1, 28))),
                   draw(st.sampled_from(["open-ended", "thematic"])),
                   draw(st.sampled_from([None, "INF/MSME/CN/30"])),
                   draw(st.sampled_from([None, "INF/MSME/R/50"])),
                   draw(_texts), tuple(talks), tuple(spots),
                   tuple(sorted(draw(st.lists(st.sampled_from(["INF/MSME/W/1",
                                                               "INF/MSME/W/2"]),
                                              unique=True)))))


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(meeting=_meetings())
def test_any_meeting_reads_the_same_opened_and_exported(services, meeting):
    if not services.members.total():
        services.members.create(Member("Mexico"))
        services.organizations.create(Organization("International Trade Centre", "ITC"))
        services.organizations.create(Organization("Enterprise Europe Network", "EEN"))
        services.proposals.create(Proposal("INF/MSME/W/1", proponents=("Mexico",)))
        services.proposals.create(Proposal("INF/MSME/W/2", proponents=("ITC",)))
    saved = services.meetings.create(meeting)
    try:
        opened = services.meetings.get(saved.id)
        assert dataclasses.replace(opened, id=None) == meeting
        assert meeting in _exported(services).meetings
    finally:
        services.meetings.delete(saved.id)
