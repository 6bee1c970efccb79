"""The forms, kind by kind: which fields each record type's form shows, and its size."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from msmedesk.domain import long_date
from msmedesk.registry import DOCUMENTS, MEETINGS, OUTREACH, PROPOSALS
from msmedesk.registry.fields import MAX_COUNT
from msmedesk.registry.package import FIRST_YEAR, LAST_YEAR
from msmedesk.symbol_rules import CONVENING_NOTICE, PROPOSAL, SUMMARY

from msmedesk.ui.date_field import DateEdit, PartialDateEdit
from msmedesk.ui.forms.choices import Choices
from msmedesk.ui.forms.dialog import FormDialog
from msmedesk.ui.forms.labels import ANNEX_LABELS, choice_items
from msmedesk.ui.forms.rows import _row_list
from msmedesk.ui.symbol_field import SymbolEdit
from msmedesk.ui.widgets import ChoiceCombo, IntSpin, MultiPicker, TextArea, TextLine, expanding


def _member_form(d: FormDialog, c: Choices) -> None:
    d.add_field("name", "Name", TextLine(placeholder="required, as the WTO writes it"),
                hint="The name as the WTO writes it, e.g. Korea, Republic of")
    d.add_field("list_name", "Name in the list", TextLine(placeholder="same as the name"),
                hint="How the entry reads in the membership footnote, e.g. European Union "
                     "and its 27 Member States")
    d.add_field("sort_name", "Sort by", TextLine(placeholder="same as the name"),
                hint="The key that orders the membership footnote, e.g. Gambia for The Gambia")
    d.add_field("prose_name", "Name in a sentence", TextLine(placeholder="same as the name"),
                hint="The form used inside a sentence, with its article, e.g. the European "
                     "Union")
    d.add_field("counts_as", "Counts as", IntSpin(minimum=1, maximum=MAX_COUNT),
                hint="How many Members this entry stands for",
                note="Members (the European Union entry counts as 28)")
    d.add_field("joined", "Joined", PartialDateEdit(empty_hint="a Member from the start"),
                hint="When the Member joined the Group; leave empty for a Member since "
                     "before the records begin")
    d.add_field("left", "Left", PartialDateEdit(empty_hint="still a Member"),
                hint="When the Member left the Group, if it did")
    d.add_field("notes", "Notes", TextArea(lines=3))


def _organization_form(d: FormDialog, c: Choices) -> None:
    d.add_field("name", "Name", TextLine(placeholder="required, e.g. International Trade "
                                                     "Centre"))
    d.add_field("acronym", "Acronym", TextLine(nullable=True, placeholder="e.g. ITC"))
    d.add_field("network_member_since", "In the Trade4MSMEs Network since",
                PartialDateEdit(empty_hint="not in the Network"),
                hint="Leave empty for organizations outside the Trade4MSMEs Network")


def _document_form(d: FormDialog, c: Choices) -> None:
    d.add_field("symbol", "Symbol", SymbolEdit(example="INF/MSME/R/43"))
    d.add_field("title", "Title", expanding(TextLine()))
    d.add_field("date", "Date", DateEdit())
    d.add_field("kind", "Kind", ChoiceCombo(choice_items(DOCUMENTS.field("kind"))))
    d.add_field("url", "Link", TextLine(nullable=True, placeholder="https://… (none for "
                                                                   "JOB documents)"),
                hint="The document's address online, if it has one")


def _meeting_form(d: FormDialog, c: Choices) -> None:
    d.add_field("date", "Date", DateEdit(optional=False))
    d.add_field("kind", "Kind", ChoiceCombo(choice_items(MEETINGS.field("kind"))))
    d.add_field("convening_notice", "Convening notice",
                SymbolEdit(example="INF/MSME/CN/25/Rev.1", series=CONVENING_NOTICE),
                hint="The airgram that announced the meeting")
    d.add_field("summary_document", "Summary document",
                SymbolEdit(example="INF/MSME/R/43", series=SUMMARY),
                hint="The document that records the meeting")
    d.add_field("summary", "Summary for the report",
                TextArea(lines=10, placeholder="What the report's paragraph on this meeting "
                                               "says after its opening sentence"))
    d.new_column()
    d.add_field("presentations", "Presentations", _row_list(
        d, "presentations", c, [("speaker", "Speaker"), ("organization", "Organization / "
                                "Member"), ("topic", "Topic")]))
    d.add_field("spotlights", "MSME Spotlights", _row_list(
        d, "spotlights", c, [("business", "Business"), ("person", "Person"),
                             ("country", "Country"), ("introduced_by", "Introduced by")],
        rows=2))
    d.add_field("proposals", "Proposals discussed",
                MultiPicker([(s, s) for s in c.proposal_symbols()], rows=4,
                            what="proposals"))


def _meeting_items(c: Choices) -> list[tuple[str, str]]:
    # A proposal records the meeting by its date only, so one line per date.
    kinds: dict[date, list[str]] = {}
    for when, kind in c.meeting_choices():
        kinds.setdefault(when, []).append(MEETINGS.field("kind").choice_label(kind).lower())
    return [(f"{long_date(when)} ({', '.join(k)})", when.isoformat())
            for when, k in kinds.items()]


def _proposal_form(d: FormDialog, c: Choices) -> None:
    d.add_field("symbol", "Symbol", SymbolEdit(example="INF/MSME/W/51", series=PROPOSAL))
    d.add_field("title", "Title", expanding(TextLine()))
    items = [(m, m) for m in c.member_names()]
    items += [(f"{o} (organization)", o) for o in c.organization_labels()]
    d.add_field("proponents", "Proponents", MultiPicker(items, rows=6, what="Members"),
                hint="The Members (or the organization) that put the proposal forward")
    d.add_field("submitted", "Submitted", PartialDateEdit())
    d.add_field("status", "Status", ChoiceCombo(choice_items(PROPOSALS.field("status"))))
    d.add_field("discussed_at", "Discussed at", MultiPicker(_meeting_items(c), rows=4,
                                                            what="meetings"),
                hint="The meetings at which the Group discussed the proposal")
    d.add_field("summary", "Summary", TextArea(lines=4))


def _outreach_form(d: FormDialog, c: Choices) -> None:
    d.add_field("date", "Date", PartialDateEdit(empty_hint="required"),
                hint="The day, or only the month or year when that is all that is known")
    d.add_field("end_date", "Until", PartialDateEdit(empty_hint="one day only"),
                hint="The last day of an event over several days")
    d.add_field("kind", "Kind", ChoiceCombo(choice_items(OUTREACH.field("kind"))))
    d.add_field("title", "Title", expanding(TextLine(placeholder="required")))
    d.add_field("partners", "Partners", MultiPicker(
        [(o, o) for o in c.organization_labels()], rows=5, what="organizations"),
        hint="The organizations the Group worked with")
    d.add_field("summary", "Summary for the report", TextArea(lines=5))


def _package_form(d: FormDialog, c: Choices) -> None:
    d.add_field("annex", "Annex", ChoiceCombo(
        [("— choose an annex —", None)] + [(label, n) for n, label in ANNEX_LABELS.items()]),
        hint="The annex of the December 2020 MSME Package (INF/MSME/4/Rev.2)")
    d.add_field("year", "Year", IntSpin(minimum=FIRST_YEAR, maximum=LAST_YEAR,
                                        optional=True, empty_text="choose a year"))
    d.add_field("members", "Members", MultiPicker([(m, m) for m in c.member_names()], rows=7,
                                                  what="Members"),
                hint="The Members that reported implementing the annex (may be none)")
    d.add_field("summary", "What they did", TextArea(
        lines=4, placeholder="as it reads after the Members' names, e.g. included MSME "
                             "information in their Trade Policy Review reports"))


def _group_form(d: FormDialog, c: Choices) -> None:
    d.add_field("name", "Name", expanding(TextLine(placeholder="required")))
    d.add_field("short_name", "Short name", TextLine(placeholder="e.g. MSME Group"))
    d.add_field("established", "Established on", DateEdit())
    d.add_field("established_by", "Established by", SymbolEdit(example="WT/MIN(17)/58/Rev.1"),
                hint="The document that established the Group")
    d.add_field("established_at", "Established at", expanding(TextLine(
        placeholder="e.g. the 11th Ministerial Conference (MC11)")))
    d.add_field("founding_members", "Founding Members",
                IntSpin(minimum=1, maximum=MAX_COUNT, optional=True),
                hint="How many WTO Members established the Group")
    d.add_field("coordinators", "Coordinators", _row_list(
        d, "coordinators", c, [("name", "Name"), ("title", "Title"), ("from", "From"),
                               ("to", "To")]))



_BUILDERS: dict[str, Callable[[FormDialog, Choices], None]] = {
    "members": _member_form, "organizations": _organization_form,
    "documents": _document_form, "meetings": _meeting_form, "proposals": _proposal_form,
    "outreach": _outreach_form, "package": _package_form, "group": _group_form,
}  # fmt: skip
# (width, height) wide enough that titles and narratives read without scrolling sideways;
# tall enough that lists show several rows. Both shrink to the screen.
_SIZES = {"meetings": (1260, 700), "proposals": (760, 700), "outreach": (720, 640),
          "package": (720, 600), "group": (720, 560), "organizations": (620, 0),
          "documents": (680, 0)}
