"""Package entries as the window shows them: columns, names and the detail panel."""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import LinkGroup, PackageEntry
from msmedesk.registry import PACKAGE as TYPE

from msmedesk.ui.kinds.base import Detail, RecordKind, columns, items


def _detail(p: PackageEntry, _links: Sequence[LinkGroup]) -> Detail:
    return Detail(heading=f"Annex {p.annex}, {p.year}",
                  groups=(items("Members", p.members),), text=p.summary)


PACKAGE = RecordKind(
    type=TYPE,
    columns=columns(TYPE, ("year", 70), ("annex", 70), ("members", 300), ("summary", 420)),
    describe=lambda p: f"the {TYPE.noun} for Annex {p.annex} in {p.year}",
    detail=_detail, newest_first=True, search_hint="Member or summary")
