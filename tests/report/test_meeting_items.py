"""Section 2: a meeting's items in the order staff gave them, the presentation that opened
it, narratives before a presentation and after the items, a proposal's subject and the
prose of an MSME Spotlight."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from msmedesk.domain import Meeting, Presentation, Spotlight
from msmedesk.records import Services
from msmedesk.report.build import build_report
from msmedesk.report.model import Report


def _meeting_text(report: Report, nth: int) -> str:
    """The paragraph of the year's ``nth`` open-ended meeting (1 = the first)."""
    return report.sections[1].paragraphs[nth].plain_text()


def _in_order(text: str, *parts: str) -> None:
    """Each part is in the text, after the one before it."""
    missing = [p for p in parts if p not in text]
    assert not missing, (missing, text)
    at = [text.index(p) for p in parts]
    assert at == sorted(at), list(zip(parts, at, strict=True))


@pytest.fixture
def draft_2024(sample_services: Services) -> Report:
    """The 2024 draft of the shipped sample."""
    return build_report(sample_services, 2024)


def test_march_items_in_the_reference_order(draft_2024: Report) -> None:
    """2.2: the presentations, the spotlight, the panel, then the observers and the Package."""
    march = _meeting_text(draft_2024, 1)
    _in_order(march, "The Group received presentations from the United Nations Trade",
              "The MSME Spotlight featured EziDrops", "Kate Kallot",
              "regular observers", "Chinese Taipei", "INF/MSME/R/43")


def test_july_proposals_before_the_thematic_session(draft_2024: Report) -> None:
    """2.3: implementation updates, the five proposals with their subjects, the thematic
    session and its presentations, the spotlight, the video, then Divasity."""
    july = _meeting_text(draft_2024, 2)
    _in_order(july, "Canada", "1) the United States proposal (INF/MSME/W/51) to make the "
              "trade information", "(INF/MSME/W/55) on MSMEs and regional trade agreements",
              "thematic session", "Lazzat Daniyarova", "Pamela Ugaz", "Marlynne Hopper",
              "The MSME Spotlight featured La Mandala", "short video", "Divasity")


def test_october_opens_with_platonov(draft_2024: Report) -> None:
    """2.4: Platonov's presentation of W/58, with its purpose, comes first; then the
    narrative, the spotlight, the thematic session, and what was shared after the meeting."""
    october = _meeting_text(draft_2024, 3)
    first = october.split("(INF/MSME/CN/27). ", 1)[1]
    assert first.startswith("The meeting opened with a presentation by H.E. Mr Nikolai "
                            "Platonov (Russian Federation) on a joint proposal")
    assert "with which the meeting had opened" not in october
    _in_order(october, "(INF/MSME/W/58-INF/TGE/COM/11) to gather in one compendium",
              "China reported", "The MSME Spotlight featured ANEP", "thematic session",
              "Crispin Waymouth", "(GPA/CD/6)", "after the meeting", "INF/MSME/R/45")


def test_december_comments_after_the_digitalisation_presentations(draft_2024: Report) -> None:
    """2.5: Members' comments follow the trade digitalization presentations; the decisions
    close the meeting's paragraph."""
    december = _meeting_text(draft_2024, 4)
    _in_order(december, "China Council", "The United Kingdom presented", "Pakistan",
              "Georgia", "In their comments on the trade digitalization presentations",
              "Lucian Cernat", "Spicy Girls Kitchen", "Switzerland presented",
              "Vanessa Erogbogbo", "circular economy", "INF/MSME/R/46")


def test_no_colon_and_semicolon_chain_in_spotlights(draft_2024: Report) -> None:
    """No spotlight sentence chains a colon and a semicolon, and none starts in lower case."""
    section = " ".join(p.plain_text() for p in draft_2024.sections[1].paragraphs)
    for spot in section.split("The MSME Spotlight featured ")[1:]:
        sentence = spot.split(". ", 1)[0]
        assert ":" not in sentence and ";" not in sentence, sentence
    assert "(IOE&IT): " not in section and ". a " not in section


def _made_up(services: Services) -> Report:
    """A 2025 meeting of made-up items, numbered out of their list's order."""
    services.meetings.create(Meeting(
        date=date(2025, 3, 4), convening_notice="INF/MSME/CN/41",
        summary_document="INF/MSME/R/51", summary="Members met.", proposals=("INF/MSME/W/53",),
        presentations=(
            Presentation(speaker="Jo Doe", organization="ITC", topic="tariffs", order=3),
            Presentation(member="Pakistan", topic="its SME portal", order=1,
                         lead_in="A thematic session on portals began."),
            Presentation(member="Albania", topic="a proposal (INF/MSME/W/53)", opening="yes"),
        ),
        spotlights=(
            Spotlight("Jam & Co", "Mia Roe", "Nepal", "ITC", "a micro jam maker.", order=2),
            Spotlight("Tea Ltd", description="it sells tea to Europe."),
            Spotlight("Fig Inc", description="A fig grower. It exports to Asia."),
        ),
        closing="Members agreed to meet again.", closing_order=4))
    w53 = next(p for p in services.proposals.all() if p.symbol == "INF/MSME/W/53")
    services.proposals.update(replace(w53, subject="on cheap parcels"))
    return build_report(services, 2025)


def test_made_up_meeting_items_numbered_and_described(sample_services: Services) -> None:
    """Opening first; numbered items by their numbers; the rest after; a noun-phrase
    description as an apposition, a sentence capitalized, never ". a"."""
    text = _meeting_text(_made_up(sample_services), 1)
    _in_order(text, "The meeting opened with a presentation by Albania on a proposal "
              "(INF/MSME/W/53) on cheap parcels.", "Members met.",
              "A thematic session on portals began. Pakistan presented its SME portal.",
              "The MSME Spotlight featured Jam & Co (Mia Roe, Nepal), a micro jam maker, "
              "introduced by the International Trade Centre (ITC).",
              "Jo Doe of the ITC presented on tariffs.", "Members agreed to meet again.",
              "The MSME Spotlight featured Tea Ltd. It sells tea to Europe.",
              "The MSME Spotlight featured Fig Inc, a fig grower. It exports to Asia.")
    assert ". a " not in text and "maker.," not in text


def test_unnumbered_meeting_reads_in_the_usual_order(sample_services: Services) -> None:
    """Without numbers: narrative, presentations, spotlights, proposals, closing narrative."""
    sample_services.meetings.create(Meeting(
        date=date(2025, 5, 6), summary="Members met.", proposals=("INF/MSME/W/54",),
        presentations=(Presentation(member="Pakistan", topic="its portal"),),
        spotlights=(Spotlight("Jam & Co", description="A jam maker."),),
        closing="They will meet again."))
    text = _meeting_text(build_report(sample_services, 2025), 1)
    _in_order(text, "Members met.", "Pakistan presented its portal.", "Jam & Co, a jam maker.",
              "(INF/MSME/W/54)", "They will meet again.")
