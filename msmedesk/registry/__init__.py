"""One declaration per record type: what the program knows of each (its key, nouns,
archive section, fields with their labels, kinds of value and limits).

The window's columns and forms, the archive's shape, validation's dispatch and the
report's nouns come from here. Adding a record type is one module beside these that
declares its ``RecordType``: every module of this package is read for them (there is no
list to edit), and ``position``/``archive_position`` place each among the tabs and the
archive's sections.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from types import ModuleType

from msmedesk.registry.documents import DOCUMENTS
from msmedesk.registry.fields import Choice, Field, RecordType, RowType
from msmedesk.registry.group import COORDINATORS, GROUP
from msmedesk.registry.meetings import MEETINGS, PRESENTATIONS, SPOTLIGHTS
from msmedesk.registry.members import MEMBERS
from msmedesk.registry.organizations import ORGANIZATIONS
from msmedesk.registry.outreach import OUTREACH
from msmedesk.registry.package import PACKAGE
from msmedesk.registry.proposals import PROPOSALS

# (The names above are imported for callers' convenience; what the registry holds is what
# ``discover`` finds, each type's own module included.)

# Modules of the package that declare no record type.
_NOT_TYPES = frozenset({"fields", "archive_dict"})
# The window's main tabs first, then the Reference tab's lists, then types without a tab.
_TAB_ORDER = {"main": 0, "reference": 1, "none": 2}


def modules(package: str = __name__) -> list[ModuleType]:
    """Every module of ``package`` (imported), in name order."""
    found = importlib.import_module(package)
    return [importlib.import_module(f"{package}.{info.name}")
            for info in sorted(pkgutil.iter_modules(found.__path__), key=lambda i: i.name)
            if info.name not in _NOT_TYPES and not info.name.startswith("_")]


def discover(found: Iterable[ModuleType]) -> tuple[RecordType, ...]:
    """The record types ``found``'s modules declare, in tab order (main tabs by position,
    then the Reference tab's, then those without a tab).

    Two types of one key, section or place would make a tab or a section ambiguous: that
    is a mistake in the declarations, refused here when the program starts.
    """
    types: dict[str, RecordType] = {}
    for module in found:
        for value in vars(module).values():
            if isinstance(value, RecordType):
                if types.get(value.key, value) is not value:
                    raise ValueError(f"two record types have the key {value.key!r}")
                types[value.key] = value
    ordered = tuple(sorted(types.values(), key=lambda t: (_TAB_ORDER[t.tab], t.position,
                                                          t.key)))
    listed = [t for t in ordered if not t.single]
    for what, places in (("section", [(t.section, t) for t in ordered]),
                         ("tab position", [((t.tab, t.position), t) for t in ordered
                                           if t.tab != "none"]),
                         ("archive position", [(t.archive_position, t) for t in listed])):
        seen: dict[object, str] = {}
        for place, t in places:
            if place in seen:
                raise ValueError(f"record types {seen[place]!r} and {t.key!r} share the "
                                 f"{what} {place!r}")
            seen[place] = t.key
    return ordered


#: Every record type, in the order of the window's tabs (the Group's profile last: it has
#: no tab of its own).
RECORD_TYPES: tuple[RecordType, ...] = discover(modules())

#: The archive's list sections, in the order an archive writes and reads them (a section
#: names only what an earlier one holds: meetings name documents, proposals meetings ...).
SECTIONS: tuple[str, ...] = tuple(
    t.section for t in sorted((t for t in RECORD_TYPES if not t.single),
                              key=lambda t: t.archive_position))

#: Every kind of nested row.
ROW_TYPES: tuple[RowType, ...] = tuple(r for t in RECORD_TYPES for r in t.rows)

_BY_KEY = {t.key: t for t in RECORD_TYPES}
_BY_SECTION = {t.section: t for t in RECORD_TYPES}
_ROWS = {r.key: r for r in ROW_TYPES}


def by_key(key: str) -> RecordType:
    """The record type of a services attribute or form kind ("members", "package")."""
    return _BY_KEY[key]


def by_section(section: str) -> RecordType:
    """The record type of an archive section ("package_entries")."""
    return _BY_SECTION[section]


def row_type(key: str) -> RowType:
    """The row type of a list's key ("presentations")."""
    return _ROWS[key]


def choice_words() -> dict[str, str]:
    """Every stored choice value and its plain words, over all record types."""
    words: dict[str, str] = {}
    for t in RECORD_TYPES:
        for f in t.fields:
            words.update((c.value, c.label) for c in f.choices)
    return words


__all__ = [
    "COORDINATORS", "DOCUMENTS", "GROUP", "MEETINGS", "MEMBERS", "ORGANIZATIONS", "OUTREACH",
    "PACKAGE", "PRESENTATIONS", "PROPOSALS", "RECORD_TYPES", "ROW_TYPES", "SECTIONS",
    "SPOTLIGHTS", "Choice", "Field", "RecordType", "RowType", "by_key", "by_section",
    "choice_words", "discover", "modules", "row_type",
]
