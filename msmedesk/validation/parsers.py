"""``parse_*``: a typed record from raw, archive-shaped values (an archive's object, a
form's widgets), or every error found on the way."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from msmedesk.domain import (
    Coordinator,
    Document,
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
from msmedesk.validation.values import MAX_COUNT, MAX_DESCRIPTION, MAX_TOPIC

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


def parse_presentation(raw: Mapping[str, Any], record: str = "") -> Parsed[Presentation]:
    """A Presentation from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Presentation(
        speaker=r.name("speaker"),
        organization=r.optional_name("organization"),
        topic=r.text("topic", limit=MAX_TOPIC),
        member=r.optional_name("member"),
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


RowParsers = Callable[[str], Callable[[Mapping[str, Any], str], Parsed[Any]]]
"""The parser of a nested row by its list's key ("presentations")."""


def _rows(given: RowParsers | None, key: str) -> Callable[[Mapping[str, Any], str], Parsed[Any]]:
    # ``validation.dispatch`` passes its parsers, which also read the fields a bespoke row
    # parser does not know (a field declared later); alone, a parser uses the bespoke ones.
    return given(key) if given is not None else BESPOKE[key]


def parse_meeting(raw: Mapping[str, Any], record: str = "",
                  rows: RowParsers | None = None) -> Parsed[Meeting]:
    """A Meeting from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    when = r.full_date("date", required=True)
    value = Meeting(
        date=when or date(2000, 1, 1),
        kind=_choice(r, MEETINGS.field("kind")),
        convening_notice=r.symbol("convening_notice"),
        summary_document=r.symbol("summary_document"),
        summary=r.text("summary"),
        presentations=r.nested("presentations", _rows(rows, "presentations")),
        spotlights=r.nested("spotlights", _rows(rows, "spotlights")),
        proposals=r.symbols("proposals"),
    )
    return _finish(r, value, meeting_rules)


def parse_proposal(raw: Mapping[str, Any], record: str = "") -> Parsed[Proposal]:
    """A Proposal from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = Proposal(
        symbol=r.symbol("symbol", required=True) or "",
        title=r.title("title"),
        proponents=r.names("proponents"),
        submitted=r.partial_date("submitted"),
        status=_choice(r, PROPOSALS.field("status")),
        discussed_at=r.dates("discussed_at"),
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


def parse_group(raw: Mapping[str, Any], record: str = "group",
                rows: RowParsers | None = None) -> Parsed[GroupProfile]:
    """The Group's profile from archive-shaped values, or the errors."""
    r = Reader(raw, record)
    value = GroupProfile(
        name=r.name("name", required=True),
        short_name=r.name("short_name"),
        established=r.full_date("established"),
        established_by=r.symbol("established_by"),
        established_at=r.name("established_at"),
        founding_members=r.integer("founding_members", minimum=1, maximum=MAX_COUNT),
        coordinators=r.nested("coordinators", _rows(rows, "coordinators")),
        founders=r.name("founders"),
    )
    return (None, r.errors) if r.errors else (value, [])


#: The bespoke parsers, by registry key ("members", "presentations"); every other type is
#: parsed from its fields (``validation.dispatch``).
BESPOKE: dict[str, Callable[[Mapping[str, Any], str], Parsed[Any]]] = {
    "members": parse_member, "organizations": parse_organization, "documents": parse_document,
    "meetings": parse_meeting, "proposals": parse_proposal, "outreach": parse_outreach,
    "package": parse_package_entry, "group": parse_group,
    "presentations": parse_presentation, "spotlights": parse_spotlight,
    "coordinators": parse_coordinator,
}  # fmt: skip

#: The bespoke parsers of records with nested rows, which take the rows' parsers
#: (``rows=``) from ``validation.dispatch``.
WITH_ROWS: dict[str, Callable[..., Parsed[Any]]] = {
    "meetings": parse_meeting, "group": parse_group,
}
