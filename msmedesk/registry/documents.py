"""Documents: WTO documents known by their symbols."""

from __future__ import annotations

from msmedesk.domain import Document
from msmedesk.registry.fields import Choice, RecordType, choice, full_date, name, symbol, title

DOCUMENT_KINDS = (
    Choice("convening-notice", "Convening notice", "Convening notice (airgram)"),
    Choice("summary-report", "Summary report"),
    Choice("annual-report", "Annual report"),
    Choice("working-document", "Working document", "Working document (proposal)"),
    Choice("ministerial", "Ministerial", "Ministerial document"),
    Choice("other", "Other"),
)

DOCUMENTS = RecordType(
    key="documents", noun="document", plural="documents", title="Documents",
    section="documents", record=Document, identity=("symbol",),
    tab="reference", position=20, archive_position=30,
    columns=("symbol", "title", "date", "kind"), search_hint="symbol or title",
    fields=(
        symbol("symbol", "Symbol", required=True),
        title("title", "Title"),
        full_date("date", "Date"),
        choice("kind", "Kind", DOCUMENT_KINDS, "other"),
        name("url", "Link", optional=True, archived="when_set"),
        title("about", "What it covers, for the report", archived="when_set",
              placeholder="e.g. summarizing the Group's main activities since 2017"),
    ))
