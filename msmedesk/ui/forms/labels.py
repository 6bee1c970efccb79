"""The plain words a form shows for the archive's values, and the nouns of what it edits."""

from __future__ import annotations

from msmedesk.domain import DOCUMENT_KINDS, MEETING_KINDS, OUTREACH_KINDS, PROPOSAL_STATUSES

MEETING_KIND_LABELS = {
    "open-ended": "Open-ended", "private-sector": "Private sector",
    "thematic": "Thematic session", "other": "Other",
}  # fmt: skip
DOCUMENT_KIND_LABELS = {
    "convening-notice": "Convening notice (airgram)", "summary-report": "Summary report",
    "annual-report": "Annual report", "working-document": "Working document (proposal)",
    "ministerial": "Ministerial document", "other": "Other",
}  # fmt: skip
PROPOSAL_STATUS_LABELS = {
    "submitted": "Submitted", "under-discussion": "Under discussion", "adopted": "Adopted",
    "concluded": "Concluded", "withdrawn": "Withdrawn",
}  # fmt: skip
OUTREACH_KIND_LABELS = {
    "award": "Award", "network-meeting": "Trade4MSMEs Network meeting",
    "joint-event": "Joint event", "speaking-engagement": "Speaking engagement",
    "newsletter": "Newsletter", "private-sector-dialogue": "Private-sector dialogue",
    "website": "Website", "other": "Other",
}  # fmt: skip
ANNEX_LABELS = {
    1: "Annex 1 — MSME-related information (Trade Policy Reviews)",
    2: "Annex 2 — Access to information (Global Trade Helpdesk)",
    3: "Annex 3",
    4: "Annex 4 — Good regulatory practice",
    5: "Annex 5 — Tariff data (Integrated Database)",
    6: "Annex 6 — Access to finance",
}
# Every archive value has a label, so a new kind in the domain fails here, not on screen.
assert set(MEETING_KIND_LABELS) == set(MEETING_KINDS)
assert set(DOCUMENT_KIND_LABELS) == set(DOCUMENT_KINDS)
assert set(PROPOSAL_STATUS_LABELS) == set(PROPOSAL_STATUSES)
assert set(OUTREACH_KIND_LABELS) == set(OUTREACH_KINDS)

NOUNS = {
    "meetings": "meeting", "members": "Member", "proposals": "proposal",
    "outreach": "outreach event", "package": "package entry", "organizations": "organization",
    "documents": "document", "group": "Group profile",
}  # fmt: skip


ROW_LABELS: dict[str, dict[str, str]] = {
    "presentations": {"speaker": "Speaker", "organization": "Organization",
                      "member": "Member", "topic": "Topic"},
    "spotlights": {"business": "Business", "person": "Person", "country": "Country",
                   "introduced_by": "Introduced by", "description": "Description"},
    "coordinators": {"name": "Name", "title": "Title", "from": "From", "to": "To"},
}
ROW_NOUNS = {"presentations": "presentation", "spotlights": "spotlight",
             "coordinators": "Coordinator"}
