"""Reading dates as people write them (msmedesk.dates), with property tests, no Qt."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from msmedesk.dates import WEEKDAYS, read_date
from msmedesk.domain import MONTHS, PartialDate

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31))


def _month_word(d: date, style: str) -> str:
    name = MONTHS[d.month - 1]
    return {"full": name, "short": name[:3], "upper": name.upper(), "lower": name.lower(),
            "sept": "Sept" if d.month == 9 else name}[style]


# Every way of writing a full day the field promises to read (day first, as in Geneva).
FULL_FORMS: dict[str, Callable[[date, str], str]] = {
    "4 March 2025": lambda d, m: f"{d.day} {m} {d.year}",
    "March 4, 2025": lambda d, m: f"{m} {d.day}, {d.year}",
    "4/3/2025": lambda d, m: f"{d.day}/{d.month}/{d.year}",
    "04/03/2025": lambda d, m: f"{d.day:02d}/{d.month:02d}/{d.year}",
    "4.3.2025": lambda d, m: f"{d.day}.{d.month}.{d.year}",
    "2025-03-04": lambda d, m: d.isoformat(),
    "4March2025": lambda d, m: f"{d.day}{m}{d.year}",
    "Tuesday 4 March 2025": lambda d, m: f"{WEEKDAYS[d.weekday()]} {d.day} {m} {d.year}",
}
MONTH_STYLES = st.sampled_from(["full", "short", "upper", "lower", "sept"])


@FAST
@given(day=DAYS, form=st.sampled_from(sorted(FULL_FORMS)), style=MONTH_STYLES,
       partial=st.booleans())
def test_every_written_day_reads_back_as_itself(day: date, form: str, style: str,
                                                partial: bool) -> None:
    """Each accepted way of writing a day reads as that day, in a full or a partial field."""
    text = FULL_FORMS[form](day, _month_word(day, style))
    reading = read_date(text, partial=partial)
    assert reading.problem == ""
    assert reading.date == PartialDate.from_date(day)
    assert reading.value == day.isoformat()
    assert reading.words == f"{WEEKDAYS[day.weekday()]} {day.day} {MONTHS[day.month - 1]} " \
                            f"{day.year}"


@FAST
@given(day=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       form=st.sampled_from(["{d}/{m}/{yy}", "{d}.{m}.{yy}", "{d} {name} {yy}"]))
def test_two_digit_year_is_this_century_and_shown_in_full(day: date, form: str) -> None:
    """"4/3/25" is 4 March 2025, and the words say 2025 so the user sees it."""
    text = form.format(d=day.day, m=day.month, yy=f"{day.year % 100:02d}",
                       name=MONTHS[day.month - 1])
    reading = read_date(text)
    assert reading.date == PartialDate.from_date(day)
    assert str(day.year) in reading.words


@FAST
@given(year=st.integers(1900, 2200), month=st.integers(1, 12), style=MONTH_STYLES,
       iso=st.booleans())
def test_month_and_year_read_back_in_a_partial_field_only(year: int, month: int, style: str,
                                                          iso: bool) -> None:
    """"March 2025" (or "2025-03") is a partial date: accepted there, refused for a day."""
    day = date(year, month, 1)
    text = f"{year}-{month:02d}" if iso else f"{_month_word(day, style)} {year}"
    reading = read_date(text, partial=True)
    assert reading.problem == ""
    assert reading.date == PartialDate(year, month)
    assert reading.value == f"{year}-{month:02d}"
    full = read_date(text, partial=False)
    assert full.date is None
    assert "needs the day as well" in full.problem
    # Given on, the value is one that validation refuses for a full date.
    assert not PartialDate.parse(full.value or "").is_full()


@FAST
@given(year=st.integers(1900, 2200))
def test_a_year_alone_reads_in_a_partial_field_only(year: int) -> None:
    """"2025" is a year in a partial field and not enough for a day."""
    assert read_date(str(year), partial=True).date == PartialDate(year)
    assert read_date(str(year), partial=False).date is None
    assert "needs the day and month" in read_date(str(year)).problem


# ---------------------------------------------------------------- no date the text does not say

_WORDS = [*MONTHS, *(m[:3] for m in MONTHS), "Sept", "Marhc", "Octobre", "of", "th", "st",
          *WEEKDAYS, *(w[:3] for w in WEEKDAYS), "t", "today"]
_TOKENS = st.one_of(
    st.integers(0, 40).map(str),
    st.integers(0, 99).map(lambda n: f"{n:02d}"),
    st.integers(1850, 2250).map(str),
    st.sampled_from(_WORDS),
    st.sampled_from(_WORDS).map(str.lower),
)
_SEPARATORS = st.sampled_from([" ", "/", ".", "-", ", ", "", "  ", ",", " - "])


@st.composite
def date_like_text(draw: st.DrawFn) -> str:
    """Text made of the pieces dates are written with, often a date, often not."""
    tokens = draw(st.lists(_TOKENS, min_size=1, max_size=5))
    text = tokens[0]
    for token in tokens[1:]:
        text += draw(_SEPARATORS) + token
    return text


@st.composite
def mistyped_date(draw: st.DrawFn) -> str:
    """A day written in an accepted form with one of its numbers or words changed."""
    day = draw(DAYS)
    text = FULL_FORMS[draw(st.sampled_from(sorted(FULL_FORMS)))](day, MONTHS[day.month - 1])
    pieces = re.split(r"([0-9]+|[A-Za-z]+)", text)
    spots = [i for i, piece in enumerate(pieces) if piece and piece[0].isalnum()]
    pieces[draw(st.sampled_from(spots))] = draw(_TOKENS)
    return "".join(pieces)


def _what_the_text_says(text: str) -> tuple[list[int], list[str]]:
    return [int(n) for n in re.findall(r"[0-9]+", text)], re.findall(r"[A-Za-z]+", text.lower())


def _says(when: PartialDate, text: str) -> bool:
    """Whether every number and word of the text is part of writing this date."""
    numbers, words = _what_the_text_says(text)
    year_forms = {when.year} | ({when.year % 100} if 2000 <= when.year <= 2099 else set())
    wanted = {"year": bool(year_forms & set(numbers))}
    allowed = set(year_forms)
    names: set[str] = set()
    if when.month is not None:
        name = MONTHS[when.month - 1].lower()
        names = {name, name[:3]} | ({"sept"} if when.month == 9 else set())
        wanted["month"] = bool(names & set(words)) or when.month in numbers
        allowed.add(when.month)
    if when.day is not None:
        wanted["day"] = when.day in numbers
        allowed.add(when.day)
        weekday = WEEKDAYS[when.to_date().weekday()].lower()
        names |= {weekday, weekday[:3], "of", "st", "nd", "rd", "th", "tues", "thur", "thurs"}
    return (all(wanted.values()) and all(n in allowed for n in numbers)
            and all(w in names for w in words))


@FAST
@given(text=st.one_of(date_like_text(), mistyped_date()), partial=st.booleans())
@example(text="4 March 2025", partial=False)
@example(text="32 March 2025", partial=False)
@example(text="30 February", partial=True)
@example(text="Monday 4 March 2025", partial=False)
@example(text="3/13/2025", partial=False)
def test_no_text_reads_as_a_date_it_does_not_say(text: str, partial: bool) -> None:
    """A date read is made only of what was typed; anything else is a problem, never a guess."""
    reading = read_date(text, partial=partial)
    if reading.date is not None:
        assert _says(reading.date, text), (text, reading)
        assert reading.problem == ""
        assert PartialDate.parse(reading.value or "") == reading.date
        if not partial:
            assert reading.date.is_full()
    else:
        assert reading.problem  # in words, and the field's value does not pass validation
        assert not _passes_validation(reading.value, partial), (text, reading)


def _passes_validation(value: str | None, partial: bool) -> bool:
    try:
        parsed = PartialDate.parse(value or "")
    except ValueError:
        return False
    return partial or parsed.is_full()


# ---------------------------------------------------------------- what the testers typed


@pytest.mark.parametrize("text", ["4 March 2025", "4 Mar 2025", "March 4, 2025", "4/3/2025",
                                  "4.3.2025", "2025-03-04", "04/03/2025", "4MARCH2025",
                                  "4 march 25", "Tue 4 Mar 2025"])
def test_the_forms_the_office_writes_read_as_4_march_2025(text: str) -> None:
    """Never 4 December (the old field's reading of "4 March 2025")."""
    reading = read_date(text)
    assert reading.words == "Tuesday 4 March 2025"
    assert reading.value == "2025-03-04"


@pytest.mark.parametrize(("text", "words"), [
    ("32 March 2025", "32 March 2025 is not a date: March 2025 has 31 days"),
    ("30 February 2025", "30 February 2025 is not a date: February 2025 has 28 days"),
    ("29 Feb 2025", "29 February 2025 is not a date: February 2025 has 28 days"),
    ("3/13/2025", "There is no month 13 (the day comes first: 13/3 is 13 March)"),
    ("Monday 4 March 2025", "4 March 2025 is a Tuesday, not a Monday"),
    ("4 March 1850", "1850: the year must be from 1900 to 2200"),
])
def test_what_is_not_a_date_is_said_in_words(text: str, words: str) -> None:
    """"32 March" is not 3 March, "30 February" is not 3 February: the reason is given."""
    reading = read_date(text)
    assert reading.date is None
    assert reading.problem == words


@pytest.mark.parametrize(("text", "start"), [
    ("30 February", '"30 February" needs the year as well'),
    ("4 Marhc 2025", '"Marhc" is not a month'),
    ("next Tuesday", '"next Tuesday" is not a date I can read'),
    ("4/3/202", '"4/3/202" is not a date I can read'),
])
def test_text_not_read_is_kept_and_named(text: str, start: str) -> None:
    """What the field cannot read is handed on as typed, for validation to refuse."""
    reading = read_date(text, partial=True)
    assert reading.problem.startswith(start)
    assert "e.g. 4 March 2025" in reading.problem
    assert reading.value == text


def test_empty_text_is_no_date_and_no_problem() -> None:
    """An empty field is "not recorded", not an error (required fields are checked at save)."""
    for text in ("", "   "):
        reading = read_date(text)
        assert (reading.date, reading.problem, reading.value) == (None, "", None)
