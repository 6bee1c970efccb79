"""``check_*``: the problems of a typed record that need no data file."""

from __future__ import annotations

from typing import Any

from msmedesk.domain import (
    ANNEXES,
    DOCUMENT_KINDS,
    MEETING_KINDS,
    OUTREACH_KINDS,
    PROPOSAL_STATUSES,
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    Proposal,
)
from msmedesk.registry.package import FIRST_YEAR, LAST_YEAR
from msmedesk.validation.errors import FieldError
from msmedesk.validation.values import (
    MAX_COUNT,
    MAX_DESCRIPTION,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    MAX_TOPIC,
    bad_text,
    check_symbol,
)

# The typed checks apply the same text limits as the archive reader (each limit is named
# once, here), so that whatever a form saves, an export carries and an import takes back
# (and no text that SQLite cannot store, such as an unpaired surrogate, reaches the
# database as a crash).


def _lines(record: str, *items: tuple[str, Any, int]) -> list[FieldError]:
    """_texts of one-line texts (names, acronyms, titles): no line breaks or invisibles."""
    return _texts(record, *items, one_line=True)


def _texts(record: str, *items: tuple[str, Any, int], one_line: bool = False
           ) -> list[FieldError]:
    errors: list[FieldError] = []
    for field_name, value, limit in items:
        if value is None:
            continue
        if not isinstance(value, str):
            errors.append(FieldError(field_name, "must be text", record))
            continue
        problem = bad_text(value, limit, one_line)
        if problem:
            errors.append(FieldError(field_name, problem, record))
    return errors


def _names(record: str, field_name: str, values: Any) -> list[FieldError]:
    return _lines(record, *((f"{field_name}[{i}]", v, MAX_NAME) for i, v in enumerate(values)))


def _count(record: str, field_name: str, value: Any, low: int, high: int) -> list[FieldError]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [FieldError(field_name, "must be a whole number", record)]
    if value < low:
        return [FieldError(field_name, f"must be at least {low}", record)]
    if value > high:
        return [FieldError(field_name, f"must be at most {high}", record)]
    return []


# Each check_* is its texts (type, length, characters) and then its rules. The parse_*
# functions below read every text with the same limits as they go, so they apply only the
# rules afterwards: each text of an archive is checked once (an import of a large archive
# checks millions). tests/test_validation.py holds the reader to the checks' limits.


def check_member(m: Member, record: str = "") -> list[FieldError]:
    """Problems with a member entry that need no data file."""
    return _member_texts(m, record) + member_rules(m, record)


def _member_texts(m: Member, record: str) -> list[FieldError]:
    return (_lines(record, ("name", m.name, MAX_NAME), ("list_name", m.list_name, MAX_NAME),
                   ("sort_name", m.sort_name, MAX_NAME), ("prose_name", m.prose_name, MAX_NAME))
            + _texts(record, ("notes", m.notes, MAX_TEXT)))


def member_rules(m: Member, record: str) -> list[FieldError]:
    """The rules of a Member beyond its texts (the parsers apply these alone)."""
    errors: list[FieldError] = []
    if isinstance(m.name, str) and not m.name.strip():
        errors.append(FieldError("name", "is required", record))
    errors += _count(record, "counts_as", m.counts_as, 1, MAX_COUNT)
    if m.joined and m.left and m.left < m.joined:
        errors.append(FieldError("left", f"{m.left.iso()} is before joined {m.joined.iso()}",
                                 record))
    return errors


def check_organization(o: Organization, record: str = "") -> list[FieldError]:
    """Problems with an organization that need no data file."""
    return _organization_texts(o, record) + organization_rules(o, record)


def _organization_texts(o: Organization, record: str) -> list[FieldError]:
    return _lines(record, ("name", o.name, MAX_NAME), ("acronym", o.acronym, MAX_NAME))


def organization_rules(o: Organization, record: str) -> list[FieldError]:
    """The rules of an organization beyond its texts (the parsers apply these alone)."""
    errors: list[FieldError] = []
    if isinstance(o.name, str) and not o.name.strip():
        errors.append(FieldError("name", "is required", record))
    if isinstance(o.acronym, str) and not o.acronym.strip():
        errors.append(FieldError("acronym", "is blank; leave it empty instead", record))
    return errors


def check_document(d: Document, record: str = "") -> list[FieldError]:
    """Problems with a document that need no data file."""
    return _document_texts(d, record) + document_rules(d, record)


def _document_texts(d: Document, record: str) -> list[FieldError]:
    return _lines(record, ("title", d.title, MAX_TITLE), ("url", d.url, MAX_NAME))


def document_rules(d: Document, record: str) -> list[FieldError]:
    """The rules of a document beyond its texts (the parsers apply these alone)."""
    errors: list[FieldError] = []
    problem = check_symbol(d.symbol) if d.symbol else "is required"
    if problem:
        errors.append(FieldError("symbol", problem, record))
    if d.kind not in DOCUMENT_KINDS:
        errors.append(FieldError("kind", f'"{d.kind}" is not one of: {", ".join(DOCUMENT_KINDS)}',
                                 record))
    return errors


def check_meeting(m: Meeting, record: str = "") -> list[FieldError]:
    """Problems with a meeting that need no data file."""
    return _meeting_texts(m, record) or meeting_rules(m, record)


def _meeting_texts(m: Meeting, record: str) -> list[FieldError]:
    errors = _texts(record, ("summary", m.summary, MAX_TEXT))
    for i, t in enumerate(m.presentations):
        errors += _lines(record, (f"presentations[{i}].speaker", t.speaker, MAX_NAME),
                         (f"presentations[{i}].organization", t.organization, MAX_NAME))
        errors += _texts(record, (f"presentations[{i}].topic", t.topic, MAX_TOPIC))
        errors += _lines(record, (f"presentations[{i}].member", t.member, MAX_NAME))
    for i, s in enumerate(m.spotlights):
        errors += _lines(record, (f"spotlights[{i}].business", s.business, MAX_NAME),
                         (f"spotlights[{i}].person", s.person, MAX_NAME),
                         (f"spotlights[{i}].country", s.country, MAX_NAME),
                         (f"spotlights[{i}].introduced_by", s.introduced_by, MAX_NAME))
        errors += _texts(record,
                         (f"spotlights[{i}].description", s.description, MAX_DESCRIPTION))
    return errors


def meeting_rules(m: Meeting, record: str) -> list[FieldError]:
    """The rules of a meeting beyond its texts (the parsers apply these alone)."""
    errors: list[FieldError] = []
    if m.kind not in MEETING_KINDS:
        errors.append(FieldError("kind", f'"{m.kind}" is not one of: {", ".join(MEETING_KINDS)}',
                                 record))
    for field_name in ("convening_notice", "summary_document"):
        value = getattr(m, field_name)
        if value is not None:
            problem = check_symbol(value)
            if problem:
                errors.append(FieldError(field_name, problem, record))
    for i, s in enumerate(m.spotlights):
        if not s.business.strip():
            errors.append(FieldError(f"spotlights[{i}].business", "is required", record))
    for i, p in enumerate(m.presentations):
        if not (p.speaker.strip() or p.organization or p.member):
            errors.append(FieldError(f"presentations[{i}]",
                                     "needs a speaker, an organization or a Member", record))
    return errors


def check_proposal(p: Proposal, record: str = "") -> list[FieldError]:
    """Problems with a proposal that need no data file."""
    return _proposal_texts(p, record) + proposal_rules(p, record)


def _proposal_texts(p: Proposal, record: str) -> list[FieldError]:
    return (_lines(record, ("title", p.title, MAX_TITLE))
            + _texts(record, ("summary", p.summary, MAX_TEXT))
            + _names(record, "proponents", p.proponents))


def proposal_rules(p: Proposal, record: str) -> list[FieldError]:
    """The rules of a proposal beyond its texts (the parsers apply these alone)."""
    errors: list[FieldError] = []
    problem = check_symbol(p.symbol) if p.symbol else "is required"
    if problem:
        errors.append(FieldError("symbol", problem, record))
    if not p.proponents:
        errors.append(FieldError("proponents", "needs at least one proponent", record))
    if p.status not in PROPOSAL_STATUSES:
        errors.append(FieldError(
            "status", f'"{p.status}" is not one of: {", ".join(PROPOSAL_STATUSES)}', record))
    if len(set(p.discussed_at)) != len(p.discussed_at):
        errors.append(FieldError("discussed_at", "lists a meeting twice", record))
    return errors


def check_outreach(e: OutreachEvent, record: str = "") -> list[FieldError]:
    """Problems with an outreach event that need no data file."""
    return _outreach_texts(e, record) or outreach_rules(e, record)


def _outreach_texts(e: OutreachEvent, record: str) -> list[FieldError]:
    return (_lines(record, ("title", e.title, MAX_TITLE))
            + _texts(record, ("summary", e.summary, MAX_TEXT))
            + _names(record, "partners", e.partners))


def outreach_rules(e: OutreachEvent, record: str) -> list[FieldError]:
    """The rules of an outreach event beyond its texts (the parsers apply these alone)."""
    errors: list[FieldError] = []
    if not e.title.strip():
        errors.append(FieldError("title", "is required", record))
    if e.kind not in OUTREACH_KINDS:
        errors.append(FieldError("kind", f'"{e.kind}" is not one of: {", ".join(OUTREACH_KINDS)}',
                                 record))
    if e.end_date and e.end_date < e.date:
        errors.append(FieldError("end_date", f"{e.end_date.iso()} is before the date "
                                 f"{e.date.iso()}", record))
    return errors


def check_package_entry(p: PackageEntry, record: str = "") -> list[FieldError]:
    """Problems with a package entry that need no data file."""
    return _package_entry_texts(p, record) or package_entry_rules(p, record)


def _package_entry_texts(p: PackageEntry, record: str) -> list[FieldError]:
    return (_texts(record, ("summary", p.summary, MAX_TEXT))
            + _names(record, "members", p.members))


def package_entry_rules(p: PackageEntry, record: str) -> list[FieldError]:
    """The rules of a package entry beyond its texts (the parsers apply these alone)."""
    errors: list[FieldError] = []
    if p.annex not in ANNEXES:
        errors.append(FieldError("annex", "must be a number from 1 to 6", record))
    if (isinstance(p.year, bool) or not isinstance(p.year, int)
            or not FIRST_YEAR <= p.year <= LAST_YEAR):
        errors.append(FieldError("year", f"must be {FIRST_YEAR} or later (the Package dates "
                                 f"from December {FIRST_YEAR})", record))
    if not p.members and not p.summary.strip():
        errors.append(FieldError("summary", "is required when no Member is listed", record))
    return errors


def check_group(g: GroupProfile, record: str = "group") -> list[FieldError]:
    """Problems with the Group's profile that need no data file (texts and numbers)."""
    errors = _lines(record, ("name", g.name, MAX_NAME), ("short_name", g.short_name, MAX_NAME),
                    ("established_at", g.established_at, MAX_NAME),
                    ("founders", g.founders, MAX_NAME))
    if g.founding_members is not None:
        errors += _count(record, "founding_members", g.founding_members, 1, MAX_COUNT)
    for i, c in enumerate(g.coordinators):
        errors += _lines(record, (f"coordinators[{i}].name", c.name, MAX_NAME),
                         (f"coordinators[{i}].title", c.title, MAX_NAME))
    return errors
