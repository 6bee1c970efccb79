"""Issue 15, the facts of sections 1, 3 and 4: the 2024 draft carries the reference's facts
in its order, annexes are notes at their first mention, and made-up years read right."""

from __future__ import annotations

import re
from datetime import date

import pytest

from msmedesk.domain import (
    Annex,
    Coordinator,
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
)
from msmedesk.records import Services
from msmedesk.report.build import build_report
from msmedesk.report.model import NoteRef, Paragraph, Report, Subsection, Text


def _paragraphs(report: Report, section: int) -> list[Paragraph]:
    return list(report.sections[section - 1].paragraphs)


def _in_order(text: str, *parts: str) -> None:
    """Each part is in ``text``, after the one before it."""
    at = -1
    for part in parts:
        found = text.find(part, at + 1)
        assert found > at, f"{part!r} missing or out of order in {text!r}"
        at = found


@pytest.fixture
def sample_report(sample_services: Services) -> Report:
    """The 2024 draft built from the shipped sample."""
    return build_report(sample_services, 2024)


# ---------------------------------------------------------------- the 2024 draft


def test_section_1_carries_the_reference_facts_in_its_order(sample_report: Report) -> None:
    establishment, _, ministerial = (p.plain_text() for p in _paragraphs(sample_report, 1))
    assert ("88 WTO Members representing all major regions and levels of development "
            "established the Informal Working Group") in establishment
    _in_order(ministerial,
              "issued the Coordinator's Report (WT/MIN(24)/9), summarizing what the Group",
              'held a joint event, "Paving the way',
              "with the Informal Working Group on Trade & Gender (WTO Group on Trade & Gender) "
              "and the Trade and Environmental Sustainability Structured Discussions",
              "The Group also issued the joint compendium on Special Provisions for MSMEs",
              'A second joint event, "Launch of the compendium on Access to Finance')
    # The compendium is a publication, not an event; the launch is the second event.
    assert 'event, "Issue of' not in ministerial
    assert "third" not in ministerial and "further" not in ministerial


def test_one_name_for_the_trade_and_gender_group(sample_report: Report) -> None:
    """The short name, never the acronym, in the body and the notes (symbols aside)."""
    runs = [r for s in sample_report.sections for p in s.paragraphs for r in p.content
            if isinstance(r, Text) and r.style != "symbol"]
    text = " ".join(r.text for r in runs)
    assert "WTO Group on Trade & Gender" in text
    assert not re.search(r"\bTGE\b", text)


def test_section_3_counts_the_annex_5_members(sample_report: Report) -> None:
    package = [p.plain_text() for p in _paragraphs(sample_report, 3)]
    assert package[0].startswith("Members continued to implement")
    assert package[4].startswith("Five Members, namely Canada, Côte d'Ivoire, Mauritius, "
                                 "Norway and Uruguay, have concluded")


def test_section_4_under_4_1_other_in_the_reference_order(sample_report: Report) -> None:
    section = sample_report.sections[3]
    assert section.blocks[0] == Subsection("4.1", "Other")
    openings = [p.plain_text() for p in section.paragraphs]
    expected = ("In July 2024, the MSME Group held a virtual meeting with the private sector",
                "On 27 June 2024, the MSME Group announced",
                "On 1 October 2024, the MSME Group held the third annual meeting",
                "On 18 November 2024, the MSME Group held a joint event",
                "As Coordinator of the MSME Group",
                "During 2024, the MSME Group maintained the Trade4MSMEs website",
                "During 2024, the Coordinator issued two newsletters")
    assert len(openings) == len(expected)
    for text, opening in zip(openings, expected, strict=True):
        assert text.startswith(opening)
    award, lab = openings[1], openings[3]
    assert "WIPO" not in award.split("in partnership with", 1)[1].split(".", 2)[1]
    assert lab.count(":") == 2  # the title's own colon and the list of IP: no double colon
    _in_order(lab, "patented cotton", "copyrighted designs", "trademarks")


def test_speaking_engagements_one_sentence_each_in_staffs_order(sample_report: Report
                                                               ) -> None:
    engagements = _paragraphs(sample_report, 4)[4].plain_text()
    _in_order(engagements,
              "In April, the Coordinator spoke at the launch of Divasity's project",
              "In May, he spoke at the UNCTAD Global Supply Chain Forum in Barbados.",
              "On 27 June, the Coordinator spoke at the UN MSME Day event",
              "In September, he spoke at the UPU TradePost Forum on the sidelines of the WTO "
              "Public Forum.",
              "In November, the Coordinator spoke at the China International Supply Chain",
              "he judged the IOE&IT's International Trade Awards.",
              "In June, the Coordinator moderated the session on Promoting Inclusive Trade",
              "In September, he sponsored the WTO Public Forum session")
    assert not re.search(r"\. He\b", engagements)


def test_annex_notes_at_first_mention_then_the_network(sample_report: Report) -> None:
    notes = {n.number: n.plain_text() for n in sample_report.footnotes}
    assert notes[3] == ("Annex 1: Recommendation on the Collection and Maintenance of "
                        "MSME-related Information (INF/MSME/4/Rev.2)")
    assert notes[4] == "Annex 2: Declaration on Access to Information (INF/MSME/4/Rev.2)"
    assert notes[5].startswith("The Enhanced Integrated Framework (EIF)")
    first = _paragraphs(sample_report, 2)[1].content
    marker = first.index(NoteRef(3))
    before = first[marker - 1]
    assert isinstance(before, Text) and before.text.endswith("Annex 1")
    assert NoteRef(4) in first
    # The later mention in 2.4 has no second note.
    later = _paragraphs(sample_report, 2)[3]
    assert "Annex 1" in later.plain_text()
    assert not any(isinstance(r, NoteRef) for r in later.content)


# ---------------------------------------------------------------- made-up years


def _year_2027(services: Services) -> Report:
    """A 2027 without package entries: each role of engagement, an untitled annex named in a
    meeting, items that staff put out of date order, a publication between events."""
    services.group.save(GroupProfile(coordinators=(
        Coordinator("H.E. Mr Tom New", "Ambassador of Peru"),)))
    services.members.create(Member("Albania"))
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.annexes.create(Annex(1, "Recommendation on Information", "INF/MSME/4/Rev.2"))
    services.meetings.create(Meeting(date(2027, 3, 1), summary=(
        "Albania reported on its work under Annex 3 and then under Annex 1.")))
    roles = ("spoke", "moderated", "judged", "sponsored", "attended", "")
    for month, role in enumerate(roles, start=1):
        services.outreach.create(OutreachEvent(
            PartialDate(2027, month), f"Trade Forum {month}", kind="speaking-engagement",
            role=role, place="in Lima" if role == "spoke" else ""))
    services.outreach.create(OutreachEvent(PartialDate(2027, 9, 1), "Late award",
                                           kind="award", summary="Given.", position=1))
    services.outreach.create(OutreachEvent(PartialDate(2027, 2, 1), "Virtual meeting early",
                                           kind="private-sector-dialogue", summary="Held.",
                                           position=2))
    for day, kind, title in ((1, "joint-event", "Opening day at MC15"),
                             (1, "publication", "the compendium for MC15"),
                             (1, "joint-event", "Closing day at MC15")):
        services.outreach.create(OutreachEvent(PartialDate(2027, 11, day), title, kind=kind,
                                               summary="Done."))
    return build_report(services, 2027)


def test_a_year_without_package_entries_says_so(services: Services) -> None:
    report = _year_2027(services)
    package = [p.plain_text() for p in _paragraphs(report, 3)]
    assert package == ["No implementation of the December 2020 MSME Package "
                       "(INF/MSME/4/Rev.2) was recorded for 2027."]


def test_each_role_has_its_verb_and_no_run_of_he(services: Services) -> None:
    text = _paragraphs(_year_2027(services), 4)[2].plain_text()
    _in_order(text, "In January, the Coordinator spoke at the Trade Forum 1 in Lima.",
              "In February, he moderated the Trade Forum 2.",
              "In March, the Coordinator judged the Trade Forum 3.",
              "In April, he sponsored the Trade Forum 4.",
              "In May, the Coordinator attended the Trade Forum 5.",
              "In June, he took part in the Trade Forum 6.")
    assert not re.search(r"\. He\b", text)


def test_staffs_order_is_kept_in_section_4(services: Services) -> None:
    report = _year_2027(services)
    section = report.sections[3]
    assert section.blocks[0] == Subsection("4.1", "Other")
    first, second = (p.plain_text() for p in section.paragraphs[:2])
    assert first.startswith("On 1 September 2027, the MSME Group announced")
    assert second.startswith("On 1 February 2027, the MSME Group held")


def test_an_annex_without_a_title_gets_a_placeholder_note(services: Services) -> None:
    report = _year_2027(services)
    notes = [n.plain_text() for n in report.footnotes]
    assert "Annex 3: [title of Annex 3 not recorded] (INF/MSME/4/Rev.2)" in notes
    assert "Annex 1: Recommendation on Information (INF/MSME/4/Rev.2)" in notes
    assert notes.index("Annex 3: [title of Annex 3 not recorded] (INF/MSME/4/Rev.2)") < \
        notes.index("Annex 1: Recommendation on Information (INF/MSME/4/Rev.2)")
    assert "[title of Annex 3 not recorded]" in report.warnings


def test_a_publication_is_not_counted_as_an_event(services: Services) -> None:
    ministerial = _paragraphs(_year_2027(services), 1)[2].plain_text()
    _in_order(ministerial, 'held a joint event, "Opening day at MC15"',
              "The Group also issued the compendium for MC15.",
              'A second joint event, "Closing day at MC15", was held.')


def test_entry_without_summary_is_grammatical_in_number(services: Services) -> None:
    services.members.create(Member("Türkiye"))
    services.members.create(Member("Albania"))
    services.package.create(PackageEntry(5, 2027, ("Türkiye",)))
    services.package.create(PackageEntry(1, 2027, ("Türkiye", "Albania")))
    package = [p.plain_text() for p in _paragraphs(build_report(services, 2027), 3)]
    assert "Türkiye and Albania [what they did: not recorded]." in package
    assert "Türkiye [what it did: not recorded]." in package


def test_a_documents_about_follows_its_symbol(services: Services) -> None:
    services.group.save(GroupProfile(founders="every region"))
    services.documents.create(Document(
        "WT/MIN(26)/9", "Informal Working Group on MSMEs – Coordinator's Report to the 14th "
        "Ministerial Conference", kind="ministerial", about="summing up its work"))
    report = build_report(services, 2026)
    assert ("the MSME Group issued the Coordinator's Report (WT/MIN(26)/9), summing up its "
            "work.") in _paragraphs(report, 1)[2].plain_text()
    assert "WTO Members representing every region established" in \
        _paragraphs(report, 1)[0].plain_text()
