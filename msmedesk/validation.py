"""Pure checks of the Group's records: each error names the record, the field and what is wrong.

Two layers, both free of Qt and SQLAlchemy:

* ``check_*`` look at a typed record (required fields, allowed kinds, symbols, date order);
* ``parse_*`` turn raw, archive-shaped values (what the JSON archive holds and what a form's
  widgets produce) into a typed record, collecting every field error on the way.

Checks that need the data file (uniqueness, references) are done by the services and the
archive importer with the same ``FieldError``.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any, TypeVar

from msmedesk.domain import (
    ANNEXES,
    DOCUMENT_KINDS,
    MEETING_KINDS,
    OUTREACH_KINDS,
    PROPOSAL_STATUSES,
    Coordinator,
    Document,
    DocumentSymbol,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
)

T = TypeVar("T")

# Texts longer than this are refused: no real narrative comes near it, and it keeps a
# hostile archive from filling the data file.
MAX_TEXT = 100_000  # a narrative: notes, summaries
MAX_NAME = 500  # a name, an acronym, a web address
MAX_TITLE = 2000
MAX_TOPIC = 5000
MAX_DESCRIPTION = 20_000
MAX_COUNT = 1000  # counts_as, founding_members


# What a one-line text (a name, an acronym, a title) may not hold, besides control characters
# (line breaks, tabs): every invisible format character (Unicode's category Cf: zero-width spaces
# and joiners, bidirectional marks, overrides and isolates, the byte order mark, soft
# hyphens ...), so that "Canada\u200b" cannot be a second Canada, nor a name read
# backwards. tests/test_validation.py holds this list to Unicode's own.
_FORMAT_CHARS = ("\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
                 "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                 "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
                 "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")

# Characters that must not reach a message as they are: they would break the one line,
# reorder what the reader sees (bidirectional overrides), or not print at all.
_UNSHOWABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\ud800-\udfff\u2028\u2029{_FORMAT_CHARS}]")
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


# ---------------------------------------------------------------- single values


def check_symbol(text: str) -> str | None:
    """A plain-words problem with a document symbol, or None when it is valid."""
    try:
        (_parse_symbol if isinstance(text, str) else DocumentSymbol.parse)(text)
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
                               f"{_FORMAT_CHARS}]")
_LINE_BREAK_RE = re.compile(f"[{_LINE_BREAKS}]")

# isinstance(x, MAPPING) is isinstance(x, Mapping), told at once for a dict (what JSON
# gives) instead of through the abstract class's slower check; likewise LIST.
MAPPING = (dict, Mapping)
LIST = (list, tuple)


# An archive repeats its dates thousands of times, and names most symbols twice (a
# meeting's documents are listed as documents too); PartialDate and DocumentSymbol are
# immutable (a bad one raises, and an exception is not cached). Text arguments only.
_parse_partial_date = lru_cache(maxsize=65536)(PartialDate.parse)
_parse_symbol = lru_cache(maxsize=65536)(DocumentSymbol.parse)


@lru_cache(maxsize=65536)
def _parse_full_date(text: str) -> date | None:
    """The calendar date of ``text``, None when it stops at the year or month."""
    parsed = PartialDate.parse(text)
    return parsed.to_date() if parsed.is_full() else None


def _bad_text(value: str, limit: int, one_line: bool = False) -> str | None:
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


class _DuplicateKeys:
    """The key under which the JSON reader lists the keys an object had twice."""

    def __repr__(self) -> str:
        return "DUPLICATE_KEYS"


# Not a text, so no key of a JSON object can be it.
DUPLICATE_KEYS: Any = _DuplicateKeys()

# The keys of each kind of archive object: those of the shared contract
# (archive-format.md) and those msmedesk itself writes or reads (established_at, url,
# member, a meeting's proposals). An archive with another key is refused, naming it: a
# misspelt key would otherwise lose its value without a word.
ARCHIVE_KEYS: dict[str, frozenset[str]] = {
    "archive": frozenset({"format", "version", "group", "members", "organizations",
                          "documents", "meetings", "proposals", "outreach",
                          "package_entries"}),
    "group": frozenset({"name", "short_name", "established", "established_by",
                        "established_at", "founding_members", "coordinators"}),
    "coordinators": frozenset({"name", "title", "from", "to"}),
    "members": frozenset({"name", "list_name", "sort_name", "prose_name", "counts_as",
                          "joined", "left", "notes"}),
    "organizations": frozenset({"name", "acronym", "network_member_since"}),
    "documents": frozenset({"symbol", "title", "date", "kind", "url"}),
    "meetings": frozenset({"date", "kind", "convening_notice", "summary_document", "summary",
                           "presentations", "spotlights", "proposals"}),
    "presentations": frozenset({"speaker", "organization", "topic", "member"}),
    "spotlights": frozenset({"business", "person", "country", "introduced_by",
                             "description"}),
    "proposals": frozenset({"symbol", "title", "proponents", "submitted", "status",
                            "discussed_at", "summary"}),
    "outreach": frozenset({"date", "end_date", "kind", "title", "partners", "summary"}),
    "package_entries": frozenset({"annex", "year", "members", "summary"}),
}


def key_problems(raw: Mapping[str, Any], kind: str, record: str) -> list[FieldError]:
    """The keys of an archive object that are unknown for its ``kind`` or given twice."""
    known = ARCHIVE_KEYS[kind]
    if known.issuperset(raw):
        return []  # (every key known and none twice: one pass in C)
    errors = [FieldError("", f'has the key "{key}" twice', record)
              for key in raw.get(DUPLICATE_KEYS, ())]
    errors += [FieldError("", f'has an unknown key "{key}"', record)
               for key in raw if key not in known and key is not DUPLICATE_KEYS]
    return errors


class _Reader:
    """Reads raw fields of one record, collecting errors instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any], record: str):
        self.raw = raw
        # Checked once here, not per field; the mapping's own get, bound once, reads a
        # field without a Python call of ours (an import reads millions).
        fields: Mapping[str, Any] = raw if isinstance(raw, MAPPING) else {}
        self._get: Callable[[str], Any] = fields.get
        self.record = record
        self.errors: list[FieldError] = []

    def error(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message, self.record))

    def text(self, field: str, *, required: bool = False, limit: int = MAX_TEXT,
             one_line: bool = False) -> str:
        value = self._get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(field, "must be text")
            return ""
        problem = _bad_text(value, limit, one_line)
        if problem:
            self.error(field, problem)
            return ""
        if required and not value.strip():
            self.error(field, "is required")
        return value.strip() if limit == MAX_NAME else value

    def name(self, field: str, *, required: bool = False) -> str:
        return self.text(field, required=required, limit=MAX_NAME, one_line=True)

    def optional_name(self, field: str) -> str | None:
        return self.text(field, limit=MAX_NAME, one_line=True) or None

    def title(self, field: str, *, required: bool = False) -> str:
        return self.text(field, required=required, limit=MAX_TITLE, one_line=True)

    def symbol(self, field: str, *, required: bool = False) -> str | None:
        value = self._get(field)
        if value is None or value == "":
            if required:
                self.error(field, "is required")
            return None
        if not isinstance(value, str):
            self.error(field, "must be text")
            return None
        try:
            return _parse_symbol(value).text
        except ValueError as exc:
            self.error(field, str(exc))
            return None

    def partial_date(self, field: str, *, required: bool = False) -> PartialDate | None:
        value = self._get(field)
        if value is None or value == "":
            if required:
                self.error(field, "is required")
            return None
        if isinstance(value, PartialDate):
            return value
        if not isinstance(value, str):
            self.error(field, "must be a date as text (2024, 2024-06 or 2024-06-27)")
            return None
        try:
            return _parse_partial_date(value)
        except ValueError as exc:
            self.error(field, str(exc))
            return None

    def full_date(self, field: str, *, required: bool = False) -> date | None:
        value = self._get(field)
        if value is None or value == "":
            if required:
                self.error(field, "is required")
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):  # (the archive's case: one cached step)
            try:
                full = _parse_full_date(value)
            except ValueError as exc:
                self.error(field, str(exc))
                return None
            if full is None:
                self.error(field, f'"{value}" needs the day as well (write 2024-06-27)')
            return full
        parsed = self.partial_date(field)
        if parsed is None:
            return None
        if not parsed.is_full():
            self.error(field, f'"{value}" needs the day as well (write 2024-06-27)')
            return None
        return parsed.to_date()

    def integer(self, field: str, *, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None, required: bool = False) -> int | None:
        value = self._get(field)
        if value is None:
            if required:
                self.error(field, "is required")
            return default
        # bool is an int in Python, but true/false is not a count in an archive.
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, HugeNumber):
                self.error(field, f"is {value}, not a count msmedesk can hold")
            else:
                self.error(field, "must be a whole number")
            return default
        if minimum is not None and value < minimum:
            self.error(field, f"must be at least {minimum}")
            return default
        if maximum is not None and value > maximum:
            self.error(field, f"must be at most {maximum}")
            return default
        return value

    def choice(self, field: str, allowed: tuple[str, ...], default: str) -> str:
        value = self._get(field)
        if value is None or value == "":
            return default
        if value not in allowed:
            self.error(field, f'"{value}" is not one of: {", ".join(allowed)}')
            return default
        chosen: str = value  # (one of ``allowed``, so a str)
        return chosen

    def list(self, field: str) -> list[Any]:
        value = self._get(field)
        if value is None:
            return []
        if not isinstance(value, LIST):
            self.error(field, "must be a list")
            return []
        return list(value)

    def names(self, field: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, item in enumerate(self.list(field)):
            name = item.strip() if isinstance(item, str) else ""
            if not name:
                self.error(f"{field}[{i}]", "must be a name")
                continue
            problem = _bad_text(item, MAX_NAME, True)
            if problem:
                self.error(f"{field}[{i}]", problem)
                continue
            if name in out:
                self.error(f"{field}[{i}]", f'"{item}" is listed twice')
                continue
            out.append(name)
        return tuple(out)

    def nested(self, field: str, parse: Callable[[Mapping[str, Any], str], tuple[T | None,
               builtins.list[FieldError]]]) -> tuple[T, ...]:
        out: list[T] = []
        for i, item in enumerate(self.list(field)):
            where = f"{self.record}.{field}[{i}]" if self.record else f"{field}[{i}]"
            if not isinstance(item, MAPPING):
                self.errors.append(FieldError(f"{field}[{i}]", "must be an object", self.record))
                continue
            value, errors = parse(item, where)
            self.errors.extend(errors)
            if value is not None:
                out.append(value)
        return tuple(out)


# ---------------------------------------------------------------- typed checks

# The typed checks apply the same text limits as the archive reader (each limit is named
# once, here), so that whatever a form saves, an export carries and an import takes back
# (and no text that SQLite cannot store, such as an unpaired surrogate, reaches the
# database as a crash).


def _lines(record: str, *items: tuple[str, Any, int]) -> list[FieldError]:
    """_texts of one-line texts (names, acronyms, titles): no line breaks or invisibles."""
    return _texts(record, *items, one_line=True)


def _texts(record: str, *items: tuple[str, Any, int], one_line: bool = False
           ) -> list[FieldError]:
    errors: list[FieldError] = []
    for field_name, value, limit in items:
        if value is None:
            continue
        if not isinstance(value, str):
            errors.append(FieldError(field_name, "must be text", record))
            continue
        problem = _bad_text(value, limit, one_line)
        if problem:
            errors.append(FieldError(field_name, problem, record))
    return errors


def _names(record: str, field_name: str, values: Any) -> list[FieldError]:
    return _lines(record, *((f"{field_name}[{i}]", v, MAX_NAME) for i, v in enumerate(values)))


def _count(record: str, field_name: str, value: Any, low: int, high: int) -> list[FieldError]:
    if isinstance(value, bool) or not isinstance(value, int):
        return [FieldError(field_name, "must be a whole number", record)]
    if value < low:
        return [FieldError(field_name, f"must be at least {low}", record)]
    if value > high:
        return [FieldError(field_name, f"must be at most {high}", record)]
    return []


# Each check_* is its texts (type, length, characters) and then its rules. The parse_*
# functions below read every text with the same limits as they go, so they apply only the
# rules afterwards: each text of an archive is checked once (an import of a large archive
# checks millions). tests/test_validation.py holds the reader to the checks' limits.


def check_member(m: Member, record: str = "") -> list[FieldError]:
    """Problems with a member entry that need no data file."""
    return _member_texts(m, record) + _member_rules(m, record)


def _member_texts(m: Member, record: str) -> list[FieldError]:
    return (_lines(record, ("name", m.name, MAX_NAME), ("list_name", m.list_name, MAX_NAME),
                   ("sort_name", m.sort_name, MAX_NAME), ("prose_name", m.prose_name, MAX_NAME))
            + _texts(record, ("notes", m.notes, MAX_TEXT)))


def _member_rules(m: Member, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if isinstance(m.name, str) and not m.name.strip():
        errors.append(FieldError("name", "is required", record))
    errors += _count(record, "counts_as", m.counts_as, 1, MAX_COUNT)
    if m.joined and m.left and m.left < m.joined:
        errors.append(FieldError("left", f"{m.left.iso()} is before joined {m.joined.iso()}",
                                 record))
    return errors


def check_organization(o: Organization, record: str = "") -> list[FieldError]:
    """Problems with an organization that need no data file."""
    return _organization_texts(o, record) + _organization_rules(o, record)


def _organization_texts(o: Organization, record: str) -> list[FieldError]:
    return _lines(record, ("name", o.name, MAX_NAME), ("acronym", o.acronym, MAX_NAME))


def _organization_rules(o: Organization, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if isinstance(o.name, str) and not o.name.strip():
        errors.append(FieldError("name", "is required", record))
    if isinstance(o.acronym, str) and not o.acronym.strip():
        errors.append(FieldError("acronym", "is blank; leave it empty instead", record))
    return errors


def check_document(d: Document, record: str = "") -> list[FieldError]:
    """Problems with a document that need no data file."""
    return _document_texts(d, record) + _document_rules(d, record)


def _document_texts(d: Document, record: str) -> list[FieldError]:
    return _lines(record, ("title", d.title, MAX_TITLE), ("url", d.url, MAX_NAME))


def _document_rules(d: Document, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    problem = check_symbol(d.symbol) if d.symbol else "is required"
    if problem:
        errors.append(FieldError("symbol", problem, record))
    if d.kind not in DOCUMENT_KINDS:
        errors.append(FieldError("kind", f'"{d.kind}" is not one of: {", ".join(DOCUMENT_KINDS)}',
                                 record))
    return errors


def check_meeting(m: Meeting, record: str = "") -> list[FieldError]:
    """Problems with a meeting that need no data file."""
    return _meeting_texts(m, record) or _meeting_rules(m, record)


def _meeting_texts(m: Meeting, record: str) -> list[FieldError]:
    errors = _texts(record, ("summary", m.summary, MAX_TEXT))
    for i, t in enumerate(m.presentations):
        errors += _lines(record, (f"presentations[{i}].speaker", t.speaker, MAX_NAME),
                         (f"presentations[{i}].organization", t.organization, MAX_NAME))
        errors += _texts(record, (f"presentations[{i}].topic", t.topic, MAX_TOPIC))
        errors += _lines(record, (f"presentations[{i}].member", t.member, MAX_NAME))
    for i, s in enumerate(m.spotlights):
        errors += _lines(record, (f"spotlights[{i}].business", s.business, MAX_NAME),
                         (f"spotlights[{i}].person", s.person, MAX_NAME),
                         (f"spotlights[{i}].country", s.country, MAX_NAME),
                         (f"spotlights[{i}].introduced_by", s.introduced_by, MAX_NAME))
        errors += _texts(record,
                         (f"spotlights[{i}].description", s.description, MAX_DESCRIPTION))
    return errors


def _meeting_rules(m: Meeting, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if m.kind not in MEETING_KINDS:
        errors.append(FieldError("kind", f'"{m.kind}" is not one of: {", ".join(MEETING_KINDS)}',
                                 record))
    for field_name in ("convening_notice", "summary_document"):
        value = getattr(m, field_name)
        if value is not None:
            problem = check_symbol(value)
            if problem:
                errors.append(FieldError(field_name, problem, record))
    for i, s in enumerate(m.spotlights):
        if not s.business.strip():
            errors.append(FieldError(f"spotlights[{i}].business", "is required", record))
    for i, p in enumerate(m.presentations):
        if not (p.speaker.strip() or p.organization or p.member):
            errors.append(FieldError(f"presentations[{i}]",
                                     "needs a speaker, an organization or a Member", record))
    return errors


def check_proposal(p: Proposal, record: str = "") -> list[FieldError]:
    """Problems with a proposal that need no data file."""
    return _proposal_texts(p, record) + _proposal_rules(p, record)


def _proposal_texts(p: Proposal, record: str) -> list[FieldError]:
    return (_lines(record, ("title", p.title, MAX_TITLE))
            + _texts(record, ("summary", p.summary, MAX_TEXT))
            + _names(record, "proponents", p.proponents))


def _proposal_rules(p: Proposal, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    problem = check_symbol(p.symbol) if p.symbol else "is required"
    if problem:
        errors.append(FieldError("symbol", problem, record))
    if not p.proponents:
        errors.append(FieldError("proponents", "needs at least one proponent", record))
    if p.status not in PROPOSAL_STATUSES:
        errors.append(FieldError(
            "status", f'"{p.status}" is not one of: {", ".join(PROPOSAL_STATUSES)}', record))
    if len(set(p.discussed_at)) != len(p.discussed_at):
        errors.append(FieldError("discussed_at", "lists a meeting twice", record))
    return errors


def check_outreach(e: OutreachEvent, record: str = "") -> list[FieldError]:
    """Problems with an outreach event that need no data file."""
    return _outreach_texts(e, record) or _outreach_rules(e, record)


def _outreach_texts(e: OutreachEvent, record: str) -> list[FieldError]:
    return (_lines(record, ("title", e.title, MAX_TITLE))
            + _texts(record, ("summary", e.summary, MAX_TEXT))
            + _names(record, "partners", e.partners))


def _outreach_rules(e: OutreachEvent, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if not e.title.strip():
        errors.append(FieldError("title", "is required", record))
    if e.kind not in OUTREACH_KINDS:
        errors.append(FieldError("kind", f'"{e.kind}" is not one of: {", ".join(OUTREACH_KINDS)}',
                                 record))
    if e.end_date and e.end_date < e.date:
        errors.append(FieldError("end_date", f"{e.end_date.iso()} is before the date "
                                 f"{e.date.iso()}", record))
    return errors


def check_package_entry(p: PackageEntry, record: str = "") -> list[FieldError]:
    """Problems with a package entry that need no data file."""
    return _package_entry_texts(p, record) or _package_entry_rules(p, record)


def _package_entry_texts(p: PackageEntry, record: str) -> list[FieldError]:
    return (_texts(record, ("summary", p.summary, MAX_TEXT))
            + _names(record, "members", p.members))


def _package_entry_rules(p: PackageEntry, record: str) -> list[FieldError]:
    errors: list[FieldError] = []
    if p.annex not in ANNEXES:
        errors.append(FieldError("annex", "must be a number from 1 to 6", record))
    if isinstance(p.year, bool) or not isinstance(p.year, int) or not 2020 <= p.year <= 2200:
        errors.append(FieldError("year", "must be 2020 or later (the Package dates from December "
                                 "2020)", record))
    if not p.members and not p.summary.strip():
        errors.append(FieldError("summary", "is required when no Member is listed", record))
    return errors


def check_group(g: GroupProfile, record: str = "group") -> list[FieldError]:
    """Problems with the Group's profile that need no data file (texts and numbers)."""
    errors = _lines(record, ("name", g.name, MAX_NAME), ("short_name", g.short_name, MAX_NAME),
                    ("established_at", g.established_at, MAX_NAME))
    if g.founding_members is not None:
        errors += _count(record, "founding_members", g.founding_members, 1, MAX_COUNT)
    for i, c in enumerate(g.coordinators):
        errors += _lines(record, (f"coordinators[{i}].name", c.name, MAX_NAME),
                         (f"coordinators[{i}].title", c.title, MAX_NAME))
    return errors


# ---------------------------------------------------------------- raw -> typed


Parsed = tuple[T | None, list[FieldError]]


def _finish(r: _Reader, value: T, rules: Callable[[T, str], list[FieldError]]) -> Parsed[T]:
    # The reader has checked every text already (with the limits of the check_* texts):
    # only the record's rules are left.
    if r.errors:
        return None, r.errors
    errors = rules(value, r.record)
    return (None, errors) if errors else (value, [])


def parse_member(raw: Mapping[str, Any], record: str = "") -> Parsed[Member]:
    """A Member from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = Member(
        name=r.name("name", required=True),
        list_name=r.name("list_name"),
        sort_name=r.name("sort_name"),
        prose_name=r.name("prose_name"),
        counts_as=r.integer("counts_as", default=1, minimum=1, maximum=MAX_COUNT) or 1,
        joined=r.partial_date("joined"),
        left=r.partial_date("left"),
        notes=r.text("notes"),
    )
    return _finish(r, value, _member_rules)


def parse_organization(raw: Mapping[str, Any], record: str = "") -> Parsed[Organization]:
    """An Organization from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = Organization(
        name=r.name("name", required=True),
        acronym=r.optional_name("acronym"),
        network_member_since=r.partial_date("network_member_since"),
    )
    return _finish(r, value, _organization_rules)


def parse_document(raw: Mapping[str, Any], record: str = "") -> Parsed[Document]:
    """A Document from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = Document(
        symbol=r.symbol("symbol", required=True) or "",
        title=r.title("title"),
        date=r.full_date("date"),
        kind=r.choice("kind", DOCUMENT_KINDS, "other"),
        url=r.optional_name("url"),
    )
    return _finish(r, value, _document_rules)


def parse_presentation(raw: Mapping[str, Any], record: str = "") -> Parsed[Presentation]:
    """A Presentation from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = Presentation(
        speaker=r.name("speaker"),
        organization=r.optional_name("organization"),
        topic=r.text("topic", limit=MAX_TOPIC),
        member=r.optional_name("member"),
    )
    if not r.errors and not (value.speaker or value.organization or value.member):
        r.error("speaker", "is required when no organization or Member is given")
    return (None, r.errors) if r.errors else (value, [])


def parse_spotlight(raw: Mapping[str, Any], record: str = "") -> Parsed[Spotlight]:
    """A Spotlight from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = Spotlight(
        business=r.name("business", required=True),
        person=r.name("person"),
        country=r.name("country"),
        introduced_by=r.name("introduced_by"),
        description=r.text("description", limit=MAX_DESCRIPTION),
    )
    return (None, r.errors) if r.errors else (value, [])


def parse_meeting(raw: Mapping[str, Any], record: str = "") -> Parsed[Meeting]:
    """A Meeting from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    when = r.full_date("date", required=True)
    value = Meeting(
        date=when or date(2000, 1, 1),
        kind=r.choice("kind", MEETING_KINDS, "open-ended"),
        convening_notice=r.symbol("convening_notice"),
        summary_document=r.symbol("summary_document"),
        summary=r.text("summary"),
        presentations=r.nested("presentations", parse_presentation),
        spotlights=r.nested("spotlights", parse_spotlight),
        proposals=_symbols(r, "proposals"),
    )
    return _finish(r, value, _meeting_rules)


def _symbols(r: _Reader, field: str) -> tuple[str, ...]:
    out: list[str] = []
    for i, item in enumerate(r.list(field)):
        try:
            out.append(DocumentSymbol.parse(item).text)
        except ValueError as exc:
            r.error(f"{field}[{i}]", str(exc))
    return tuple(out)


def parse_proposal(raw: Mapping[str, Any], record: str = "") -> Parsed[Proposal]:
    """A Proposal from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    dates: list[date] = []
    for i, item in enumerate(r.list("discussed_at")):
        parsed = None
        if isinstance(item, date):
            parsed = item
        elif isinstance(item, str):
            try:
                parsed = _parse_full_date(item)  # (a meeting's date: parsed before)
                if parsed is None:
                    r.error(f"discussed_at[{i}]", f'"{item}" must be a meeting\'s full date')
            except ValueError as exc:
                r.error(f"discussed_at[{i}]", str(exc))
        else:
            r.error(f"discussed_at[{i}]", "must be a meeting date as text")
        if parsed is not None:
            dates.append(parsed)
    value = Proposal(
        symbol=r.symbol("symbol", required=True) or "",
        title=r.title("title"),
        proponents=r.names("proponents"),
        submitted=r.partial_date("submitted"),
        status=r.choice("status", PROPOSAL_STATUSES, "submitted"),
        discussed_at=tuple(dates),
        summary=r.text("summary"),
    )
    return _finish(r, value, _proposal_rules)


def parse_outreach(raw: Mapping[str, Any], record: str = "") -> Parsed[OutreachEvent]:
    """An OutreachEvent from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    when = r.partial_date("date", required=True)
    value = OutreachEvent(
        date=when or PartialDate(2000),
        end_date=r.partial_date("end_date"),
        kind=r.choice("kind", OUTREACH_KINDS, "other"),
        title=r.title("title", required=True),
        partners=r.names("partners"),
        summary=r.text("summary"),
    )
    return _finish(r, value, _outreach_rules)


def parse_package_entry(raw: Mapping[str, Any], record: str = "") -> Parsed[PackageEntry]:
    """A PackageEntry from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = PackageEntry(
        annex=r.integer("annex", required=True, minimum=1, maximum=6) or 0,
        year=r.integer("year", required=True, minimum=2020, maximum=2200) or 0,
        members=r.names("members"),
        summary=r.text("summary"),
    )
    return _finish(r, value, _package_entry_rules)


def parse_coordinator(raw: Mapping[str, Any], record: str = "") -> Parsed[Coordinator]:
    """A Coordinator from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = Coordinator(
        name=r.name("name", required=True),
        title=r.name("title"),
        start=r.partial_date("from"),
        end=r.partial_date("to"),
    )
    if value.start and value.end and value.end < value.start:
        r.error("to", f"{value.end.iso()} is before from {value.start.iso()}")
    return (None, r.errors) if r.errors else (value, [])


def parse_group(raw: Mapping[str, Any], record: str = "group") -> Parsed[GroupProfile]:
    """The Group's profile from archive-shaped values, or the errors."""
    r = _Reader(raw, record)
    value = GroupProfile(
        name=r.name("name", required=True),
        short_name=r.name("short_name"),
        established=r.full_date("established"),
        established_by=r.symbol("established_by"),
        established_at=r.name("established_at"),
        founding_members=r.integer("founding_members", minimum=1, maximum=MAX_COUNT),
        coordinators=r.nested("coordinators", parse_coordinator),
    )
    return (None, r.errors) if r.errors else (value, [])
