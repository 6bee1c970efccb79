"""The draft annual report as plain data: what it reads, and what it says.

``YearRecords`` is everything one year's report draws on, read from the data file at once
(``msmedesk.records.year_records``). The builder (``msmedesk.report.build``) turns it into
a ``Report`` of sections, numbered paragraphs and footnotes; each renderer (docx,
pdf/print, html, markdown) only reads that and never touches the database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from msmedesk.domain import (
    Annex,
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    Proposal,
)


@dataclass(frozen=True)
class YearRecords:
    """The records one year's report draws on, read in one session of the data file."""

    year: int
    profile: GroupProfile | None  # None while no profile is recorded
    organizations: tuple[Organization, ...]  # all of them: names and acronyms, by name
    members_before: tuple[Member, ...]  # in the Group at the end of the year before
    joiners: tuple[Member, ...]  # joined during the year
    members_at_end: tuple[Member, ...]  # in the Group at the end of the year
    membership_total: int  # the Members those at the end count as (the EU as 28)
    annual_reports: tuple[Document, ...]  # dated up to the year's end, oldest first
    establishing_document: Document | None  # the profile's ``established_by``, if recorded
    ministerial_documents: tuple[Document, ...]  # of every year, oldest first
    meetings: tuple[Meeting, ...]  # the year's meetings of every kind, in date order
    outreach: tuple[OutreachEvent, ...]  # the year's events, in date order
    package_entries: tuple[PackageEntry, ...]  # the year's entries, by annex
    proposals: tuple[Proposal, ...]  # those the year's meetings discussed, by symbol
    annexes: tuple[Annex, ...] = ()  # the Package's annexes, by number
    # Proposals submitted in the year that no meeting discussed (the year-end checklist's).
    undiscussed: tuple[Proposal, ...] = ()


TextStyle = Literal["plain", "sup", "symbol", "placeholder", "italic"]


@dataclass(frozen=True)
class Text:
    """A run of literal text; user text is never markup in any renderer."""

    text: str
    # plain: ordinary text; sup: superscript ("th" in "11th"); symbol: a WTO document
    # symbol; placeholder: a visible "[... not recorded]" gap staff must fill; italic.
    style: TextStyle = "plain"


@dataclass(frozen=True)
class NoteRef:
    """The marker of footnote ``number`` at this point of the text."""

    number: int


Inline = Text | NoteRef


@dataclass(frozen=True)
class Paragraph:
    """A numbered paragraph such as "2.1." with its inline content."""

    number: str
    content: tuple[Inline, ...]

    def plain_text(self) -> str:
        """The paragraph's text without markers, for tests and search."""
        return "".join(part.text for part in self.content if isinstance(part, Text))


@dataclass(frozen=True)
class Subsection:
    """A numbered sub-heading inside a section, as "3.1 Annex 1"."""

    number: str
    title: str


Block = Paragraph | Subsection


@dataclass(frozen=True)
class Section:
    """A numbered top-level section ("2", "Open-ended meetings ...") and its blocks."""

    number: int
    title: str
    blocks: tuple[Block, ...]

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Only the numbered paragraphs of the section."""
        return tuple(b for b in self.blocks if isinstance(b, Paragraph))


@dataclass(frozen=True)
class Footnote:
    """Footnote ``number`` (numbered through the document) and its text."""

    number: int
    content: tuple[Text, ...]

    def plain_text(self) -> str:
        """The footnote's text as one string."""
        return "".join(part.text for part in self.content)


@dataclass(frozen=True)
class RecordRef:
    """The record a gap comes from: its registry key, its id and how staff know it.

    ``record_id`` is None for a gap of a whole list ("no meetings recorded": key
    "meetings") or of the Group's profile (key "group", a single record).
    """

    key: str  # the registry key: "meetings", "package", "group"
    record_id: int | None
    label: str  # "Open-ended meeting of 18 October 2024"


@dataclass(frozen=True)
class Gap:
    """Something the draft lacks, in plain words, with the record staff fill it in."""

    what: str  # "summary document not recorded"
    placeholder: str | None  # the bracketed text the draft shows, if it shows one
    record: RecordRef | None  # None for the header's symbol and date

    def line(self) -> str:
        """One line of the checklist: "Meeting of 18 October 2024: summary document …"."""
        return f"{self.record.label}: {self.what}" if self.record else self.what


@dataclass(frozen=True)
class Report:
    """A whole draft annual report for one year."""

    year: int
    title: str  # "Informal Working Group on MSMEs"
    subtitle: str  # "2024 Annual Report"
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]
    # The footnote attached to the title (the list of previous annual reports), if any.
    title_note: int | None = None
    # The document's own symbol and date are assigned by the Secretariat later; the
    # renderers print a placeholder in the header while they are unknown.
    symbol: str | None = None
    date: str | None = None
    warnings: tuple[str, ...] = field(default=())
    # The gaps that come from the records (msmedesk.report.gaps); ``gaps`` adds the header's.
    record_gaps: tuple[Gap, ...] = field(default=())

    @property
    def gaps(self) -> tuple[Gap, ...]:
        """Every gap of the draft, the header's symbol and date first when not given."""
        shown = {g.placeholder for g in self.record_gaps}
        header = [Gap(what, text, None) for value, what, text in (
            (self.symbol, "Document symbol of the report not given", SYMBOL_PLACEHOLDER),
            (self.date, "Date of the report not given", DATE_PLACEHOLDER))
            if not value and text not in shown]
        return (*header, *self.record_gaps)

    def footnote(self, number: int) -> Footnote:
        """The footnote with the given number."""
        for note in self.footnotes:
            if note.number == number:
                return note
        raise KeyError(number)


# --- Helpers shared by the renderers -------------------------------------------------

# Shown in the header while the Secretariat has not yet assigned the symbol or date.
SYMBOL_PLACEHOLDER = "[INF/MSME/R/…]"
DATE_PLACEHOLDER = "[date]"

# A plural acronym ("MSMEs") keeps its lower-case "s" in capitals, as in the Group's
# own reports: "INFORMAL WORKING GROUP ON MSMEs".
_PLURAL_ACRONYM = re.compile(r"[A-Z]{2,}s")
_WORD = re.compile(r"[^\W\d_]+")


def heading_case(text: str) -> str:
    """The text in capitals as WTO titles and section headings print it."""
    return _WORD.sub(
        lambda m: m.group() if _PLURAL_ACRONYM.fullmatch(m.group()) else m.group().upper(),
        text,
    )
