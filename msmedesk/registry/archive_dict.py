"""The one translation of a typed record into its archive dict, for the archive's export
and for a form (which shows a record as the archive would hold it)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import cache
from typing import Any

from msmedesk.domain import PartialDate
from msmedesk.registry.fields import Field, RecordType, RowType

Writer = Callable[[object], dict[str, Any]]


def _partial(value: PartialDate | None) -> str | None:
    return value.iso() if value else None


def _full(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _dates(values: tuple[date, ...]) -> list[str]:
    return [d.isoformat() for d in values]


def _ref(f: Field) -> Callable[[Any], dict[str, Any] | None]:
    """A reference's value as the archive writes it: an object of its target's identity keys."""
    from msmedesk.registry import by_key  # (the package imports the modules that import this)

    keys = by_key(f.target).identity
    return lambda value: None if value is None else {k: getattr(value, k) for k in keys}


def _expression(f: Field, form: bool, names: dict[str, Any]) -> str:
    """The Python expression of a field's JSON value, read from the record ``r``."""
    value = f"r.{f.name}"
    if not form and f.fallback:
        value = f"({value} or r.{f.fallback})"
    if not form and f.blank_for_none:
        value = f'("" if {value} is None else {value})'
    if f.rows is not None:
        names[f"write_{f.key}"] = _writer(f.rows, form)
        return f"[write_{f.key}(x) for x in {value}]"
    if f.kind == "ref":
        names[f"ref_{f.key}"] = _ref(f)
        return f"ref_{f.key}({value})"
    return {"partial_date": f"_partial({value})", "full_date": f"_full({value})",
            "names": f"list({value})", "symbols": f"list({value})",
            "dates": f"[d.isoformat() for d in {value}]"}.get(f.kind, value)


@cache
def _writer(declared: RecordType | RowType, form: bool) -> Writer:
    """The function writing one record of ``declared``, built once per type.

    An export writes hundreds of thousands of records, so the writer is made as the
    hand-written dict display it stands for (as ``dataclasses`` makes ``__init__``): one
    dict built in one step, no loop over the fields per record. A field the archive writes
    only when set is added after it (such fields come last, so the key order holds).
    """
    names: dict[str, Any] = {"_partial": _partial, "_full": _full}
    lines = ["def write(r):", "    out = {"]
    later = []
    for f in declared.fields:
        if not form and f.archived == "never":
            continue
        expression = _expression(f, form, names)
        if not form and f.archived == "when_set":
            later += [f"    v = {expression}", f"    if v: out[{f.key!r}] = v"]
        elif later:
            later.append(f"    out[{f.key!r}] = {expression}")
        else:
            lines.append(f"        {f.key!r}: {expression},")
    lines += ["    }", *later, "    return out"]
    exec("\n".join(lines), names)  # noqa: S102 (source made above from the registry alone)
    write: Writer = names["write"]
    return write


# The writers by the identity of their type: ``_writer``'s cache hashes a record type by
# its fields, all of them, nested (about 40 µs a call): paid per record, it was a quarter
# of a large import (its history's entries and labels). The type is kept beside its
# writer, so that an id is never taken for another type's.
_BY_ID: dict[tuple[int, bool], tuple[object, Writer]] = {}


def _writer_of(record_type: RecordType | RowType, form: bool) -> Writer:
    found = _BY_ID.get((id(record_type), form))
    if found is None or found[0] is not record_type:
        found = _BY_ID[(id(record_type), form)] = (record_type, _writer(record_type, form))
    return found[1]


def to_archive(record_type: RecordType | RowType, record: object) -> dict[str, Any]:
    """The archive's dict of ``record``, in the archive's key order."""
    return _writer_of(record_type, False)(record)


def archive_writer(record_type: RecordType | RowType) -> Writer:
    """``to_archive`` for many records of one type (the plan looked up once)."""
    return _writer(record_type, False)


def to_form(record_type: RecordType | RowType, record: object) -> dict[str, Any]:
    """The archive-shaped dict of ``record`` as a form shows it: every field it has, as stored
    (a derived field too, and an empty one as empty rather than the archive's stand-in)."""
    return _writer_of(record_type, True)(record)
