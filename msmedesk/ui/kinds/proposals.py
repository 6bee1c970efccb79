"""Proposals as the window shows them: columns, names and the detail panel."""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import LinkGroup, Proposal, long_date
from msmedesk.registry import PROPOSALS as TYPE

from msmedesk.ui.kinds.base import Detail, RecordKind, columns, items, partial, word


def _detail(p: Proposal, _links: Sequence[LinkGroup]) -> Detail:
    return Detail(
        heading=p.symbol,
        facts=(("Title", p.title), ("Submitted", partial(p.submitted) or "not recorded"),
               ("Status", word(p.status))),
        groups=(items("Proponents", p.proponents),
                items("Discussed at the meetings of", [long_date(d) for d in p.discussed_at])),
        text=p.summary)


PROPOSALS = RecordKind(
    type=TYPE,
    columns=columns(TYPE, ("symbol", 205), ("title", 300), ("proponents", 180),
                    ("submitted", 100), ("status", 140)),
    describe=lambda p: f"the {TYPE.noun} {p.symbol}",
    detail=_detail, search_hint="symbol, title, proponent or summary")
