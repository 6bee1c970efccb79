"""Outreach events as the window shows them: columns, names and the detail panel."""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import LinkGroup, OutreachEvent
from msmedesk.registry import OUTREACH as TYPE

from msmedesk.ui.kinds.base import Detail, RecordKind, columns, items, word


def _detail(e: OutreachEvent, _links: Sequence[LinkGroup]) -> Detail:
    when = e.date.long() + (f" to {e.end_date.long()}" if e.end_date else "")
    return Detail(heading=e.title, facts=(("Date", when), ("Kind", word(e.kind))),
                  groups=(items("Partners", e.partners),), text=e.summary)


OUTREACH = RecordKind(
    type=TYPE,
    columns=columns(TYPE, ("date", 130), ("kind", 200), ("title", 380), ("partners", 180)),
    describe=lambda e: f'the {TYPE.noun} "{e.title}" ({e.date.long()})',
    detail=_detail, newest_first=True, search_hint="title, kind, date or summary")
