"""The names a search may give a field (``member:Mexico``, ``date:2024``), read from the
registry: the catalog the search language checks names against and the index compiles with.

A field is searched by the names a clerk sees or would type: its label ("Proponents"), its
column heading ("Summary"), its key ("end_date" as ``end-date``) and the ``search_names``
its declaration adds ("member" for a proposal's "Proponents"); each lower case, words
joined by "-", singular (a plural is accepted as well: ``members:`` is ``member:``). A
label of more than three words is searched by its key and heading only. A nested row's
fields are fields of the record too (``speaker:`` finds meetings by their presentations'
speakers), and the rows themselves (``spotlight:EziDrops``). The Group's profile (one
record, no list) has no search names. Order numbers (optional whole numbers) are not
searched.

``SearchField.targets`` says, per record type key ("meetings"), which INDEX FIELD KEYS the
name searches, any of them matching:

- a registry field's key ("proponents", "status", "date");
- a nested rows' field as "rowsfield.rowfield" ("presentations.speaker");
- a rows field's key alone ("spotlights"): all the text of those rows.

A type absent from ``targets`` has no such field: the name is refused in its tab. For
``kind`` "date" the targets are date fields (compare them with the range's days); for
"year" (the one name ``year``) the targets' keys are empty: ``DateRange("year", …)`` means
the type's own year filter (as the tab's year list), for every type that has one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Literal

from msmedesk.registry import RECORD_TYPES
from msmedesk.registry.fields import Field, RecordType
from msmedesk.search.query import fold

SearchKind = Literal["text", "date", "year"]

# Field kinds whose values are dates: searched with ranges and comparisons.
_DATE_KINDS = frozenset({"full_date", "partial_date", "dates"})
_LONGEST_LABEL = 3  # words: a longer label ("Summary for the report") is no name to type
YEAR = "year"


@dataclass(frozen=True)
class SearchField:
    """One name a search may give: what kind of value it takes and where each type holds it."""

    name: str
    kind: SearchKind
    targets: Mapping[str, tuple[str, ...]]


def slug(text: str) -> str:
    """``text`` as a search name: folded, apostrophes dropped, words joined by "-"."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(text).replace("'", "").replace("’", "")))


def singular(name: str) -> str:
    """The singular of a search name ("proponents" -> "proponent", "annexes" -> "annex")."""
    if name.endswith("ies") and len(name) > 4:
        return name[:-3] + "y"
    if name.endswith(("ses", "xes", "ches", "shes")):
        return name[:-2]
    if len(name) > 3 and name.endswith("s") and name[-2] not in "suia":
        return name[:-1]
    return name


def _names(f: Field) -> Iterator[str]:
    """Every name of ``f``, singular."""
    yield from (singular(slug(n)) for n in f.search_names)
    for words in (f.column_label, f.label):
        if words and len(words.split()) <= _LONGEST_LABEL:
            yield singular(slug(words))
    yield singular(slug(f.key))


def _searched(f: Field) -> bool:
    # An optional whole number is an order in the report, not something anyone looks for.
    return not (f.kind == "integer" and f.optional)


def _pairs(t: RecordType) -> Iterator[tuple[str, str, bool]]:
    """(name, index field key, whether a date) of every searched field of ``t``."""
    for f in t.fields:
        if not _searched(f):
            continue
        for name in dict.fromkeys(_names(f)):
            yield name, f.key, f.kind in _DATE_KINDS
        if f.rows is not None:
            for inner in f.rows.fields:
                if _searched(inner):
                    for name in dict.fromkeys(_names(inner)):
                        yield name, f"{f.key}.{inner.key}", inner.kind in _DATE_KINDS


@cache
def catalog() -> dict[str, SearchField]:
    """Every search name (singular) and its field, from the registry's record types."""
    targets: dict[str, dict[str, list[str]]] = {}
    dated: dict[str, set[bool]] = {}
    for t in RECORD_TYPES:
        if t.single:  # (the Group's profile has no list to search)
            continue
        for name, key, is_date in _pairs(t):
            if name == YEAR:
                continue
            keys = targets.setdefault(name, {}).setdefault(t.key, [])
            if key not in keys:
                keys.append(key)
            dated.setdefault(name, set()).add(is_date)
    found = {YEAR: SearchField(YEAR, "year", {t.key: () for t in RECORD_TYPES
                                               if t.by_year and not t.single})}
    for name, per_type in targets.items():
        if len(dated[name]) > 1:
            # One name must take one kind of value: a declaration naming a date field and
            # a text field alike is a mistake, refused when the program starts.
            raise ValueError(f"the search name {name!r} names dates and text alike")
        kind: SearchKind = "date" if True in dated[name] else "text"
        found[name] = SearchField(name, kind, {k: tuple(v) for k, v in per_type.items()})
    return dict(sorted(found.items()))


def lookup(typed: str) -> SearchField | None:
    """The field a typed name means (any case, singular or plural), or None."""
    known = catalog()
    name = slug(typed)
    return known.get(name) or known.get(singular(name))


def names_of(kind: str | None = None) -> list[str]:
    """The search names of type ``kind``'s fields (every type's when None), sorted."""
    return sorted(n for n, f in catalog().items() if kind is None or kind in f.targets)
