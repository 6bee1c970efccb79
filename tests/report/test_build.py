"""The report built from records: the 2024 sample against the real report, and a made-up
2026 with joiners, a leaver, three meetings and records of other years around it."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from msmedesk.domain import (
    Coordinator,
    Document,
    GroupProfile,
    ListQuery,
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
from msmedesk.report import wording
from msmedesk.report.build import build_report
from msmedesk.report.model import NoteRef, Paragraph, Report, Subsection, Text

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "annual-report-2024.md"
MARKUP = 'Smith & Sons <b>bold</b> & <i>"more"</i> > less'


def _paragraphs(report: Report, section: int) -> list[Paragraph]:
    return list(report.sections[section - 1].paragraphs)


def _text(report: Report) -> str:
    """The whole report's text: paragraphs and notes."""
    body = [p.plain_text() for s in report.sections for p in s.paragraphs]
    return "\n".join(body + [n.plain_text() for n in report.footnotes])


def _runs(report: Report) -> list[Text]:
    return [r for s in report.sections for p in s.paragraphs for r in p.content
            if isinstance(r, Text)] + [r for n in report.footnotes for r in n.content]


def _reference_note(number: int) -> str:
    """Footnote ``number`` of the real 2024 report, links taken out."""
    if not REFERENCE.exists():
        pytest.skip("the reference report is not beside the project")
    text = REFERENCE.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith(f"<sup>{number}</sup> "))
    line = line[len(f"<sup>{number}</sup> "):]
    return re.sub(r"\[([^\]]*)\]\(#\)", r"\1", line).replace("\\(", "(").replace("\\)", ")")


def _names(note: str) -> list[str]:
    """The Members of a members footnote, in order."""
    listed = note.split(": ", 1)[1].rstrip(".")
    items = listed.split("; ")
    return items[:-1] + items[-1].rsplit(" and ", 1)


# ---------------------------------------------------------------- the 2024 sample


@pytest.fixture
def sample_report(sample_services: Services) -> Report:
    """The 2024 draft built from the shipped sample."""
    return build_report(sample_services, 2024)


def test_title_and_section_titles(sample_report: Report) -> None:
    """Title, subtitle and the five sections of the reference, in order."""
    assert sample_report.title == "Informal Working Group on MSMEs"
    assert sample_report.subtitle == "2024 Annual Report"
    assert [(s.number, s.title) for s in sample_report.sections] == [
        (1, "Introduction"),
        (2, "Open-ended meetings held by the Informal Working Group on MSMEs during 2024"),
        (3, "Implementation of the December 2020 MSME Package"),
        (4, "Other activities"),
        (5, "Conclusion"),
    ]


def test_paragraphs_are_numbered_within_sections(sample_report: Report) -> None:
    """1.1., 1.2., …; section 3 continues its numbering across the annex subsections."""
    for section in sample_report.sections:
        numbers = [p.number for p in section.paragraphs]
        assert numbers == [f"{section.number}.{i}." for i in range(1, len(numbers) + 1)]
    package = sample_report.sections[2]
    assert [b.number for b in package.blocks if isinstance(b, Subsection)] == [
        "3.1", "3.2", "3.3", "3.4", "3.5"]
    assert [b.title for b in package.blocks if isinstance(b, Subsection)] == [
        "Annex 1", "Annex 2", "Annex 4", "Annex 5", "Annex 6"]
    assert package.paragraphs[0].plain_text() == (
        "Members continued to implement the December 2020 MSME Package (INF/MSME/4/Rev.2).")


def test_establishment_paragraph(sample_report: Report) -> None:
    """1.1 from the Group's profile, with "11th" as a superscript and the symbol styled."""
    first = _paragraphs(sample_report, 1)[0]
    assert first.plain_text().startswith(
        "On 13 December 2017, at the 11th Ministerial Conference (MC11), 88 WTO Members "
        "representing all major regions and levels of development established the Informal "
        "Working Group on Micro, Small and Medium-Sized Enterprises "
        "(MSMEs) (WT/MIN(17)/58/Rev.1).")
    assert Text("th", "sup") in first.content
    assert Text("WT/MIN(17)/58/Rev.1", "symbol") in first.content


def test_coordinator_and_joiners_sentence(sample_report: Report) -> None:
    """The Coordinator continues; five joiners by prose name, total 103, then note 2."""
    second = _paragraphs(sample_report, 1)[1]
    text = second.plain_text()
    assert ("H.E. Mr Matthew Wilson, Ambassador of Barbados, continued to coordinate the MSME "
            "Group through the year.") in text
    assert text.endswith(
        "Five new Members joined the MSME Group during 2024: Cabo Verde, the Democratic "
        "Republic of the Congo, Maldives, Mauritius and Mozambique, bringing total MSME Group "
        "membership to 103.")
    assert second.content[-1] == NoteRef(2)


def test_members_footnote_in_the_reference_order(sample_report: Report) -> None:
    """Note 2 lists the Members exactly as the real report does, in the same order."""
    expected = _reference_note(2)
    note = sample_report.footnote(2).plain_text()
    assert _names(note) == _names(expected)
    assert note == expected


def test_previous_reports_footnote_is_the_title_note(sample_report: Report) -> None:
    """Note 1, on the title, lists the earlier reports with dates, as the reference does."""
    assert sample_report.title_note == 1
    assert sample_report.footnote(1).plain_text() == _reference_note(1)
    symbols = [r.text for r in sample_report.footnote(1).content if r.style == "symbol"]
    assert symbols == ["JOB/GC/207", "INF/MSME/R/13/Rev.1", "INF/MSME/R/21", "INF/MSME/R/30",
                       "INF/MSME/R/35", "INF/MSME/R/42"]


def test_meetings_sentence_and_meeting_paragraphs(sample_report: Report) -> None:
    """2.1 with the four dates; then one paragraph per meeting, each with its documents."""
    paragraphs = _paragraphs(sample_report, 2)
    assert paragraphs[0].plain_text() == (
        "The MSME Group held four open-ended meetings during 2024, on 19 March, 1 July, "
        "18 October and 10 December.")
    assert len(paragraphs) == 5
    assert paragraphs[1].plain_text().startswith(
        "On 19 March, the MSME Group held its first open-ended meeting of 2024 "
        "(INF/MSME/CN/25/Rev.1).")
    assert "second open-ended meeting of the year on 1 July" in paragraphs[2].plain_text()
    assert "third open-ended meeting of the year on 18 October" in paragraphs[3].plain_text()
    assert "fourth and last open-ended meeting of the year on 10 December" in \
        paragraphs[4].plain_text()
    notices = ["INF/MSME/CN/25/Rev.1", "INF/MSME/CN/26/Rev.2", "INF/MSME/CN/27",
               "INF/MSME/CN/28"]
    summaries = ["INF/MSME/R/43", "INF/MSME/R/44", "INF/MSME/R/45", "INF/MSME/R/46"]
    for paragraph, notice, summary in zip(paragraphs[1:], notices, summaries, strict=True):
        assert Text(notice, "symbol") in paragraph.content
        assert Text(summary, "symbol") in paragraph.content
        assert paragraph.plain_text().endswith(
            "A full summary of the meeting and of presentations received is available in "
            f"document {summary}.")


def test_meeting_paragraph_carries_narrative_presentations_spotlight(
        sample_report: Report, sample_services: Services) -> None:
    """The staff narrative verbatim, presentations and spotlight as sentences."""
    march = _paragraphs(sample_report, 2)[1].plain_text()
    narrative = sample_services.meetings.in_year(2024)[0].summary
    assert narrative in march
    # UNCTAD and the UPU come up again; the WTCA does not, so it gets no acronym.
    assert ("The Group received presentations from the United Nations Trade and "
            "Development (UNCTAD), the Universal Postal Union (UPU) and the World Trade Centers "
            "Association.") in march
    assert ("The MSME Spotlight featured EziDrops, the second business in the series, "
            "introduced by the Institute of Export") in march
    july = _paragraphs(sample_report, 2)[2].plain_text()
    assert "Lazzat Daniyarova of the WCO presented on preliminary findings" in july
    assert "Pamela Ugaz of UNCTAD also presented on the Global Supply Chain Forum" in july
    # The topic names the STDF in full: the speaker is named alone, not twice over.
    assert "Marlynne Hopper spoke about the work of the Standards and Trade" in july
    assert "The MSME Spotlight featured La Mandala (Usha Subba, Nepal)" in july
    assert ("The Group discussed five new proposals for future work: 1) the United States "
            "proposal") in july
    assert ("and 5) the Mexico proposal (INF/MSME/W/55) on MSMEs and regional trade "
            "agreements (RTAs).") in july
    december = _paragraphs(sample_report, 2)[4].plain_text()
    # Both proposals discussed are cited by the narrative: not listed again.
    assert "continued its discussion" not in december
    assert december.count("(INF/MSME/W/52)") == 1


def test_adoption_sentence(sample_report: Report) -> None:
    """Section 5 names the last open-ended meeting of the year."""
    assert [p.plain_text() for p in _paragraphs(sample_report, 5)] == [
        "The Informal Working Group adopted the present Annual Report (2024) ad referendum at "
        "its 10 December 2024 open-ended meeting."]


def test_every_outreach_event_appears_once(sample_report: Report,
                                           sample_services: Services) -> None:
    """Each of the year's events is told exactly once, in section 1 or section 4."""
    text = _text(sample_report)
    events = sample_services.outreach.in_year(2024)
    assert len(events) == 18
    for event in events:
        summary = event.summary.strip().rstrip(".")
        if summary:  # (a speaking engagement's sentence may be all there is to say)
            assert text.count(summary) == 1, event.title
        else:
            assert event.kind == "speaking-engagement", event.title
    intro = _paragraphs(sample_report, 1)[2].plain_text()
    assert intro.startswith("At the 13th Ministerial Conference (MC13), the MSME Group issued "
                            "the Coordinator's Report (WT/MIN(24)/9), summarizing what the "
                            "Group had done and achieved since it was set up in 2017. In "
                            "February 2024, the "
                            'Group held a joint event, "Paving the way')
    assert "Paving the way to strengthening trade inclusiveness" in intro
    assert "Paving the way" not in "".join(p.plain_text() for p in _paragraphs(sample_report, 4))


def test_notes_are_numbered_in_order_of_their_markers(sample_report: Report) -> None:
    """Note 1 on the title, then each marker's note numbered in document order."""
    markers = [r.number for s in sample_report.sections for p in s.paragraphs
               for r in p.content if isinstance(r, NoteRef)]
    order = [sample_report.title_note, *markers]
    assert order == list(range(1, len(order) + 1))
    assert [n.number for n in sample_report.footnotes] == order
    network = sample_report.footnote(5).plain_text()  # (after the notes on Annexes 1 and 2)
    assert network.startswith("The Enhanced Integrated Framework (EIF); the International")
    assert network.endswith("and the Universal Postal Union (UPU).")


def test_symbols_in_narratives_are_styled_but_unchanged(sample_report: Report) -> None:
    """A symbol inside staff text becomes a symbol run; the characters stay the same."""
    symbols = {r.text for r in _runs(sample_report) if r.style == "symbol"}
    assert {"WT/MIN(24)/DEC", "INF/MSME/W/46/Rev.1", "INF/MSME/W/58-INF/TGE/COM/11",
            "G/MA/357", "INF/MSME/W/59"} <= symbols
    assert not any(r.style == "placeholder" for r in _runs(sample_report))
    # The body has no gap; only the header's symbol and date are still to be assigned.
    assert sample_report.warnings == ("[INF/MSME/R/…]", "[date]")


def test_follow_on_events_vary_their_openings(sample_report: Report) -> None:
    """Two joint events and a publication of one month: the date once, then "also", then
    "A second joint event" (the publication is not counted as an event)."""
    intro = _paragraphs(sample_report, 1)[2].plain_text()
    assert intro.count("In February 2024") == 1
    assert intro.count("held a joint event") == 1
    assert "The Group also issued the joint compendium on Special Provisions" in intro
    assert 'A second joint event, "Launch of the compendium' in intro


def test_acronyms_introduced_only_when_used_again(sample_report: Report,
                                                  sample_services: Services) -> None:
    """Every "(ACR)" the report introduces is used again; spelled out once, then short."""
    text = "\n".join(r.text for r in _runs(sample_report) if r.style != "symbol")
    body = "\n".join(p.plain_text() for s in sample_report.sections for p in s.paragraphs)
    for row in sample_services.organizations.list(ListQuery(limit=1000)):
        acronym, name = row.values[0], row.values[1]
        if not acronym:
            continue
        found = len(wording.acronym_pattern(acronym).findall(text))
        if f"({acronym})" in body:
            assert found >= 2, acronym
            # Spelled out once in the body; the acronym afterwards.
            assert body.count(f"{name} ({acronym})") == 1, acronym
    assert "World Trade Centers Association (WTCA)" not in body
    july = _paragraphs(sample_report, 2)[2].plain_text()
    assert "(WCO)" not in july  # introduced in 1.3 already
    assert "Lazzat Daniyarova of the WCO" in july


def test_presentation_verbs_follow_the_presenter(sample_report: Report) -> None:
    """Committees brief the Group; Members present their own work; no run of one verb."""
    october = _paragraphs(sample_report, 2)[3].plain_text()
    assert ("The Committee on Technical Barriers to Trade briefed the Group on its new good "
            "practice guide (G/TBT/GEN/386). The Committee on Government Procurement also "
            "briefed the Group on") in october
    assert "Anne Chappaz of the ITC explained how the BSOs" in october
    december = _paragraphs(sample_report, 2)[4].plain_text()
    assert ("Pakistan presented its electronic Single Window. Georgia also presented its move"
            in december)
    assert ("The China Council for the Promotion of International Trade briefed the Group on"
            in december)
    assert "Vanessa Erogbogbo, Chief of Green and Inclusive Value Chains at the ITC," in december
    for paragraph in _paragraphs(sample_report, 2):
        assert "(STDF) presented on" not in paragraph.plain_text()
        assert not re.search(r"presented on [^.]*\. [^.]* presented on [^.]*\. [^.]* presented "
                             r"on", paragraph.plain_text())


def test_proposal_cited_by_a_presentation_is_not_listed_again(sample_report: Report) -> None:
    """18 October: the joint proposal presented there is not repeated as "a new proposal"."""
    october = _paragraphs(sample_report, 2)[3].plain_text()
    assert october.count("INF/MSME/W/58-INF/TGE/COM/11") == 1
    assert "new proposal" not in october
    # ... but its subject is told where the presentation cites it.
    assert ("(INF/MSME/W/58-INF/TGE/COM/11) to gather in one compendium the educational "
            "programmes open to women entrepreneurs.") in october


def test_paragraph_openings_name_the_group_consistently(sample_report: Report) -> None:
    """Each meeting paragraph opens with "the MSME Group", and says "the Group" after."""
    for paragraph in _paragraphs(sample_report, 2)[1:]:
        first, rest = paragraph.plain_text().split(". ", 1)
        assert "the MSME Group held its" in first or "The MSME Group held its" in first
        assert "The MSME Group" not in rest


def test_other_activities_wording(sample_report: Report) -> None:
    """Titles with the right article; partners the title names left out; no "organized by"
    per event; engagement openings varied; newsletters not named twice."""
    other = [p.plain_text() for p in _paragraphs(sample_report, 4)]
    text = "\n".join(other)
    assert "In July 2024, the MSME Group held a virtual meeting with the private sector." in text
    assert ("announced the ICC-ITC-WTO MSME Group Small Business Champions, in partnership "
            "with the World Intellectual Property Organization (WIPO).") in text
    engagements = next(p for p in other if p.startswith("As Coordinator"))
    assert "In May, he spoke at the UNCTAD Global Supply Chain Forum in Barbados." in engagements
    assert "United Nations Trade and Development" not in engagements
    assert engagements.count("organized by") == 1  # the lead sentence only
    assert "In September, he sponsored the WTO Public Forum session" in engagements
    assert ("During 2024, the Coordinator issued two newsletters (2024-Summer and 2024-Fall)."
            in text)


def _one_meeting(services: Services, summary: str, *, coordinator: str = "H.E. Ms Ana Old",
                 title: str = "Trade data") -> Report:
    """A 2028 with one meeting discussing one new proposal, and two engagements."""
    services.group.save(GroupProfile(coordinators=(
        Coordinator(coordinator, "Ambassador of Chile"),)))
    services.members.create(Member("Albania"))
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.proposals.create(Proposal("INF/MSME/W/90", title, ("Albania",),
                                       PartialDate(2028), summary=summary))
    services.meetings.create(Meeting(date(2028, 3, 1), convening_notice="INF/MSME/CN/90",
                                     summary_document="INF/MSME/R/90", summary="Talks.",
                                     proposals=("INF/MSME/W/90",)))
    for month, name in ((4, "ITC Forum"), (5, "Trade Week")):
        services.outreach.create(OutreachEvent(PartialDate(2028, month), name,
                                               kind="speaking-engagement", partners=("ITC",),
                                               summary="It was useful."))
    return build_report(services, 2028)


def test_new_proposal_carries_its_summary_when_it_reads_well(services: Services) -> None:
    """ "…(INF/MSME/W/90), which proposes …" for a summary that opens with a verb."""
    report = _one_meeting(services, "Proposes sharing tariff data with MSMEs.")
    meeting = _paragraphs(report, 2)[1].plain_text()
    assert ('The Group discussed a new proposal for future work: the Albania proposal "Trade '
            'data" (INF/MSME/W/90), which proposes sharing tariff data with MSMEs.') in meeting


def test_new_proposal_without_a_verb_summary_has_no_clause(services: Services) -> None:
    """A noun-phrase summary is not forced into a "which" clause."""
    report = _one_meeting(services, "A plan in two parts; data and training.")
    meeting = _paragraphs(report, 2)[1].plain_text()
    assert '(INF/MSME/W/90).' in meeting
    assert "which" not in meeting


def test_engagements_partner_and_pronoun(services: Services) -> None:
    """The ITC is left out where the title names it; "she" from "Ms"; ITC spelled out first
    and only because it is used again."""
    report = _one_meeting(services, "")
    engagements = _paragraphs(report, 4)[0].plain_text()
    assert ("In April, the Coordinator took part in the ITC Forum. It was useful. In May, she "
            "took part in the Trade Week with the International Trade Centre (ITC).") in engagements


def test_ministerial_conference_abbreviation_on_first_mention(services: Services) -> None:
    """The Coordinator's report to a Conference names it with its abbreviation once."""
    services.group.save(GroupProfile(name="Informal Working Group on MSMEs"))
    for symbol, what in (("WT/MIN(26)/5", "Coordinator's Report to the 14th Ministerial "
                          "Conference"),
                         ("WT/MIN(26)/6", "Statement to the 14th Ministerial Conference")):
        services.documents.create(Document(symbol, f"Informal Working Group on MSMEs – {what}",
                                           None, "ministerial"))
    intro = _paragraphs(build_report(services, 2026), 1)[2].plain_text()
    assert intro == ("At the 14th Ministerial Conference (MC14), the MSME Group issued the "
                     "Coordinator's Report (WT/MIN(26)/5). At MC14, the MSME Group also issued "
                     "the Statement (WT/MIN(26)/6).")


# ---------------------------------------------------------------- a made-up 2026


def _make_2026(services: Services) -> None:
    """Records for 2026 with neighbours in 2025 and 2027 that must stay out."""
    services.group.save(GroupProfile(
        established=date(2017, 12, 13), established_by="WT/MIN(17)/58/Rev.1",
        established_at="the 11th Ministerial Conference (MC11)", founding_members=88,
        coordinators=(
            Coordinator("H.E. Ms Ana Old", "Ambassador of Chile", None, PartialDate(2026, 5, 15)),
            Coordinator("H.E. Mr Ben New", "Ambassador of Kenya", PartialDate(2026, 5, 15)),
            Coordinator("H.E. Mr Carl Past", "Ambassador of Peru", None, PartialDate(2024, 1)),
        )))
    for member in (
        Member("Albania"),
        Member("Korea, Republic of", prose_name="the Republic of Korea"),
        Member("Chad", joined=PartialDate(2025, 4)),
        Member("Honduras", left=PartialDate(2026, 6, 30)),
        Member("Oman", left=PartialDate(2025, 2)),
        Member("Zambia", joined=PartialDate(2026, 3, 2)),
        Member("Côte d'Ivoire", joined=PartialDate(2026, 8)),
        Member("Vanuatu", joined=PartialDate(2027, 2, 1)),
    ):
        services.members.create(member)
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.organizations.create(Organization("World Customs Organization", "WCO"))
    for symbol, day in (("INF/MSME/R/50", date(2025, 2, 1)), ("INF/MSME/R/60", date(2027, 2, 1))):
        services.documents.create(Document(symbol, "Annual Report", day, "annual-report"))
    services.proposals.create(Proposal("INF/MSME/W/70", "Trade & <data>", ("Albania",),
                                       PartialDate(2026)))
    services.proposals.create(Proposal("INF/MSME/W/60", "Old idea", ("Chad",),
                                       PartialDate(2025)))
    services.meetings.create(Meeting(date(2025, 12, 1), convening_notice="INF/MSME/CN/40",
                                     summary_document="INF/MSME/R/49", summary="Old 2025 talk.",
                                     proposals=("INF/MSME/W/60",)))
    services.meetings.create(Meeting(
        date(2026, 2, 10), convening_notice="INF/MSME/CN/41", summary_document="INF/MSME/R/51",
        summary=MARKUP, proposals=("INF/MSME/W/70",),
        presentations=(Presentation(organization="ITC"), Presentation(organization="WCO"),
                       Presentation(speaker="Jo Doe", organization="ITC", topic="tariffs"),
                       Presentation(member="Korea, Republic of", topic="its SME portal")),
        spotlights=(Spotlight("Tea & Co", "Mia Roe", "Nepal", "ITC", "A small tea firm."),)))
    services.meetings.create(Meeting(date(2026, 6, 5), convening_notice="INF/MSME/CN/42",
                                     summary="Second meeting.", proposals=("INF/MSME/W/70",)))
    services.meetings.create(Meeting(date(2026, 11, 20), summary_document="INF/MSME/R/53"))
    services.meetings.create(Meeting(date(2026, 9, 9), kind="thematic",
                                     summary="A thematic session on customs."))
    services.meetings.create(Meeting(date(2027, 1, 15), convening_notice="INF/MSME/CN/44",
                                     summary="Next year's talk."))
    services.outreach.create(OutreachEvent(PartialDate(2026, 6, 27), "Small Business Champions",
                                           kind="award", partners=("ITC",),
                                           summary="Champions named."))
    services.outreach.create(OutreachEvent(PartialDate(2025, 6, 27), "Old award", kind="award",
                                           summary="Champions of 2025."))
    services.outreach.create(OutreachEvent(PartialDate(2027, 3), "Future forum",
                                           kind="speaking-engagement", summary="Next year."))
    services.package.create(PackageEntry(3, 2026, ("Albania", "Korea, Republic of"),
                                         "reported on trade facilitation"))
    services.package.create(PackageEntry(1, 2025, ("Chad",), "old entry"))


@pytest.fixture
def report_2026(services: Services) -> Report:
    """The 2026 draft over the made-up records."""
    _make_2026(services)
    return build_report(services, 2026)


def test_2026_membership(report_2026: Report) -> None:
    """Two joiners (not the one of 2027), one leaver, the year-end total and list."""
    text = _paragraphs(report_2026, 1)[1].plain_text()
    assert ("Two new Members joined the MSME Group during 2026: Côte d'Ivoire and Zambia. "
            "Honduras left the MSME Group during the year, so that total MSME Group membership "
            "at the end of 2026 was five.") in text
    assert report_2026.footnote(2).plain_text() == (
        "Members of the Informal Working Group on MSMEs are: Albania; Chad; Côte d'Ivoire; "
        "Korea, Republic of and Zambia.")


def test_2026_coordinators(report_2026: Report) -> None:
    """One Coordinator until 15 May, the next from 15 May; the one who left in 2024 absent."""
    text = _paragraphs(report_2026, 1)[1].plain_text()
    assert ("H.E. Ms Ana Old, Ambassador of Chile, coordinated the MSME Group until 15 May. "
            "H.E. Mr Ben New, Ambassador of Kenya, became Coordinator of the MSME Group on "
            "15 May.") in text
    assert "Carl Past" not in _text(report_2026)


def test_2026_meetings(report_2026: Report) -> None:
    """Three open-ended meetings, ordinals, placeholders for the missing documents."""
    paragraphs = _paragraphs(report_2026, 2)
    assert paragraphs[0].plain_text() == (
        "The MSME Group held three open-ended meetings during 2026, on 10 February, 5 June "
        "and 20 November.")
    assert len(paragraphs) == 4
    first, second, third = (p.plain_text() for p in paragraphs[1:])
    assert first.startswith("On 10 February, the MSME Group held its first open-ended meeting of "
                            "2026 (INF/MSME/CN/41).")
    assert MARKUP in first
    assert ("The Group received presentations from the International Trade Centre (ITC) "
            "and the World Customs Organization.") in first
    assert "Jo Doe of the ITC presented on tariffs." in first
    assert "The Republic of Korea presented its SME portal." in first
    assert ("The MSME Spotlight featured Tea & Co (Mia Roe, Nepal), a small tea firm, "
            "introduced by the ITC.") in first
    assert ('The Group discussed a new proposal for future work: the Albania proposal '
            '"Trade & <data>" (INF/MSME/W/70).') in first
    assert second.startswith("The MSME Group held its second open-ended meeting of the year on "
                             "5 June (INF/MSME/CN/42).")
    assert "The Group continued its discussion of the Albania proposal" in second
    assert second.endswith("available in document [summary document: not recorded].")
    assert third.startswith("The MSME Group held its third and last open-ended meeting of the year "
                            "on 20 November ([convening notice: not recorded]).")
    assert "[narrative of the meeting: not recorded]." in third
    assert third.endswith("available in document INF/MSME/R/53.")
    placeholders = [r.text for p in paragraphs for r in p.content
                    if isinstance(r, Text) and r.style == "placeholder"]
    assert placeholders == ["[summary document: not recorded]",
                            "[convening notice: not recorded]",
                            "[narrative of the meeting: not recorded]"]
    assert set(placeholders) <= set(report_2026.warnings)


def test_2026_other_sections(report_2026: Report) -> None:
    """Package, other activities and conclusion hold 2026 only."""
    package = report_2026.sections[2]
    assert [b.title for b in package.blocks if isinstance(b, Subsection)] == ["Annex 3"]
    assert package.paragraphs[1].plain_text() == (
        "Albania and the Republic of Korea reported on trade facilitation.")
    other = [p.plain_text() for p in _paragraphs(report_2026, 4)]
    assert len(other) == 2
    assert other[0].startswith("On 27 June 2026, the MSME Group announced the Small Business "
                               "Champions, in partnership with the ITC.")
    assert other[1] == ("On 9 September 2026, the MSME Group held a thematic session. "
                        "A thematic session on customs.")
    assert [p.plain_text() for p in _paragraphs(report_2026, 5)] == [
        "The Informal Working Group adopted the present Annual Report (2026) ad referendum at "
        "its 20 November 2026 open-ended meeting."]


def test_2026_holds_nothing_from_other_years(report_2026: Report) -> None:
    """No meeting, event, entry, joiner, proposal or report of 2025 or 2027 leaks in."""
    text = _text(report_2026)
    for foreign in ("Old 2025 talk", "Next year's talk", "INF/MSME/CN/40", "INF/MSME/CN/44",
                    "INF/MSME/R/49", "INF/MSME/W/60", "Old award", "Future forum", "old entry",
                    "Annex 1", "Vanuatu", "Oman", "1 December", "15 January", "INF/MSME/R/60"):
        assert foreign not in text, foreign
    assert report_2026.footnote(1).plain_text() == (
        "The previous Annual Report is INF/MSME/R/50 dated 1 February 2025.")


def test_year_without_records_is_a_draft_of_placeholders(services: Services) -> None:
    """An empty data file still gives the whole shape, with every gap named."""
    report = build_report(services, 2031)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5]
    text = _text(report)
    for gap in ("[date of establishment: not recorded]",
                "[Ministerial Conference: not recorded]",
                "[number of founding Members: not recorded]",
                "[establishing document: not recorded]", "[Coordinator in 2031: not recorded]",
                "[open-ended meetings in 2031: none recorded]",
                "[other activities in 2031: none recorded]", "[date: not recorded]",
                "[previous annual reports: not recorded]"):
        assert gap in text, gap
        assert gap in report.warnings
    meetings = _paragraphs(report, 2)
    assert [p.plain_text() for p in meetings] == ["[open-ended meetings in 2031: none recorded]."]


def test_no_joiners_keeps_the_total(services: Services) -> None:
    """A year without joiners or leavers says the total stayed the same."""
    services.members.create(Member("Albania"))
    services.members.create(Member("European Union", counts_as=28))
    report = build_report(services, 2030)
    assert ("No new Members joined the MSME Group during 2030; total MSME Group membership "
            "remained at 29.") in _paragraphs(report, 1)[1].plain_text()


def test_coordinators_serving_part_of_the_year(services: Services) -> None:
    """From and to within the year; a start known only to the year says so."""
    services.group.save(GroupProfile(coordinators=(
        Coordinator("Ms A", "Ambassador of Chile", PartialDate(2027, 3, 1),
                    PartialDate(2027, 9, 30)),
        Coordinator("Mr B", "", PartialDate(2027), None),
        Coordinator("Mr C", "Ambassador of Peru", PartialDate(2028, 1), None),
    )))
    text = _paragraphs(build_report(services, 2027), 1)[1].plain_text()
    assert ("Mr B became Coordinator of the MSME Group during the year. Ms A, Ambassador of "
            "Chile, coordinated the MSME Group from 1 March to 30 September.") in text
    assert "Mr C" not in text
