"""The Group's records as plain frozen dataclasses, shared by services, UI and report.

Nothing here knows about SQLAlchemy or Qt: services hand these out and take them in.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

MEETING_KINDS = ("open-ended", "private-sector", "thematic", "other")
DOCUMENT_KINDS = (
    "convening-notice", "summary-report", "annual-report", "working-document", "ministerial",
    "other",
)  # fmt: skip
PROPOSAL_STATUSES = ("submitted", "under-discussion", "adopted", "concluded", "withdrawn")
OUTREACH_KINDS = (
    "award", "network-meeting", "joint-event", "speaking-engagement", "newsletter",
    "private-sector-dialogue", "website", "publication", "other",
)  # fmt: skip
# The Coordinator's part in a speaking engagement ("" where it is not said).
OUTREACH_ROLES = ("", "spoke", "moderated", "judged", "sponsored", "attended")
ANNEXES = (1, 2, 3, 4, 5, 6)
CONTACT_ROLES = ("delegate", "focal-point", "speaker", "other")

# [0-9], not \d: \d also matches other scripts' digits ("２０２４"), which are not ISO dates.
_PARTIAL_RE = re.compile(r"^([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?$")


@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day ("2024", "2024-06", "2024-06-27").

    Ordered as their ISO texts are (and as the data file's CHECK constraints compare them):
    a less precise date comes before a more precise one of the same year or month, so
    "2024" < "2024-06" < "2024-06-01".
    """

    year: int
    month: int | None = None
    day: int | None = None

    def _key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def __le__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() <= other._key()

    def __gt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() > other._key()

    def __ge__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() >= other._key()

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse ISO text; raise ValueError with a plain message when it is not a date."""
        match = _PARTIAL_RE.match(text.strip()) if isinstance(text, str) else None
        if not match:
            raise ValueError(f'"{text}" is not a date (write 2024, 2024-06 or 2024-06-27)')
        year, month, day = (int(g) if g else None for g in match.groups())
        assert year is not None
        if year < 1900 or year > 2200:
            raise ValueError(f'"{text}" has a year outside 1900 to 2200')
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f'"{text}" has no month {month}')
        if day is not None:
            assert month is not None
            last = calendar.monthrange(year, month)[1]
            if not 1 <= day <= last:
                raise ValueError(f'"{text}" is not a real date: {MONTHS[month - 1]} {year} has '
                                 f"{last} days")
        return cls(year, month, day)

    @classmethod
    def from_date(cls, value: date) -> PartialDate:
        """The full partial date of a calendar date."""
        return cls(value.year, value.month, value.day)

    def iso(self) -> str:
        """The ISO text: "2024", "2024-06" or "2024-06-27"."""
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def is_full(self) -> bool:
        """Whether the day is known."""
        return self.day is not None

    def to_date(self) -> date:
        """The calendar date; only for full dates."""
        if self.month is None or self.day is None:
            raise ValueError(f"{self.iso()} is not a full date")
        return date(self.year, self.month, self.day)

    def long(self, with_year: bool = True) -> str:
        """WTO style: "19 March 2024", "March 2024", "2024" (year optional for full dates)."""
        if self.month is None:
            return str(self.year)
        month = MONTHS[self.month - 1]
        if self.day is None:
            return f"{month} {self.year}"
        return f"{self.day} {month} {self.year}" if with_year else f"{self.day} {month}"

    def __str__(self) -> str:
        return self.iso()


def long_date(value: date, with_year: bool = True) -> str:
    """A calendar date in WTO style: "19 March 2024" or "19 March"."""
    return PartialDate.from_date(value).long(with_year)


# A WTO document symbol, per shared/wto-conventions.md:
#   cited   := symbol ( "-" symbol )*
#   symbol  := head ( "/" segment )+ ( "/" status )*
#   head    := LETTERS ( "(" DIGITS ")" )?
#   segment := LETTERS ( "(" DIGITS ")" )? | LETTERS DIGITS | DIGITS
#   status  := ( "Rev." | "Add." | "Corr." | "Suppl." ) DIGITS
# DIGITS are ASCII digits: [0-9], since \d would also take "５１" or "٥١".
_HEAD = r"[A-Z]+(?:\([0-9]+\))?"
_SEGMENT = r"(?:[A-Z]+(?:\([0-9]+\))?|[A-Z]+[0-9]+|[0-9]+)"
_STATUS = r"(?:Rev|Add|Corr|Suppl)\.[0-9]+"
_ONE = rf"{_HEAD}(?:/{_SEGMENT})+(?:/{_STATUS})*"
_SYMBOL_RE = re.compile(rf"^{_ONE}(?:-{_ONE})*$")
# The longest symbol accepted: real ones, joint symbols included, stay under 60 characters.
# The one limit of a symbol's length (validation, the archive and the forms all parse
# through DocumentSymbol), checked before the pattern reads the text.
MAX_SYMBOL = 200


@dataclass(frozen=True)
class DocumentSymbol:
    """A WTO document symbol such as INF/MSME/W/51 or INF/MSME/W/58-INF/TGE/COM/11."""

    text: str

    @classmethod
    def parse(cls, text: str) -> DocumentSymbol:
        """Check and normalise a symbol; raise ValueError with a plain message if it is not one."""
        if not isinstance(text, str):
            raise ValueError("is not text")
        # Text pasted from the WTO site sometimes carries a stray leading underscore.
        cleaned = text.strip().lstrip("_")
        if len(cleaned) > MAX_SYMBOL:
            raise ValueError(f"is too long for a document symbol ({len(cleaned):,} characters; "
                             f"at most {MAX_SYMBOL})")
        if not _SYMBOL_RE.match(cleaned):
            raise ValueError(f'"{text}" is not a WTO document symbol')
        return cls(cleaned)

    @staticmethod
    def is_valid(text: str) -> bool:
        """Whether the text parses as a symbol."""
        try:
            DocumentSymbol.parse(text)
        except ValueError:
            return False
        return True

    def parts(self) -> tuple[str, ...]:
        """The symbols of a joint document (one for an ordinary one)."""
        return tuple(self._split())

    def _split(self) -> list[str]:
        # "-" separates joint symbols; it never occurs inside a single symbol.
        return self.text.split("-")

    def __str__(self) -> str:
        return self.text


def sort_key(text: str) -> str:
    """Compare names without regard to case or accents ("Côte" sorts as "cote")."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold()


@dataclass(frozen=True)
class Coordinator:
    """A Coordinator of the Group over a span of time (``end`` None while serving)."""

    name: str
    title: str = ""
    start: PartialDate | None = None
    end: PartialDate | None = None


@dataclass(frozen=True)
class GroupProfile:
    """The Group's own profile, which the report's introduction draws on."""

    name: str = "Informal Working Group on MSMEs"
    short_name: str = "MSME Group"
    established: date | None = None
    established_by: str | None = None
    established_at: str = ""
    founding_members: int | None = None
    coordinators: tuple[Coordinator, ...] = ()
    founders: str = ""  # who the founding Members were ("all major regions and levels ...")


@dataclass(frozen=True)
class Member:
    """An entry of the Group's membership (the EU entry counts as 28 Members)."""

    name: str
    list_name: str = ""
    sort_name: str = ""
    prose_name: str = ""
    counts_as: int = 1
    joined: PartialDate | None = None
    left: PartialDate | None = None
    notes: str = ""
    id: int | None = None

    @property
    def list_label(self) -> str:
        """How the entry reads in the membership footnote."""
        return self.list_name or self.name

    @property
    def sort_label(self) -> str:
        """The key text that orders the membership footnote."""
        return self.sort_name or self.name

    @property
    def prose_label(self) -> str:
        """The form used inside a sentence, with its article."""
        return self.prose_name or self.name


@dataclass(frozen=True)
class Organization:
    """An international organization or other body the Group works with."""

    name: str
    acronym: str | None = None
    network_member_since: PartialDate | None = None
    id: int | None = None
    short_name: str | None = None  # the name the report uses, where it is not the acronym

    @property
    def label(self) -> str:
        """The short form used in lists: the acronym where there is one."""
        return self.acronym or self.name


@dataclass(frozen=True)
class Document:
    """A WTO document known by its symbol."""

    symbol: str
    title: str = ""
    date: date | None = None
    kind: str = "other"
    url: str | None = None
    id: int | None = None
    about: str = ""  # what the document covers, as the report says it ("summarizing ...")


@dataclass(frozen=True)
class ContactRef:
    """A contact as other records name it: by name, and the Member or organization it is of."""

    name: str
    of: str  # a Member's name, or an organization's acronym (or name)


@dataclass(frozen=True)
class Contact:
    """A person the office deals with: a Member's delegate or focal point, a speaker ...

    The presentations a contact gave are not kept here: presentations name their contact.
    """

    name: str
    of: str  # a Member's name, or an organization's acronym (or name)
    title: str = ""  # the person's title or function
    email: str = ""
    phone: str = ""
    role: str = "other"
    notes: str = ""
    id: int | None = None

    @property
    def ref(self) -> ContactRef:
        """How a presentation names this contact."""
        return ContactRef(self.name, self.of)


@dataclass(frozen=True)
class Presentation:
    """A presentation or briefing at a meeting."""

    speaker: str = ""
    organization: str | None = None  # an organization's acronym (or name)
    topic: str = ""
    member: str | None = None  # a presenting Member, by name
    contact: ContactRef | None = None  # the recorded contact who spoke, if any
    # Where the report tells it among the meeting's items (None: in the usual order).
    order: int | None = None
    opening: str = ""  # "yes": the meeting opened with it, and the report tells it first
    lead_in: str = ""  # staff's sentences told just before it ("A thematic session was held …")


@dataclass(frozen=True)
class Spotlight:
    """An "MSME Spotlight": a small business telling the Group its export story."""

    business: str
    person: str = ""
    country: str = ""
    introduced_by: str = ""
    description: str = ""
    order: int | None = None  # where the report tells it among the meeting's items


@dataclass(frozen=True)
class Meeting:
    """A meeting of the Group on one day, with what was presented there."""

    date: date
    kind: str = "open-ended"
    convening_notice: str | None = None
    summary_document: str | None = None
    summary: str = ""
    presentations: tuple[Presentation, ...] = ()
    spotlights: tuple[Spotlight, ...] = ()
    # Symbols of the proposals discussed at this meeting (the other side of
    # Proposal.discussed_at), kept here so a deleted meeting can come back whole.
    proposals: tuple[str, ...] = ()
    proposals_order: int | None = None  # where the proposals discussed are told among the items
    closing: str = ""  # staff's narrative told after the presentations
    closing_order: int | None = None  # where that narrative is told (None: after every item)
    id: int | None = None


@dataclass(frozen=True)
class Proposal:
    """A proposal (working document) for the Group's future work."""

    symbol: str
    title: str = ""
    proponents: tuple[str, ...] = ()  # member names, or organization acronyms/names
    submitted: PartialDate | None = None
    status: str = "submitted"
    discussed_at: tuple[date, ...] = ()
    summary: str = ""
    # What it is for, as the report says it after the symbol: "to bridge the gap between …".
    subject: str = ""
    id: int | None = None


@dataclass(frozen=True)
class OutreachEvent:
    """An outreach activity: an award, a network meeting, a speech, a newsletter ..."""

    date: PartialDate
    title: str
    end_date: PartialDate | None = None
    kind: str = "other"
    partners: tuple[str, ...] = ()  # organization acronyms (or names)
    summary: str = ""
    id: int | None = None
    role: str = ""  # the Coordinator's part in a speaking engagement (OUTREACH_ROLES)
    position: int | None = None  # staff's order within section 4 (None: by date)
    place: str = ""  # where, as a sentence says it ("in Barbados")


@dataclass(frozen=True)
class Annex:
    """An annex of the December 2020 MSME Package: its number, title and document."""

    number: int
    title: str = ""
    symbol: str | None = None
    id: int | None = None


@dataclass(frozen=True)
class PackageEntry:
    """How Members implemented one annex of the December 2020 MSME Package in a year."""

    annex: int
    year: int
    members: tuple[str, ...] = ()
    summary: str = ""
    id: int | None = None


@dataclass(frozen=True)
class MembershipYear:
    """Membership at the end of a year and who joined during it."""

    year: int
    total: int
    joiners: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------- what views ask for


class NotFound(LookupError):
    """The record asked for is not (or no longer) in the data file."""


@dataclass(frozen=True)
class ListQuery:
    """What a view asks for: filter text, year, sort column, and a page."""

    text: str = ""
    year: int | None = None
    sort: str | None = None
    descending: bool = False
    offset: int = 0
    limit: int = 200
    # How many records the filter matches, when the asker has just counted them (a view
    # has): a search with few matches is then read in one pass over the table rather than
    # along the sort column's index (RecordService.list_statement). It never changes the rows.
    matches: int | None = None
    whole: bool = False  # texts whole, not shortened for the screen (a list exported)


@dataclass(frozen=True)
class Row:
    """One line of a view: the record's id and its column values, in column order."""

    id: int
    values: tuple[Any, ...]


@dataclass(frozen=True)
class LinkGroup:
    """A titled list of linked records for a detail panel ("Proposals", "Package entries")."""

    title: str
    items: tuple[str, ...]
    # How many records link in all, when ``items`` shows only the first of them.
    total: int | None = None

    @property
    def count(self) -> int:
        """How many records link in all (``items`` may hold fewer)."""
        return len(self.items) if self.total is None else self.total


@dataclass(frozen=True)
class FoundRecord:
    """One record Find anywhere found: its type, its id and words to recognise it by."""

    kind: str  # the registry type's key ("meetings")
    record_id: int
    label: str  # "18 October 2024, INF/MSME/CN/27"


@dataclass(frozen=True)
class FoundGroup:
    """The records of one type that a search found: the first of them and how many in all."""

    kind: str
    noun_plural: str  # "meetings"
    total: int
    hits: tuple[FoundRecord, ...]


@dataclass(frozen=True)
class FindResults:
    """What Find anywhere found, by type in the order of the window's tabs (types with
    hits only)."""

    groups: tuple[FoundGroup, ...] = ()

    @property
    def total(self) -> int:
        """How many records were found in all."""
        return sum(g.total for g in self.groups)
