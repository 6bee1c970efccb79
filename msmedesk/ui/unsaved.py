"""Nothing typed is thrown away without asking: the "Discard your changes?" question.

A form whose values differ from those it opened with asks before Escape, Cancel, its
close button or quitting the program closes it. The question lives here, apart from the
forms, so that the forms and the main window ask it in the same words.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

DISCARD = "&Discard"
KEEP_EDITING = "&Keep editing"


def discard_question(subject: str) -> str:
    """ "Discard your changes to the new meeting?" """
    return f"Discard your changes to {subject}?"


def ask_discard(parent: QWidget | None, subject: str) -> bool:
    """Ask whether to throw away what was typed; True only for Discard.

    Keep editing is the default and what Escape answers: a second Escape must not lose
    the typing that the first one put in question.
    """
    box = QMessageBox(QMessageBox.Icon.Question, "Unsaved changes", discard_question(subject),
                      QMessageBox.StandardButton.NoButton, parent)
    discard = box.addButton(DISCARD, QMessageBox.ButtonRole.DestructiveRole)
    keep = box.addButton(KEEP_EDITING, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(keep)
    box.setEscapeButton(keep)
    box.setInformativeText("What you entered in this form has not been saved.")
    box.exec()
    return box.clickedButton() is discard


def open_forms() -> list[QWidget]:
    """The forms open now, the one in front first (a row dialog before its record's form)."""
    forms: list[QWidget] = []
    modal = QApplication.activeModalWidget()
    # The modal stack holds the forms in the order they opened; the top one is active.
    while modal is not None and hasattr(modal, "close_asking") and modal not in forms:
        forms.append(modal)
        modal = _next_modal(modal, forms)
    return forms


def _next_modal(current: QWidget, seen: Iterable[QWidget]) -> QWidget | None:
    parent = current.parentWidget()
    while parent is not None:
        window = parent.window()
        if window not in seen and hasattr(window, "close_asking") and window.isVisible():
            return window
        parent = window.parentWidget()
    return None


def close_open_forms() -> bool:
    """Close every open form before the program quits, asking where something was typed.

    False (and the forms stay open) when the user chose to keep editing one of them.
    """
    return all(form.close_asking() for form in open_forms())  # type: ignore[attr-defined]
