"""Outreach events: awards, network meetings, speeches, newsletters ..."""

from __future__ import annotations

from msmedesk.domain import OutreachEvent
from msmedesk.registry.fields import (
    MAX_COUNT,
    Choice,
    Field,
    RecordType,
    choice,
    listing,
    name,
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
    Choice("publication", "Publication"),
    Choice("other", "Other"),
)

# What the Coordinator did at a speaking engagement, in plain words.
OUTREACH_ROLES = (
    Choice("", "Not said"),
    Choice("spoke", "Spoke"),
    Choice("moderated", "Moderated"),
    Choice("judged", "Judged"),
    Choice("sponsored", "Sponsored"),
    Choice("attended", "Attended"),
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
        listing("partners", "Partners", "names", search_names=("organization",)),
        text("summary", "Summary for the report", column_label="Summary"),
        name("place", "Where, for the report", archived="when_set",
             placeholder="e.g. in Barbados"),
        choice("role", "Coordinator's part", OUTREACH_ROLES, "", archived="when_set",
               hint="At a speaking engagement: what the Coordinator did there"),
        Field("position", "Order in the report", "integer", optional=True, minimum=1,
              maximum=MAX_COUNT, archived="when_set",
              hint="Where the item stands among section 4's items (1 first); "
                   "empty: by date"),
    ))
