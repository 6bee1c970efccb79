"""The rows of a record's lists (presentations, spotlights, Coordinators): their dialog."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QDialog, QWidget

from msmedesk.domain import PartialDate
from msmedesk.registry import COORDINATORS, PRESENTATIONS, SPOTLIGHTS, RecordType, RowType, row_type
from msmedesk.validation import FieldError, parse

from msmedesk.ui.date_field import PartialDateEdit
from msmedesk.ui.forms.choices import Choices
from msmedesk.ui.forms.dialog import FormDialog
from msmedesk.ui.forms.generic import add_missing_fields
from msmedesk.ui.forms.values import ROW_SCHEMAS
from msmedesk.ui.kinds.generic import ref_text
from msmedesk.ui.widgets import PickerCombo, RowListEditor, TextArea, TextLine, expanding


class RowDialog(FormDialog):
    """The small dialog for one presentation, spotlight or Coordinator of a record."""

    def __init__(self, parent: QWidget | None, list_key: str, choices: Choices,
                 title: str):
        super().__init__(parent, title, ROW_SCHEMAS.get(list_key, {}))
        self.list_key = list_key
        self.result_values: dict[str, Any] | None = None
        self.subject = f"this {row_type(list_key).noun}"
        own = _ROW_BUILDERS.get(list_key)
        if own is not None:
            own(self, choices)
        # The registry's fields that the row's own form does not place (all of them for a
        # row without one), so that a field declared there shows here.
        add_missing_fields(self, row_type(list_key), choices, row_list)
        self.finish(560)

    def accept(self) -> None:
        """Check the row; close only when it is right."""
        raw = self.values()
        errors: list[FieldError] = []
        for key, f in self.fields.items():
            # A presenting organization or Member must be a recorded one: say so here,
            # before the whole meeting is saved and the service refuses it.
            where = _WHERE.get(key)
            if where and isinstance(f.editor, PickerCombo) and not f.editor.is_known():
                errors.append(FieldError(key, f'"{f.editor.value()}" is not in the list; '
                                              f"record it on the {where} first"))
        parsed, parse_errors = parse(self.list_key, raw)
        errors += parse_errors
        if errors or parsed is None:
            self.show_errors(errors)
            return
        self.result_values = raw
        super().accept()


# Where staff add the names that a strict picker offers.
_WHERE = {"organization": "Reference tab", "member": "Members tab"}


def edit_row(parent: QWidget, list_key: str, choices: Choices,
             item: dict[str, Any] | None) -> dict[str, Any] | None:
    """Run the sub-dialog for one row; the new row, or None when cancelled."""
    noun = row_type(list_key).noun
    dialog = RowDialog(parent, list_key, choices, f"Edit {noun}" if item else f"Add {noun}")
    if not item:
        dialog.subject = f"the new {noun}"
    dialog.set_values(item or {})
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_values


def _show_row(list_key: str) -> Callable[[dict[str, Any], str], str]:
    def show(item: dict[str, Any], key: str) -> str:
        if isinstance(item.get(key), dict):  # a record named by its identity
            return ref_text(item[key])
        if list_key == "presentations" and key == "organization":
            parts = [item.get("organization") or "", item.get("member") or ""]
            return " / ".join(p for p in parts if p)
        if list_key == "coordinators" and key in ("from", "to"):
            value = item.get(key)
            if not value:
                return "(serving)" if key == "to" else "—"
            try:
                return PartialDate.parse(value).long()
            except ValueError:
                return str(value)
        return " ".join(str(item.get(key) or "").split())  # one line in the table
    return show


def _row_list(dialog: FormDialog, list_key: str, choices: Choices,
              columns: Sequence[tuple[str, str]], rows: int = 4) -> RowListEditor:
    return RowListEditor(
        columns, lambda parent, item: edit_row(parent, list_key, choices, item),
        noun=row_type(list_key).noun, show=_show_row(list_key), parent=dialog, rows=rows)


def row_list(dialog: FormDialog, list_key: str, choices: Choices) -> RowListEditor:
    """The editor of a list of rows that its form does not lay out: a column for each of
    the row's first few one-line fields."""
    fields = [f for f in row_type(list_key).fields if f.kind not in ("text", "rows")][:4]
    return _row_list(dialog, list_key, choices, [(f.key, f.label) for f in fields])



def _add(d: FormDialog, declared: RecordType | RowType, key: str, editor: QWidget, *,
         hint: str = "", note: str = "") -> None:
    """Add the field ``key`` of a record or row type under the registry's label."""
    field = declared.field(key)
    d.add_field(key, field.label, editor, hint=hint or field.hint, note=note)


def _presentation_form(d: FormDialog, c: Choices) -> None:
    _add(d, PRESENTATIONS, "speaker", expanding(TextLine()),
         hint="Who spoke (a speaker, an organization or a Member is needed)",
         note="Give a speaker, an organization or a Member (or several of them).")
    _add(d, PRESENTATIONS, "organization", PickerCombo(c.organization_labels()),
         hint="The organization the speaker presented for")
    _add(d, PRESENTATIONS, "member", PickerCombo(c.member_names()),
         hint="The Member that presented or briefed, if any")
    _add(d, PRESENTATIONS, "topic", TextArea(lines=3))


def _spotlight_form(d: FormDialog, c: Choices) -> None:
    _add(d, SPOTLIGHTS, "business", expanding(TextLine(placeholder="required")))
    _add(d, SPOTLIGHTS, "person", TextLine())
    _add(d, SPOTLIGHTS, "country", PickerCombo(c.member_names(), placeholder=""))
    _add(d, SPOTLIGHTS, "introduced_by", PickerCombo(
        c.organization_labels() + c.member_names(), placeholder=""))
    _add(d, SPOTLIGHTS, "description", TextArea(lines=4))


def _coordinator_form(d: FormDialog, c: Choices) -> None:
    _add(d, COORDINATORS, "name", expanding(TextLine(placeholder="required, e.g. H.E. Mr …")))
    _add(d, COORDINATORS, "title",
         expanding(TextLine(placeholder="e.g. Ambassador of Barbados")))
    _add(d, COORDINATORS, "from", PartialDateEdit())
    _add(d, COORDINATORS, "to", PartialDateEdit(empty_hint="still serving"))


_ROW_BUILDERS: dict[str, Callable[[FormDialog, Choices], None]] = {
    "presentations": _presentation_form, "spotlights": _spotlight_form,
    "coordinators": _coordinator_form,
}
