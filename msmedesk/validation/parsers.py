"""``parse_*``: a typed record from raw, archive-shaped values (an archive's object, a
form's widgets), or every error found on the way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from msmedesk.domain import (
    Coordinator,
    Document,
    DocumentSymbol,
    GroupProfile,
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
from msmedesk.registry import DOCUMENTS, MEETINGS, OUTREACH, PACKAGE, PROPOSALS, Field
from msmedesk.validation.checks import (
    document_rules,
    meeting_rules,
    member_rules,
    organization_rules,
    outreach_rules,
    package_entry_rules,
    proposal_rules,
)
from msmedesk.validation.errors import FieldError
from msmedesk.validation.reader import Reader
from msmedesk.validation.values import MAX_COUNT, MAX_DESCRIPTION, MAX_TOPIC, cached_full_date

T = TypeVar("T")


Parsed = tuple[T | None, list[FieldError]]


def _finish(r: Reader, value: T, rules: Callable[[T, str], list[FieldError]]) -> Parsed[T]:
    # The reader has checked every text already (with the limits of the check_* texts):
    # only the record's rules are left.
    if r.errors:
        return None, r.errors
    errors = rules(value, r.record)
    return (None, errors) if errors else (value, [])


def _choice(r: Reader, f: Field) -> str:
    return r.choice(f.key, f.values, f.default)


def _integer(r: Reader, f: Field) -> int | None:
    return r.integer(f.key, required=f.required, minimum=f.minimum, maximum=f.maximum)


def parse_member(raw: Mapping[str, Any], record: str = "") -> Parsed[Member]:
    """A Member from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Member(
        name=r.name("name", required=True),
        list_name=r.name("list_name"),
        sort_name=r.name("sort_name"),
        prose_name=r.name("prose_name"),
        counts_as=r.integer("counts_as", default=1, minimum=1, maximum=MAX_COUNT) or 1,
        joined=r.partial_date("joined"),
        left=r.partial_date("left"),
        notes=r.text("notes"),
    )
    return _finish(r, value, member_rules)


def parse_organization(raw: Mapping[str, Any], record: str = "") -> Parsed[Organization]:
    """An Organization from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Organization(
        name=r.name("name", required=True),
        acronym=r.optional_name("acronym"),
        network_member_since=r.partial_date("network_member_since"),
    )
    return _finish(r, value, organization_rules)


def parse_document(raw: Mapping[str, Any], record: str = "") -> Parsed[Document]:
    """A Document from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Document(
        symbol=r.symbol("symbol", required=True) or "",
        title=r.title("title"),
        date=r.full_date("date"),
        kind=_choice(r, DOCUMENTS.field("kind")),
        url=r.optional_name("url"),
    )
    return _finish(r, value, document_rules)


def _reference(r: Reader, key: str) -> Any:
    """TEMPORARY (CORE's generic "ref" kind replaces it): a presentation's recorded contact,
    an object of its name and what it is of, or None."""
    from msmedesk.domain import ContactRef

    raw = r.raw.get(key)
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        r.error(key, 'must be an object such as {"name": …, "of": …}')
        return None
    unknown = sorted(set(raw) - {"name", "of"}, key=str)
    if unknown:
        r.error(key, f'has an unknown key "{unknown[0]}"')
    inner = Reader(raw, r.record)
    name, of = inner.name("name", required=True), inner.name("of", required=True)
    for e in inner.errors:
        r.error(f"{key}.{e.field}", e.message)
    return None if inner.errors or unknown else ContactRef(name, of)


def parse_presentation(raw: Mapping[str, Any], record: str = "") -> Parsed[Presentation]:
    """A Presentation from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Presentation(
        speaker=r.name("speaker"),
        organization=r.optional_name("organization"),
        topic=r.text("topic", limit=MAX_TOPIC),
        member=r.optional_name("member"),
        contact=_reference(r, "contact"),
    )
    if not r.errors and not (value.speaker or value.organization or value.member):
        r.error("speaker", "is required when no organization or Member is given")
    return (None, r.errors) if r.errors else (value, [])


def parse_spotlight(raw: Mapping[str, Any], record: str = "") -> Parsed[Spotlight]:
    """A Spotlight from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Spotlight(
        business=r.name("business", required=True),
        person=r.name("person"),
        country=r.name("country"),
        introduced_by=r.name("introduced_by"),
        description=r.text("description", limit=MAX_DESCRIPTION),
    )
    return (None, r.errors) if r.errors else (value, [])


def parse_meeting(raw: Mapping[str, Any], record: str = "") -> Parsed[Meeting]:
    """A Meeting from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    when = r.full_date("date", required=True)
    value = Meeting(
        date=when or date(2000, 1, 1),
        kind=_choice(r, MEETINGS.field("kind")),
        convening_notice=r.symbol("convening_notice"),
        summary_document=r.symbol("summary_document"),
        summary=r.text("summary"),
        presentations=r.nested("presentations", parse_presentation),
        spotlights=r.nested("spotlights", parse_spotlight),
        proposals=_symbols(r, "proposals"),
    )
    return _finish(r, value, meeting_rules)


def _symbols(r: Reader, field: str) -> tuple[str, ...]:
    out: list[str] = []
    for i, item in enumerate(r.list(field)):
        try:
            out.append(DocumentSymbol.parse(item).text)
        except ValueError as exc:
            r.error(f"{field}[{i}]", str(exc))
    return tuple(out)


def parse_proposal(raw: Mapping[str, Any], record: str = "") -> Parsed[Proposal]:
    """A Proposal from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    dates: list[date] = []
    for i, item in enumerate(r.list("discussed_at")):
        parsed = None
        if isinstance(item, date):
            parsed = item
        elif isinstance(item, str):
            try:
                parsed = cached_full_date(item)  # (a meeting's date: parsed before)
                if parsed is None:
                    r.error(f"discussed_at[{i}]", f'"{item}" must be a meeting\'s full date')
            except ValueError as exc:
                r.error(f"discussed_at[{i}]", str(exc))
        else:
            r.error(f"discussed_at[{i}]", "must be a meeting date as text")
        if parsed is not None:
            dates.append(parsed)
    value = Proposal(
        symbol=r.symbol("symbol", required=True) or "",
        title=r.title("title"),
        proponents=r.names("proponents"),
        submitted=r.partial_date("submitted"),
        status=_choice(r, PROPOSALS.field("status")),
        discussed_at=tuple(dates),
        summary=r.text("summary"),
    )
    return _finish(r, value, proposal_rules)


def parse_outreach(raw: Mapping[str, Any], record: str = "") -> Parsed[OutreachEvent]:
    """An OutreachEvent from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    when = r.partial_date("date", required=True)
    value = OutreachEvent(
        date=when or PartialDate(2000),
        end_date=r.partial_date("end_date"),
        kind=_choice(r, OUTREACH.field("kind")),
        title=r.title("title", required=True),
        partners=r.names("partners"),
        summary=r.text("summary"),
    )
    return _finish(r, value, outreach_rules)


def parse_package_entry(raw: Mapping[str, Any], record: str = "") -> Parsed[PackageEntry]:
    """A PackageEntry from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = PackageEntry(
        annex=_integer(r, PACKAGE.field("annex")) or 0,
        year=_integer(r, PACKAGE.field("year")) or 0,
        members=r.names("members"),
        summary=r.text("summary"),
    )
    return _finish(r, value, package_entry_rules)


def parse_coordinator(raw: Mapping[str, Any], record: str = "") -> Parsed[Coordinator]:
    """A Coordinator from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Coordinator(
        name=r.name("name", required=True),
        title=r.name("title"),
        start=r.partial_date("from"),
        end=r.partial_date("to"),
    )
    if value.start and value.end and value.end < value.start:
        r.error("to", f"{value.end.iso()} is before from {value.start.iso()}")
    return (None, r.errors) if r.errors else (value, [])


def parse_group(raw: Mapping[str, Any], record: str = "group") -> Parsed[GroupProfile]:
    """The Group's profile from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = GroupProfile(
        name=r.name("name", required=True),
        short_name=r.name("short_name"),
        established=r.full_date("established"),
        established_by=r.symbol("established_by"),
        established_at=r.name("established_at"),
        founding_members=r.integer("founding_members", minimum=1, maximum=MAX_COUNT),
        coordinators=r.nested("coordinators", parse_coordinator),
    )
    return (None, r.errors) if r.errors else (value, [])


#: The parser of each record type and row type, by its registry key ("members",
#: "presentations"): a form or an archive section parses through it.
PARSERS: dict[str, Callable[[Mapping[str, Any], str], Parsed[Any]]] = {
    "members": parse_member, "organizations": parse_organization, "documents": parse_document,
    "meetings": parse_meeting, "proposals": parse_proposal, "outreach": parse_outreach,
    "package": parse_package_entry, "group": parse_group,
    "presentations": parse_presentation, "spotlights": parse_spotlight,
    "coordinators": parse_coordinator,
}  # fmt: skip


def parse(key: str, raw: Mapping[str, Any], record: str = "") -> Parsed[Any]:
    """A typed record (or row) of registry key ``key`` from archive-shaped values, or the errors."""
    return PARSERS[key](raw, record)
