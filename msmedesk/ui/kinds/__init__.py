"""What each record type adds to the generic tab: its columns, how a record is named in a
question ("Delete the open-ended meeting of 19 March 2024?") and what its detail panel lists.

The machinery (table model, tab, undo) is the same for every type; a type contributes a
``RecordKind`` in its own module here, its names and headings taken from the registry.
"""

from __future__ import annotations

from msmedesk.ui.kinds.base import WORDS, Column, Detail, RecordKind, show, word
from msmedesk.ui.kinds.documents import DOCUMENTS
from msmedesk.ui.kinds.meetings import MEETING_NOUNS, MEETINGS
from msmedesk.ui.kinds.members import MEMBERS
from msmedesk.ui.kinds.organizations import ORGANIZATIONS
from msmedesk.ui.kinds.outreach import OUTREACH
from msmedesk.ui.kinds.package import PACKAGE
from msmedesk.ui.kinds.proposals import PROPOSALS

#: Main tabs in order; the Reference tab holds the last two.
MAIN_KINDS = (MEETINGS, MEMBERS, PROPOSALS, OUTREACH, PACKAGE)
REFERENCE_KINDS = (ORGANIZATIONS, DOCUMENTS)
ALL_KINDS = MAIN_KINDS + REFERENCE_KINDS

__all__ = [
    "ALL_KINDS", "DOCUMENTS", "MAIN_KINDS", "MEETINGS", "MEETING_NOUNS", "MEMBERS",
    "ORGANIZATIONS", "OUTREACH", "PACKAGE", "PROPOSALS", "REFERENCE_KINDS", "WORDS", "Column",
    "Detail", "RecordKind", "show", "word",
]
