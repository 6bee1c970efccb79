"""The one translation of a typed record into its archive dict, for the archive's export
and for a form (which shows a record as the archive would hold it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from msmedesk.domain import PartialDate
from msmedesk.registry.fields import Field, RecordType, RowType


def _plain(value: Any) -> Any:
    """A single value as JSON holds it: dates as ISO text, tuples as lists."""
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    return value


def _fields_to_dict(fields: tuple[Field, ...], record: object, form: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        value = getattr(record, f.name)
        if f.rows is not None:
            out[f.key] = [_fields_to_dict(f.rows.fields, row, form) for row in value]
            continue
        if not form:
            # The archive's own shape (a fixed contract, docs/archive-format.md).
            if f.archived == "never" or (f.archived == "when_set" and not value):
                continue
            if f.fallback and not value:
                value = getattr(record, f.fallback)
            if f.blank_for_none and value is None:
                value = ""
        out[f.key] = _plain(value)
    return out


def to_archive(record_type: RecordType | RowType, record: object) -> dict[str, Any]:
    """The archive's dict of ``record``, in the archive's key order."""
    return _fields_to_dict(record_type.fields, record, form=False)


def to_form(record_type: RecordType | RowType, record: object) -> dict[str, Any]:
    """The archive-shaped dict of ``record`` as a form shows it: every field it has, as stored
    (a derived field too, and an empty one as empty rather than the archive's stand-in)."""
    return _fields_to_dict(record_type.fields, record, form=True)
