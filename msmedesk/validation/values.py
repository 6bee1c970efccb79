"""Single values: the limits of texts, the checks of a symbol, a date, a text, and the
caches that make an archive's repeated values cheap."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from functools import lru_cache

from msmedesk.domain import DocumentSymbol, PartialDate

# The limits of texts and counts are the registry's (its fields carry them); validation's
# modules take them from here.
from msmedesk.registry.fields import MAX_COUNT as MAX_COUNT
from msmedesk.registry.fields import MAX_DESCRIPTION as MAX_DESCRIPTION
from msmedesk.registry.fields import MAX_NAME as MAX_NAME
from msmedesk.registry.fields import MAX_TEXT as MAX_TEXT
from msmedesk.registry.fields import MAX_TITLE as MAX_TITLE
from msmedesk.registry.fields import MAX_TOPIC as MAX_TOPIC
from msmedesk.validation.errors import FORMAT_CHARS


def check_symbol(text: str) -> str | None:
    """A plain-words problem with a document symbol, or None when it is valid."""
    try:
        (cached_symbol if isinstance(text, str) else DocumentSymbol.parse)(text)
    except ValueError as exc:
        return str(exc)
    return None


def check_partial_date(text: str) -> str | None:
    """A plain-words problem with a partial date, or None when it is valid."""
    try:
        PartialDate.parse(text)
    except ValueError as exc:
        return str(exc)
    return None


# Control characters other than \t \n \r, and unpaired surrogates: scanned by the regex
# engine rather than a Python loop per character (an import checks tens of millions).
_BAD_CHAR_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
_LINE_BREAKS = "\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029"
_BAD_LINE_CHAR_RE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029"
                               f"{FORMAT_CHARS}]")
_LINE_BREAK_RE = re.compile(f"[{_LINE_BREAKS}]")

# isinstance(x, MAPPING) is isinstance(x, Mapping), told at once for a dict (what JSON
# gives) instead of through the abstract class's slower check; likewise LIST.
MAPPING = (dict, Mapping)
LIST = (list, tuple)


# An archive repeats its dates thousands of times, and names most symbols twice (a
# meeting's documents are listed as documents too); PartialDate and DocumentSymbol are
# immutable (a bad one raises, and an exception is not cached). Text arguments only.
cached_partial_date = lru_cache(maxsize=65536)(PartialDate.parse)
cached_symbol = lru_cache(maxsize=65536)(DocumentSymbol.parse)


@lru_cache(maxsize=65536)
def cached_full_date(text: str) -> date | None:
    """The calendar date of ``text``, None when it stops at the year or month."""
    parsed = PartialDate.parse(text)
    return parsed.to_date() if parsed.is_full() else None


def bad_text(value: str, limit: int, one_line: bool = False) -> str | None:
    """What is wrong with a text (too long, a character it may not hold), or None."""
    if len(value) > limit:
        return f"is too long ({len(value):,} characters; at most {limit:,})"
    if value.isascii() and value.isprintable():
        return None  # (plain one-line ASCII, the common case, is told apart fastest)
    found = (_BAD_LINE_CHAR_RE if one_line else _BAD_CHAR_RE).search(value)
    if found is None:
        return None
    char = found[0]
    if "\ud800" <= char <= "\udfff":
        return "contains a broken character (an unpaired surrogate)"
    if one_line and _LINE_BREAK_RE.match(char):
        return f"contains a line break (U+{ord(char):04X}); it must be one line"
    return f"contains an invisible character (U+{ord(char):04X})"


class HugeNumber:
    """A whole number of the archive too long to be one (the JSON reader gives it for an
    integer of more than ``DIGITS`` digits, which Python would refuse to convert)."""

    DIGITS = 100

    def __init__(self, text: str):
        self.digits = len(text.lstrip("-"))

    def __str__(self) -> str:
        return f"a number of {self.digits:,} digits"
