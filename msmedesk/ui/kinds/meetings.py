"""Meetings as the window shows them: columns, names and the detail panel."""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import LinkGroup, Meeting, long_date
from msmedesk.registry import MEETINGS as TYPE

from msmedesk.ui.kinds.base import Detail, RecordKind, columns, items

MEETING_NOUNS = {"open-ended": "open-ended meeting", "private-sector": "private-sector meeting",
                 "thematic": "thematic session"}


def meeting_name(m: Meeting) -> str:
    """ "open-ended meeting of 19 March 2024"."""
    return f"{MEETING_NOUNS.get(m.kind, TYPE.noun)} of {long_date(m.date)}"


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _detail(m: Meeting, _links: Sequence[LinkGroup]) -> Detail:
    talks = []
    for p in m.presentations:
        who = ", ".join(x for x in (p.speaker, p.organization or "", p.member or "") if x)
        talks.append(" – ".join(x for x in (who, p.topic) if x) or "(no details recorded)")
    spots = [" – ".join(x for x in (s.business, ", ".join(y for y in (s.person, s.country) if y),
                                    f"introduced by {s.introduced_by}" if s.introduced_by else "")
                        if x) for s in m.spotlights]
    return Detail(
        heading=_upper_first(meeting_name(m)),
        facts=((TYPE.field("convening_notice").label, m.convening_notice or "not recorded"),
               (TYPE.field("summary_document").label, m.summary_document or "not recorded")),
        groups=(items(TYPE.field("presentations").label, talks),
                items(TYPE.field("spotlights").label, spots),
                items(TYPE.field("proposals").label, m.proposals)),
        text=m.summary)


MEETINGS = RecordKind(
    type=TYPE,
    columns=columns(TYPE, ("date", 130), ("kind", 130), ("convening_notice", 165),
                    ("summary_document", 145), ("summary", 300)),
    describe=lambda m: f"the {meeting_name(m)}",
    detail=_detail, newest_first=True,
    search_hint="date, kind, document symbol or summary")
