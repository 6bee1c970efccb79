"""Proposals (working documents) for the Group's future work."""

from __future__ import annotations

from msmedesk.domain import Proposal
from msmedesk.registry.fields import (
    Choice,
    RecordType,
    choice,
    listing,
    partial_date,
    symbol,
    text,
    title,
)

PROPOSAL_STATUSES = (
    Choice("submitted", "Submitted"),
    Choice("under-discussion", "Under discussion"),
    Choice("adopted", "Adopted"),
    Choice("concluded", "Concluded"),
    Choice("withdrawn", "Withdrawn"),
)

PROPOSALS = RecordType(
    key="proposals", noun="proposal", plural="proposals", title="Proposals",
    section="proposals", record=Proposal, identity=("symbol",),
    tab="main", position=30, archive_position=50,
    columns=("symbol", "title", "proponents", "submitted", "status"),
    search_hint="symbol, title, proponent or summary",
    fields=(
        symbol("symbol", "Symbol", required=True),
        title("title", "Title"),
        listing("proponents", "Proponents", "names", search_names=("member",)),
        partial_date("submitted", "Submitted", search_names=("date",)),
        choice("status", "Status", PROPOSAL_STATUSES, "submitted"),
        listing("discussed_at", "Discussed at", "dates"),
        text("summary", "Summary"),
        text("subject", "Subject for the report", archived="when_set",
             hint="What the proposal is for, as the report says it after its symbol: "
                  "\"to bridge the gap between international organizations and MSMEs\" "
                  "or \"on low-value shipments and e-commerce\"."),
    ))
