"""The year-end checklist: every gap of a draft, with the record staff fill it in.

A gap is a placeholder of the draft (the sections say which record each is about through
``Context.about``), or something the records lack that the draft does not show as one: a
meeting without its summary document, a package entry's Members without what they did, a
proposal of the year that no meeting discussed. The header's symbol and date are added by
``Report.gaps``; ``msmedesk.report.checklist`` puts them beside last year's count.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from msmedesk.domain import (
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    Proposal,
    long_date,
)
from msmedesk.registry import RECORD_TYPES, RecordType
from msmedesk.report import wording
from msmedesk.report.model import Gap, RecordRef, YearRecords

_BY_RECORD = {t.record: t for t in RECORD_TYPES}


def ref_of(record: object) -> RecordRef:
    """The record (or, for a record type, its whole list) as the checklist names it."""
    if isinstance(record, RecordType):
        return RecordRef(record.key, None, "Group profile" if record.single else record.title)
    kind = _BY_RECORD[type(record)]
    record_id = getattr(record, "id", None)
    return RecordRef(kind.key, record_id, _label(kind, record))


def _label(kind: RecordType, record: object) -> str:
    """How staff know the record: "Open-ended meeting of 18 October 2024"."""
    noun = kind.noun[:1].upper() + kind.noun[1:]
    if isinstance(record, Meeting):
        words = kind.field("kind").choices
        what = next((c.label for c in words if c.value == record.kind), record.kind)
        what = what if what.lower().endswith(("meeting", "session")) else f"{what} meeting"
        return f"{what} of {long_date(record.date)}"
    if isinstance(record, Proposal):
        return f"{noun} {record.symbol}"
    if isinstance(record, OutreachEvent):
        return f'{noun} "{record.title.strip()}" ({record.date.long()})'
    if isinstance(record, PackageEntry):
        members = f" ({', '.join(record.members)})" if record.members else ""
        return f"{noun} for Annex {record.annex} in {record.year}{members}"
    if isinstance(record, GroupProfile):
        return "Group profile"
    if isinstance(record, Member | Organization):
        return f"{noun} {record.name}"
    if isinstance(record, Document):
        return f"{noun} {record.symbol}"
    return noun


def _plain(placeholder: str) -> str:
    """A placeholder's words without its brackets and final full stop."""
    return placeholder.strip().strip("[]").rstrip(".").strip()


def record_gaps(placed: Sequence[tuple[str, RecordRef | None]], records: YearRecords
                ) -> tuple[Gap, ...]:
    """The draft's placeholders in document order, then what the records lack besides."""
    gaps = [Gap(_plain(text), text, ref) for text, ref in placed]
    about = {g.record for g in gaps}
    for meeting in _year_meetings(records):
        ref = ref_of(meeting)
        shown = any(g.record == ref and "summary document" in g.what for g in gaps)
        if not meeting.summary_document and not shown:
            gaps.append(Gap("summary document: not recorded", None, ref))
    for entry in (e for e in records.package_entries if e.year == records.year):
        ref = ref_of(entry)
        if entry.members and not entry.summary.strip() and ref not in about:
            gaps.append(Gap(f"what {wording.join(entry.members)} did: not recorded", None,
                            ref))
    for proposal in records.undiscussed:
        gaps.append(Gap("discussed at no meeting", None, ref_of(proposal)))
    return tuple(gaps)


def _year_meetings(records: YearRecords) -> Iterable[Meeting]:
    """The year's meetings of every kind, by date (as the draft tells them)."""
    return sorted((m for m in records.meetings if m.date.year == records.year),
                  key=lambda m: m.date)


__all__ = ["record_gaps", "ref_of"]
