"""Parsing and checking any record type from its registry fields alone.

A type without a bespoke ``parse_*``/``check_*`` is read and checked here, field by field,
by each field's kind of value: a new record type needs no code in validation. A bespoke
parser or check handles the fields it knows; the fields declared after it was written
are read and checked here (``unplaced`` finds them).
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from functools import cache
from typing import Any

from msmedesk.registry import by_key
from msmedesk.registry.fields import Field, RecordType, RowType
from msmedesk.validation.email import email_problem
from msmedesk.validation.errors import FieldError
from msmedesk.validation.reader import Reader
from msmedesk.validation.values import (
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    bad_text,
    check_symbol,
)

Parsed = tuple[Any, list[FieldError]]
Parser = Callable[[Mapping[str, Any], str], Parsed]
Declared = RecordType | RowType

# The kinds of value held as one text, and whether the text is one line.
_TEXTS = {"name": True, "title": True, "owner": True, "email": True, "text": False}


def _limit(f: Field) -> int:
    default = {"title": MAX_TITLE, "text": MAX_TEXT}.get(f.kind, MAX_NAME)
    return f.limit or default


def _noun(declared: Declared) -> str:
    return declared.prose_noun if isinstance(declared, RecordType) else declared.noun


def _required(f: Field, noun: str) -> str:
    if f.kind == "owner":
        return f"is required: the Member or organization the {noun} belongs to"
    return "is required"


@cache
def _ref_class(record: type, attribute: str) -> type:
    """The class of the value a "ref" field holds (``X`` of the attribute's ``X | None``)."""
    hint = typing.get_type_hints(record)[attribute]
    found: type = next(a for a in typing.get_args(hint) or (hint,) if a is not type(None))
    return found


def _identity(f: Field) -> tuple[str, ...]:
    return by_key(f.target).identity


# -- parsing


def _read_ref(r: Reader, f: Field, record: type) -> Any:
    raw = r.mapping(f.key)
    if raw is None:
        return None
    keys = _identity(f)
    values: dict[str, str] = {}
    for key in raw:
        if key not in keys:
            r.error(f.key, f'has an unknown key "{key}"')
    for key in keys:
        value = raw.get(key)
        where = f"{f.key}.{key}"
        if not isinstance(value, str):
            r.error(where, "is required" if value is None else "must be text")
            continue
        problem = bad_text(value, MAX_NAME, one_line=True)
        if problem:
            r.error(where, problem)
        elif not value.strip():
            r.error(where, "is required")
        values[key] = value.strip()
    if len(values) != len(keys):
        return None
    return _ref_class(record, f.name)(**values)


def _read(r: Reader, f: Field, record: type, nested: Callable[[str], Parser]) -> Any:
    """The value of one field, read by its kind (errors go to ``r``)."""
    kind = f.kind
    if kind in _TEXTS:
        value = r.text(f.key, required=f.required and kind not in ("owner", "email"),
                       limit=_limit(f), one_line=_TEXTS[kind])
        if kind != "text" and kind != "title":
            value = value.strip()  # (names are stored without outer spaces)
        return (value or None) if f.optional else value
    if kind == "symbol":
        return r.symbol(f.key, required=f.required)
    if kind == "full_date":
        return r.full_date(f.key, required=f.required)
    if kind == "partial_date":
        return r.partial_date(f.key, required=f.required)
    if kind == "choice":
        return r.choice(f.key, f.values, f.default)
    if kind == "integer":
        return r.integer(f.key, default=f.default, minimum=f.minimum, maximum=f.maximum,
                         required=f.required)
    if kind == "names":
        return r.names(f.key)
    if kind == "symbols":
        return r.symbols(f.key)
    if kind == "dates":
        return r.dates(f.key)
    if kind == "rows":
        assert f.rows is not None
        return r.nested(f.key, nested(f.rows.key))
    if kind == "ref":
        return _read_ref(r, f, record)
    raise ValueError(f"no reading for the kind {kind!r}")  # (a kind added to the registry)


def read_fields(r: Reader, declared: Declared, chosen: Sequence[Field],
                nested: Callable[[str], Parser]) -> dict[str, Any]:
    """The values of the ``chosen`` fields of ``declared``, by attribute."""
    return {f.name: _read(r, f, declared.record, nested) for f in chosen}


def generic_parser(declared: Declared, nested: Callable[[str], Parser]) -> Parser:
    """The parser of a type from its fields alone."""
    noun = _noun(declared)

    def parse(raw: Mapping[str, Any], record: str = "") -> Parsed:
        r = Reader(raw, record)
        values = read_fields(r, declared, declared.fields, nested)
        if r.errors:
            return None, r.errors
        value = declared.record(**values)
        errors = rules(declared.fields, value, record, noun)
        return (None, errors) if errors else (value, [])

    return parse


def with_unplaced(bespoke: Parser, declared: Declared, placed: frozenset[str],
                  nested: Callable[[str], Parser]) -> Parser:
    """``bespoke``, and the fields it does not read (declared after it) read generically."""
    extra = tuple(f for f in declared.fields if f.key not in placed)
    if not extra:
        return bespoke
    noun = _noun(declared)
    keys = frozenset(f.key for f in extra)
    # Optional fields an object leaves out are the record's defaults: nothing to read.
    optional = not any(f.required for f in extra)

    def parse(raw: Mapping[str, Any], record: str = "") -> Parsed:
        # (One set operation for a dict, not a generator per record: a large import
        # parses 180,000 records and rows.)
        if optional and (raw.keys().isdisjoint(keys) if isinstance(raw, dict)
                         else not any(key in raw for key in keys)):
            return bespoke(raw, record)
        value, errors = bespoke(raw, record)
        r = Reader(raw, record)
        values = read_fields(r, declared, extra, nested)
        errors = errors + r.errors
        if value is not None and not errors:
            value = replace(value, **values)
            errors = rules(extra, value, record, noun)
        return (None, errors) if errors else (value, [])

    return parse


class _Probe(dict[str, Any]):
    """An empty object that notes every key a parser asks it for."""

    def __init__(self) -> None:
        super().__init__()
        self.asked: set[str] = set()

    def get(self, key: str, default: Any = None) -> Any:
        self.asked.add(key)
        return default


def placed(bespoke: Parser) -> frozenset[str]:
    """The keys a bespoke parser reads: it is run once over an empty object that notes them
    (each parser reads every one of its keys, from the first to the last)."""
    probe = _Probe()
    bespoke(probe, "")
    return frozenset(probe.asked)


# -- checking typed records


def _text_problems(f: Field, value: Any, where: str) -> list[FieldError]:
    kind = f.kind
    one_line = _TEXTS.get(kind, True)
    if kind in _TEXTS:
        items: list[tuple[str, Any]] = [(f.key, value)]
    elif kind == "names":
        items = [(f"{f.key}[{i}]", v) for i, v in enumerate(value)]
    elif kind == "ref" and value is not None:
        items = [(f"{f.key}.{k}", getattr(value, k)) for k in _identity(f)]
    else:
        return []
    errors: list[FieldError] = []
    for name, text in items:
        if text is None and f.optional:
            continue
        if not isinstance(text, str):
            errors.append(FieldError(name, "must be text", where))
            continue
        problem = bad_text(text, _limit(f) if kind != "names" else MAX_NAME, one_line)
        if problem:
            errors.append(FieldError(name, problem, where))
    return errors


def texts(chosen: Sequence[Field], value: Any, where: str, prefix: str = ""
          ) -> list[FieldError]:
    """The problems of the texts of the ``chosen`` fields of ``value`` (type, length,
    characters), nested rows' too."""
    errors: list[FieldError] = []
    for f in chosen:
        found = getattr(value, f.name)
        if f.kind == "rows" and f.rows is not None:
            for i, row in enumerate(found):
                errors += texts(f.rows.fields, row, where, f"{prefix}{f.key}[{i}].")
            continue
        errors += [replace(e, field=prefix + e.field)
                   for e in _text_problems(f, found, where)]
    return errors


def _rule(f: Field, value: Any, noun: str) -> list[tuple[str, str]]:
    """(field, problem) of one field whose texts are sound."""
    kind = f.kind
    if f.required and (value is None or (isinstance(value, str) and not value.strip())):
        return [(f.key, _required(f, noun))]
    if value is None:
        return []
    if kind == "email" and value.strip():
        problem = email_problem(value.strip())
        return [(f.key, problem)] if problem else []
    if kind == "symbol":
        problem = check_symbol(value)
        return [(f.key, problem)] if problem else []
    if kind == "symbols":
        return [(f"{f.key}[{i}]", p) for i, v in enumerate(value)
                for p in (check_symbol(v),) if p]
    if kind == "choice" and value not in f.values:
        return [(f.key, f'"{value}" is not one of: {", ".join(f.values)}')]
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            return [(f.key, "must be a whole number")]
        if f.minimum is not None and value < f.minimum:
            return [(f.key, f"must be at least {f.minimum}")]
        if f.maximum is not None and value > f.maximum:
            return [(f.key, f"must be at most {f.maximum}")]
    if kind == "ref":
        return [(f"{f.key}.{k}", "is required") for k in _identity(f)
                if not getattr(value, k).strip()]
    return []


def rules(chosen: Sequence[Field], value: Any, where: str, noun: str, prefix: str = ""
          ) -> list[FieldError]:
    """The problems of the ``chosen`` fields of ``value`` beyond their texts."""
    errors: list[FieldError] = []
    for f in chosen:
        found = getattr(value, f.name)
        if f.kind == "rows" and f.rows is not None:
            for i, row in enumerate(found):
                errors += rules(f.rows.fields, row, where, f.rows.noun,
                                f"{prefix}{f.key}[{i}].")
            continue
        errors += [FieldError(prefix + name, problem, where)
                   for name, problem in _rule(f, found, noun)]
    return errors


def generic_check(declared: Declared) -> Callable[..., list[FieldError]]:
    """The check of a type from its fields alone: its texts, then (when they are sound)
    its rules."""
    noun = _noun(declared)

    def check(value: Any, where: str = "") -> list[FieldError]:
        return (texts(declared.fields, value, where)
                or rules(declared.fields, value, where, noun))

    return check


def unplaced_check(declared: RecordType, placed_keys: Callable[[str], frozenset[str]]
                   ) -> Callable[..., list[FieldError]] | None:
    """The check of the fields (and rows' fields) of ``declared`` that its bespoke code does
    not know, or None when it knows them all."""
    top = tuple(f for f in declared.fields if f.key not in placed_keys(declared.key))
    nested = {f.key: tuple(g for g in f.rows.fields if g.key not in placed_keys(f.rows.key))
              for f in declared.fields if f.rows is not None}
    if not top and not any(nested.values()):
        return None
    noun = declared.prose_noun
    row_types = {f.key: f.rows for f in declared.fields if f.rows is not None}

    def check(value: Any, where: str = "") -> list[FieldError]:
        errors = texts(top, value, where)
        for key, extra in nested.items():
            for i, row in enumerate(getattr(value, declared.field(key).name)):
                errors += texts(extra, row, where, f"{key}[{i}].")
        if errors:
            return errors
        errors = rules(top, value, where, noun)
        for key, extra in nested.items():
            for i, row in enumerate(getattr(value, declared.field(key).name)):
                errors += rules(extra, row, where, row_types[key].noun, f"{key}[{i}].")
        return errors

    return check

