"""What every section of one report shares: the year's records, their lookups, the notes.

``Context`` holds the year's records (``YearRecords``) with the lookups sentences need
(Members by name, organizations by name and acronym) and what the draft has said so far:
its numbered notes, its warnings, the organizations already introduced. ``Runs`` collects
the inline content of one paragraph or note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

from msmedesk.domain import (
    Coordinator,
    GroupProfile,
    Meeting,
    Member,
    OutreachEvent,
    PartialDate,
    Proposal,
)
from msmedesk.report import wording
from msmedesk.report.gaps import ref_of
from msmedesk.report.model import (
    Block,
    Footnote,
    Inline,
    NoteRef,
    Paragraph,
    RecordRef,
    Text,
    TextStyle,
    YearRecords,
)

_ARTICLES = ("the ", "a ", "an ")


class Runs:
    """Collects the inline content of one paragraph or note, merging plain runs."""

    def __init__(self, warnings: list[str],
                 placed: Callable[[str], None] | None = None) -> None:
        self.parts: list[Inline] = []
        self._warnings = warnings
        # Told of every placeholder, so that the report knows which record each is about.
        self._placed = placed

    def add(self, text: str, style: TextStyle = "plain") -> Runs:
        """Append a run of generated text."""
        if not text:
            return self
        last = self.parts[-1] if self.parts else None
        if style == "plain" and isinstance(last, Text) and last.style == "plain":
            self.parts[-1] = Text(last.text + text)
        else:
            self.parts.append(Text(text, style))
        return self

    def extend(self, runs: Iterable[Text]) -> Runs:
        """Append styled runs."""
        for run in runs:
            if run.style == "placeholder":
                self.placeholder(run.text)
            else:
                self.add(run.text, run.style)
        return self

    def symbol(self, symbol: str) -> Runs:
        """Append a document symbol."""
        return self.add(symbol, "symbol")

    def user(self, text: str) -> Runs:
        """Append text staff wrote: literal, with symbols and ordinals styled."""
        return self.extend(wording.literal_runs(text))

    def placeholder(self, text: str) -> Runs:
        """Append a visible "[… not recorded]" gap and note it as a warning."""
        if text not in self._warnings:
            self._warnings.append(text)
        if self._placed is not None:
            self._placed(text)
        return self.add(text, "placeholder")

    def note(self, number: int) -> Runs:
        """Append the marker of note ``number``."""
        self.parts.append(NoteRef(number))
        return self

    def space(self) -> Runs:
        """Separate the next sentence from the last one."""
        if self.parts and not self.text().endswith(" "):
            self.add(" ")
        return self

    def text(self) -> str:
        """The text so far (markers left out)."""
        return "".join(p.text for p in self.parts if isinstance(p, Text))

    def texts(self) -> tuple[Text, ...]:
        """The runs as footnote content (notes have no markers)."""
        return tuple(p for p in self.parts if isinstance(p, Text))


@dataclass(frozen=True)
class OrgName:
    """An organization as sentences name it."""

    name: str
    acronym: str | None
    short_name: str | None = None  # the name the report uses after the first mention

    @property
    def short(self) -> str | None:
        """What later mentions use: the short name where recorded, else the acronym."""
        return self.short_name or self.acronym


class Context:
    """One draft of one year's report: its records, their lookups and the notes so far."""

    def __init__(self, records: YearRecords, reused: frozenset[str] | None = None) -> None:
        self.records = records
        self.year = records.year
        # Acronyms used more than once in the text (None: introduce every acronym).
        self.reused = reused
        self.introduced: set[str] = set()
        self.mentioned: set[str] = set()
        self.warnings: list[str] = []
        # Each placeholder with the record it is about (``about``), in document order.
        self.placed: list[tuple[str, RecordRef | None]] = []
        self._about: RecordRef | None = None
        self.notes: list[Footnote] = []
        self.profile: GroupProfile = records.profile or GroupProfile()
        self.short = self.profile.short_name or "MSME Group"
        self.orgs: dict[str, OrgName] = {}
        for organization in records.organizations:
            org = OrgName(organization.name, organization.acronym or None,
                          (organization.short_name or "").strip() or None)
            self.orgs.setdefault(org.name, org)
            if org.acronym:
                self.orgs[org.acronym] = org
        self.members: dict[str, Member] = {}
        for group in (records.members_before, records.joiners, records.members_at_end):
            for member in group:
                self.members[member.name] = member
        # The service's year range is by text; a record of another year never belongs.
        self.events: list[OutreachEvent] = [e for e in records.outreach
                                            if e.date.year == self.year]
        self.meetings: list[Meeting] = [m for m in records.meetings
                                        if m.date.year == self.year]
        self.proposals_by_symbol: dict[str, Proposal] = {p.symbol: p
                                                         for p in records.proposals}

    def open_ended_meetings(self) -> list[Meeting]:
        """The year's open-ended meetings, in the order they were read."""
        return [m for m in self.meetings if m.kind == "open-ended"]

    def runs(self) -> Runs:
        """A new run collector sharing the report's warnings."""
        return Runs(self.warnings, self._place)

    @contextmanager
    def about(self, record: object) -> Iterator[None]:
        """Placeholders made inside are about ``record`` (a record, or a record type for
        those of a whole list), for the year-end checklist."""
        outer, self._about = self._about, ref_of(record)
        try:
            yield
        finally:
            self._about = outer

    def _place(self, text: str) -> None:
        placed = (text, self._about)
        if placed not in self.placed:
            self.placed.append(placed)

    def add_note(self, content: Sequence[Text]) -> int:
        """A new note numbered after the ones so far (document order is build order)."""
        number = len(self.notes) + 1
        self.notes.append(Footnote(number, tuple(content)))
        return number

    def prose(self, name: str) -> str:
        """A Member's name as a sentence uses it ("the United States")."""
        member = self.members.get(name)
        return member.prose_label if member else name

    def org(self, label: str) -> str:
        """An organization in running text: spelled out on first mention, "(ACR)" added when
        the acronym is used again later; after that the acronym ("the ITC", "UNCTAD")."""
        org = self.orgs.get(label)
        if org is None:
            return label
        short = org.short
        if not short:
            self.mentioned.add(org.name)
            return the(org.name)
        if org.name in self.introduced:
            return the(short) if org.short_name else wording.acronym_in_text(short)
        self.mentioned.add(org.name)
        if self.reused is None or short in self.reused:
            self.introduced.add(org.name)
            return f"{the(org.name)} ({short})"
        return the(org.name)

    def party(self, label: str) -> str:
        """A proponent or partner that may be a Member or an organization."""
        if label in self.members:
            return self.prose(label)
        return self.org(label)

    def full_party(self, label: str) -> str:
        """A partner in a list note: always in full, "the Name (ACR)"."""
        org = self.orgs.get(label)
        if org is None:
            return self.party(label)
        self.mentioned.add(org.name)
        if org.short:
            self.introduced.add(org.name)
            return f"{the(org.name)} ({org.short})"
        return the(org.name)

    def named_in(self, label: str, text: str) -> bool:
        """Whether the text names the organization or Member, in full or by acronym."""
        org = self.orgs.get(label)
        forms = [label] if org is None else [org.name, *(f for f in (org.acronym, org.short_name)
                                                         if f)]
        return any(wording.acronym_pattern(form).search(text) for form in forms if form)

    def spelled_in(self, label: str, text: str) -> bool:
        """Whether the text spells the organization's name out."""
        org = self.orgs.get(label)
        return org is not None and org.name.lower() in text.lower()

    def serves(self, c: Coordinator) -> bool:
        """Whether the Coordinator served at some time during the year."""
        return ((c.start is None or c.start.year <= self.year)
                and (c.end is None or c.end.year >= self.year))


# ---------------------------------------------------------------- small pieces of wording


def the(name: str) -> str:
    """A name with "the" in front unless it has an article already."""
    return name if name.lower().startswith(_ARTICLES) else f"the {name}"


def without_article(name: str) -> str:
    """A prose name without its leading "the" ("the Republic of Korea" -> "Republic of Korea")."""
    return name[4:] if name.lower().startswith("the ") else name


def open_comma(text: str) -> bool:
    """Whether the text holds a comma outside brackets (an appositive: "Kate Kallot, CEO")."""
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            return True
    return False


def sort_date(value: PartialDate) -> tuple[int, int, int]:
    """Events dated only to the year come after the dated ones ("over the year")."""
    return (value.year, value.month or 13, value.day or 0)


def numbered(section: int, blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Number the paragraphs of a section through its subsections: "3.1.", "3.2.", …."""
    out: list[Block] = []
    n = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            n += 1
            out.append(Paragraph(f"{section}.{n}.", block.content))
        else:
            out.append(block)
    return tuple(out)
