"""Field widgets for the record forms: each edits one archive-shaped value.

Every widget here speaks the archive's language (ISO date text, symbols, names, lists of
dicts) through ``value()`` and ``set_value(raw)`` and emits ``changed`` when the user edits
it. ``set_value`` raises ValueError for a value the widget cannot show (a count of 0); the
form then keeps that raw value so that validation can name the problem. The date fields are
in date_field.py.

The package, module by module: ``common`` (colours, accessible names), ``text``,
``choices`` (numbers and single choices), ``multi_picker`` and ``row_list``. Callers import
from here.
"""

from __future__ import annotations

from msmedesk.ui.widgets.choices import ChoiceCombo, IntSpin, PickerCombo
from msmedesk.ui.widgets.common import (
    ENGLISH,
    ERROR_COLOUR,
    VALID_COLOUR,
    expanding,
    set_accessible,
)
from msmedesk.ui.widgets.multi_picker import MultiPicker
from msmedesk.ui.widgets.row_list import RowEditor, RowListEditor
from msmedesk.ui.widgets.text import TextArea, TextLine

__all__ = [
    "ENGLISH", "ERROR_COLOUR", "VALID_COLOUR", "ChoiceCombo", "IntSpin", "MultiPicker",
    "PickerCombo", "RowEditor", "RowListEditor", "TextArea", "TextLine", "expanding",
    "set_accessible",
]
