"""The form of any record or row type, built from its fields in the registry.

A type without a form of its own (``builders``, ``rows``) gets one field per registry
field, in the registry's order; a type with one gets, after its own fields, any registry
field it does not place, so that a field newly declared shows without editing the form.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from msmedesk.registry import Field, RecordType, RowType, by_key

from msmedesk.ui.date_field import DateEdit, PartialDateEdit
from msmedesk.ui.forms.choices import Choices
from msmedesk.ui.forms.dialog import FormDialog
from msmedesk.ui.forms.labels import choice_items
from msmedesk.ui.symbol_field import SymbolEdit
from msmedesk.ui.widgets import (
    ChoiceCombo,
    IntSpin,
    MultiPicker,
    PickerCombo,
    RowListEditor,
    TextArea,
    TextLine,
    expanding,
)

# Builds the editor of a list of rows (the rows module's, passed in to keep one way down).
RowListMaker = Callable[[FormDialog, str, Choices], RowListEditor]


def _owners(c: Choices) -> list[str]:
    # A Member by its name, an organization by its acronym (else its name), as the
    # archive and the other forms name them.
    return c.member_names() + c.organization_labels()


def editor_for(f: Field, c: Choices, row_list: RowListMaker | None = None,
               dialog: FormDialog | None = None) -> QWidget:
    """The widget that edits a field of kind ``f.kind``."""
    kind = f.kind
    if kind in ("name", "email"):
        return TextLine(nullable=f.optional, placeholder=f.placeholder)
    if kind == "title":
        return expanding(TextLine(nullable=f.optional, placeholder=f.placeholder))
    if kind == "text":
        return TextArea(lines=4, placeholder=f.placeholder)
    if kind == "symbol":
        return SymbolEdit(example=f.placeholder) if f.placeholder else SymbolEdit()
    if kind == "choice":
        return ChoiceCombo(choice_items(f))
    if kind == "full_date":
        return DateEdit(optional=not f.required)
    if kind == "partial_date":
        return PartialDateEdit()
    if kind == "integer":
        return IntSpin(minimum=f.minimum or 0, maximum=f.maximum or 10**6, optional=f.optional)
    if kind == "owner":
        return PickerCombo(_owners(c), placeholder=f.placeholder or "type to search")
    if kind == "ref":
        return ChoiceCombo([("— none —", None), *c.refs(f.target)])
    if kind == "names":
        return MultiPicker([(n, n) for n in _owners(c)], rows=5, what=f.label.lower())
    if kind == "symbols":
        return MultiPicker([(s, s) for s in c.proposal_symbols()], rows=4,
                           what=f.label.lower())
    if kind == "dates":
        dates = sorted({when.isoformat() for when, _kind in c.meeting_choices()}, reverse=True)
        return MultiPicker([(d, d) for d in dates], rows=4, what=f.label.lower())
    if kind == "rows" and f.rows is not None and row_list is not None and dialog is not None:
        return row_list(dialog, f.rows.key, c)
    raise ValueError(f"no editor for a field of kind {kind!r}")


def add_missing_fields(d: FormDialog, declared: RecordType | RowType, c: Choices,
                       row_list: RowListMaker | None = None) -> None:
    """Add every field of ``declared`` that the form has not placed, as the registry says."""
    for f in declared.fields:
        # A field the archive never writes is the other side of another record's list
        # (a meeting's proposals): it is edited there, not here.
        if f.key in d.fields or f.archived == "never":
            continue
        d.add_field(f.key, f.label, editor_for(f, c, row_list, d), hint=_hint(f, c),
                    default=_default(f))


def _hint(f: Field, c: Choices) -> str:
    """The field's tooltip: its declared hint, with an example of what to type in a list
    of names (the first recorded one); for a choice of records, which records."""
    if f.kind == "owner":
        owners = _owners(c)
        example = f", e.g. {owners[0]}" if owners and "e.g." not in f.hint else ""
        return f"{f.hint or f.label}; type to choose{example}"
    if f.kind == "ref" and not f.hint:
        return f"Choose one of the recorded {by_key(f.target).plural}, if any"
    if f.kind == "choice" and not f.hint:
        return "One of: " + ", ".join(c.label for c in f.choices if c.label)
    return f.hint


def _default(f: Field) -> Any:
    # What the form holds for a field not given (a list as a list).
    return list(f.default) if isinstance(f.default, tuple) else f.default
