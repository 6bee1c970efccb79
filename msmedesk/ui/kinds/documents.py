"""Documents as the window shows them: columns, names and the detail panel."""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import Document, LinkGroup, long_date
from msmedesk.registry import DOCUMENTS as TYPE

from msmedesk.ui.kinds.base import Detail, RecordKind, columns, word


def _detail(d: Document, _links: Sequence[LinkGroup]) -> Detail:
    facts = [("Title", d.title or "not recorded"),
             ("Date", long_date(d.date) if d.date else "not recorded"), ("Kind", word(d.kind))]
    if d.url:
        facts.append(("Address", d.url))
    return Detail(heading=d.symbol, facts=facts)


DOCUMENTS = RecordKind(
    type=TYPE,
    columns=columns(TYPE, ("symbol", 190), ("title", 400), ("date", 130), ("kind", 150)),
    describe=lambda d: f"the {TYPE.noun} {d.symbol}",
    detail=_detail, search_hint="symbol or title")
