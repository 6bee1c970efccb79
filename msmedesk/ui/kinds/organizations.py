"""Organizations as the window shows them: columns, names and the detail panel."""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import LinkGroup, Organization
from msmedesk.registry import ORGANIZATIONS as TYPE

from msmedesk.ui.kinds.base import Detail, RecordKind, columns, partial


def _detail(o: Organization, links: Sequence[LinkGroup]) -> Detail:
    since = partial(o.network_member_since)
    return Detail(heading=o.name,
                  facts=(("Acronym", o.acronym or "none"),
                         ("Trade4MSMEs Network", f"member since {since}" if since
                          else "not a member")),
                  groups=links)


ORGANIZATIONS = RecordKind(
    type=TYPE,
    columns=columns(TYPE, ("acronym", 110), ("name", 360), ("network_member_since", 230)),
    describe=lambda o: f"the {TYPE.noun} {o.name}" + (f" ({o.acronym})" if o.acronym else ""),
    detail=_detail, has_links=True, search_hint="name or acronym")
