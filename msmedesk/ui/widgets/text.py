"""Text fields: one line (TextLine) and a narrative (TextArea)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from msmedesk.ui.widgets.common import set_accessible


class TextLine(QLineEdit):
    """A one-line text field; ``nullable`` fields give None instead of an empty text."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, nullable: bool = False,
                 placeholder: str = ""):
        super().__init__(parent)
        self.nullable = nullable
        self.setPlaceholderText(placeholder)
        self.textChanged.connect(self.changed)

    def value(self) -> str | None:
        """The text (None when empty and nullable)."""
        text = self.text()
        return None if self.nullable and not text.strip() else text

    def set_value(self, raw: Any) -> None:
        """Show a text (None shows empty)."""
        if raw is not None and not isinstance(raw, str):
            raise ValueError("not text")
        self.setText(raw or "")

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)


class TextArea(QPlainTextEdit):
    """A narrative field; Tab moves on (so the form stays keyboard-friendly)."""

    changed = Signal()
    submit = Signal()

    def __init__(self, parent: QWidget | None = None, *, lines: int = 5,
                 placeholder: str = ""):
        super().__init__(parent)
        # Tab in a narrative would trap keyboard users; the office writes no tab stops.
        self.setTabChangesFocus(True)
        self.setPlaceholderText(placeholder)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * lines + 12)
        self.textChanged.connect(self.changed)

    def sizeHint(self) -> QSize:
        """Ask for the lines given; the form hands any spare height to the narrative."""
        return QSize(super().sizeHint().width(), self.minimumHeight())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+Enter submits the form, since Enter alone starts a new line here."""
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.submit.emit()
            return
        super().keyPressEvent(event)

    def value(self) -> str:
        """The text."""
        return self.toPlainText()

    def set_value(self, raw: Any) -> None:
        """Show a text (None shows empty)."""
        if raw is not None and not isinstance(raw, str):
            raise ValueError("not text")
        self.setPlainText(raw or "")

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)
