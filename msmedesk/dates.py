"""Reading dates as people write them ("4 March 2025", "4/3/25", "March 2025"), no Qt.

Day first, as in Geneva: "4/3/2025" is 4 March. A two-digit year is 20xx. Years run from
1900 to 2200, as ``PartialDate`` allows. ``read_date`` never guesses: text it cannot read
whole, or a date that does not exist, gives a problem in plain words instead of a date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from msmedesk.domain import MONTHS, PartialDate, long_date

FIRST_YEAR, LAST_YEAR = 1900, 2200
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

# Full names, three letters, and "Sept" (the office's own habit), matched lower-case.
_MONTH_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(MONTHS, start=1):
    _MONTH_NUMBERS[_name.lower()] = _number
    _MONTH_NUMBERS[_name[:3].lower()] = _number
_MONTH_NUMBERS["sept"] = 9
_WEEKDAY_NUMBERS: dict[str, int] = {}
for _number, _name in enumerate(WEEKDAYS):
    _WEEKDAY_NUMBERS[_name.lower()] = _number
    _WEEKDAY_NUMBERS[_name[:3].lower()] = _number
_WEEKDAY_NUMBERS.update({"tues": 1, "thur": 3, "thurs": 3})

# [0-9], not \d: \d also matches other scripts' digits, which nobody means in a date.
_YEAR = r"(?P<year>[0-9]{4}|[0-9]{2})"
_DAY = r"(?P<day>[0-9]{1,2})(?:st|nd|rd|th)?"
_WORD = r"(?P<month>[a-z]+)\.?"
_GAP = r"\s*[-/.]?\s*"  # 4 March, 4March, 4-Mar (as spreadsheets write it)
_SHAPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern)) for kind, pattern in (
        # 2025-03-04, 2025/3/4, 2025-03, 2025: the year first is always four digits.
        ("iso", r"(?P<year>[0-9]{4})(?:(?P<sep>[-/.])(?P<month>[0-9]{1,2})"
                r"(?:(?P=sep)(?P<day>[0-9]{1,2}))?)?"),
        # 4/3/2025, 4.3.25, 4-3-2025: day first.
        ("numbers", r"(?P<day>[0-9]{1,2})(?P<sep>[-/.])(?P<month>[0-9]{1,2})(?P=sep)" + _YEAR),
        # 3/2025: a month and a four-digit year.
        ("month-number", r"(?P<month>[0-9]{1,2})[/.](?P<year>[0-9]{4})"),
        # 4 March 2025, 4 Mar 25, 4March2025, 4-Mar-2025, 4th of March, 2025.
        ("day-word", _DAY + _GAP + r"(?:of\s+)?" + _WORD + r"\s*[-/.,]?\s*" + _YEAR),
        # March 4, 2025, Mar 4 2025.
        ("word-day", _WORD + r"\s*" + _DAY + r"(?:\s*,\s*|\s+)" + _YEAR),
        # March 2025, Mar. 2025.
        ("word-year", _WORD + r"\s*,?\s*(?P<year>[0-9]{4})"),
    ))
# Text that says a day and a month but no year ("4 March", "March 4").
_NO_YEAR = re.compile(r"(?:[0-9]{1,2}(?:st|nd|rd|th)?\s*(?:of\s+)?[a-z]+\.?"
                      r"|[a-z]+\.?\s*[0-9]{1,2}(?:st|nd|rd|th)?)")
_LEADING_WEEKDAY = re.compile(r"(?P<weekday>[a-z]+)\.?\s*,?\s+(?P<rest>.+)")


@dataclass(frozen=True)
class Reading:
    """What a date text says: the date, or the problem in words, and the field's value.

    ``value`` is what a form hands to validation: the ISO text of the date read; for a
    date that does not exist, its ISO shape ("2025-02-30"), which validation refuses in
    words; for text that is not read at all, the text itself; None when empty.
    """

    text: str
    date: PartialDate | None
    words: str
    problem: str
    value: str | None

    @property
    def ok(self) -> bool:
        """Whether the text is empty or a date the field accepts."""
        return not self.problem


def long_text(when: PartialDate) -> str:
    """How a field shows a date: "4 March 2025", "March 2025", "2025"."""
    return when.long()


def in_words(when: PartialDate) -> str:
    """What a date means, in words: "Tuesday 4 March 2025", "March 2025 (no day)"."""
    if when.month is None:
        return f"{when.year} (no month or day)"
    if when.day is None:
        return f"{when.long()} (no day)"
    return f"{WEEKDAYS[when.to_date().weekday()]} {when.long()}"


def example(partial: bool) -> str:
    """The forms a field accepts, as a hint: day first, as in Geneva."""
    if partial:
        return "4 March 2025, 4/3/2025, March 2025 or 2025 (day first)"
    return "4 March 2025 or 4/3/2025 (day first)"


def _year(text: str) -> int:
    # A two-digit year is this century's: nobody types "25" for 1925 in this office.
    return 2000 + int(text) if len(text) == 2 else int(text)


def _iso_shape(year: int, month: int, day: int | None) -> str:
    """The ISO shape of numbers read, real date or not, for validation to judge."""
    text = f"{year:04d}-{month:02d}"
    return text if day is None else f"{text}-{day:02d}"


def _not_read(text: str, partial: bool, why: str = "") -> Reading:
    lead = why or f'"{text}" is not a date I can read'
    hint = "4 March 2025, March 2025 or 2025" if partial else "4 March 2025 or 4/3/2025"
    return Reading(text, None, "", f"{lead} (e.g. {hint})", text)


def read_date(text: str, *, partial: bool = False) -> Reading:
    """Read a date as people write it; ``partial`` also accepts "March 2025" and "2025"."""
    shown = " ".join(text.split())
    if not shown:
        return Reading("", None, "", "", None)
    lowered = shown.lower()
    weekday: int | None = None
    lead = _LEADING_WEEKDAY.fullmatch(lowered)
    if lead and lead.group("weekday") in _WEEKDAY_NUMBERS:
        weekday = _WEEKDAY_NUMBERS[lead.group("weekday")]
        lowered = lead.group("rest")
    for kind, pattern in _SHAPES:
        match = pattern.fullmatch(lowered)
        if match:
            return _judge(shown, kind, match, weekday, partial)
    if _NO_YEAR.fullmatch(lowered):
        return _not_read(shown, partial, f'"{shown}" needs the year as well')
    return _not_read(shown, partial)


def _judge(shown: str, kind: str, match: re.Match[str], weekday: int | None,
           partial: bool) -> Reading:
    """Check the numbers a shape found; a date only when all of them make one."""
    groups = match.groupdict()
    raw_month = groups.get("month")
    if raw_month is None:
        month = None
    elif raw_month.isdigit():
        month = int(raw_month)
    elif raw_month in _MONTH_NUMBERS:
        month = _MONTH_NUMBERS[raw_month]
    else:
        written = re.search(re.escape(raw_month), shown, re.IGNORECASE)
        word = written.group(0) if written else raw_month
        return _not_read(shown, partial, f'"{word}" is not a month')
    year = _year(groups["year"])
    day = int(groups["day"]) if groups.get("day") else None
    if month is None:
        if weekday is not None:
            return _not_read(shown, partial)
        when = PartialDate(year) if FIRST_YEAR <= year <= LAST_YEAR else None
    else:
        if not 1 <= month <= 12:
            hint = ""
            if kind == "numbers" and day is not None and 1 <= day <= 12:
                hint = f" (the day comes first: {month}/{day} is {month} {MONTHS[day - 1]})"
            return Reading(shown, None, "", f"There is no month {month}{hint}",
                           _iso_shape(year, month, day))
        when = None
        if FIRST_YEAR <= year <= LAST_YEAR:
            if day is not None:
                last = calendar.monthrange(year, month)[1]
                if not 1 <= day <= last:
                    return Reading(shown, None, "", f"{day} {MONTHS[month - 1]} {year} is not "
                                   f"a date: {MONTHS[month - 1]} {year} has {last} days",
                                   _iso_shape(year, month, day))
            when = PartialDate(year, month, day)
    if when is None:
        return Reading(shown, None, "", f"{year}: the year must be from {FIRST_YEAR} to "
                       f"{LAST_YEAR}",
                       _iso_shape(year, month, day) if month else f"{year:04d}")
    if weekday is not None:
        if day is None:
            return _not_read(shown, partial)
        actual = when.to_date().weekday()
        if actual != weekday:
            # The text says two different days: take neither.
            return Reading(shown, None, "", f"{when.long()} is a {WEEKDAYS[actual]}, not a "
                           f"{WEEKDAYS[weekday]}", shown)
    if not partial and not when.is_full():
        need = "the day" if when.month else "the day and month"
        return Reading(shown, None, "", f"{when.long()} needs {need} as well", when.iso())
    return Reading(shown, when, in_words(when), "", when.iso())


def today_text() -> str:
    """Today as a field shows it."""
    return long_text(PartialDate.from_date(date.today()))


def shown_text(value: object) -> str:
    """A list's value as the window shows it: dates in WTO style ("19 March 2024"), a list
    joined by commas, None as blank."""
    if value is None:
        return ""
    if isinstance(value, PartialDate):
        return value.long()
    if isinstance(value, date):
        return long_date(value)
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)
