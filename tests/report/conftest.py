"""Hand-made reports for the renderer tests (no database, no builder)."""

from __future__ import annotations

import os

# Before anything imports Qt: the PDF tests must run without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from msmedesk.report.model import (  # noqa: E402
    Footnote,
    NoteRef,
    Paragraph,
    Report,
    Section,
    Subsection,
    Text,
)

# User text that is markup in HTML, XML and Markdown; every format must show it as is.
MARKUP = 'Smith & Sons <b>bold</b> "quotes"'
PLACEHOLDER = "[summary of the meeting not recorded]"
MEMBERS = (
    "Members of the Informal Working Group on MSMEs are: Albania; Bahrain, Kingdom of; "
    "Hong Kong, China; Korea, Republic of; Türkiye and Viet Nam."
)


def _p(number: str, *parts: Text | NoteRef) -> Paragraph:
    return Paragraph(number, tuple(parts))


# Reports are frozen, so one instance can serve the whole session.
@pytest.fixture(scope="session")
def small_report() -> Report:
    """Three sections, a subsection, three notes (one on the title), a placeholder."""
    intro = Section(
        1,
        "Introduction",
        (
            _p(
                "1.1.",
                Text("On 13 December 2017, at the 11"),
                Text("th", "sup"),
                Text(" Ministerial Conference (MC11), 88 WTO Members established the Group ("),
                Text("WT/MIN(17)/58/Rev.1", "symbol"),
                Text(")."),
            ),
            _p(
                "1.2.",
                Text("Five new Members joined the MSME Group during 2024, bringing total "),
                Text("MSME Group membership to 103."),
                NoteRef(2),
            ),
        ),
    )
    meetings = Section(
        2,
        "Open-ended meetings held by the Informal Working Group on MSMEs during 2024",
        (
            _p(
                "2.1.",
                Text("The MSME Group held four open-ended meetings during 2024, on 19 March, "),
                Text("1 July, 18 October and 10 December."),
            ),
            _p(
                "2.2.",
                Text("On 19 March, a presentation by "),
                Text(MARKUP),
                Text(" was given, titled "),
                Text("Trade for All", "italic"),
                Text(". "),
                Text(PLACEHOLDER, "placeholder"),
                Text("."),
                NoteRef(3),
            ),
        ),
    )
    package = Section(
        3,
        "Implementation of the December 2020 MSME Package",
        (
            _p(
                "3.1.",
                Text("Members continued to implement the December 2020 MSME Package ("),
                Text("INF/MSME/4/Rev.2", "symbol"),
                Text(")."),
            ),
            Subsection("3.1", "Annex 1"),
            _p(
                "3.2.",
                Text("Canada, China and Paraguay included MSME information in their TPRs."),
            ),
        ),
    )
    notes = (
        Footnote(
            1,
            (
                Text("Previous Annual Reports include "),
                Text("JOB/GC/207", "symbol"),
                Text(" dated 3 December 2018 and "),
                Text("INF/MSME/R/42", "symbol"),
                Text(" dated 6 February 2024."),
            ),
        ),
        Footnote(2, (Text(MEMBERS),)),
        Footnote(3, (Text("Annex 1: Recommendation on Trade & Gender <i>data</i>."),)),
    )
    return Report(
        year=2024,
        title="Informal Working Group on MSMEs",
        subtitle="2024 Annual Report",
        sections=(intro, meetings, package),
        footnotes=notes,
        title_note=1,
    )


def _anchor(n: int) -> str:
    """The word just before the marker of note ``n`` in ``long_report``."""
    return f"ANCHOR{n}"


def _note_word(n: int) -> str:
    """A word found only in the text of note ``n`` of ``long_report``."""
    return f"NOTEBODY{n}"


@pytest.fixture(scope="session")
def long_report() -> Report:
    """A report of several pages with notes of varying length spread through it."""
    filler = (
        "Members discussed the participation of micro, small and medium-sized enterprises "
        "in international trade and the specific needs of developing economies. "
    )
    sections = []
    notes = []
    number = 0
    for s in range(1, 5):
        blocks: list[Paragraph | Subsection] = []
        for i in range(1, 7):
            if i == 4:
                blocks.append(Subsection(f"{s}.1", f"Annex {s}"))
            parts: list[Text | NoteRef] = [Text(filler * (2 + (i * s) % 5))]
            if i % 2 == 1:
                number += 1
                parts += [Text(f" The point was recorded as {_anchor(number)}."), NoteRef(number)]
                body = f"{_note_word(number)} " + "Further detail on the source. " * (
                    1 + 7 * (number % 3)
                )
                notes.append(Footnote(number, (Text(body.strip()),)))
            parts.append(Text(" " + filler))
            blocks.append(Paragraph(f"{s}.{i}.", tuple(parts)))
        sections.append(Section(s, f"Section number {s}", tuple(blocks)))
    return Report(
        year=2024,
        title="Informal Working Group on MSMEs",
        subtitle="2024 Annual Report",
        sections=tuple(sections),
        footnotes=tuple(notes),
        symbol="INF/MSME/R/46",
        date="6 February 2025",
    )
