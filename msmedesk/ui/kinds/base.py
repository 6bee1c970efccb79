"""What every record type's window side is made of: ``Column``, ``Detail``, ``RecordKind``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from msmedesk.dates import shown_text
from msmedesk.domain import LinkGroup, PartialDate
from msmedesk.registry import Field, RecordType, choice_words

# Stored kinds and statuses as staff say them (the registry's one wording of each value).
WORDS = choice_words()


def word(value: str | None) -> str:
    """A stored kind or status in plain words ("under-discussion" -> "Under discussion")."""
    if not value:
        return ""
    return WORDS.get(value, value.replace("-", " ").capitalize())


#: A column value as text: dates in WTO style ("19 March 2024"), None as blank.
show = shown_text


@dataclass(frozen=True)
class Column:
    """How one service column is headed and shown."""

    key: str
    label: str
    width: int = 140  # initial width in pixels (a list's last column takes the rest)
    words: bool = False  # a stored kind/status, shown as plain words
    numeric: bool = False

    def text(self, value: Any) -> str:
        """The cell text of a value."""
        return word(value) if self.words else show(value)


def columns(record_type: RecordType, *widths: tuple[str, int]) -> tuple[Column, ...]:
    """The columns of a list: each field's heading from the registry, its width from here."""
    out = []
    for key, width in widths:
        f = record_type.field(key)
        out.append(Column(key, f.heading, width, words=f.kind == "choice",
                          numeric=f.kind == "integer"))
    return tuple(out)


@dataclass(frozen=True)
class Detail:
    """What the detail panel shows of one record."""

    heading: str
    facts: Sequence[tuple[str, str]] = ()
    groups: Sequence[LinkGroup] = ()
    text: str = ""  # the narrative staff wrote


@dataclass(frozen=True)
class RecordKind:
    """One record type as the window shows it; its names come from the registry's type.

    ``name`` is both the attribute of the services object and the form kind.
    """

    type: RecordType
    columns: tuple[Column, ...]
    describe: Callable[[Any], str]
    detail: Callable[[Any, Sequence[LinkGroup]], Detail]
    newest_first: bool = False
    has_links: bool = False
    search_hint: str = ""
    column_by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "column_by_key", {c.key: c for c in self.columns})

    @property
    def name(self) -> str:
        """The services attribute and form kind ("members")."""
        return self.type.key

    @property
    def title(self) -> str:
        """The title of its tab."""
        return self.type.title

    @property
    def noun(self) -> str:
        """One record, in a sentence ("outreach event")."""
        return self.type.noun

    @property
    def plural(self) -> str:
        """Several records, in a sentence ("outreach events")."""
        return self.type.plural

    @property
    def text_label(self) -> str:
        """What the detail panel heads the narrative with ("Notes", "Summary")."""
        return next((f.heading for f in self.type.fields if f.kind == "text"), "Summary")

    @property
    def email_fields(self) -> tuple[Field, ...]:
        """The e-mail fields, each of which the detail panel offers to copy."""
        return tuple(f for f in self.type.fields if f.kind == "email")

    def column(self, key: str) -> Column:
        """The column spec for a service column key (a plain heading for unknown keys)."""
        return self.column_by_key.get(key) or Column(key, key.replace("_", " ").capitalize())


def partial(value: PartialDate | None) -> str:
    """A partial date in WTO style, or "" when there is none."""
    return value.long() if value else ""


def items(title: str, values: Sequence[str]) -> LinkGroup:
    """A titled list of a detail panel."""
    return LinkGroup(title, tuple(values))
