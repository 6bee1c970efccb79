"""One declaration per record type: what the program knows of each (its key, nouns,
archive section, fields with their labels, kinds of value and limits).

The window's columns and forms, the archive's shape, validation's dispatch and the
report's nouns come from here. Adding a record type is a module beside these and one
line in ``RECORD_TYPES``.
"""

from __future__ import annotations

from msmedesk.registry.contacts import CONTACTS
from msmedesk.registry.documents import DOCUMENTS
from msmedesk.registry.fields import Choice, Field, RecordType, RowType
from msmedesk.registry.group import COORDINATORS, GROUP
from msmedesk.registry.meetings import MEETINGS, PRESENTATIONS, SPOTLIGHTS
from msmedesk.registry.members import MEMBERS
from msmedesk.registry.organizations import ORGANIZATIONS
from msmedesk.registry.outreach import OUTREACH
from msmedesk.registry.package import PACKAGE
from msmedesk.registry.proposals import PROPOSALS

#: Every record type, in the order of the window's tabs (the Group's profile last: it has
#: no tab of its own).
RECORD_TYPES: tuple[RecordType, ...] = (MEETINGS, MEMBERS, PROPOSALS, OUTREACH, CONTACTS,
                                        PACKAGE, ORGANIZATIONS, DOCUMENTS, GROUP)

#: The archive's list sections, in the order an archive writes and reads them (a section
#: names only what an earlier one holds: meetings name documents, proposals meetings ...).
SECTIONS: tuple[str, ...] = tuple(
    by.section for by in (MEMBERS, ORGANIZATIONS, CONTACTS, DOCUMENTS, MEETINGS, PROPOSALS,
                          OUTREACH, PACKAGE))

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
    "choice_words", "row_type",
]
