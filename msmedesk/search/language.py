"""The search language: what staff type in a search box, in Find anywhere and after
``msmedesk find``, read into a ``Query`` (``parse``), printed back (``to_text``) and told in
words (``describe``).

Words and "quoted phrases"; ``-word`` or ``not word``; ``or``; brackets; words side by
side (or ``and``) must all match; ``field:value``, ``field:"two words"``, ``field:=whole
value``, ``*`` where typed; dates and years with ranges and comparisons (``year:2024``,
``date:2024-06..2024-12``, ``date:>=March 2024``), read by the forms' date reader. Field
names come from the catalog (``msmedesk.search.fields``). A text it cannot read is a
``SearchError`` of one plain sentence and the place it went wrong, never another error.
"""

from __future__ import annotations

import difflib

from msmedesk.registry import RECORD_TYPES
from msmedesk.search.date_values import RANGE, date_range, reads, split_operator
from msmedesk.search.describe import describe
from msmedesk.search.fields import lookup, names_of
from msmedesk.search.query import (
    EVERYTHING,
    And,
    DateRange,
    Not,
    Or,
    Query,
    SearchError,
    Text,
    fold,
)
from msmedesk.search.tokens import KEYWORDS, OPERATORS, Token, balanced, tokenize

# Deeper than this, brackets and "-" are no search anyone types (and would run out of stack).
MAX_DEPTH = 100
# A date typed without quotes after a field ("date:>=4 March 2024") takes at most this many
# words after its first.
_DATE_WORDS = 3
_PLURALS = {t.key: t.title for t in RECORD_TYPES}


def field_names(kind: str | None = None) -> list[str]:
    """The field names a search of type ``kind`` (every type when None) knows, sorted."""
    return names_of(kind)


def _folded(typed: str, position: int, in_field: bool = False) -> tuple[str, bool]:
    """``typed`` as the index compares it, and whether it must be read as a phrase: when
    folding left a space inside it (an accent typed alone, "a´b", folds to one) or a mark
    that only quotes keep ("（" folds to "(").
    """
    words = fold(typed).split()
    value = " ".join(words)
    if '"' in value:  # ("＂" folds to '"', which no phrase can hold)
        raise SearchError(f"“{typed}” holds a quotation mark, which a search cannot look for.",
                          position)
    return value, len(words) > 1 or (bool(value) and not _bare(value, in_field))


class _Reader:
    """Reads the pieces of one typed search, from left to right."""

    def __init__(self, text: str, kind: str | None) -> None:
        self.text = text
        self.kind = kind
        self.tokens = tokenize(text)
        self.at = 0
        self.depth = 0

    def peek(self) -> Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> Token:
        token = self.tokens[self.at]
        self.at += 1
        return token

    def ends_part(self, token: Token | None) -> bool:
        """Whether ``token`` cannot start a part (the end, ")", "or", "and")."""
        return token is None or token.kind == ")" or token.keyword in ("or", "and")

    def query(self) -> Query:
        """The whole search."""
        if not self.tokens:
            return EVERYTHING
        found = self.either()
        left = self.peek()
        if left is not None:  # (only a ")" stops "either" before the end)
            raise SearchError("This closing bracket has no opening one.", left.position)
        return found

    def either(self) -> Query:
        """Parts joined by "or"."""
        parts = [self.all_of()]
        while (token := self.peek()) is not None and token.keyword == "or":
            self.take()
            if self.ends_part(self.peek()):
                raise SearchError(f"“{token.text}” needs something to find on both sides.",
                                  token.position)
            parts.append(self.all_of())
        return parts[0] if len(parts) == 1 else Or(tuple(parts))

    def all_of(self) -> Query:
        """Parts side by side (or joined by "and")."""
        parts: list[Query] = []
        while not self.ends_part(token := self.peek()) or (token and token.keyword == "and"):
            assert token is not None
            if token.keyword == "and":
                self.take()
                if not parts or self.ends_part(self.peek()):
                    raise SearchError(f"“{token.text}” needs something to find on both "
                                      "sides.", token.position)
                continue
            parts.append(self.one())
        if not parts:
            token = self.peek()
            if token is None:  # ("(" at the end)
                raise SearchError("This search ends too soon: something to find is missing.",
                                  len(self.text))
            if token.kind == ")":
                raise SearchError("This closing bracket has no opening one.", token.position)
            raise SearchError(f"“{token.text}” needs something to find on both sides.",
                              token.position)
        return parts[0] if len(parts) == 1 else And(tuple(parts))

    def one(self) -> Query:
        """One part: "-" or "not" before a part, a bracket, a word, a phrase or a field."""
        token = self.take()
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise SearchError("This search has too many brackets or “-” inside one another.",
                              token.position)
        try:
            return self._one(token)
        finally:
            self.depth -= 1

    def _one(self, token: Token) -> Query:
        if token.kind == "-" or token.keyword == "not":
            if self.ends_part(self.peek()):
                raise SearchError(f"“{token.text}” needs something after it to leave out.",
                                  token.position)
            return Not(self.one())
        if token.kind == "(":
            if (inner := self.peek()) is not None and inner.kind == ")":
                raise SearchError("These brackets hold nothing.", token.position)
            found = self.either()
            if self.peek() is None:
                raise SearchError("This bracket is never closed: add a “)”.", token.position)
            self.take()
            return found
        if token.kind == "phrase":
            words, _ = _folded(token.text, token.position)
            if not words:
                raise SearchError("These quotes hold nothing to find.", token.position)
            return Text(words, phrase=True)
        if token.kind == "field":
            return self.field(token)
        # A word (a ")" never reaches here: see all_of).
        value, spaced = _folded(token.text, token.position)
        if not value:
            raise SearchError(f"“{token.text}” has no letters or digits to find.",
                              token.position)
        return Text(value, phrase=spaced)

    def field(self, token: Token) -> Query:
        """A ``field:value`` part."""
        found = lookup(token.text)
        if found is None or (self.kind is not None and self.kind not in found.targets):
            raise SearchError(self.unknown(token.text, found is not None), token.position)
        if found.kind == "text":
            return self.text_value(token, found.name)
        typed = token.operator + token.value
        if not token.quoted and RANGE not in token.value:
            typed = token.operator + self.date_words(token)
        return date_range(found.name, typed, token.value_position - len(token.operator))

    def text_value(self, token: Token, name: str) -> Text:
        exact = token.operator == "="
        value = token.value if exact else token.operator + token.value
        value, spaced = _folded(value, token.value_position, in_field=True)
        spaced = spaced or (not exact and value.startswith("="))  # (only quotes keep it)
        if not value:
            what = f"“{token.text}:=”" if exact else f"“{token.text}:”"
            raise SearchError(f"{what} needs a value right after it, e.g. {token.text}:"
                              f"{'=' if exact else ''}Mexico.", token.end)
        return Text(value, field=name, exact=exact, phrase=token.quoted or spaced)

    def date_words(self, token: Token) -> str:
        """A date value typed without quotes, with the words after it that are part of it
        ("date:>=March 2024": "March 2024"), the longest run the date reader takes; the
        value may also follow a space ("date:>= March 2024")."""
        words = [token.value] if token.value else []
        following: list[Token] = []
        for ahead in self.tokens[self.at:self.at + _DATE_WORDS + 1 - len(words)]:
            if ahead.kind != "word" or ahead.keyword or RANGE in ahead.text:
                break
            following.append(ahead)
        taken = 0
        for count in range(1, len(following) + 1):
            # (a year's month or day is taken too, to be refused in words: "year:March 2024")
            if reads(" ".join([*words, *(t.text for t in following[:count])])):
                taken = count
        if taken:
            words += [t.text for t in following[:taken]]
            self.at += taken
        return " ".join(words)

    def unknown(self, typed: str, elsewhere: bool) -> str:
        """The sentence for a field name this search does not know, with the nearest."""
        known = names_of(self.kind)
        near = difflib.get_close_matches(typed.casefold(), known, n=1, cutoff=0.6)
        where = "" if self.kind is None else f" in {_PLURALS.get(self.kind, self.kind)}"
        if near:
            hint = f"; did you mean “{near[0]}”?"
        elif elsewhere:
            hint = " (other lists have it: try Find anywhere)."
        else:
            hint = "."
        return f"There is no field “{typed}”{where}{hint}"


def parse(text: str, kind: str | None = None) -> Query:
    """The query ``text`` means, for the list of type ``kind`` (a registry key) or, when
    None, for every type (Find anywhere); an empty text means every record."""
    return _Reader(text, kind).query()


def _bare(value: str, in_field: bool) -> bool:
    """Whether ``value`` reads back as itself without quotes."""
    if not value or any(c.isspace() or c == '"' for c in value) or not balanced(value):
        return False
    if in_field:
        return True
    return value.casefold() not in KEYWORDS and [t.kind for t in tokenize(value)] == ["word"]


def _value(value: str, phrase: bool) -> str:
    # (parse reads a value that would not read back bare as a phrase: see _folded)
    return f'"{value}"' if phrase else value


def to_text(query: Query) -> str:
    """``query`` as one would type it: ``parse(to_text(q)) == q``."""
    if isinstance(query, Text):
        if query.field is None:
            return _value(query.value, query.phrase)
        return f"{query.field}:{'=' if query.exact else ''}" \
               f"{_value(query.value, query.phrase)}"
    if isinstance(query, DateRange):
        operator, value = split_operator(query.typed)
        shown = value if _bare(value, True) else f'"{value}"'
        return f"{query.field}:{operator}{shown}"
    if isinstance(query, Not):
        return f"-{_inner(query.part)}"
    joiner = " " if isinstance(query, And) else " or "
    return joiner.join(_inner(part) for part in query.parts)


def _inner(query: Query) -> str:
    """A part of a larger query, in brackets when it has parts of its own."""
    text = to_text(query)
    return f"({text})" if isinstance(query, And | Or) else text


__all__ = ["OPERATORS", "describe", "field_names", "parse", "to_text"]
