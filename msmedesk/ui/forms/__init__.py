"""Record forms: one dialog per record type, built from the field widgets.

A dialog speaks the archive's language (``set_values``/``values`` take and give the dicts of
shared/archive-format.md), checks what was entered with ``validation.parse_*``, and hands
the typed record to a ``save`` callable from the window. It closes only after ``save``
succeeded; otherwise it shows each problem beside its field and stays open.

The package, module by module: ``dialog`` (FormDialog, the machinery every form shares),
``field`` (one labelled field), ``record`` (RecordDialog and ``open_form``), ``builders``
(the forms, kind by kind), ``rows`` (the sub-dialog of a list's row), ``values`` (the
archive-shaped dicts), ``labels``, ``messages`` and ``choices``. Callers import from here.
"""

from __future__ import annotations

from msmedesk.ui import unsaved
from msmedesk.ui.forms.choices import Choices, StaticChoices
from msmedesk.ui.forms.dialog import FormDialog
from msmedesk.ui.forms.labels import ANNEX_LABELS, choice_items
from msmedesk.ui.forms.messages import sentence
from msmedesk.ui.forms.record import RecordDialog, dialog_title, form_subject, open_form
from msmedesk.ui.forms.rows import RowDialog, edit_row
from msmedesk.ui.forms.values import (
    KINDS,
    PARSERS,
    ROW_SCHEMAS,
    SCHEMAS,
    normalise,
    record_to_raw,
)

__all__ = [
    "ANNEX_LABELS", "KINDS", "PARSERS", "ROW_SCHEMAS", "SCHEMAS", "Choices", "FormDialog",
    "RecordDialog", "RowDialog", "StaticChoices", "choice_items", "dialog_title", "edit_row",
    "form_subject", "normalise", "open_form", "record_to_raw", "sentence", "unsaved",
]
