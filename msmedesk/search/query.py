"""What a search means once read: the parts of a query (``Query``), the error of a query that
cannot be read (``SearchError``) and the folding of text that makes "cote" find "Côte".

The search language (``msmedesk.search.language``) reads typed text into these values; the
services turn them into SQL over the search index. Both sides meet only here.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date


class SearchError(ValueError):
    """A query that cannot be read: one plain sentence and where in the text it went wrong."""

    def __init__(self, message: str, position: int) -> None:
        super().__init__(message)
        self.message = message
        #: the character index in the typed text where the mistake is (0-based).
        self.position = position


class IndexRebuilding(SearchError):
    """A search of a file whose search index is being completed after a large import: no
    results rather than the matches of the records indexed so far."""

    def __init__(self) -> None:
        super().__init__("The search index is being rebuilt after a large import; search "
                         "again in a moment (no results are shown until it is complete).", 0)


@dataclass(frozen=True)
class Text:
    """Words to find: anywhere in a record (``field`` None) or in one field.

    ``value`` is as typed, folded (``fold``), quotes removed, ``*`` kept where typed.
    A bare word matches within words anywhere; in a field, the start of a word
    (``status:discussion`` finds "under discussion"); ``exact`` (``=value``) the whole field.
    ``phrase`` says the value was quoted (its words in that order).
    """

    value: str
    field: str | None = None
    exact: bool = False
    phrase: bool = False


@dataclass(frozen=True)
class DateRange:
    """A date field between two days, both included (either may be open).

    ``field`` is the search name of a date field ("date", "submitted") or "year";
    ``typed`` is the value as typed ("2024-06..2024-12", ">=March 2024"), kept so that the
    query prints back as the user wrote it.
    """

    field: str
    start: date | None
    end: date | None
    typed: str


@dataclass(frozen=True)
class Not:
    """Records that do not match ``part``."""

    part: Query


@dataclass(frozen=True)
class And:
    """Records that match every one of ``parts`` (words side by side)."""

    parts: tuple[Query, ...]


@dataclass(frozen=True)
class Or:
    """Records that match at least one of ``parts`` (``or``)."""

    parts: tuple[Query, ...]


#: One read query: an empty ``And(())`` matches every record.
Query = Text | DateRange | Not | And | Or

EVERYTHING = And(())


def fold(text: str) -> str:
    """``text`` as the index keeps it and a query compares it: accents off, case folded.

    SQLite 3.40's trigram tokenizer folds neither accents nor (always) case, so the index
    holds folded text and every query value is folded the same way.
    """
    if text.isascii():
        # (No accents to take off: the same result, without a look at each character, which
        # cost 24 s of a large import's indexing.)
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).casefold()
