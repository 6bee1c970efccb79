"""What an archive holds as records (``RecordSet``), what an import tells
(``ImportResult``), and the helpers every step of an archive shares."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cache
from typing import Any

from msmedesk.domain import (
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Proposal,
)

# The archive's sections come from the registry; the archive's modules take them from here.
from msmedesk.registry import SECTIONS as _ALL_SECTIONS

# TEMPORARY (branch i14-core): the registry now discovers every declared type, the new one
# too; until the archive's part of this phase reads and writes any section, it keeps to
# the sections it knows. The lead drops this at the merge (the archive's branch replaces it).
SECTIONS = tuple(s for s in _ALL_SECTIONS if s in {
    "members", "organizations", "documents", "meetings", "proposals", "outreach",
    "package_entries"})

FORMAT = "msmedesk-archive"
VERSION = 1

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False cancels (and nothing is written)."""


class Cancelled(Exception):
    """The user cancelled; nothing was written."""


@dataclass(frozen=True)
class ImportResult:
    """How many records of each section were added, and how many were already there."""

    added: dict[str, int]
    unchanged: dict[str, int]

    @property
    def total_added(self) -> int:
        """All records added."""
        return sum(self.added.values())


@dataclass
class RecordSet:
    """A whole record set as domain dataclasses (what an archive holds)."""

    group: GroupProfile | None
    members: list[Member]
    organizations: list[Organization]
    documents: list[Document]
    meetings: list[Meeting]
    proposals: list[Proposal]
    outreach: list[OutreachEvent]
    package_entries: list[PackageEntry]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while an archive is read, parsed or written.

    An archive is millions of small objects that live until the import ends: making them
    keeps setting off full collections that walk all of them again and find nothing to
    free (records hold no cycles), about a tenth of a large import. Memory is still freed
    as usual (by reference counting); the collector resumes as it was, after one look at
    the young objects made meanwhile (left to it, each young generation's collection
    would walk all of them in turn).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.collect(1)
            gc.enable()


def content_key(record: object) -> tuple[Any, ...]:
    """The record's whole content as a sortable, hashable key."""
    # Outreach events and package entries have no natural key: order (and match) them
    # by their whole content, so export order is stable across files.
    # (As a plain ``type``: mypy takes ``type[object]`` for unhashable, which a class is not.)
    kind: type = type(record)
    return tuple("" if v is None else str(v) for v in (getattr(record, name)
                                                       for name in _content_fields(kind)))


@cache
def _content_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls) if f.name != "id")


def partial_iso(value: PartialDate | None) -> str | None:
    """A partial date as the archive writes it, or None."""
    return value.iso() if value else None
