"""Members as the window shows them: columns, names and the detail panel."""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import LinkGroup, Member
from msmedesk.registry import MEMBERS as TYPE

from msmedesk.ui.kinds.base import Detail, RecordKind, columns, partial


def _detail(m: Member, links: Sequence[LinkGroup]) -> Detail:
    facts = [("In the membership list as", m.list_label), ("Sorted as", m.sort_label),
             ("In a sentence", m.prose_label), ("Counts as", f"{m.counts_as} Member"
                                                + ("s" if m.counts_as != 1 else "")),
             ("Joined", partial(m.joined) or "before the records begin")]
    if m.left:
        facts.append(("Left", partial(m.left)))
    return Detail(heading=m.name, facts=facts, groups=links, text=m.notes)


MEMBERS = RecordKind(
    type=TYPE,
    columns=columns(TYPE, ("name", 220), ("list_name", 260), ("counts_as", 80),
                    ("joined", 120), ("left", 120)),
    describe=lambda m: f'the {TYPE.noun} "{m.name}"',
    detail=_detail, has_links=True, search_hint="name or notes")
