"""The detail panel's "Copy e-mail address" buttons: one per e-mail field of the record type."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QApplication, QHBoxLayout, QPushButton, QWidget

from msmedesk.registry import Field


def copy_label(f: Field) -> str:
    """The button's words for an e-mail field: "Copy e-mail address"."""
    return f"Copy {f.label[:1].lower()}{f.label[1:]} address"


class CopyButtons(QWidget):
    """Buttons that put the shown record's e-mail addresses on the clipboard; ``tell`` is
    given what was copied, in a sentence for the status bar."""

    def __init__(self, fields: Sequence[Field], tell: Callable[[str], object],
                 parent: QWidget | None = None):
        super().__init__(parent)
        self._tell = tell
        self._fields = tuple(fields)
        self._values = [""] * len(self._fields)
        self.buttons: list[QPushButton] = []
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for i, f in enumerate(self._fields):
            button = QPushButton(copy_label(f))
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, i=i: self._copy(i))
            layout.addWidget(button)
            self.buttons.append(button)
        layout.addStretch(1)
        self.setVisible(bool(self._fields))

    def show_record(self, record: Any | None) -> None:
        """Offer the addresses of ``record`` (None: nothing to copy)."""
        for i, f in enumerate(self._fields):
            value = getattr(record, f.name, "") if record is not None else ""
            self._values[i] = str(value or "").strip()
            button = self.buttons[i]
            button.setEnabled(bool(self._values[i]))
            button.setToolTip(f"Put {self._values[i]} on the clipboard" if self._values[i]
                              else f"No {f.label.lower()} address recorded")

    def _copy(self, i: int) -> None:
        value = self._values[i]
        clipboard = QApplication.clipboard()
        if not value or clipboard is None:
            return
        clipboard.setText(value)
        self._tell(f"Copied {value} to the clipboard")
