"""A history entry in plain words: when, who, what it did and each field before → after.

The details panel's History section, Edit > Recent changes and a form's refused save all
say a change the same way; the field labels and choice words come from the registry.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from msmedesk.domain import long_date
from msmedesk.history import Change, moment
from msmedesk.registry import by_key
from msmedesk.registry.fields import Field

#: How much of a long text a before → after line shows (the whole is in the archive).
SHORT = 120
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class FieldChange:
    """One field a change touched: its label and its value before and after, as text."""

    label: str
    before: str
    after: str


def when(at: datetime, now: datetime | None = None) -> str:
    """The time of a change as staff read it: "14:02 today", "09:15 yesterday",
    "3 December 2026, 09:15" (local time)."""
    clock, day = moment(at, now)
    return f"{clock} {day}" if day in ("today", "yesterday") else f"{day}, {clock}"


def noun(kind: str) -> str:
    """The record type's noun ("meeting"), or the key in words for an unknown type."""
    try:
        return by_key(kind).prose_noun
    except KeyError:
        return kind.replace("_", " ")


def summary(change: Change) -> str:
    """One line: "Ana (ana on DESK-3) changed the meeting of 19 March 2024"."""
    what = f"the {noun(change.kind)} {change.label}".rstrip()
    origin = " (from an imported archive)" if change.origin == "archive" else ""
    return f"{change.author} {change.action} {what}{origin}"


def field_label(kind: str, key: str) -> str:
    """A field's label from the registry ("Summary document"), or its key in words."""
    found = _field(kind, key)
    return found.label.replace("&", "") if found is not None else key.replace("_", " ").capitalize()


def changed_fields(change: Change) -> tuple[FieldChange, ...]:
    """The fields a change touched, in the registry's words; a created or deleted record's
    fields that hold something, shown as after (or before) only."""
    if change.before is not None and change.after is not None:
        keys: Sequence[str] = change.fields_changed()
    else:
        whole = change.after if change.after is not None else change.before or {}
        keys = [k for k, v in whole.items() if v not in (None, "", [], {})]
    before, after = change.before or {}, change.after or {}
    return tuple(FieldChange(field_label(change.kind, k),
                             *told_apart(change.kind, k, before.get(k), after.get(k)))
                 for k in keys)


def field_names(change: Change) -> str:
    """The labels of the fields a change changed, joined: "Date, Summary"."""
    if change.before is None or change.after is None:
        return ""
    return ", ".join(field_label(change.kind, k) for k in change.fields_changed())


def value_text(kind: str, key: str, value: Any) -> str:
    """An archive value in plain words, shortened: a date as "19 March 2024", a choice
    as its label, rows as how many, nothing as "(empty)"."""
    if value in (None, "", [], {}):
        return "(empty)"
    found = _field(kind, key)
    if isinstance(value, list):
        if value and isinstance(value[0], Mapping):
            row_noun = found.rows.noun if found is not None and found.rows else "row"
            return f"{len(value)} {row_noun}{'' if len(value) == 1 else 's'}"
        return _short(", ".join(value_text(kind, "", v) for v in value))
    if isinstance(value, Mapping):
        return _short(", ".join(str(v) for v in value.values() if v))
    if found is not None and found.choices and isinstance(value, str):
        return found.choice_label(value)
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return long_date(date.fromisoformat(value))
        except ValueError:
            return value
    return _short(str(value))


def change_html(change: Change, now: datetime | None = None, *, heading: bool = True) -> str:
    """A change as a short HTML block: who and when, then each field before → after."""
    esc = html.escape
    parts = []
    if heading:
        parts.append(f"<p><b>{esc(when(change.at, now))}</b>: {esc(summary(change))}</p>")
    rows = changed_fields(change)
    if rows and change.action == "changed":
        items = "".join(f"<li>{esc(r.label)}: {esc(r.before)} → {esc(r.after)}</li>"
                        for r in rows)
        parts.append(f"<ul>{items}</ul>")
    elif rows and change.action in ("deleted",):
        items = "".join(f"<li>{esc(r.label)}: {esc(r.before)}</li>" for r in rows[:6])
        parts.append(f"<p>It held:</p><ul>{items}</ul>")
    return "".join(parts)


def history_html(changes: Sequence[Change], now: datetime | None = None) -> str:
    """The details panel's History section: the record's changes, newest first."""
    if not changes:
        return "<p><b>History</b>: no changes recorded</p>"
    body = "".join(change_html(c, now) for c in changes)
    return f"<p><b>History</b> ({len(changes)})</p>{body}"


def _field(kind: str, key: str) -> Field | None:
    try:
        return by_key(kind).field(key)
    except KeyError:
        return None


def told_apart(kind: str, key: str, old: Any, new: Any) -> tuple[str, str]:
    """Two values of a field in plain words (``value_text``); two long texts that differ
    only after their first words each shortened from where they part ("…was proposed.
    Ana added…"), so that the difference shows."""
    before, after = value_text(kind, key, old), value_text(kind, key, new)
    if not (isinstance(old, str) and isinstance(new, str)) or before != after and not (
            before.endswith("…") and after.endswith("…")):
        return before, after
    old, new = " ".join(old.split()), " ".join(new.split())
    start = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b),
                 min(len(old), len(new)))
    start = max(0, old.rfind(" ", 0, max(0, start - SHORT // 3)) + 1)
    return (_short(("…" if start else "") + old[start:]),
            _short(("…" if start else "") + new[start:]))


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= SHORT else text[:SHORT - 1].rstrip() + "…"
