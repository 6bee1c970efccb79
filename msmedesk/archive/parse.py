"""Reading an archive: its header checked, every record parsed into a ``RecordSet``
or refused with every bad field named."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from msmedesk import validation
from msmedesk.archive import saved
from msmedesk.archive.file import ArchiveError, read_json
from msmedesk.archive.record_set import (
    FORMAT,
    SECTIONS,
    VERSION,
    RecordSet,
    collector_paused,
    identity,
)
from msmedesk.registry import GROUP, RecordType, by_section
from msmedesk.validation import FieldError


def read_archive(path: Path) -> dict[str, Any]:
    """The archive's JSON, refusing what is not an archive with one plain sentence."""
    with collector_paused():
        data = read_json(path)
    return check_header(data)


def check_header(data: Any) -> dict[str, Any]:
    """Refuse JSON that is not an archive of a version this program knows, or whose top
    level has a key twice or a key this program does not know."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ArchiveError('This is not an msmedesk archive (its "format" is not '
                           f'"{FORMAT}").')
    version = data.get("version")
    # 1.0 is not the version 1 (type, not ==: 1.0 == 1 and True == 1 in Python).
    if type(version) is not int or version != VERSION:
        if isinstance(version, validation.HugeNumber):
            shown = f"a version number of {version.digits:,} digits"
        else:
            text = json.dumps(version)
            shown = "version " + validation.shown(text if len(text) < 40 else text[:30] + "…")
        raise ArchiveError(f"The archive has {shown}; this program reads version {VERSION} "
                           "only.")
    problems = validation.key_problems(data, "archive", "the archive")
    if problems:
        first = problems[0].message.replace("has ", "", 1)
        more = len(problems) - 1
        tail = f" (and {more} more such key{'s' if more > 1 else ''})" if more else ""
        raise ArchiveError(f"The archive has {first}{tail}; it was not imported (a misspelt "
                           "key would lose its value).", tuple(problems))
    for section in (*SECTIONS, saved.KEY):
        if section in data and data[section] is not None and not isinstance(data[section],
                                                                            list):
            raise ArchiveError(f"{section}: must be a list.",
                               (FieldError(section, "must be a list"),))
    if data.get("group") is not None and not isinstance(data["group"], dict):
        raise ArchiveError("group: must be an object.", (FieldError("group", "must be an object"),))
    return data


def parse_archive(data: Mapping[str, Any]) -> RecordSet:
    """Every record of the archive as dataclasses, or ArchiveError naming every bad field."""
    with collector_paused():
        return parse_records(data)


# The lists of objects inside an archive's objects, by the kind of the outer one (a meeting's
# presentations and spotlights, the Coordinators).
_NESTED = {t.section: tuple(r.key for r in t.rows)
           for t in (*map(by_section, SECTIONS), GROUP) if t.rows}


def parse_records(data: Mapping[str, Any]) -> RecordSet:
    """``parse_archive`` for a caller that has already paused the collector."""
    errors: list[FieldError] = []

    known = validation.ARCHIVE_KEYS
    key_problems = validation.key_problems

    def keys(raw: Mapping[str, Any], kind: str, where: str) -> None:
        # Every key known and none twice, told by one set operation in C; the nested
        # lists likewise.
        if not known[kind].issuperset(raw):
            errors.extend(key_problems(raw, kind, where))
        for inner in _NESTED.get(kind, ()):
            items = raw.get(inner)
            if not items or not isinstance(items, list):
                continue
            inner_known = known[inner]
            for j, item in enumerate(items):
                if isinstance(item, dict) and not inner_known.issuperset(item):
                    errors.extend(key_problems(item, inner, f"{where}.{inner}[{j}]"))

    def section(name: str) -> list[Any]:
        parse: Callable[[Mapping[str, Any], str], Any] = validation.PARSERS[by_section(name).key]
        out = []
        for i, raw in enumerate(data.get(name) or []):
            where = f"{name}[{i}]"
            if not isinstance(raw, validation.MAPPING):
                errors.append(FieldError("", "must be an object", where))
                continue
            keys(raw, name, where)
            value, problems = parse(raw, where)
            errors.extend(problems)
            if value is not None:
                out.append(value)
        return out

    group = None
    if data.get("group") is not None:
        keys(data["group"], "group", "group")
        group, problems = validation.parse_group(data["group"], "group")
        errors.extend(problems)
    searches, problems = saved.parse_saved(data)
    errors.extend(problems)
    records = RecordSet(group, saved=searches, **{name: section(name) for name in SECTIONS})
    errors.extend(_duplicates(records))
    if errors:
        raise rejected(errors)
    return records


def rejected(errors: list[FieldError]) -> ArchiveError:
    """The error refusing an archive: the first problem in words, and how many more."""
    first = str(errors[0])
    more = len(errors) - 1
    tail = f" (and {more} more problem{'s' if more > 1 else ''})" if more else ""
    return ArchiveError(f"The archive was not imported: {first}{tail}.", tuple(errors))


def _duplicates(records: RecordSet) -> list[FieldError]:
    """Two records of one section with one identity (or two organizations of one acronym)."""
    errors: list[FieldError] = []

    def unique(section: str, field: str, keys: list[Any], kind: RecordType) -> None:
        seen: dict[Any, int] = {}
        for i, key in enumerate(keys):
            if key is None:
                continue
            if key in seen:
                errors.append(FieldError(field, f"{show_key(key, kind)} is also in "
                                         f"{section}[{seen[key]}]", f"{section}[{i}]"))
            else:
                seen[key] = i

    for section in SECTIONS:
        kind = by_section(section)
        if kind.identity:
            key = identity(kind)
            unique(section, kind.identity[0], [key(r) for r in records.section(section)], kind)
    # An acronym names one organization as its name does (proponents and partners use both).
    unique("organizations", "acronym", [o.acronym for o in records.organizations],
           by_section("organizations"))
    return errors


def show_key(key: Any, kind: RecordType | None = None) -> str:
    """A record's key as a message names it: "CAN", the open-ended meeting of 2024-03-01,
    "Ana López" of "Canada"."""
    if not isinstance(key, tuple):
        return f'"{key}"'
    if key and isinstance(key[0], date):
        return f"the {key[1]} meeting of {key[0].isoformat()}"
    if len(key) == 1:
        return f'"{key[0]}"'
    names = kind.identity[1:] if kind is not None else ("of",) * (len(key) - 1)
    return f'"{key[0]}" ' + " ".join(f'{k} "{v}"' for k, v in zip(names, key[1:], strict=True))
