"""What a read search means, in one plain sentence for the line under a search box
("Meetings dated June 2024 to December 2024 and containing “trade”")."""

from __future__ import annotations

import calendar
from datetime import date

from msmedesk.domain import MONTHS
from msmedesk.registry import RECORD_TYPES
from msmedesk.search.query import And, DateRange, Not, Or, Query, Text

_NOUNS = {t.key: t.plural for t in RECORD_TYPES}


def _month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _start(day: date) -> str:
    """A range's first day as said: a year or a month when it starts one."""
    if day.month == 1 and day.day == 1:
        return str(day.year)
    if day.day == 1:
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _end(day: date) -> str:
    """A range's last day as said: a year or a month when it ends one."""
    if day.month == 12 and day.day == 31:
        return str(day.year)
    if _month_end(day):
        return f"{MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def span(start: date | None, end: date | None) -> str:
    """The days from ``start`` to ``end`` in words ("June 2024 to December 2024", "2024",
    "March 2024 or later", "February 2024 or earlier")."""
    if start is None and end is None:
        return "any day"
    if start is None:
        assert end is not None
        return f"{_end(end)} or earlier"
    if end is None:
        return f"{_start(start)} or later"
    first, last = _start(start), _end(end)
    whole_year = start.month == 1 and start.day == 1 and end.month == 12 and end.day == 31
    if start.year == end.year and (whole_year or (first == last)):
        return first
    if start == end:
        return first
    if first.isdigit() != last.isdigit():  # 2024 to March 2025: say both as months
        first = f"{MONTHS[start.month - 1]} {start.year}" if start.day == 1 else first
        last = f"{MONTHS[end.month - 1]} {end.year}" if _month_end(end) else last
    return f"{first} to {last}"


def _part(query: Query) -> str:
    """One part of a search in words, without its subject."""
    if isinstance(query, Text):
        if query.field is None:
            return f"containing “{query.value}”"
        if query.exact:
            how = "exactly"
        elif "*" in query.value:
            how = "matching"
        elif query.phrase:
            how = "containing"
        else:
            how = "starting"
        return f"with {query.field} {how} “{query.value}”"
    if isinstance(query, DateRange):
        lead = {"date": "dated", "year": "of"}.get(query.field, query.field)
        return f"{lead} {span(query.start, query.end)}"
    if isinstance(query, Not):
        return f"not {_inner(query.part)}"
    if isinstance(query, Or):
        return " or ".join(_inner(p) for p in query.parts)
    words = ""
    for index, part in enumerate(query.parts):
        if index:
            after_positive = not isinstance(query.parts[index - 1], Not)
            words += " but " if isinstance(part, Not) and after_positive else " and "
        words += _inner(part)
    return words


def _inner(query: Query) -> str:
    text = _part(query)
    return f"({text})" if isinstance(query, And | Or) and query.parts else text


def describe(query: Query, kind: str | None = None) -> str:
    """One plain sentence of what ``query`` finds among ``kind``'s records (every type's
    when None): "Records with member starting “Mexico” but not containing “draft”"."""
    noun = _NOUNS.get(kind, "records") if kind else "records"
    if isinstance(query, And) and not query.parts:
        return f"All {noun}"
    return f"{noun[0].upper()}{noun[1:]} {_part(query)}"
