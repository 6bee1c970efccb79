"""The forms, kind by kind: which fields each record type's form shows, and its size."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from msmedesk.domain import long_date
from msmedesk.registry import (
    COORDINATORS,
    DOCUMENTS,
    GROUP,
    MEETINGS,
    MEMBERS,
    ORGANIZATIONS,
    OUTREACH,
    PACKAGE,
    PRESENTATIONS,
    PROPOSALS,
    SPOTLIGHTS,
    RowType,
)
from msmedesk.registry.fields import MAX_COUNT
from msmedesk.registry.package import FIRST_YEAR, LAST_YEAR
from msmedesk.symbol_rules import CONVENING_NOTICE, PROPOSAL, SUMMARY

from msmedesk.ui.date_field import DateEdit, PartialDateEdit
from msmedesk.ui.forms.choices import Choices
from msmedesk.ui.forms.dialog import FormDialog
from msmedesk.ui.forms.labels import ANNEX_LABELS, choice_items
from msmedesk.ui.forms.rows import _add, _row_list
from msmedesk.ui.symbol_field import SymbolEdit
from msmedesk.ui.widgets import ChoiceCombo, IntSpin, MultiPicker, TextArea, TextLine, expanding


def _columns(row: RowType, *keys: str | tuple[str, str]) -> list[tuple[str, str]]:
    """A row list's columns: (key, heading), the heading the registry's label unless given."""
    return [k if isinstance(k, tuple) else (k, row.field(k).label) for k in keys]


def _member_form(d: FormDialog, c: Choices) -> None:
    _add(d, MEMBERS, "name", TextLine(placeholder="required, as the WTO writes it"),
         hint="The name as the WTO writes it, e.g. Korea, Republic of")
    _add(d, MEMBERS, "list_name", TextLine(placeholder="same as the name"),
         hint="How the entry reads in the membership footnote, e.g. European Union "
              "and its 27 Member States")
    _add(d, MEMBERS, "sort_name", TextLine(placeholder="same as the name"),
         hint="The key that orders the membership footnote, e.g. Gambia for The Gambia")
    _add(d, MEMBERS, "prose_name", TextLine(placeholder="same as the name"),
         hint="The form used inside a sentence, with its article, e.g. the European "
              "Union")
    _add(d, MEMBERS, "counts_as", IntSpin(minimum=1, maximum=MAX_COUNT),
         hint="How many Members this entry stands for",
         note="Members (the European Union entry counts as 28)")
    _add(d, MEMBERS, "joined", PartialDateEdit(empty_hint="a Member from the start"),
         hint="When the Member joined the Group; leave empty for a Member since "
              "before the records begin")
    _add(d, MEMBERS, "left", PartialDateEdit(empty_hint="still a Member"),
         hint="When the Member left the Group, if it did")
    _add(d, MEMBERS, "notes", TextArea(lines=3))


def _organization_form(d: FormDialog, c: Choices) -> None:
    _add(d, ORGANIZATIONS, "name",
         TextLine(placeholder="required, e.g. International Trade Centre"))
    _add(d, ORGANIZATIONS, "acronym", TextLine(nullable=True, placeholder="e.g. ITC"))
    _add(d, ORGANIZATIONS, "network_member_since",
         PartialDateEdit(empty_hint="not in the Network"),
         hint="Leave empty for organizations outside the Trade4MSMEs Network")


def _document_form(d: FormDialog, c: Choices) -> None:
    _add(d, DOCUMENTS, "symbol", SymbolEdit(example="INF/MSME/R/43"))
    _add(d, DOCUMENTS, "title", expanding(TextLine()))
    _add(d, DOCUMENTS, "date", DateEdit())
    _add(d, DOCUMENTS, "kind", ChoiceCombo(choice_items(DOCUMENTS.field("kind"))))
    _add(d, DOCUMENTS, "url",
         TextLine(nullable=True, placeholder="https://… (none for JOB documents)"),
         hint="The document's address online, if it has one")


def _meeting_form(d: FormDialog, c: Choices) -> None:
    _add(d, MEETINGS, "date", DateEdit(optional=False))
    _add(d, MEETINGS, "kind", ChoiceCombo(choice_items(MEETINGS.field("kind"))))
    _add(d, MEETINGS, "convening_notice",
         SymbolEdit(example="INF/MSME/CN/25/Rev.1", series=CONVENING_NOTICE),
         hint="The airgram that announced the meeting")
    _add(d, MEETINGS, "summary_document",
         SymbolEdit(example="INF/MSME/R/43", series=SUMMARY),
         hint="The document that records the meeting")
    _add(d, MEETINGS, "summary",
         TextArea(lines=10, placeholder="What the report's paragraph on this meeting "
                                        "says after its opening sentence"))
    d.new_column()
    # The organization column shows the presenting Member too.
    _add(d, MEETINGS, "presentations", _row_list(d, "presentations", c, _columns(
        PRESENTATIONS, "speaker", ("organization", "Organization / Member"), ("order", "Place"),
        "topic")))
    _add(d, MEETINGS, "spotlights", _row_list(d, "spotlights", c, _columns(
        SPOTLIGHTS, "business", "person", "country", "introduced_by", ("order", "Place")),
        rows=2))
    _add(d, MEETINGS, "proposals",
         MultiPicker([(s, s) for s in c.proposal_symbols()], rows=4, what="proposals"))


def _meeting_items(c: Choices) -> list[tuple[str, str]]:
    # A proposal records the meeting by its date only, so one line per date.
    kinds: dict[date, list[str]] = {}
    for when, kind in c.meeting_choices():
        kinds.setdefault(when, []).append(MEETINGS.field("kind").choice_label(kind).lower())
    return [(f"{long_date(when)} ({', '.join(k)})", when.isoformat())
            for when, k in kinds.items()]


def _proposal_form(d: FormDialog, c: Choices) -> None:
    _add(d, PROPOSALS, "symbol", SymbolEdit(example="INF/MSME/W/51", series=PROPOSAL))
    _add(d, PROPOSALS, "title", expanding(TextLine()))
    items = [(m, m) for m in c.member_names()]
    items += [(f"{o} (organization)", o) for o in c.organization_labels()]
    _add(d, PROPOSALS, "proponents", MultiPicker(items, rows=6, what="Members"),
         hint="The Members (or the organization) that put the proposal forward")
    _add(d, PROPOSALS, "submitted", PartialDateEdit())
    _add(d, PROPOSALS, "status", ChoiceCombo(choice_items(PROPOSALS.field("status"))))
    _add(d, PROPOSALS, "discussed_at", MultiPicker(_meeting_items(c), rows=4, what="meetings"),
         hint="The meetings at which the Group discussed the proposal")
    _add(d, PROPOSALS, "summary", TextArea(lines=4))


def _outreach_form(d: FormDialog, c: Choices) -> None:
    _add(d, OUTREACH, "date", PartialDateEdit(empty_hint="required"),
         hint="The day, or only the month or year when that is all that is known")
    _add(d, OUTREACH, "end_date", PartialDateEdit(empty_hint="one day only"),
         hint="The last day of an event over several days")
    _add(d, OUTREACH, "kind", ChoiceCombo(choice_items(OUTREACH.field("kind"))))
    _add(d, OUTREACH, "title", expanding(TextLine(placeholder="required")))
    _add(d, OUTREACH, "partners", MultiPicker(
        [(o, o) for o in c.organization_labels()], rows=5, what="organizations"),
         hint="The organizations the Group worked with")
    _add(d, OUTREACH, "summary", TextArea(lines=5))


def _package_form(d: FormDialog, c: Choices) -> None:
    _add(d, PACKAGE, "annex", ChoiceCombo(
        [("— choose an annex —", None)] + [(label, n) for n, label in ANNEX_LABELS.items()]),
         hint="The annex of the December 2020 MSME Package (INF/MSME/4/Rev.2)")
    _add(d, PACKAGE, "year", IntSpin(minimum=FIRST_YEAR, maximum=LAST_YEAR,
                                     optional=True, empty_text="choose a year"))
    _add(d, PACKAGE, "members", MultiPicker([(m, m) for m in c.member_names()], rows=7,
                                            what="Members"),
         hint="The Members that reported implementing the annex (may be none)")
    _add(d, PACKAGE, "summary", TextArea(
        lines=4, placeholder="as it reads after the Members' names, e.g. included MSME "
                             "information in their Trade Policy Review reports"))


def _group_form(d: FormDialog, c: Choices) -> None:
    _add(d, GROUP, "name", expanding(TextLine(placeholder="required")))
    _add(d, GROUP, "short_name", TextLine(placeholder="e.g. MSME Group"))
    _add(d, GROUP, "established", DateEdit())
    _add(d, GROUP, "established_by", SymbolEdit(example="WT/MIN(17)/58/Rev.1"),
         hint="The document that established the Group")
    _add(d, GROUP, "established_at", expanding(TextLine(
        placeholder="e.g. the 11th Ministerial Conference (MC11)")))
    _add(d, GROUP, "founding_members",
         IntSpin(minimum=1, maximum=MAX_COUNT, optional=True),
         hint="How many WTO Members established the Group")
    _add(d, GROUP, "coordinators", _row_list(
        d, "coordinators", c, _columns(COORDINATORS, "name", "title", "from", "to")))

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
