"""Every question, message, file chooser and progress dialog the window shows to the user.

They go through one ``Prompts`` object so that tests can answer them: a test replaces
``run_dialog`` with a function that fills in the form and presses OK, ``ask`` with one
that says yes, and so on.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

from msmedesk.ui.backend import Progress


class Prompts:
    """The window's ways of asking and telling; replace a method to answer it in a test."""

    def run_dialog(self, dialog: Any) -> int:
        """Show a form and wait until it is closed."""
        return int(dialog.exec())

    def ask(self, parent: QWidget | None, title: str, text: str, yes: str = "Yes") -> bool:
        """A plain yes/no question; No is the default."""
        box = QMessageBox(QMessageBox.Icon.Question, title, text,
                          QMessageBox.StandardButton.NoButton, parent)
        yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
        no_button = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(no_button)
        box.setEscapeButton(no_button)
        box.exec()
        return box.clickedButton() is yes_button

    def choose(self, parent: QWidget | None, title: str, text: str,
               choices: Sequence[tuple[str, str]]) -> str | None:
        """A warning with a button per (key, label) choice and Cancel (the default).

        Returns the key of the choice made, or None for Cancel.
        """
        box, buttons = choice_box(parent, title, text, choices)
        box.exec()
        clicked = box.clickedButton()
        return next((key for key, button in buttons.items() if button is clicked), None)

    def password(self, parent: QWidget | None, title: str, text: str) -> str | None:
        """A password typed unseen (never kept), or None for Cancel."""
        typed, ok = QInputDialog.getText(parent, title, text, QLineEdit.EchoMode.Password)
        return typed if ok else None

    def error(self, parent: QWidget | None, title: str, text: str) -> None:
        """Say that something could not be done, in plain words."""
        QMessageBox.warning(parent, title, text)

    def inform(self, parent: QWidget | None, title: str, text: str) -> None:
        """Say that something was done."""
        QMessageBox.information(parent, title, text)

    def about(self, parent: QWidget | None, title: str, text: str) -> None:
        """The About box."""
        QMessageBox.about(parent, title, text)

    def open_path(self, parent: QWidget | None, caption: str, start: Path, filters: str
                  ) -> Path | None:
        """Choose an existing file."""
        name, _ = QFileDialog.getOpenFileName(parent, caption, str(start), filters)
        return Path(name) if name else None

    def save_path(self, parent: QWidget | None, caption: str, suggested: Path, filters: str
                  ) -> Path | None:
        """Choose where to write a file (the dialog asks before replacing one)."""
        name, _ = QFileDialog.getSaveFileName(parent, caption, str(suggested), filters)
        return Path(name) if name else None

    def progress(self, parent: QWidget | None, label: str) -> ProgressDialog:
        """A cancellable progress dialog for long work."""
        return ProgressDialog(parent, label)


def choice_box(parent: QWidget | None, title: str, text: str,
               choices: Sequence[tuple[str, str]]) -> tuple[QMessageBox, dict[str, Any]]:
    """The message box of ``Prompts.choose`` (not shown), and its buttons by key."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text,
                      QMessageBox.StandardButton.NoButton, parent)
    buttons = {key: box.addButton(label, QMessageBox.ButtonRole.AcceptRole)
               for key, label in choices}
    cancel = box.addButton("Cancel", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    return box, buttons


class ProgressDialog:
    """A ``Progress`` callback that drives a cancellable QProgressDialog.

    Use as a context manager; calling it with (done, total) updates the bar, keeps the
    window responsive and returns False once the user has pressed Cancel.
    """

    def __init__(self, parent: QWidget | None, label: str):
        from PySide6.QtCore import Qt  # its enums cost 45 ms: not at start-up (main_window)

        self._dialog = QProgressDialog(label, "Cancel", 0, 0, parent)
        self._dialog.setWindowTitle("msmedesk")
        self._dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self._dialog.setMinimumDuration(400)
        self._dialog.setAutoReset(False)
        self._dialog.setAutoClose(False)
        self._dialog.setAccessibleName(label)

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *_exc: object) -> None:
        self._dialog.close()
        self._dialog.deleteLater()

    def __call__(self, done: int, total: int) -> bool:
        if self._dialog.maximum() != total:
            self._dialog.setMaximum(max(total, 0))
        self._dialog.setValue(min(done, total) if total else 0)
        QApplication.processEvents()
        return not self._dialog.wasCanceled()

