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

OPENING = (Choice("", "No"), Choice("yes", "Yes"))

#: Where a numbered item goes: the report tells a meeting's items by these numbers.
PLACE_HINT = ("Where the report tells this item among the meeting's presentations, "
              "spotlights and proposals: 1, 2, 3 … Numbered items come first, in that order; "
              "the others follow as they are listed. Leave empty to keep the list's order.")


def place(key: str, label: str = "Place in the meeting", hint: str = PLACE_HINT) -> Field:
    """An optional order number of an item within its meeting."""
    return Field(key, label, "integer", optional=True, minimum=1, maximum=999,
                 archived="when_set", hint=hint)


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
        place("order"),
        choice("opening", "Opened the meeting", OPENING, "", archived="when_set",
               hint="Yes: the report tells this presentation first, right after the "
                    "meeting's date (\"The meeting opened with a presentation by …\")."),
        text("lead_in", "Narrative before it", archived="when_set",
             hint="Sentences the report tells just before this presentation, such as "
                  "\"A thematic session was held on …\". Leave empty if none."),
    ))

SPOTLIGHTS = RowType(
    key="spotlights", noun="spotlight", record=Spotlight,
    fields=(
        name("business", "Business", required=True, search_names=("enterprise",)),
        name("person", "Person"),
        name("country", "Country"),
        name("introduced_by", "Introduced by"),
        text("description", "Description", limit=MAX_DESCRIPTION,
             hint="What the business is: \"a specialty tea business\" follows its name; "
                  "a full sentence is told as a sentence of its own."),
        place("order"),
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
        symbol("convening_notice", "Convening notice", search_names=("symbol",)),
        symbol("summary_document", "Summary document", search_names=("symbol",)),
        text("summary", "Summary for the report", column_label="Summary"),
        rows(PRESENTATIONS, "Presentations"),
        rows(SPOTLIGHTS, "MSME Spotlights"),
        # The other side of a proposal's discussed_at: the archive carries it there.
        listing("proposals", "Proposals discussed", "symbols", archived="never",
                search_names=("symbol", "proposal")),
        place("proposals_order", "Place of the proposals discussed",
              "Where the report tells the proposals discussed among the presentations and "
              "spotlights: 1, 2, 3 … Leave empty to tell them after them."),
        text("closing", "Narrative after the presentations", archived="when_set",
             column_label="Closing narrative",
             hint="What the report tells after the presentations, spotlights and "
                  "proposals (decisions taken, what was shared after the meeting)."),
        place("closing_order", "Place of that narrative",
              "Where the report tells the narrative after the presentations: 1, 2, 3 … "
              "Leave empty to tell it last."),
    ))
