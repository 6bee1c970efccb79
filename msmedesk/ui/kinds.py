"""What each record type adds to the generic tab: column labels, formats, and its details.

The machinery (table model, tab, undo) is the same for every type; a type contributes a
``RecordKind``: how its columns are headed and shown, how a record is named in a question
("Delete the open-ended meeting of 19 March 2024?") and what its detail panel lists.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from msmedesk.domain import (
    Document,
    LinkGroup,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Proposal,
    long_date,
)

# Stored kinds and statuses as staff say them.
WORDS = {
    "open-ended": "Open-ended", "private-sector": "Private sector", "thematic": "Thematic session",
    "convening-notice": "Convening notice", "summary-report": "Summary report",
    "annual-report": "Annual report", "working-document": "Working document",
    "ministerial": "Ministerial", "submitted": "Submitted", "under-discussion": "Under discussion",
    "adopted": "Adopted", "concluded": "Concluded", "withdrawn": "Withdrawn", "award": "Award",
    "network-meeting": "Trade4MSMEs Network meeting", "joint-event": "Joint event",
    "speaking-engagement": "Speaking engagement", "newsletter": "Newsletter",
    "private-sector-dialogue": "Private-sector dialogue", "website": "Website", "other": "Other",
}  # fmt: skip


def word(value: str | None) -> str:
    """A stored kind or status in plain words ("under-discussion" -> "Under discussion")."""
    if not value:
        return ""
    return WORDS.get(value, value.replace("-", " ").capitalize())


def show(value: Any) -> str:
    """A column value as text: dates in WTO style ("19 March 2024"), None as blank."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.long()
    if isinstance(value, date):
        return long_date(value)
    return str(value)


@dataclass(frozen=True)
class Column:
    """How one service column is headed and shown."""

    key: str
    label: str
    width: int = 140  # initial width in pixels (a list's last column takes the rest)
    words: bool = False  # a stored kind/status, shown as plain words
    numeric: bool = False

    def text(self, value: Any) -> str:
        """The cell text of a value."""
        return word(value) if self.words else show(value)


@dataclass(frozen=True)
class Detail:
    """What the detail panel shows of one record."""

    heading: str
    facts: Sequence[tuple[str, str]] = ()
    groups: Sequence[LinkGroup] = ()
    text: str = ""  # the narrative staff wrote


@dataclass(frozen=True)
class RecordKind:
    """One record type as the window shows it.

    ``name`` is both the attribute of the services object and the form kind.
    """

    name: str
    title: str
    noun: str
    plural: str
    columns: tuple[Column, ...]
    describe: Callable[[Any], str]
    detail: Callable[[Any, Sequence[LinkGroup]], Detail]
    newest_first: bool = False
    has_links: bool = False
    search_hint: str = ""
    column_by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_key", {c.key: c for c in self.columns})

    def column(self, key: str) -> Column:
        """The column spec for a service column key (a plain heading for unknown keys)."""
        return self.column_by_key.get(key) or Column(key, key.replace("_", " ").capitalize())


def _pd(value: PartialDate | None) -> str:
    return value.long() if value else ""


def _items(title: str, items: Sequence[str]) -> LinkGroup:
    return LinkGroup(title, tuple(items))


# ---------------------------------------------------------------- per type


MEETING_NOUNS = {"open-ended": "open-ended meeting", "private-sector": "private-sector meeting",
                 "thematic": "thematic session"}


def _meeting_name(m: Meeting) -> str:
    return f"{MEETING_NOUNS.get(m.kind, 'meeting')} of {long_date(m.date)}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _meeting_detail(m: Meeting, _links: Sequence[LinkGroup]) -> Detail:
    talks = []
    for p in m.presentations:
        who = ", ".join(x for x in (p.speaker, p.organization or "", p.member or "") if x)
        talks.append(" – ".join(x for x in (who, p.topic) if x) or "(no details recorded)")
    spots = [" – ".join(x for x in (s.business, ", ".join(y for y in (s.person, s.country) if y),
                                    f"introduced by {s.introduced_by}" if s.introduced_by else "")
                        if x) for s in m.spotlights]
    return Detail(
        heading=_upper_first(_meeting_name(m)),
        facts=(("Convening notice", m.convening_notice or "not recorded"),
               ("Summary document", m.summary_document or "not recorded")),
        groups=(_items("Presentations", talks), _items("MSME Spotlights", spots),
                _items("Proposals discussed", m.proposals)),
        text=m.summary)


def _member_detail(m: Member, links: Sequence[LinkGroup]) -> Detail:
    facts = [("In the membership list as", m.list_label), ("Sorted as", m.sort_label),
             ("In a sentence", m.prose_label), ("Counts as", f"{m.counts_as} Member"
                                                + ("s" if m.counts_as != 1 else "")),
             ("Joined", _pd(m.joined) or "before the records begin")]
    if m.left:
        facts.append(("Left", _pd(m.left)))
    return Detail(heading=m.name, facts=facts, groups=links, text=m.notes)


def _proposal_detail(p: Proposal, _links: Sequence[LinkGroup]) -> Detail:
    return Detail(
        heading=p.symbol,
        facts=(("Title", p.title), ("Submitted", _pd(p.submitted) or "not recorded"),
               ("Status", word(p.status))),
        groups=(_items("Proponents", p.proponents),
                _items("Discussed at the meetings of", [long_date(d) for d in p.discussed_at])),
        text=p.summary)


def _outreach_detail(e: OutreachEvent, _links: Sequence[LinkGroup]) -> Detail:
    when = e.date.long() + (f" to {e.end_date.long()}" if e.end_date else "")
    return Detail(heading=e.title, facts=(("Date", when), ("Kind", word(e.kind))),
                  groups=(_items("Partners", e.partners),), text=e.summary)


def _package_detail(p: PackageEntry, _links: Sequence[LinkGroup]) -> Detail:
    return Detail(heading=f"Annex {p.annex}, {p.year}",
                  groups=(_items("Members", p.members),), text=p.summary)


def _organization_detail(o: Organization, links: Sequence[LinkGroup]) -> Detail:
    since = _pd(o.network_member_since)
    return Detail(heading=o.name,
                  facts=(("Acronym", o.acronym or "none"),
                         ("Trade4MSMEs Network", f"member since {since}" if since
                          else "not a member")),
                  groups=links)


def _document_detail(d: Document, _links: Sequence[LinkGroup]) -> Detail:
    facts = [("Title", d.title or "not recorded"),
             ("Date", long_date(d.date) if d.date else "not recorded"), ("Kind", word(d.kind))]
    if d.url:
        facts.append(("Address", d.url))
    return Detail(heading=d.symbol, facts=facts)


MEETINGS = RecordKind(
    name="meetings", title="Meetings", noun="meeting", plural="meetings",
    columns=(Column("date", "Date", 130), Column("kind", "Kind", 130, words=True),
             Column("convening_notice", "Convening notice", 165),
             Column("summary_document", "Summary document", 145),
             Column("summary", "Summary", 300)),
    describe=lambda m: f"the {_meeting_name(m)}",
    detail=_meeting_detail, newest_first=True,
    search_hint="date, kind, document symbol or summary")

MEMBERS = RecordKind(
    name="members", title="Members", noun="Member", plural="Members",
    columns=(Column("name", "Name", 220), Column("list_name", "In the membership list as", 260),
             Column("counts_as", "Counts as", 80, numeric=True), Column("joined", "Joined", 120),
             Column("left", "Left", 120)),
    describe=lambda m: f'the Member "{m.name}"',
    detail=_member_detail, has_links=True, search_hint="name or notes")

PROPOSALS = RecordKind(
    name="proposals", title="Proposals", noun="proposal", plural="proposals",
    columns=(Column("symbol", "Symbol", 205), Column("title", "Title", 300),
             Column("proponents", "Proponents", 180), Column("submitted", "Submitted", 100),
             Column("status", "Status", 140, words=True)),
    describe=lambda p: f"the proposal {p.symbol}",
    detail=_proposal_detail, search_hint="symbol, title, proponent or summary")

OUTREACH = RecordKind(
    name="outreach", title="Outreach", noun="outreach event", plural="outreach events",
    columns=(Column("date", "Date", 130), Column("kind", "Kind", 200, words=True),
             Column("title", "Title", 380), Column("partners", "Partners", 180)),
    describe=lambda e: f'the outreach event "{e.title}" ({e.date.long()})',
    detail=_outreach_detail, newest_first=True, search_hint="title, kind, date or summary")

PACKAGE = RecordKind(
    name="package", title="Package", noun="package entry", plural="package entries",
    columns=(Column("year", "Year", 70, numeric=True), Column("annex", "Annex", 70, numeric=True),
             Column("members", "Members", 300), Column("summary", "Summary", 420)),
    describe=lambda p: f"the package entry for Annex {p.annex} in {p.year}",
    detail=_package_detail, newest_first=True, search_hint="Member or summary")

ORGANIZATIONS = RecordKind(
    name="organizations", title="Organizations", noun="organization", plural="organizations",
    columns=(Column("acronym", "Acronym", 110), Column("name", "Name", 360),
             Column("network_member_since", "In the Trade4MSMEs Network since", 230)),
    describe=lambda o: f"the organization {o.name}" + (f" ({o.acronym})" if o.acronym else ""),
    detail=_organization_detail, has_links=True, search_hint="name or acronym")

DOCUMENTS = RecordKind(
    name="documents", title="Documents", noun="document", plural="documents",
    columns=(Column("symbol", "Symbol", 190), Column("title", "Title", 400),
             Column("date", "Date", 130), Column("kind", "Kind", 150, words=True)),
    describe=lambda d: f"the document {d.symbol}",
    detail=_document_detail, search_hint="symbol or title")

#: Main tabs in order; the Reference tab holds the last two.
MAIN_KINDS = (MEETINGS, MEMBERS, PROPOSALS, OUTREACH, PACKAGE)
REFERENCE_KINDS = (ORGANIZATIONS, DOCUMENTS)
ALL_KINDS = MAIN_KINDS + REFERENCE_KINDS
