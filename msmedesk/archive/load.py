"""The data file's records as a ``RecordSet``, read in bulk (for export and import)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from inspect import signature
from typing import Any

from sqlalchemy.orm import Session

from msmedesk.archive.record_set import (
    SECTIONS,
    RecordSet,
    content_key,
    identity,
    records_module,
)
from msmedesk.domain import sort_key
from msmedesk.records.group import read_group
from msmedesk.records.rows import Labels, organization_label
from msmedesk.records.saved_searches import read_saved_searches
from msmedesk.registry import RecordType, by_section

# What a section's records tell the readers after it, as the labels they look up (so that
# no table is read twice): a label kind and a record's label.
_LABELS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "members": ("members", lambda m: m.name),
    "organizations": ("organizations", lambda o: organization_label(o.acronym, o.name)),
    "documents": ("symbols", lambda d: d.symbol),
    "meetings": ("meeting_dates", lambda m: m.date),
}

# The order of an archive's records, where it is not their identity (nor, without one, their
# whole content): the Members as the membership list sorts them.
_ORDER: dict[str, Callable[[Any], Any]] = {
    "members": lambda m: (sort_key(m.sort_label), m.name),
}


def load_records(session: Session) -> RecordSet:
    """Every record of the data file, in bulk (a handful of queries whatever the size).

    Read by each type's one reader, as the services read a record; without their ids, as
    an archive holds them. ``labels`` reads the names that rows refer to once for all.
    """
    labels = Labels(session)
    sections: dict[str, list[Any]] = {}
    for section in SECTIONS:
        kind = by_section(section)
        found = _read(session, kind, labels)
        if section in _LABELS:
            label_kind, label = _LABELS[section]
            labels.know(label_kind, {i: label(r) for i, r in found.items()})
        sections[section] = sorted(found.values(), key=_order(kind))
    saved = [replace(s, id=None) for s in read_saved_searches(session)]
    return RecordSet(read_group(session), saved=saved, **sections)


def _read(session: Session, kind: RecordType, labels: Labels) -> dict[int, Any]:
    """Every record of ``kind`` by id, without ids, by its records module's one reader
    (``read_<section>``, else ``read_<key>``)."""
    module = records_module(kind)
    read = getattr(module, f"read_{kind.section}", None) or getattr(module, f"read_{kind.key}")
    takes = signature(read).parameters
    options: dict[str, Any] = {}
    if "labels" in takes:
        options["labels"] = labels
    if "with_ids" in takes:
        options["with_ids"] = False
    found = read(session, **options)
    if isinstance(found, dict):
        return found
    # A reader that gives a list of records with their ids.
    return {r.id: replace(r, id=None) for r in found}


def _order(kind: RecordType) -> Callable[[Any], Any]:
    if kind.section in _ORDER:
        return _ORDER[kind.section]
    if not kind.identity:
        return content_key
    key = identity(kind)
    if len(kind.identity) == 1:
        return lambda r: ("" if (v := key(r)) is None else v)
    return lambda r: tuple("" if v is None else v for v in key(r))
