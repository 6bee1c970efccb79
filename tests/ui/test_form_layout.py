"""Form layout: problems appear in space kept for them; every form fits the office screen."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QPoint, QRect  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QScrollArea  # noqa: E402

from msmedesk.validation import FieldError  # noqa: E402

from msmedesk.ui.forms import KINDS, FormDialog, RowDialog, open_form  # noqa: E402

from .test_forms import CHOICES, FakeSave  # noqa: E402

ROW_KINDS = ["presentations", "spotlights", "coordinators"]
# The office's 1366x768 laptop, less its taskbar, at 100 % and at 150 % scaling.
SCREENS = {"100%": QRect(0, 0, 1366, 728), "150%": QRect(0, 0, 911, 480)}
TITLE_BAR = 32  # the window manager's frame above the dialog, at most


def _dialog(qtbot: Any, kind: str) -> FormDialog:
    if kind in ROW_KINDS:
        dialog: FormDialog = RowDialog(None, kind, CHOICES, f"Add {kind}")
        dialog.set_values({})
    else:
        dialog = open_form(None, kind, CHOICES, FakeSave())
    qtbot.addWidget(dialog)
    return dialog


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _tops(dialog: FormDialog) -> dict[str, int]:
    """Where each field's editor sits in the dialog."""
    return {key: f.editor.mapTo(dialog, QPoint(0, 0)).y() for key, f in dialog.fields.items()}


@pytest.mark.parametrize("kind", ["members", "outreach", "presentations"])
def test_a_problem_that_appears_moves_no_field(qtbot: Any, kind: str) -> None:
    """OK on an empty form shows what is missing; no field below it moves."""
    dialog = _dialog(qtbot, kind)
    dialog.show()
    _settle()
    before = _tops(dialog)
    dialog.accept()  # empty: a required field is missing
    _settle()
    assert any(f.error_text() for f in dialog.fields.values())
    assert _tops(dialog) == before


def test_a_problem_with_the_whole_record_moves_no_field(qtbot: Any) -> None:
    """A problem that is no one field's shows under the fields, which stay where they are."""
    dialog = _dialog(qtbot, "members")
    dialog.show()
    _settle()
    before = _tops(dialog)
    dialog.show_errors([FieldError("", "The data file refused the record")])
    _settle()
    assert dialog.error_text("") == "The data file refused the record."
    assert dialog.general_error.isVisible()
    assert _tops(dialog) == before


@pytest.mark.parametrize("screen", list(SCREENS))
@pytest.mark.parametrize("kind", [*KINDS, *ROW_KINDS])
def test_every_form_fits_the_office_screen(qtbot: Any, kind: str, screen: str) -> None:
    """At 100 % and 150 % scaling the form, with its frame, fits the screen; its fields
    are never cut off at the side (they scroll up and down); OK and Cancel show."""
    room = SCREENS[screen]
    dialog = _dialog(qtbot, kind)
    dialog.fit_to(room)
    dialog.show()
    _settle()
    assert dialog.width() <= room.width() and dialog.height() + TITLE_BAR <= room.height()
    least = dialog.minimumSize().expandedTo(dialog.minimumSizeHint())
    assert least.width() <= room.width() and least.height() + TITLE_BAR <= room.height()
    fields = dialog.findChild(QScrollArea)  # the fields scroll up and down, never sideways
    assert fields.viewport().width() >= fields.widget().minimumSizeHint().width()
    for button in (QDialogButtonBox.StandardButton.Ok, QDialogButtonBox.StandardButton.Cancel):
        shown = dialog.buttons.button(button)
        assert shown.isVisible()
        assert dialog.rect().contains(QRect(shown.mapTo(dialog, QPoint(0, 0)), shown.size()))
