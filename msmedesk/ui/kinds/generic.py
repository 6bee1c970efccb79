"""The window side of a record type that has no module of its own here: its columns,
its name in a question and its detail panel, all read from the registry's declaration.

A newly declared type shows in the window through this alone; a module of its own is an
optional refinement (a meeting's name reads "open-ended meeting of 19 March 2024").
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from msmedesk.domain import LinkGroup, PartialDate, long_date
from msmedesk.registry import Field, RecordType

from msmedesk.ui.kinds.base import Column, Detail, RecordKind

# A column's first width by the kind of value it shows (the last column takes the rest).
_WIDTHS = {"name": 200, "title": 300, "text": 300, "symbol": 190, "full_date": 130,
           "partial_date": 130, "choice": 130, "integer": 80, "email": 230, "owner": 180,
           "ref": 200, "names": 200, "symbols": 200, "dates": 200}
# Kinds of value that the detail panel shows as a fact (one line beside its label).
_FACTS = frozenset(("name", "title", "symbol", "full_date", "partial_date", "choice",
                    "integer", "email", "owner", "ref"))
_LISTS = frozenset(("names", "symbols", "dates"))


def value_text(f: Field, value: Any) -> str:
    """A field's value as staff read it: choices in plain words, dates in WTO style."""
    if value is None or value == "":
        return ""
    if f.kind == "choice":
        return f.choice_label(str(value))
    if isinstance(value, PartialDate):
        return value.long()
    if isinstance(value, date):
        return long_date(value)
    if f.kind == "ref":
        return ref_text(value)
    return str(value)


def ref_text(value: Any) -> str:
    """A record named by its identity ({"name": "Ana López", "of": "Mexico"} or an object
    with those attributes) as a line: "Ana López (Mexico)"."""
    parts = list(value.values()) if isinstance(value, dict) else list(vars(value).values())
    return _named([str(p) for p in parts if p not in (None, "")])


def _identity(t: RecordType) -> tuple[Field, ...]:
    keys = t.identity or (t.fields[0].key,)
    return tuple(t.field(k) for k in keys)


def name_of(t: RecordType, record: Any) -> str:
    """A record by its identity: "Ana López (Mexico)", "Annex 1"."""
    return _named([w for w in (_identity_text(f, record) for f in _identity(t)) if w])


def _identity_text(f: Field, record: Any) -> str:
    # A bare number says nothing alone: it is named with its field ("Annex 1", not "1").
    text = value_text(f, getattr(record, f.name, None))
    return f"{f.label} {text}" if text and f.kind == "integer" else text


def _named(words: Sequence[str]) -> str:
    # The first word, the rest in brackets: "Ana López (Mexico)".
    if not words:
        return ""
    return words[0] + (f" ({', '.join(words[1:])})" if len(words) > 1 else "")


def _columns(t: RecordType) -> tuple[Column, ...]:
    keys = t.columns or tuple(f.key for f in t.fields if f.kind in _FACTS)
    return tuple(Column(k, t.field(k).heading, _WIDTHS.get(t.field(k).kind, 140),
                        words=t.field(k).kind == "choice", numeric=t.field(k).kind == "integer")
                 for k in keys)


def _text_field(t: RecordType) -> Field | None:
    return next((f for f in t.fields if f.kind == "text"), None)


def _detail(t: RecordType, record: Any, links: Sequence[LinkGroup]) -> Detail:
    heading_field = _identity(t)[0]
    facts = [(f.label, value_text(f, getattr(record, f.name, None)) or "not recorded")
             for f in t.fields if f.kind in _FACTS and f is not heading_field]
    lists = [LinkGroup(f.label, tuple(value_text(f, v) for v in getattr(record, f.name, ())))
             for f in t.fields if f.kind in _LISTS]
    text = _text_field(t)
    return Detail(heading=_identity_text(heading_field, record),
                  facts=facts, groups=(*lists, *links),
                  text=str(getattr(record, text.name, "") or "") if text else "")


def search_hint(t: RecordType) -> str:
    """What the search looks in, as the search field's grey text says it."""
    if t.search_hint:
        return t.search_hint
    headings = [c.label.lower() for c in _columns(t)]
    return ", ".join(headings[:-1]) + (" or " if len(headings) > 1 else "") + headings[-1]


def generic_kind(t: RecordType) -> RecordKind:
    """The window side of ``t`` from its declaration alone."""
    return RecordKind(
        type=t, columns=_columns(t),
        describe=lambda record: f"the {t.noun} {name_of(t, record)}".rstrip(),
        detail=lambda record, links: _detail(t, record, links),
        has_links=True, search_hint=search_hint(t))
