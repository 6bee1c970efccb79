"""What an archive holds as records (``RecordSet``), what an import tells
(``ImportResult``), and the helpers every step of an archive shares."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from functools import cache
from importlib import import_module
from operator import attrgetter
from types import ModuleType
from typing import Any

from msmedesk.domain import GroupProfile, PartialDate

# The archive's sections come from the registry; the archive's modules take them from here.
from msmedesk.registry import SECTIONS as SECTIONS
from msmedesk.registry import RecordType, by_section
from msmedesk.search.saved import SavedSearch

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


class RecordSet:
    """A whole record set as domain dataclasses (what an archive holds): the Group's profile
    and, for every section of the registry, its records (``records.members``, or
    ``records.section("members")``), and the saved searches (``saved``)."""

    __slots__ = ("group", "saved", "sections")

    def __init__(self, group: GroupProfile | None = None, *,
                 saved: Sequence[SavedSearch] = (), **sections: list[Any]) -> None:
        unknown = sections.keys() - set(SECTIONS)
        if unknown:
            raise TypeError(f"RecordSet has no section {', '.join(sorted(unknown))}")
        self.group = group
        self.saved = list(saved)
        self.sections: dict[str, list[Any]] = {s: list(sections.get(s, ())) for s in SECTIONS}

    def __getattr__(self, name: str) -> list[Any]:
        # Only for a section's name (the slots are found before this is asked).
        try:
            return self.sections[name]
        except KeyError:
            raise AttributeError(name) from None

    def section(self, name: str) -> list[Any]:
        """The records of the archive section ``name``."""
        return self.sections[name]

    def replace(self, **sections: list[Any]) -> RecordSet:
        """A copy with the records of the sections given replaced."""
        return RecordSet(self.group, saved=self.saved, **{**self.sections, **sections})

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, RecordSet) and self.group == other.group
                and self.sections == other.sections and self.saved == other.saved)

    __hash__ = None  # type: ignore[assignment]  # (mutable, like the dataclass it was)

    def __repr__(self) -> str:
        counts = ", ".join(f"{s}={len(v)}" for s, v in self.sections.items())
        return f"RecordSet(group={self.group!r}, {counts})"


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


@cache
def identity(kind: RecordType) -> Callable[[Any], Any]:
    """What tells a record of ``kind`` from the others: the value of its one identity field,
    or the tuple of its identity fields' values (a meeting's date and kind)."""
    return attrgetter(*(kind.field(k).name for k in kind.identity))


def records_module(kind: RecordType) -> ModuleType:
    """The module of ``msmedesk.records`` that reads and writes the rows of ``kind``."""
    return import_module(f"msmedesk.records.{kind.key}")


def counts_text(counts: Mapping[str, int]) -> str:
    """How many records of each archive section, as a clause ("76 members, 1 saved search")."""
    parts = [f"{n} {_section_noun(section, n)}" for section, n in counts.items() if n]
    return ", ".join(parts) if parts else "nothing new"


def _section_noun(section: str, n: int) -> str:
    if n != 1:
        return section.replace("_", " ")
    if section == "saved_searches":  # (not a record type of the registry)
        return "saved search"
    try:
        return by_section(section).noun.lower()
    except KeyError:
        return section.replace("_", " ")
