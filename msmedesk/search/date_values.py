"""Reading a searched date or year (``2024``, ``2024-06..2024-12``, ``>=March 2024``) into the
days it covers, by the forms' own date reader."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from msmedesk.dates import read_date
from msmedesk.search.query import DateRange, SearchError

_OPERATOR = re.compile(r"(>=|<=|>|<|=)?(.*)", re.DOTALL)
RANGE = ".."


def split_operator(typed: str) -> tuple[str, str]:
    """The comparison a typed value starts with ("" when none) and the rest."""
    match = _OPERATOR.fullmatch(typed)
    assert match is not None  # (the pattern matches any text)
    return match.group(1) or "", match.group(2)


def reads(text: str) -> bool:
    """Whether ``text`` is a date (a year, month or day) the reader takes."""
    return read_date(text, partial=True).date is not None


def _days(text: str, field: str, position: int) -> tuple[date, date]:
    """The first and last day of the year, month or day ``text`` says."""
    reading = read_date(text, partial=True)
    when = reading.date
    if when is None:
        raise SearchError(f"{reading.problem}.", position)
    if field == "year" and when.month is not None:
        raise SearchError(f"“year:” takes a year, such as 2024, not “{reading.text}” "
                          "(for a month or a day, use date:).", position)
    month_first, month_last = (when.month, when.month) if when.month else (1, 12)
    last_day = when.day or calendar.monthrange(when.year, month_last)[1]
    return date(when.year, month_first, when.day or 1), date(when.year, month_last, last_day)


def date_range(field: str, typed: str, position: int = 0) -> DateRange:
    """The ``DateRange`` of ``field`` a typed value means (``position``: where the value
    starts in the search, for a mistake's place)."""
    operator, value = split_operator(typed)
    value = " ".join(value.split())
    shown = f"{operator}{value}"
    where = position + len(operator)
    if not value:
        after = f"after “{operator}”" if operator else f"after “{field}:”"
        raise SearchError(f"A date is needed {after}, e.g. {field}:2024.", where)
    if RANGE in value:
        if operator:
            raise SearchError(f"A range ({field}:2020..2024) takes no “{operator}” before it.",
                              position)
        first, last = (part.strip() for part in value.split(RANGE, 1))
        if not first and not last:
            raise SearchError(f"A range needs a date on at least one side of “..”, "
                              f"e.g. {field}:2020..2024.", where)
        start = _days(first, field, where)[0] if first else None
        end = _days(last, field, where + value.index(RANGE) + 2)[1] if last else None
        if start and end and start > end:
            raise SearchError(f"The range “{value}” ends before it starts.", where)
        return DateRange(field, start, end, shown)
    first_day, last_day = _days(value, field, where)
    start, end = {
        "": (first_day, last_day), "=": (first_day, last_day),
        ">=": (first_day, None), ">": (last_day + timedelta(days=1), None),
        "<=": (None, last_day), "<": (None, first_day - timedelta(days=1)),
    }[operator]
    return DateRange(field, start, end, shown)
