"""What a record type is made of: its fields (``Field``), its nested rows (``RowType``) and
the type itself (``RecordType``), as plain frozen declarations."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Literal

# Texts longer than these are refused: no real narrative comes near them, and they keep a
# hostile archive from filling the data file. (A symbol's limit is domain.MAX_SYMBOL.)
MAX_TEXT = 100_000  # a narrative: notes, summaries
MAX_NAME = 500  # a name, an acronym, a web address
MAX_TITLE = 2000
MAX_TOPIC = 5000
MAX_DESCRIPTION = 20_000
MAX_COUNT = 1000  # counts_as, founding_members

ValueKind = Literal[
    "name",  # one line, stripped, at most MAX_NAME ("" when not given, or None if optional)
    "title",  # one line, at most MAX_TITLE
    "text",  # several lines, at most ``limit``
    "symbol",  # a WTO document symbol
    "full_date",  # a calendar date
    "partial_date",  # a year, month or day
    "choice",  # one of ``choices``
    "integer",  # a whole number between ``minimum`` and ``maximum``
    "names",  # a list of names (Members, organizations)
    "symbols",  # a list of document symbols
    "dates",  # a list of calendar dates
    "rows",  # a list of ``RowType`` rows
    "email",  # one e-mail address (local@domain.tld), at most MAX_NAME
    "owner",  # a Member (by its name) or an organization (by its acronym, else its name)
    "ref",  # a record of the ``target`` type, by its ``identity`` keys (an object)
]

#: Where a record type's list is shown: a tab of its own, inside the Reference tab, or none.
Tab = Literal["main", "reference", "none"]

#: How the archive writes a field: always, only when it is set, or never (derived elsewhere).
Archived = Literal["always", "when_set", "never"]


@dataclass(frozen=True)
class Choice:
    """One allowed value of a choice field and how staff read it."""

    value: str
    label: str  # in lists and details ("Convening notice")
    long_label: str = ""  # in a form's drop-down, where it differs ("Convening notice (airgram)")

    @property
    def form_label(self) -> str:
        """The wording of the value in a form's drop-down."""
        return self.long_label or self.label


@dataclass(frozen=True)
class Field:
    """One field of a record or row: its archive key, label, kind of value and limits."""

    key: str  # the archive's key (and the form's)
    label: str  # as a form heads it
    kind: ValueKind
    attr: str = ""  # the record's attribute, where it differs from ``key``
    required: bool = False
    optional: bool = False  # None (not "") when not given
    limit: int | None = None  # of a text's length
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[Choice, ...] = ()
    default: Any = None  # what stands for "not given" in a form (() for an empty list)
    archived: Archived = "always"
    fallback: str = ""  # the archive writes this attribute's value when the field is empty
    blank_for_none: bool = False  # the archive writes "" for None
    column_label: str = ""  # as a list's column heads it, where it differs from ``label``
    rows: RowType | None = None  # of a "rows" field
    target: str = ""  # the registry key of the type a "ref" field names a record of
    hint: str = ""  # a form's tooltip for the field
    placeholder: str = ""  # a form's grey text in the empty field
    # Further names a search may give the field (``member:Mexico``), beside its label, its
    # column heading and its key (msmedesk.search.fields reads them).
    search_names: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The record's attribute that holds the field."""
        return self.attr or self.key

    @property
    def heading(self) -> str:
        """The column heading of the field in a list."""
        return self.column_label or self.label

    def choice_label(self, value: str) -> str:
        """The plain words of a stored choice ("under-discussion" -> "Under discussion")."""
        for choice in self.choices:
            if choice.value == value:
                return choice.label
        return value

    @cached_property  # (asked once per record an import reads: 140,000 times a large one)
    def values(self) -> tuple[str, ...]:
        """The allowed values of a choice field, in the order a form offers them."""
        return tuple(c.value for c in self.choices)


@dataclass(frozen=True)
class RowType:
    """A kind of row nested in a record (a meeting's presentations, the Coordinators)."""

    key: str  # the list's archive key: "presentations"
    noun: str  # "presentation"
    record: type
    fields: tuple[Field, ...]

    def field(self, key: str) -> Field:
        """The field of archive key ``key``."""
        return _field(self.fields, key)

    @property
    def labels(self) -> Mapping[str, str]:
        """Archive key -> label of every field."""
        return {f.key: f.label for f in self.fields}


@dataclass(frozen=True)
class RecordType:
    """Everything the program says once about one record type."""

    key: str  # the services' attribute and the form's kind: "members"
    noun: str  # "Member", "outreach event"
    plural: str  # "Members", "outreach events"
    title: str  # of its tab: "Members"
    section: str  # the archive's key: "members", "package_entries", "group"
    record: type
    fields: tuple[Field, ...]
    identity: tuple[str, ...] = ()  # archive keys that tell one record from another
    prose: str = ""  # the noun inside a sentence, where it differs ("Group profile")
    single: bool = False  # one record, not a list (the Group's profile)
    tab: Tab = "main"
    position: int = 0  # order among the tabs (and in the Reference tab)
    archive_position: int = 0  # order among the archive's sections (what a section names
    # must come in an earlier one: meetings name documents, proposals name meetings)
    when_empty: Archived = "always"  # "when_set": the section is written only when it has records
    columns: tuple[str, ...] = ()  # archive keys of the fields its list shows, in order
    search_hint: str = ""  # what its list's search looks in ("name, title or e-mail")
    by_year: bool = True  # whether its list offers a year filter (records without a date do not)
    _by_key: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_key", {f.key: f for f in self.fields})

    def field(self, key: str) -> Field:
        """The field of archive key ``key``."""
        return self._by_key[key]

    @property
    def rows(self) -> tuple[RowType, ...]:
        """The row types nested in this record."""
        return tuple(f.rows for f in self.fields if f.rows is not None)

    @property
    def prose_noun(self) -> str:
        """The noun inside a sentence."""
        return self.prose or self.noun


def _field(fields: tuple[Field, ...], key: str) -> Field:
    for f in fields:
        if f.key == key:
            return f
    raise KeyError(key)


# Shorthands the per-type modules declare their fields with.


def name(key: str, label: str, **kw: Any) -> Field:
    """A one-line name."""
    optional = kw.get("optional", False)
    kw.setdefault("limit", MAX_NAME)
    return Field(key, label, "name", default=None if optional else "", **kw)


def text(key: str, label: str, limit: int = MAX_TEXT, **kw: Any) -> Field:
    """A narrative text."""
    return Field(key, label, "text", limit=limit, default="", **kw)


def title(key: str, label: str, **kw: Any) -> Field:
    """A one-line title."""
    return Field(key, label, "title", limit=MAX_TITLE, default="", **kw)


def symbol(key: str, label: str, **kw: Any) -> Field:
    """A WTO document symbol."""
    return Field(key, label, "symbol", optional=True, **kw)


def full_date(key: str, label: str, **kw: Any) -> Field:
    """A calendar date."""
    return Field(key, label, "full_date", optional=True, **kw)


def partial_date(key: str, label: str, **kw: Any) -> Field:
    """A year, a month or a day."""
    return Field(key, label, "partial_date", optional=True, **kw)


def choice(key: str, label: str, choices: tuple[Choice, ...], default: str, **kw: Any) -> Field:
    """One of a set of values."""
    return Field(key, label, "choice", choices=choices, default=default, **kw)


def listing(key: str, label: str, kind: ValueKind, **kw: Any) -> Field:
    """A list of names, symbols or dates."""
    return Field(key, label, kind, limit=MAX_NAME if kind == "names" else None, default=(), **kw)


def rows(row_type: RowType, label: str) -> Field:
    """A list of nested rows."""
    return Field(row_type.key, label, "rows", rows=row_type, default=())
