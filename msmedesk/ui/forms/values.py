"""Archive-shaped values: the fields each form edits, and a typed record as its form shows it."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from msmedesk.domain import GroupProfile, PartialDate
from msmedesk.registry import RECORD_TYPES, ROW_TYPES, by_key
from msmedesk.registry.archive_dict import to_form
from msmedesk.registry.fields import Field
from msmedesk.validation import PARSERS

KINDS = tuple(t.key for t in RECORD_TYPES)


def _schema(fields: tuple[Field, ...]) -> dict[str, Any]:
    # A form holds a list as a list (the registry declares an empty one as ()).
    return {f.key: list(f.default) if isinstance(f.default, tuple) else f.default
            for f in fields}


# The fields each form edits, with the value that stands for "not given". None marks a
# field that the archive writes as null when empty; "" a text field.
ROW_SCHEMAS: dict[str, dict[str, Any]] = {r.key: _schema(r.fields) for r in ROW_TYPES}
SCHEMAS: dict[str, dict[str, Any]] = {t.key: _schema(t.fields) for t in RECORD_TYPES}
_ALL_FIELDS = [f for t in RECORD_TYPES for f in t.fields] + [f for r in ROW_TYPES for f in r.fields]
_SYMBOL_KEYS = {f.key for f in _ALL_FIELDS if f.kind == "symbol"}
_CHOICE_KEYS = {f.key for f in _ALL_FIELDS if f.kind == "choice"}  # empty means the default


def _normalise_value(key: str, default: Any, value: Any) -> Any:
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, PartialDate):
        value = value.iso()
    if key in ROW_SCHEMAS:
        if not isinstance(value, list | tuple):
            return [] if value is None else value
        return [_normalise_row(key, v) if isinstance(v, Mapping) else v for v in value]
    if isinstance(default, list):
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return [v.isoformat() if isinstance(v, date) else v for v in value]
        return value
    if key in _SYMBOL_KEYS and isinstance(value, str):
        # The symbol field drops a pasted leading underscore as the user types.
        value = value.lstrip().lstrip("_").lstrip()
    if value is None or (value == "" and (default is None or key in _CHOICE_KEYS)):
        return default
    return value


def _normalise_row(list_key: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _normalise_value(k, d, raw.get(k)) for k, d in ROW_SCHEMAS[list_key].items()}


def normalise(kind: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The archive dict a form of ``kind`` gives back for ``raw``: every field it edits,
    "" or None for what is not given, lists as lists, unknown keys dropped."""
    return {k: _normalise_value(k, d, raw.get(k)) for k, d in SCHEMAS[kind].items()}


def record_to_raw(kind: str, record: Any) -> dict[str, Any]:
    """The archive-shaped dict of a typed record, as its form shows it."""
    if kind not in SCHEMAS:
        raise ValueError(f"no form for {kind!r}")
    return normalise(kind, to_form(by_key(kind), record))


def _new_values(kind: str) -> dict[str, Any]:
    """What a "new" form starts with."""
    if kind == "package":
        return {"year": date.today().year}
    if kind == "group":
        return record_to_raw("group", GroupProfile())
    return {}


__all__ = ["KINDS", "PARSERS", "ROW_SCHEMAS", "SCHEMAS", "normalise", "record_to_raw"]
