"""The search index's row numbers: each row's number tells its record type, record, field
and place, so that a match is turned into a record without reading any stored row.

A number is ``kind << 56 | record_id << 16 | field << 8 | place``: ``kind`` the type's
place in the registry (1 …, in tab order), ``field`` the index field key's place in the
type's declaration (1 …, a rows field's own fields in turn), ``place`` the value's place
among the field's values (a list of names has many). FTS5 reads a range of numbers by
itself (``rowid BETWEEN``): a type's rows, or a record's, are one range.

The places follow the registry: a revision that adds a record type or a field (which
needs one for its column anyway) asks for the index to be built again, as 0006 does.
"""

from __future__ import annotations

import functools

from msmedesk.registry import RECORD_TYPES, RecordType, by_key

KIND_SHIFT, RECORD_SHIFT, FIELD_SHIFT = 56, 16, 8
#: The largest record id a number holds (40 bits), and the most values of one field.
RECORD_MASK = (1 << (KIND_SHIFT - RECORD_SHIFT)) - 1
PLACES = 1 << FIELD_SHIFT
_FIELD_MASK = (1 << (RECORD_SHIFT - FIELD_SHIFT)) - 1


@functools.cache
def kind_no(kind: str) -> int:
    """The number of a record type (its place in the registry, from 1)."""
    return [t.key for t in RECORD_TYPES].index(kind) + 1


@functools.cache
def field_keys(kind: str) -> tuple[str, ...]:
    """The index field keys of a type in declaration order (a field's number is its place
    here, from 1)."""
    record_type: RecordType = by_key(kind)
    keys: list[str] = []
    for f in record_type.fields:
        if f.rows is not None:
            keys += [f"{f.key}.{r.key}" for r in f.rows.fields]
        else:
            keys.append(f.key)
    if len(keys) >= PLACES:
        raise ValueError(f"record type {kind!r} has more fields than the search index holds")
    return tuple(keys)


@functools.cache
def field_no(kind: str, key: str) -> int:
    """The number of an index field key of a type."""
    return field_keys(kind).index(key) + 1


def field_of(kind: str, number: int) -> str:
    """The index field key of a row number of type ``kind``."""
    return field_keys(kind)[((number >> FIELD_SHIFT) & _FIELD_MASK) - 1]


def code(kind: str, record_id: int, key: str, place: int = 0) -> int:
    """The number of one value of a record's field."""
    return ((kind_no(kind) << KIND_SHIFT) | (record_id << RECORD_SHIFT)
            | (field_no(kind, key) << FIELD_SHIFT) | place)


def kind_range(kind: str) -> tuple[int, int]:
    """The first and last numbers of a type's rows."""
    first = kind_no(kind) << KIND_SHIFT
    return first, first + (1 << KIND_SHIFT) - 1


def record_range(kind: str, record_id: int) -> tuple[int, int]:
    """The first and last numbers of one record's rows."""
    first = (kind_no(kind) << KIND_SHIFT) | (record_id << RECORD_SHIFT)
    return first, first + (1 << RECORD_SHIFT) - 1


def record_of(number: int) -> int:
    """The record id of a row number."""
    return (number >> RECORD_SHIFT) & RECORD_MASK
