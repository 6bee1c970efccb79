"""What each record type adds to the generic tab: its columns, how a record is named in a
question ("Delete the open-ended meeting of 19 March 2024?") and what its detail panel lists.

The machinery (table model, tab, undo) is the same for every type. The tabs are the
registry's record types in their order; a type with a module here shows through its
``RecordKind``, any other through the generic one made from its declaration (``generic``).
"""

from __future__ import annotations

from msmedesk.registry import RECORD_TYPES, RecordType

from msmedesk.ui.kinds.base import WORDS, Column, Detail, RecordKind, show, word
from msmedesk.ui.kinds.documents import DOCUMENTS
from msmedesk.ui.kinds.generic import generic_kind
from msmedesk.ui.kinds.meetings import MEETING_NOUNS, MEETINGS
from msmedesk.ui.kinds.members import MEMBERS
from msmedesk.ui.kinds.organizations import ORGANIZATIONS
from msmedesk.ui.kinds.outreach import OUTREACH
from msmedesk.ui.kinds.package import PACKAGE
from msmedesk.ui.kinds.proposals import PROPOSALS

# The types whose window side is refined by a module of their own.
_OWN = {k.name: k for k in (MEETINGS, MEMBERS, PROPOSALS, OUTREACH, PACKAGE, ORGANIZATIONS,
                            DOCUMENTS)}


# Every registry type's window side, made once (a kind is compared by identity of its parts).
_KINDS = {t.key: _OWN.get(t.key) or generic_kind(t) for t in RECORD_TYPES}


def kind_for(record_type: RecordType) -> RecordKind:
    """The window side of a record type: its own module's, else the generic one."""
    return _KINDS.get(record_type.key) or generic_kind(record_type)


def _tab(tab: str) -> tuple[RecordKind, ...]:
    placed = sorted((t for t in RECORD_TYPES if t.tab == tab), key=lambda t: t.position)
    return tuple(kind_for(t) for t in placed)


#: Main tabs in order, then the Reference tab's lists in order.
MAIN_KINDS = _tab("main")
REFERENCE_KINDS = _tab("reference")
ALL_KINDS = MAIN_KINDS + REFERENCE_KINDS

__all__ = [
    "ALL_KINDS", "DOCUMENTS", "MAIN_KINDS", "MEETINGS", "MEETING_NOUNS", "MEMBERS",
    "ORGANIZATIONS", "OUTREACH", "PACKAGE", "PROPOSALS", "REFERENCE_KINDS", "WORDS", "Column",
    "Detail", "RecordKind", "kind_for", "show", "word",
]
