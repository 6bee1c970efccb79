"""Cutting a typed search into its pieces (words, "phrases", brackets, ``-``, ``field:value``),
each with its place in the text, for the search language to read."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from msmedesk.search.query import SearchError

TokenKind = Literal["(", ")", "-", "word", "phrase", "field"]

#: The comparisons a field's value may start with (longest first, as they are read).
OPERATORS = (">=", "<=", ">", "<", "=")
#: Words that join the parts of a search rather than being looked for.
KEYWORDS = frozenset({"and", "or", "not"})
# A field's name before its colon: letters first, then letters, digits and "-" ("end-date");
# "10:30" or "INF/MSME:" are words, not fields.
_FIELD = re.compile(r"([A-Za-z][A-Za-z0-9_-]*):")


def _run_end(text: str, start: int) -> int:
    """Where a bare word or value starting at ``start`` ends: at a space, a quote or a
    closing bracket, save one closing a bracket opened inside it ("WT/MIN(17)/58")."""
    end, depth = start, 0
    while end < len(text) and not text[end].isspace() and text[end] != '"':
        if text[end] == "(":
            depth += 1
        elif text[end] == ")":
            if not depth:
                break
            depth -= 1
        end += 1
    return end


def balanced(text: str) -> bool:
    """Whether every bracket in ``text`` is closed in it, in order (so that printed bare
    it neither takes a closing bracket after it nor leaves one stray)."""
    depth = 0
    for c in text:
        depth += (c == "(") - (c == ")")
        if depth < 0:
            return False
    return depth == 0


@dataclass(frozen=True)
class Token:
    """One piece of a typed search: its kind, its text and where it starts and ends."""

    kind: TokenKind
    text: str  # a word or phrase as typed (quotes off); a field's name
    position: int
    end: int
    operator: str = ""  # a field's comparison as typed (">=", "="), "" when none
    value: str = ""  # a field's value as typed (quotes off)
    value_position: int = 0
    quoted: bool = False  # a field's value was in quotes

    @property
    def keyword(self) -> str:
        """"and", "or" or "not" when the piece is one of those words (any case), else ""."""
        folded = self.text.casefold()
        return folded if self.kind == "word" and folded in KEYWORDS else ""


def _closing_quote(text: str, start: int) -> int:
    """The place of the quote that closes the one at ``start``."""
    end = text.find('"', start + 1)
    if end < 0:
        raise SearchError("This quote is never closed: add a closing quote (\").", start)
    return end


def _field(text: str, start: int, name: str) -> Token:
    """The ``name:value`` piece starting at ``start``."""
    at = start + len(name) + 1
    operator = next((op for op in OPERATORS if text.startswith(op, at)), "")
    at += len(operator)
    if text.startswith('"', at):
        end = _closing_quote(text, at)
        return Token("field", name, start, end + 1, operator, text[at + 1:end], at, True)
    end = _run_end(text, at)
    return Token("field", name, start, end, operator, text[at:end], at)


def tokenize(text: str) -> list[Token]:
    """The pieces of ``text``, in order; an unclosed quote is a ``SearchError``."""
    tokens: list[Token] = []
    at = 0
    while at < len(text):
        c = text[at]
        if c.isspace():
            at += 1
        elif c in "()":
            tokens.append(Token(c, c, at, at + 1))  # type: ignore[arg-type]
            at += 1
        elif c == '"':
            end = _closing_quote(text, at)
            tokens.append(Token("phrase", text[at + 1:end], at, end + 1))
            at = end + 1
        elif c == "-" and at + 1 < len(text) and not text[at + 1].isspace() \
                and text[at + 1] != ")":
            tokens.append(Token("-", c, at, at + 1))
            at += 1
        else:
            end = _run_end(text, at)
            named = _FIELD.match(text, at, end)
            token = (_field(text, at, named.group(1)) if named
                     else Token("word", text[at:end], at, end))
            tokens.append(token)
            at = token.end
    return tokens
