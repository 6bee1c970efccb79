"""Meetings of the Group, with the presentations and MSME Spotlights given at them."""

from __future__ import annotations

from msmedesk.domain import Meeting, Presentation, Spotlight
from msmedesk.registry.fields import (
    MAX_DESCRIPTION,
    MAX_TOPIC,
    Choice,
    Field,
    RecordType,
    RowType,
    choice,
    full_date,
    listing,
    name,
    rows,
    symbol,
    text,
)

MEETING_KINDS = (
    Choice("open-ended", "Open-ended"),
    Choice("private-sector", "Private sector"),
    Choice("thematic", "Thematic session"),
    Choice("other", "Other"),
)

PRESENTATIONS = RowType(
    key="presentations", noun="presentation", record=Presentation,
    fields=(
        name("speaker", "Speaker"),
        name("organization", "Organization", optional=True, blank_for_none=True),
        text("topic", "Topic", limit=MAX_TOPIC),
        name("member", "Member", optional=True, archived="when_set"),
        # The recorded contact who spoke, beside the free-text speaker ({"name", "of"}).
        Field("contact", "Contact", "ref", target="contacts", optional=True,
              archived="when_set"),
    ))

SPOTLIGHTS = RowType(
    key="spotlights", noun="spotlight", record=Spotlight,
    fields=(
        name("business", "Business", required=True),
        name("person", "Person"),
        name("country", "Country"),
        name("introduced_by", "Introduced by"),
        text("description", "Description", limit=MAX_DESCRIPTION),
    ))

MEETINGS = RecordType(
    key="meetings", noun="meeting", plural="meetings", title="Meetings", section="meetings",
    record=Meeting, identity=("date", "kind"),
    tab="main", position=10, archive_position=40,
    columns=("date", "kind", "convening_notice", "summary_document", "summary"),
    search_hint="date, kind, document symbol or summary",
    fields=(
        full_date("date", "Date", required=True),
        choice("kind", "Kind", MEETING_KINDS, "open-ended"),
        symbol("convening_notice", "Convening notice"),
        symbol("summary_document", "Summary document"),
        text("summary", "Summary for the report", column_label="Summary"),
        rows(PRESENTATIONS, "Presentations"),
        rows(SPOTLIGHTS, "MSME Spotlights"),
        # The other side of a proposal's discussed_at: the archive carries it there.
        listing("proposals", "Proposals discussed", "symbols", archived="never"),
    ))
