"""Services: CRUD per record type, one transaction per action, lists in SQL, membership."""

from __future__ import annotations

import dataclasses
from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import event

from msmedesk.domain import (
    Document,
    ListQuery,
    Meeting,
    Member,
    NotFound,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Row,
    Spotlight,
)
from msmedesk.records import FEW_MATCHES, service_for
from msmedesk.validation import ValidationError

ALL = ListQuery(limit=10_000)


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


@pytest.fixture
def commits(services):
    """Counts the COMMITs on the services' engine."""
    seen: list[int] = []
    event.listen(services.engine, "commit", lambda _conn: seen.append(1))
    return seen


def _basics(services):
    """A few records that others refer to."""
    services.members.create(Member("Mexico"))
    services.members.create(Member("United Kingdom", prose_name="the United Kingdom"))
    services.organizations.create(Organization("International Trade Centre", "ITC",
                                               PartialDate(2022)))
    services.organizations.create(Organization("Enterprise Europe Network"))


# ---------------------------------------------------------------- CRUD per record type


def test_member_crud(services, commits):
    created = services.members.create(Member("Cabo Verde", joined=PartialDate(2024)))
    assert len(commits) == 1
    assert created.id is not None
    assert services.members.get(created.id) == created
    changed = services.members.update(dataclasses.replace(created, notes="Joined in 2024."))
    assert len(commits) == 2
    assert services.members.get(created.id).notes == "Joined in 2024."
    gone = services.members.delete(created.id)
    assert len(commits) == 3
    assert gone == changed
    with pytest.raises(NotFound):
        services.members.get(created.id)
    assert services.members.total() == 0


def test_organization_crud(services):
    itc = services.organizations.create(Organization("International Trade Centre", "ITC"))
    assert services.organizations.get(itc.id) == itc  # what create returns is what is kept
    moved = services.organizations.update(
        dataclasses.replace(itc, network_member_since=PartialDate(2022)))
    assert services.organizations.get(itc.id).network_member_since == PartialDate(2022)
    assert services.organizations.delete(itc.id) == moved
    assert services.organizations.total() == 0


def test_document_crud(services):
    doc = services.documents.create(Document("JOB/GC/207", "2018 Annual Report",
                                             date(2018, 12, 3), "annual-report"))
    assert services.documents.by_symbol("JOB/GC/207") == doc
    services.documents.update(dataclasses.replace(doc, title="Annual Report 2018"))
    assert services.documents.get(doc.id).title == "Annual Report 2018"
    assert services.documents.delete(doc.id).symbol == "JOB/GC/207"
    assert services.documents.by_symbol("JOB/GC/207") is None


def test_meeting_crud(services):
    _basics(services)
    meeting = services.meetings.create(Meeting(
        date(2024, 3, 19), convening_notice="INF/MSME/CN/25/Rev.1",
        summary_document="INF/MSME/R/43", summary="Members reviewed MC13.",
        presentations=(Presentation(speaker="Anne Chappaz", organization="ITC", topic="BSOs"),
                       Presentation(member="Mexico", topic="RTAs")),
        spotlights=(Spotlight("EziDrops", introduced_by="IOE&IT"),)))
    assert services.meetings.get(meeting.id) == meeting
    assert meeting.presentations[1] == Presentation(member="Mexico", topic="RTAs")
    # The symbols it uses were recorded as documents of the right kinds.
    assert services.documents.by_symbol("INF/MSME/CN/25/Rev.1").kind == "convening-notice"
    assert services.documents.by_symbol("INF/MSME/R/43").kind == "summary-report"
    updated = services.meetings.update(dataclasses.replace(meeting, presentations=(),
                                                           summary="Changed."))
    assert services.meetings.get(meeting.id) == updated
    assert updated.presentations == () and updated.spotlights == meeting.spotlights
    services.meetings.delete(meeting.id)
    assert services.meetings.total() == 0
    # The documents stay: they are records of their own.
    assert services.documents.by_symbol("INF/MSME/R/43") is not None


def test_proposal_crud(services):
    _basics(services)
    meeting = services.meetings.create(Meeting(date(2024, 7, 1)))
    proposal = services.proposals.create(Proposal(
        "INF/MSME/W/52", "Three parts", ("United Kingdom",), PartialDate(2024),
        "under-discussion", (date(2024, 7, 1),), "GRP, finance, digitalization"))
    assert services.proposals.get(proposal.id) == proposal
    assert proposal.proponents == ("United Kingdom",)
    assert services.documents.by_symbol("INF/MSME/W/52").kind == "working-document"
    assert services.meetings.get(meeting.id).proposals == ("INF/MSME/W/52",)
    # Another body's proposal: an organization as proponent.
    other = services.proposals.create(Proposal("INF/MSME/W/60", proponents=("ITC", "Mexico")))
    assert other.proponents == ("ITC", "Mexico")  # in the order given
    services.proposals.update(dataclasses.replace(proposal, status="concluded"))
    assert services.proposals.get(proposal.id).status == "concluded"
    services.proposals.delete(proposal.id)
    assert services.meetings.get(meeting.id).proposals == ()
    assert [p.symbol for p in services.proposals.all()] == ["INF/MSME/W/60"]


def test_outreach_crud(services):
    _basics(services)
    event_ = services.outreach.create(OutreachEvent(
        PartialDate(2024, 6, 27), "Small Business Champions", kind="award",
        partners=("ITC", "Enterprise Europe Network")))
    assert services.outreach.get(event_.id) == event_
    assert event_.partners == ("ITC", "Enterprise Europe Network")
    services.outreach.update(dataclasses.replace(event_, partners=("Enterprise Europe Network",)))
    assert services.outreach.get(event_.id).partners == ("Enterprise Europe Network",)
    assert services.outreach.in_year(2024)[0].title == "Small Business Champions"
    services.outreach.delete(event_.id)
    assert services.outreach.in_year(2024) == []


def test_package_entry_crud(services):
    _basics(services)
    entry = services.package.create(PackageEntry(1, 2024, ("Mexico", "United Kingdom"),
                                                 "included MSME information in their TPRs"))
    assert services.package.get(entry.id) == entry
    assert entry.members == ("Mexico", "United Kingdom")
    services.package.update(dataclasses.replace(entry, members=("United Kingdom",)))
    assert services.package.get(entry.id).members == ("United Kingdom",)
    assert services.package.in_year(2024)[0].id == entry.id
    services.package.delete(entry.id)
    assert services.package.total() == 0


def test_group_profile(services):
    from msmedesk.domain import Coordinator, GroupProfile

    assert services.group.get() is None
    profile = GroupProfile(established=date(2017, 12, 13), established_by="WT/MIN(17)/58/Rev.1",
                           founding_members=88,
                           coordinators=(Coordinator("H.E. Mr Matthew Wilson",
                                                     "Ambassador of Barbados"),))
    assert services.group.save(profile) == profile
    assert not services.is_empty()
    with pytest.raises(ValidationError) as info:
        services.group.save(dataclasses.replace(profile, established_by="WT MIN 17"))
    assert _fields(info) == {"established_by"}
    assert services.group.get() == profile


def test_service_for_names_each_record_service(services):
    for name in ("members", "organizations", "documents", "meetings", "proposals", "outreach",
                 "package"):
        assert service_for(services, name) is getattr(services, name)
    with pytest.raises(KeyError):
        service_for(services, "group")


# ---------------------------------------------------------------- one transaction per action


def test_a_refused_action_writes_nothing(services, commits):
    _basics(services)
    before = services.counts()
    start = len(commits)
    # The proposal's document would be recorded first; the unknown proponent must undo it.
    with pytest.raises(ValidationError) as info:
        services.proposals.create(Proposal("INF/MSME/W/99", proponents=("Atlantis",)))
    assert _fields(info) == {"proponents[0]"}
    # A meeting whose convening notice is new but whose presenter is unknown.
    with pytest.raises(ValidationError) as info:
        services.meetings.create(Meeting(date(2024, 3, 19), convening_notice="INF/MSME/CN/99",
                                         presentations=(Presentation(organization="XYZ"),)))
    assert _fields(info) == {"presentations[0].organization"}
    assert services.counts() == before
    assert services.documents.by_symbol("INF/MSME/W/99") is None
    assert services.documents.by_symbol("INF/MSME/CN/99") is None
    assert len(commits) == start


def test_checks_run_before_writing(services):
    for bad, field in ((Member(" "), "name"), (Member("X", counts_as=0), "counts_as"),
                       (Member("X", joined=PartialDate(2024, 6, 15), left=PartialDate(2024, 6)),
                        "left")):
        with pytest.raises(ValidationError) as info:
            services.members.create(bad)
        assert field in _fields(info)
    with pytest.raises(ValidationError) as info:
        services.documents.create(Document("INF MSME/CN/2"))
    assert _fields(info) == {"symbol"}
    with pytest.raises(ValidationError) as info:
        services.outreach.create(OutreachEvent(PartialDate(2024), "X", kind="party"))
    assert _fields(info) == {"kind"}
    assert services.is_empty()


# ---------------------------------------------------------------- uniqueness and references


def test_uniqueness_refusals_name_the_field(services):
    _basics(services)
    with pytest.raises(ValidationError) as info:
        services.members.create(Member("Mexico"))
    assert _fields(info) == {"name"}
    uk = [r for r in services.members.list() if r.values[0] == "United Kingdom"][0]
    with pytest.raises(ValidationError) as info:
        services.members.update(dataclasses.replace(services.members.get(uk.id), name="Mexico"))
    assert _fields(info) == {"name"}
    with pytest.raises(ValidationError) as info:
        services.organizations.create(Organization("International Trade Centre"))
    assert _fields(info) == {"name"}
    with pytest.raises(ValidationError) as info:
        services.organizations.create(Organization("Another", "ITC"))
    assert _fields(info) == {"acronym"}
    services.documents.create(Document("JOB/GC/207"))
    with pytest.raises(ValidationError) as info:
        services.documents.create(Document("JOB/GC/207"))
    assert _fields(info) == {"symbol"}
    services.meetings.create(Meeting(date(2024, 3, 19)))
    with pytest.raises(ValidationError) as info:
        services.meetings.create(Meeting(date(2024, 3, 19)))
    assert _fields(info) == {"date"}
    # Another kind of meeting on the same day is allowed.
    services.meetings.create(Meeting(date(2024, 3, 19), kind="thematic"))
    services.proposals.create(Proposal("INF/MSME/W/53", proponents=("Mexico",)))
    with pytest.raises(ValidationError) as info:
        services.proposals.create(Proposal("INF/MSME/W/53", proponents=("Mexico",)))
    assert _fields(info) == {"symbol"}


def test_saving_a_proposal_keeps_the_meeting_of_its_day_that_discussed_it(services):
    # A thematic session listed the proposal on a day the Group also met open-ended: the
    # proposal says only the date, and saving it (a new title) must not move it to the
    # open-ended meeting of that day.
    _basics(services)
    services.meetings.create(Meeting(date(2024, 3, 19)))
    thematic = services.meetings.create(Meeting(date(2024, 3, 19), kind="thematic"))
    proposal = services.proposals.create(Proposal("INF/MSME/W/53", proponents=("Mexico",)))
    services.meetings.update(replace(thematic, proposals=("INF/MSME/W/53",)))
    proposal = services.proposals.get(proposal.id)
    assert proposal.discussed_at == (date(2024, 3, 19),)
    services.proposals.update(replace(proposal, title="Low-value shipments"))
    by_kind = {m.kind: m.proposals for m in services.meetings.in_year(2024)}
    assert by_kind == {"open-ended": (), "thematic": ("INF/MSME/W/53",)}
    # A date newly given still means the day's open-ended meeting.
    services.meetings.create(Meeting(date(2024, 7, 1)))
    services.proposals.update(replace(services.proposals.get(proposal.id),
                                      discussed_at=(date(2024, 3, 19), date(2024, 7, 1))))
    by_day = {(m.date, m.kind): m.proposals for m in services.meetings.in_year(2024)}
    assert by_day[(date(2024, 7, 1), "open-ended")] == ("INF/MSME/W/53",)
    assert by_day[(date(2024, 3, 19), "thematic")] == ("INF/MSME/W/53",)


def test_references_that_do_not_exist_are_refused(services):
    _basics(services)
    cases = [
        (services.proposals, Proposal("INF/MSME/W/53", proponents=("Mexico", "Atlantis")),
         {"proponents[1]"}),
        (services.proposals, Proposal("INF/MSME/W/53", proponents=("Mexico",),
                                      discussed_at=(date(2024, 7, 1),)), {"discussed_at[0]"}),
        (services.meetings, Meeting(date(2024, 7, 1), presentations=(
            Presentation(member="Atlantis"),)), {"presentations[0].member"}),
        (services.meetings, Meeting(date(2024, 7, 1), proposals=("INF/MSME/W/98",)),
         {"proposals[0]"}),
        (services.outreach, OutreachEvent(PartialDate(2024), "X", partners=("ITC", "NOPE")),
         {"partners[1]"}),
        (services.package, PackageEntry(1, 2024, ("Jamaica",)), {"members[0]"}),
    ]
    for service, record, fields in cases:
        with pytest.raises(ValidationError) as info:
            service.create(record)
        assert _fields(info) == fields, record
        assert service.total() == 0


def test_an_organization_named_twice_as_proponent_is_refused(services):
    # Regression: by acronym and by name it reached the UNIQUE constraint and came back
    # as a database message about the symbol.
    _basics(services)
    with pytest.raises(ValidationError) as info:
        services.proposals.create(Proposal("INF/MSME/W/70",
                                           proponents=("ITC", "International Trade Centre")))
    assert _fields(info) == {"proponents[1]"}
    assert "already a proponent" in str(info.value)
    assert services.proposals.total() == 0


def test_symbols_are_stored_as_parsed(services, tmp_path):
    # Regression: the checks accept a pasted "_INF/MSME/W/52" or " INF/MSME/W/53 " but the
    # services stored the raw text (or hit the database's CHECK with a technical message),
    # so an export no longer matched its own re-import.
    _basics(services)
    assert services.documents.create(Document("_INF/MSME/W/52")).symbol == "INF/MSME/W/52"
    assert services.documents.create(Document(" INF/MSME/W/53 ")).symbol == "INF/MSME/W/53"
    with pytest.raises(ValidationError) as info:
        services.documents.create(Document("_INF/MSME/W/52"))
    assert _fields(info) == {"symbol"}
    meeting = services.meetings.create(Meeting(date(2024, 3, 19),
                                               convening_notice="_INF/MSME/CN/25/Rev.1",
                                               summary_document="INF/MSME/R/43 "))
    assert (meeting.convening_notice, meeting.summary_document) == ("INF/MSME/CN/25/Rev.1",
                                                                    "INF/MSME/R/43")
    proposal = services.proposals.create(Proposal("_INF/MSME/W/54 ", proponents=("Mexico",)))
    assert proposal.symbol == "INF/MSME/W/54"
    again = services.meetings.update(dataclasses.replace(meeting, proposals=("_INF/MSME/W/54",)))
    assert again.proposals == ("INF/MSME/W/54",)
    assert services.documents.by_symbol("INF/MSME/W/54").kind == "working-document"


def test_what_the_services_store_survives_its_own_export(services, data_file, tmp_path):
    # Regression: padded list/sort/prose names, spotlight fields and URLs were stored as
    # typed, while the archive reader strips them, so re-importing the export was refused.
    from msmedesk import archive
    from msmedesk.checks import check_data_file

    services.members.create(Member(" Mexico ", list_name=" Mexico (list) ", sort_name=" M ",
                                   prose_name=" the United Mexican States "))
    services.documents.create(Document("JOB/GC/207", url=" https://example.invalid/x "))
    services.meetings.create(Meeting(date(2024, 3, 19), spotlights=(
        Spotlight(" EziDrops ", person=" A ", country=" Nepal ", introduced_by=" EIF "),)))
    member = services.members.get(services.members.list()[0].id)
    assert (member.name, member.list_name, member.sort_name, member.prose_name) == (
        "Mexico", "Mexico (list)", "M", "the United Mexican States")
    archive.export_archive(services, tmp_path / "a.json")
    result = archive.import_archive(services, tmp_path / "a.json")
    assert result.total_added == 0
    services.close()
    assert check_data_file(data_file) == []


def test_update_and_get_of_missing_records(services):
    with pytest.raises(NotFound):
        services.members.get(12345)
    with pytest.raises(NotFound):
        services.members.update(Member("Never saved"))
    with pytest.raises(NotFound):
        services.members.update(Member("Gone", id=12345))
    with pytest.raises(NotFound):
        services.members.delete(12345)


# ---------------------------------------------------------------- delete and restore


def test_delete_refused_for_a_member_named_in_a_proposal(sample_services):
    mexico = sample_services.members.list(ListQuery(text="Mexico"))[0].id
    before = sample_services.counts()
    with pytest.raises(ValidationError) as info:
        sample_services.members.delete(mexico)
    assert "proposal" in str(info.value)
    assert sample_services.members.get(mexico).name == "Mexico"
    assert sample_services.counts() == before


def test_delete_refused_for_records_in_use(sample_services):
    itc = [r.id for r in sample_services.organizations.list(ALL) if r.values[0] == "ITC"][0]
    with pytest.raises(ValidationError, match="cannot be deleted"):
        sample_services.organizations.delete(itc)
    cn = sample_services.documents.by_symbol("INF/MSME/CN/27")
    with pytest.raises(ValidationError, match="cannot be deleted"):
        sample_services.documents.delete(cn.id)
    canada = sample_services.members.list(ListQuery(text="Canada"))[0].id
    with pytest.raises(ValidationError, match="package entr"):
        sample_services.members.delete(canada)
    assert sample_services.members.get(canada).name == "Canada"


def test_a_deleted_meeting_comes_back_whole_with_its_id(sample_services):
    july = [r.id for r in sample_services.meetings.list(ALL) if r.values[0] == date(2024, 7, 1)]
    whole = sample_services.meetings.get(july[0])
    assert whole.presentations and whole.spotlights
    assert whole.proposals == ("INF/MSME/W/51", "INF/MSME/W/52", "INF/MSME/W/53",
                               "INF/MSME/W/54", "INF/MSME/W/55")
    deleted = sample_services.meetings.delete(whole.id)
    assert deleted == whole
    w53 = sample_services.proposals.list(ListQuery(text="W/53"))[0].id
    assert sample_services.proposals.get(w53).discussed_at == ()
    restored = sample_services.meetings.create(deleted)
    assert restored == whole
    assert restored.id == whole.id
    assert sample_services.proposals.get(w53).discussed_at == (date(2024, 7, 1),)
    w51 = sample_services.proposals.list(ListQuery(text="W/51"))[0].id
    assert sample_services.proposals.get(w51).discussed_at == (
        date(2024, 7, 1), date(2024, 10, 18), date(2024, 12, 10))


def test_a_deleted_proposal_and_member_come_back(sample_services):
    w58 = sample_services.proposals.list(ListQuery(text="W/58"))[0].id
    proposal = sample_services.proposals.get(w58)
    assert sample_services.proposals.create(sample_services.proposals.delete(w58)) == proposal
    mozambique = sample_services.members.list(ListQuery(text="Mozambique"))[0].id
    member = sample_services.members.get(mozambique)
    assert sample_services.members.create(sample_services.members.delete(mozambique)) == member


# ---------------------------------------------------------------- lists


def test_list_rows_are_plain_values(sample_services):
    rows = sample_services.members.list(ListQuery(limit=3))
    assert all(isinstance(r, Row) for r in rows)
    assert rows == sample_services.members.list(ListQuery(limit=3))  # values, equal by content
    assert [r.values[0] for r in rows] == ["Afghanistan", "Albania", "Antigua and Barbuda"]


def test_members_sorted_by_sort_name_without_regard_to_accents(sample_services):
    names = [r.values[0] for r in sample_services.members.list(ALL)]
    assert len(names) == 76
    assert names.index("Costa Rica") < names.index("Côte d'Ivoire") < \
        names.index("Democratic Republic of the Congo")
    assert names[names.index("The Gambia") - 1:names.index("The Gambia") + 2] == \
        ["European Union", "The Gambia", "Georgia"]
    assert names[names.index("Chinese Taipei") - 1:names.index("Chinese Taipei") + 2] == \
        ["Switzerland", "Chinese Taipei", "Tajikistan"]
    descending = [r.values[0] for r in sample_services.members.list(
        ListQuery(limit=10_000, descending=True))]
    assert descending == names[::-1]


def test_list_offset_and_limit_page_through(sample_services):
    names = [r.values[0] for r in sample_services.members.list(ALL)]
    page = sample_services.members.list(ListQuery(offset=10, limit=5))
    assert [r.values[0] for r in page] == names[10:15]
    assert sample_services.members.list(ListQuery(offset=75, limit=5))[0].values[0] == names[75]
    assert sample_services.members.list(ListQuery(offset=76, limit=5)) == []
    assert sample_services.members.list(ListQuery(limit=0)) == []


def test_list_filter_text(sample_services):
    names = [r.values[0] for r in sample_services.members.list(ListQuery(text="republic"))]
    assert "Korea, Republic of" in names and "Dominican Republic" in names
    assert "Mexico" not in names
    assert sample_services.members.count(ListQuery(text="republic")) == len(names)
    # LIKE wildcards in the filter text are taken literally.
    assert sample_services.members.list(ListQuery(text="_")) == []
    assert sample_services.members.list(ListQuery(text="%")) == []
    # The list name is searched too.
    assert [r.values[0] for r in sample_services.members.list(ListQuery(text="27 Member"))] \
        == ["European Union"]
    meetings = sample_services.meetings.list(ListQuery(text="CN/27"))
    assert [r.values[0] for r in meetings] == [date(2024, 10, 18)]
    assert sample_services.outreach.count(ListQuery(text="Newsletter")) == 2
    package = sample_services.package.list(ListQuery(text="Canada"))
    assert {r.values[1] for r in package} == {1, 5}
    proposals = sample_services.proposals.list(ListQuery(text="Mexico"))
    assert [r.values[0] for r in proposals] == ["INF/MSME/W/53", "INF/MSME/W/54",
                                                "INF/MSME/W/55"]


def test_list_filter_year(sample_services):
    assert sample_services.members.count(ListQuery(year=2024)) == 76
    assert sample_services.members.count(ListQuery(year=2023)) == 71
    assert sample_services.meetings.count(ListQuery(year=2024)) == 4
    assert sample_services.meetings.count(ListQuery(year=2023)) == 0
    assert sample_services.outreach.count(ListQuery(year=2024)) == 18
    assert sample_services.documents.count(ListQuery(year=2018)) == 1
    assert sample_services.proposals.count(ListQuery(year=2024)) == 6
    assert sample_services.proposals.count(ListQuery(year=2025)) == 0
    assert sample_services.organizations.count(ListQuery(year=2023)) == 7
    assert sample_services.organizations.count(ListQuery(year=2024)) == 9
    assert sample_services.package.count(ListQuery(year=2024)) == 6


def test_list_sort_keys(sample_services):
    by_kind = [r.values[1] for r in sample_services.outreach.list(ListQuery(sort="kind",
                                                                            limit=100))]
    assert by_kind == sorted(by_kind)
    titles = [r.values[2] for r in sample_services.outreach.list(ListQuery(sort="title",
                                                                           limit=100))]
    assert titles == sorted(titles)
    dates = [r.values[0] for r in sample_services.meetings.list(
        ListQuery(sort="date", descending=True))]
    assert dates == sorted(dates, reverse=True)
    notices = [r.values[2] for r in sample_services.meetings.list(
        ListQuery(sort="convening_notice"))]
    assert notices == sorted(notices)
    symbols = [r.values[0] for r in sample_services.documents.list(ListQuery(limit=100))]
    assert symbols == sorted(symbols) and len(symbols) == 32
    joined = [r.values[3] for r in sample_services.members.list(ListQuery(sort="joined",
                                                                          descending=True))]
    assert joined[:5] == [PartialDate(2024)] * 5
    # An unknown sort key falls back to the default rather than failing.
    assert sample_services.members.list(ListQuery(sort="nonsense", limit=1))[0].values[0] == \
        "Afghanistan"


SEARCHES = ("", "a", "in", "Mexico", "2024", "W/5", "CN/", "Trade", "zzzq")


@pytest.mark.parametrize("name", ["members", "organizations", "documents", "meetings",
                                  "proposals", "outreach", "package"])
def test_a_search_reads_the_same_rows_whichever_way_it_reads_them(sample_services, name):
    """Told that a search has few matches, a list reads the table in one pass instead of
    along the sort index: the rows, their order and the pages are the same either way."""
    service = getattr(sample_services, name)
    for text in SEARCHES:
        for sort in service.sortable:
            for descending in (False, True):
                query = ListQuery(text=text, sort=sort, descending=descending, limit=7)
                for offset in (0, 7):
                    page = dataclasses.replace(query, offset=offset)
                    expected = service.list(page)
                    assert service.list(dataclasses.replace(page, matches=0)) == expected, \
                        (text, sort, descending, offset)
                    assert service.list(dataclasses.replace(page, matches=10_000)) == \
                        expected


def _plan(services, statement) -> str:
    statement = statement.params(s0='"zzzq"', offset=0, limit=64)
    sql = str(statement.compile(services.engine, compile_kwargs={"literal_binds": True}))
    with services.engine.connect() as connection:
        return " / ".join(row[3] for row in
                          connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {sql}"))


@pytest.mark.file_only
def test_a_search_with_few_matches_reads_the_table_in_one_pass(sample_services):
    """Few matches (the view has just counted them): SQLite reads the table as it lies and
    sorts the matches, rather than reading every row in the order of the date index."""
    outreach = sample_services.outreach
    query = ListQuery(text="zzzq", sort="date", descending=True, limit=64)
    walk = _plan(sample_services, outreach.list_statement(query))
    assert "INDEX ix_outreach_events_date" in walk and "TEMP B-TREE" not in walk
    few = _plan(sample_services, outreach.list_statement(
        dataclasses.replace(query, matches=0)))
    assert "ix_outreach_events_date" not in few and "TEMP B-TREE FOR ORDER BY" in few
    many = _plan(sample_services, outreach.list_statement(
        dataclasses.replace(query, matches=FEW_MATCHES)))
    assert many == walk
    # Without search text every row matches: the index is the way, whatever is said.
    unfiltered = _plan(sample_services, outreach.list_statement(
        ListQuery(sort="date", descending=True, matches=0)))
    assert "INDEX ix_outreach_events_date" in unfiltered and "TEMP B-TREE" not in unfiltered


def test_years_for_year_filters(sample_services):
    assert sample_services.meetings.years() == [2024]
    assert sample_services.documents.years()[:2] == [2024, 2023]
    assert 2024 in sample_services.members.years()


# ---------------------------------------------------------------- membership


def test_membership_at_end_sums_counts_as(services):
    services.members.create(Member("European Union", counts_as=28))
    services.members.create(Member("Mexico"))
    services.members.create(Member("Cabo Verde", joined=PartialDate(2024)))
    services.members.create(Member("Leaver", joined=PartialDate(2019, 5),
                                   left=PartialDate(2023, 6, 30)))
    services.members.create(Member("Left at year end", joined=PartialDate(2018),
                                   left=PartialDate(2022)))
    m = services.members
    assert m.membership_at_end(2017) == 29
    assert m.membership_at_end(2018) == 30
    assert m.membership_at_end(2019) == 31
    assert m.membership_at_end(2022) == 30  # left during 2022: gone by its end
    assert m.membership_at_end(2023) == 29
    assert m.membership_at_end(2024) == 30
    assert [x.name for x in m.at_end_of(2022)] == ["European Union", "Leaver", "Mexico"]
    assert [x.name for x in m.at_end_of(2024)] == ["Cabo Verde", "European Union", "Mexico"]
    assert [x.name for x in m.joiners(2019)] == ["Leaver"]
    assert [x.name for x in m.joiners(2024)] == ["Cabo Verde"]
    assert m.joiners(2020) == []
    by_year = {y.year: y for y in m.by_year()}
    assert by_year[2018].total == 30 and by_year[2018].joiners == ("Left at year end",)
    assert by_year[2023].total == 29 and by_year[2023].joiners == ()
    assert by_year[2024].joiners == ("Cabo Verde",)
    assert min(by_year) == 2018


def test_sample_membership(sample_services):
    m = sample_services.members
    assert m.membership_at_end(2024) == 103
    assert m.membership_at_end(2023) == 98
    assert [x.name for x in m.joiners(2024)] == [
        "Cabo Verde", "Democratic Republic of the Congo", "Maldives", "Mauritius", "Mozambique"]
    assert len(m.at_end_of(2024)) == 76
    year = m.by_year()[0]
    assert (year.year, year.total) == (2024, 103)


def test_detail_links_stop_at_the_limit_and_count_the_rest(services):
    """An organization with more events than a panel shows: the first ones, and the total."""
    from msmedesk.records import LINK_LIMIT

    services.organizations.create(Organization(name="International Trade Centre",
                                               acronym="ITC"))
    org_id = services.organizations.list()[0].id
    extra = 5
    for n in range(LINK_LIMIT + extra):
        services.outreach.create(OutreachEvent(date=PartialDate(2000 + n % 30, 1 + n % 12),
                                               title=f"Event {n}", partners=("ITC",)))
    talks, events = services.organizations.links(org_id)
    assert talks.items == () and talks.count == 0
    assert len(events.items) == LINK_LIMIT
    assert events.count == LINK_LIMIT + extra
    assert events.items[0].startswith("December 2029")  # newest first


def test_proposals_by_symbol_in_both_directions_and_by_page(sample_services):
    """Symbol order (A to Z read from the proposals, Z to A from the documents' index) is
    the same order both ways, pages join up, and other documents never come in."""
    service = sample_services.proposals
    up = [r.values[0] for r in service.list(ListQuery(sort="symbol", limit=10_000))]
    down = [r.values[0] for r in service.list(ListQuery(sort="symbol", descending=True,
                                                        limit=10_000))]
    assert up == sorted(up) and down == up[::-1]
    assert len(up) == service.total() == service.count()
    paged = [r.values[0] for offset in range(0, len(up), 2)
             for r in service.list(ListQuery(sort="symbol", offset=offset, limit=2))]
    assert paged == up
    found = [r.values[0] for r in service.list(ListQuery(sort="symbol", text="Mexico"))]
    assert found == sorted(found) and found
