"""A field's problem (``FieldError``), a record refused (``ValidationError``), and user
text made safe to quote in a message."""

from __future__ import annotations

import re
from dataclasses import dataclass

# What a one-line text (a name, an acronym, a title) may not hold, besides control characters
# (line breaks, tabs): every invisible format character (Unicode's category Cf: zero-width spaces
# and joiners, bidirectional marks, overrides and isolates, the byte order mark, soft
# hyphens ...), so that "Canada\u200b" cannot be a second Canada, nor a name read
# backwards. tests/test_validation.py holds this list to Unicode's own.
FORMAT_CHARS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                 "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                 "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                 "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")

# Characters that must not reach a message as they are: they would break the one line,
# reorder what the reader sees (bidirectional overrides), or not print at all.
_UNSHOWABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{FORMAT_CHARS}]")
_LONG_QUOTE = re.compile(r'"([^"]{81,})"')


def shown(text: str) -> str:
    """User text made safe to quote inside a one-line message (escaped, shortened)."""
    text = _UNSHOWABLE.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100
                           else f"\\u{ord(m[0]):04x}", text)
    return _LONG_QUOTE.sub(lambda m: f'"{m[1][:60]}…"', text)


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of one record."""

    field: str
    message: str
    record: str = ""

    def __post_init__(self) -> None:
        # Messages quote what the user typed: keep them one short, printable line.
        object.__setattr__(self, "message", shown(self.message))

    def __str__(self) -> str:
        if self.record and not self.field and self.message.startswith("has "):
            # About the record's keys, one clause: 'meetings[3] has an unknown key "x"'.
            return f"{self.record} {self.message}"
        where = ".".join(part for part in (self.record, self.field) if part)
        return f"{where}: {self.message}" if where else self.message


class ValidationError(Exception):
    """Raised by a service or the importer when a record may not be written."""

    def __init__(self, errors: list[FieldError] | tuple[FieldError, ...]):
        self.errors = tuple(errors)
        first = str(self.errors[0]) if self.errors else "invalid record"
        more = len(self.errors) - 1
        suffix = f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else ""
        super().__init__(first + suffix)

    def for_field(self, name: str) -> list[str]:
        """The messages about one field."""
        return [e.message for e in self.errors if e.field == name]


def raise_if(errors: list[FieldError]) -> None:
    """Raise ValidationError when the list is not empty."""
    if errors:
        raise ValidationError(errors)
