"""Archive-shaped values: the fields each form edits, and a typed record as its form shows it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from msmedesk.domain import GroupProfile, PartialDate
from msmedesk.validation import (
    FieldError,
    parse_coordinator,
    parse_document,
    parse_group,
    parse_meeting,
    parse_member,
    parse_organization,
    parse_outreach,
    parse_package_entry,
    parse_presentation,
    parse_proposal,
    parse_spotlight,
)

KINDS = ("meetings", "members", "proposals", "outreach", "package", "organizations",
         "documents", "group")

# The fields each form edits, with the value that stands for "not given". None marks a
# field that the archive writes as null when empty; "" a text field.
ROW_SCHEMAS: dict[str, dict[str, Any]] = {
    "presentations": {"speaker": "", "organization": None, "member": None, "topic": ""},
    "spotlights": {"business": "", "person": "", "country": "", "introduced_by": "",
                   "description": ""},
    "coordinators": {"name": "", "title": "", "from": None, "to": None},
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "members": {"name": "", "list_name": "", "sort_name": "", "prose_name": "",
                "counts_as": 1, "joined": None, "left": None, "notes": ""},
    "organizations": {"name": "", "acronym": None, "network_member_since": None},
    "documents": {"symbol": None, "title": "", "date": None, "kind": "other", "url": None},
    "meetings": {"date": None, "kind": "open-ended", "convening_notice": None,
                 "summary_document": None, "summary": "", "presentations": [],
                 "spotlights": [], "proposals": []},
    "proposals": {"symbol": None, "title": "", "proponents": [], "submitted": None,
                  "status": "submitted", "discussed_at": [], "summary": ""},
    "outreach": {"date": None, "end_date": None, "kind": "other", "title": "",
                 "partners": [], "summary": ""},
    "package": {"annex": None, "year": None, "members": [], "summary": ""},
    "group": {"name": "", "short_name": "", "established": None, "established_by": None,
              "established_at": "", "founding_members": None, "coordinators": []},
}
_SYMBOL_KEYS = {"symbol", "convening_notice", "summary_document", "established_by"}
_CHOICE_KEYS = {"kind", "status"}  # an empty choice means the default one


def _normalise_value(key: str, default: Any, value: Any) -> Any:
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, PartialDate):
        value = value.iso()
    if key in ROW_SCHEMAS:
        if not isinstance(value, list | tuple):
            return [] if value is None else value
        return [_normalise_row(key, v) if isinstance(v, Mapping) else v for v in value]
    if isinstance(default, list):
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return [v.isoformat() if isinstance(v, date) else v for v in value]
        return value
    if key in _SYMBOL_KEYS and isinstance(value, str):
        # The symbol field drops a pasted leading underscore as the user types.
        value = value.lstrip().lstrip("_").lstrip()
    if value is None or (value == "" and (default is None or key in _CHOICE_KEYS)):
        return default
    return value


def _normalise_row(list_key: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _normalise_value(k, d, raw.get(k)) for k, d in ROW_SCHEMAS[list_key].items()}


def normalise(kind: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The archive dict a form of ``kind`` gives back for ``raw``: every field it edits,
    "" or None for what is not given, lists as lists, unknown keys dropped."""
    return {k: _normalise_value(k, d, raw.get(k)) for k, d in SCHEMAS[kind].items()}


def _iso(value: PartialDate | date | None) -> str | None:
    if value is None:
        return None
    return value.iso() if isinstance(value, PartialDate) else value.isoformat()


def record_to_raw(kind: str, record: Any) -> dict[str, Any]:
    """The archive-shaped dict of a typed record, as its form shows it."""
    r = record
    if kind == "members":
        raw = {"name": r.name, "list_name": r.list_name, "sort_name": r.sort_name,
               "prose_name": r.prose_name, "counts_as": r.counts_as, "joined": _iso(r.joined),
               "left": _iso(r.left), "notes": r.notes}
    elif kind == "organizations":
        raw = {"name": r.name, "acronym": r.acronym,
               "network_member_since": _iso(r.network_member_since)}
    elif kind == "documents":
        raw = {"symbol": r.symbol, "title": r.title, "date": _iso(r.date), "kind": r.kind,
               "url": r.url}
    elif kind == "meetings":
        raw = {"date": _iso(r.date), "kind": r.kind, "convening_notice": r.convening_notice,
               "summary_document": r.summary_document, "summary": r.summary,
               "presentations": [{"speaker": p.speaker, "organization": p.organization,
                                  "member": p.member, "topic": p.topic}
                                 for p in r.presentations],
               "spotlights": [{"business": s.business, "person": s.person,
                               "country": s.country, "introduced_by": s.introduced_by,
                               "description": s.description} for s in r.spotlights],
               "proposals": list(r.proposals)}
    elif kind == "proposals":
        raw = {"symbol": r.symbol, "title": r.title, "proponents": list(r.proponents),
               "submitted": _iso(r.submitted), "status": r.status,
               "discussed_at": [d.isoformat() for d in r.discussed_at], "summary": r.summary}
    elif kind == "outreach":
        raw = {"date": _iso(r.date), "end_date": _iso(r.end_date), "kind": r.kind,
               "title": r.title, "partners": list(r.partners), "summary": r.summary}
    elif kind == "package":
        raw = {"annex": r.annex, "year": r.year, "members": list(r.members),
               "summary": r.summary}
    elif kind == "group":
        raw = {"name": r.name, "short_name": r.short_name, "established": _iso(r.established),
               "established_by": r.established_by, "established_at": r.established_at,
               "founding_members": r.founding_members,
               "coordinators": [{"name": c.name, "title": c.title, "from": _iso(c.start),
                                 "to": _iso(c.end)} for c in r.coordinators]}
    else:
        raise ValueError(f"no form for {kind!r}")
    return normalise(kind, raw)


def _new_values(kind: str) -> dict[str, Any]:
    """What a "new" form starts with."""
    if kind == "package":
        return {"year": date.today().year}
    if kind == "group":
        return record_to_raw("group", GroupProfile())
    return {}


PARSERS: dict[str, Callable[..., tuple[Any, list[FieldError]]]] = {
    "members": parse_member, "organizations": parse_organization, "documents": parse_document,
    "meetings": parse_meeting, "proposals": parse_proposal, "outreach": parse_outreach,
    "package": parse_package_entry, "group": parse_group,
    "presentations": parse_presentation, "spotlights": parse_spotlight,
    "coordinators": parse_coordinator,
}  # fmt: skip
