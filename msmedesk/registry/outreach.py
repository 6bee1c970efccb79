"""Outreach events: awards, network meetings, speeches, newsletters ..."""

from __future__ import annotations

from msmedesk.domain import OutreachEvent
from msmedesk.registry.fields import (
    Choice,
    RecordType,
    choice,
    listing,
    partial_date,
    text,
    title,
)

OUTREACH_KINDS = (
    Choice("award", "Award"),
    Choice("network-meeting", "Trade4MSMEs Network meeting"),
    Choice("joint-event", "Joint event"),
    Choice("speaking-engagement", "Speaking engagement"),
    Choice("newsletter", "Newsletter"),
    Choice("private-sector-dialogue", "Private-sector dialogue"),
    Choice("website", "Website"),
    Choice("other", "Other"),
)

OUTREACH = RecordType(
    key="outreach", noun="outreach event", plural="outreach events", title="Outreach",
    section="outreach", record=OutreachEvent,
    tab="main", position=40, archive_position=60,
    columns=("date", "kind", "title", "partners"), search_hint="title, kind, date or summary",
    fields=(
        partial_date("date", "Date", required=True),
        partial_date("end_date", "Until"),
        choice("kind", "Kind", OUTREACH_KINDS, "other"),
        title("title", "Title", required=True),
        listing("partners", "Partners", "names"),
        text("summary", "Summary for the report", column_label="Summary"),
    ))
