"""The year-end checklist's data: every gap of a draft names the record it comes from."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from msmedesk.domain import Meeting, Member, PackageEntry, PartialDate, Proposal
from msmedesk.records import Services
from msmedesk.report import make_report
from msmedesk.report.checklist import checklist
from msmedesk.report.model import Gap


def _by_record(gaps: tuple[Gap, ...]) -> dict[tuple[str, int | None], list[Gap]]:
    found: dict[tuple[str, int | None], list[Gap]] = {}
    for gap in gaps:
        if gap.record is not None:
            found.setdefault((gap.record.key, gap.record.record_id), []).append(gap)
    return found


def test_the_2024_sample_has_only_the_header_to_fill(sample_services: Services) -> None:
    """The sample's records are complete: the symbol and date of the report are its gaps."""
    report = make_report(sample_services, 2024)
    assert [g.record for g in report.gaps] == [None, None]
    assert [g.placeholder for g in report.gaps] == ["[INF/MSME/R/…]", "[date]"]
    given = replace(report, symbol="INF/MSME/R/47", date="3 March 2025")
    assert given.gaps == ()


def test_a_sample_meeting_without_its_summary_document_is_named(
        sample_services: Services) -> None:
    """The 18 October meeting loses its summary document: the gap names that meeting."""
    meeting = next(m for m in sample_services.year_records(2024).meetings
                   if m.date == date(2024, 10, 18))
    assert meeting.id is not None
    sample_services.meetings.update(replace(meeting, summary_document=None))
    report = make_report(sample_services, 2024)
    gaps = _by_record(report.gaps)[("meetings", meeting.id)]
    assert len(gaps) == 1
    assert gaps[0].record is not None
    assert gaps[0].record.label == "Open-ended meeting of 18 October 2024"
    assert gaps[0].placeholder == "[summary document not recorded]"
    assert gaps[0].line() == ("Open-ended meeting of 18 October 2024: summary document "
                              "not recorded")
    # Every placeholder of the draft is in the list, once.
    assert set(report.warnings) <= {g.placeholder for g in report.gaps}


def test_a_made_up_year_names_each_gap_s_record(services: Services) -> None:
    """A thematic session without summary document, a package entry whose Members have no
    summary and a proposal no meeting discussed: each gap names its record."""
    services.members.create(Member("Albania", joined=PartialDate(2030, 1)))
    services.members.create(Member("Türkiye", joined=PartialDate(2030, 1)))
    thematic = services.meetings.create(Meeting(date(2030, 5, 6), kind="thematic",
                                                summary="Trade finance."))
    entry = services.package.create(PackageEntry(5, 2030, members=("Albania", "Türkiye")))
    proposal = services.proposals.create(Proposal(
        "INF/MSME/W/90", "Digital trade", proponents=("Albania",),
        submitted=PartialDate(2030, 2)))
    report = make_report(services, 2030)
    gaps = _by_record(report.gaps)
    (meeting_gap,) = gaps[("meetings", thematic.id)]
    assert meeting_gap.line() == "Thematic session of 6 May 2030: summary document not recorded"
    assert meeting_gap.placeholder is None  # section 4 leaves it out of the text
    (entry_gap,) = gaps[("package", entry.id)]
    assert entry_gap.record is not None
    assert entry_gap.record.label == "Package entry for Annex 5 in 2030 (Albania, Türkiye)"
    assert entry_gap.placeholder is not None and entry_gap.placeholder in report.warnings
    (proposal_gap,) = gaps[("proposals", proposal.id)]
    assert proposal_gap.line() == "Proposal INF/MSME/W/90: discussed at no meeting"
    # The year's list-wide gaps point at their list: no open-ended meeting is recorded.
    assert any(key == ("meetings", None) for key in gaps)


def test_a_proposal_discussed_or_of_another_year_is_no_gap(services: Services) -> None:
    """Only a proposal submitted in the year and discussed nowhere is listed."""
    services.members.create(Member("Albania", joined=PartialDate(2030, 1)))
    services.meetings.create(Meeting(date(2030, 5, 6), summary="Met.",
                                     convening_notice="INF/MSME/CN/90",
                                     summary_document="INF/MSME/R/90"))
    services.proposals.create(Proposal("INF/MSME/W/91", proponents=("Albania",),
                                       submitted=PartialDate(2030, 2),
                                       discussed_at=(date(2030, 5, 6),)))
    services.proposals.create(Proposal("INF/MSME/W/92", proponents=("Albania",),
                                       submitted=PartialDate(2029, 2)))
    keys = [g.record.key for g in make_report(services, 2030).gaps if g.record]
    assert "proposals" not in keys


def test_two_meetings_missing_the_same_thing_are_two_gaps(services: Services) -> None:
    """The warnings say a placeholder once; the checklist lists it for each meeting."""
    first = services.meetings.create(Meeting(date(2030, 3, 1), summary="A."))
    second = services.meetings.create(Meeting(date(2030, 6, 1), summary="B."))
    report = make_report(services, 2030)
    assert report.warnings.count("[summary document not recorded]") == 1
    gaps = _by_record(report.gaps)
    for meeting in (first, second):
        whats = [g.what for g in gaps[("meetings", meeting.id)]]
        assert whats.count("summary document not recorded") == 1


def test_last_year_s_count_is_its_draft_s(sample_services: Services) -> None:
    """2025 is compared with the sample's 2024 (two gaps), 2024 with the empty 2023."""
    after = checklist(sample_services, make_report(sample_services, 2025))
    assert after.last_year == len(make_report(sample_services, 2024).gaps) == 2
    assert after.count_line() == f"{len(after.gaps)} gaps in the draft (2024: 2)"
    before = checklist(sample_services, make_report(sample_services, 2024))
    assert before.last_year == len(make_report(sample_services, 2023).gaps)
    assert before.last_year > 2
