"""``parse`` and ``check`` for every type the registry declares: a bespoke parser or check
where one was written, otherwise one made from the type's fields (``generic``)."""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any, Protocol

from msmedesk.registry import RECORD_TYPES, ROW_TYPES, by_key, row_type
from msmedesk.validation.checks import (
    check_document,
    check_group,
    check_meeting,
    check_member,
    check_organization,
    check_outreach,
    check_package_entry,
    check_proposal,
)
from msmedesk.validation.errors import FieldError
from msmedesk.validation.generic import (
    Parser,
    generic_check,
    generic_parser,
    placed,
    unplaced_check,
    with_unplaced,
)
from msmedesk.validation.parsers import BESPOKE, WITH_ROWS, Parsed


class Check(Protocol):
    """A check of a typed record: its problems, each naming the record as ``where`` says."""

    def __call__(self, value: Any, where: str = ..., /) -> list[FieldError]: ...


#: The bespoke checks of typed records, by registry key; every other type is checked from
#: its fields.
BESPOKE_CHECKS: dict[str, Check] = {
    "members": check_member, "organizations": check_organization,
    "documents": check_document, "meetings": check_meeting, "proposals": check_proposal,
    "outreach": check_outreach, "package": check_package_entry, "group": check_group,
}  # fmt: skip

# The keys each bespoke parser reads: what it does not read, it leaves to the fields.
_PLACED = {key: placed(parser) for key, parser in BESPOKE.items()}


def _placed(key: str) -> frozenset[str]:
    found = _PLACED.get(key)
    if found is None:  # (a type without a bespoke parser: the generic one reads it all)
        declared = row_type(key) if key in _ROW_KEYS else by_key(key)
        return frozenset(f.key for f in declared.fields)
    return found


_ROW_KEYS = frozenset(r.key for r in ROW_TYPES)


def _nested(key: str) -> Parser:
    return PARSERS[key]


def _parser(key: str) -> Parser:
    declared = row_type(key) if key in _ROW_KEYS else by_key(key)
    bespoke = BESPOKE.get(key)
    if bespoke is None:
        return generic_parser(declared, _nested)
    with_rows = WITH_ROWS.get(key)
    if with_rows is not None:
        # Its rows are parsed by these parsers too, so a row's later fields are read.
        bespoke = partial(with_rows, rows=_nested)
    return with_unplaced(bespoke, declared, _PLACED[key], _nested)


#: The parser of each record type and row type, by its registry key ("members",
#: "presentations"): a form or an archive section parses through it.
PARSERS: dict[str, Parser] = {key: _parser(key) for key in (
    *(t.key for t in RECORD_TYPES), *(r.key for r in ROW_TYPES))}


def _check(key: str) -> Check:
    declared = by_key(key)
    bespoke = BESPOKE_CHECKS.get(key)
    if bespoke is None:
        return generic_check(declared)
    extra = unplaced_check(declared, _placed)
    if extra is None:
        return bespoke
    also: Check = extra

    def check(value: Any, where: str = "") -> list[FieldError]:
        return bespoke(value, where) + also(value, where)

    return check


CHECKS: dict[str, Check] = {t.key: _check(t.key) for t in RECORD_TYPES}


def parse(key: str, raw: Mapping[str, Any], record: str = "") -> Parsed[Any]:
    """A typed record (or row) of registry key ``key`` from archive-shaped values, or the errors."""
    return PARSERS[key](raw, record)


def check(key: str, value: Any, where: str | None = None) -> list[FieldError]:
    """The problems of a typed record of registry key ``key`` that need no data file
    (``where``: how an error names the record, "members[3]"; the type's own default when
    not given, "group" for the Group's profile)."""
    found = CHECKS.get(key) or generic_check(row_type(key))  # (a row alone: by its fields)
    return found(value) if where is None else found(value, where)
