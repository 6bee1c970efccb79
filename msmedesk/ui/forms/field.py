"""One field of a form (editor, label, error line) and the Alt+letters of its labels."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from msmedesk.ui.date_field import DateField
from msmedesk.ui.symbol_field import SymbolEdit
from msmedesk.ui.widgets import ERROR_COLOUR, IntSpin

_UNSET = object()


class _Field:
    """One field of a form: its editor, label, error line and a raw value it cannot show."""

    def __init__(self, key: str, label: str, editor: QWidget, default: Any, hint: str):
        self.key = key
        self.label = label
        self.editor = editor
        self.default = default
        self.hint = hint
        self.pending: Any = _UNSET
        self.label_widget = QLabel(label)
        # The buddy is the part that takes the focus: Alt+letter does nothing for a buddy
        # that takes no focus itself (a date, a list), even one with a focus proxy.
        self.label_widget.setBuddy(self.focus_parts()[0])
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.setAccessibleName(f"{label}: problem")
        # The line is there, empty, before any problem is found: a message that appears
        # takes the space kept for it and the fields below stay where the user aims.
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing())
        policy = self.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.error.setSizePolicy(policy)
        self.error.hide()
        if hasattr(editor, "set_label"):
            editor.set_label(label)
        else:
            editor.setAccessibleName(label)
        if hint:
            editor.setToolTip(hint)
        self._describe(self.base_description())

    def focus_parts(self) -> list[QWidget]:
        """The widgets of this field that take keyboard focus."""
        parts = getattr(self.editor, "focus_widgets", None)
        return parts() if parts else [self.editor]

    def base_description(self) -> str:
        """The accessible description while no error is shown."""
        base = getattr(self.editor, "base_description", None)
        return base() if base else self.hint

    def _describe(self, text: str) -> None:
        for widget in {self.editor, *self.focus_parts()}:
            widget.setAccessibleDescription(text)

    def read(self) -> Any:
        """The archive value: what the editor shows, or the raw value it could not show."""
        if self.pending is not _UNSET:
            return self.pending
        if isinstance(self.editor, IntSpin):
            return self.editor.raw_value()
        return self.editor.value()  # type: ignore[attr-defined]

    def write(self, raw: Any) -> None:
        """Show an archive value; keep it as pending when the editor cannot show it."""
        self.pending = _UNSET
        try:
            self._put(raw)
        except ValueError:
            try:
                self._put(self.default)
            except ValueError:
                pass
            # Kept so that OK reports the problem in words instead of saving a guess.
            self.pending = raw

    def _put(self, raw: Any) -> None:
        if isinstance(self.editor, IntSpin):
            self.editor.set_raw_value(raw)
        else:
            self.editor.set_value(raw)  # type: ignore[attr-defined]

    def show_error(self, text: str) -> None:
        """Show the problem beside the field (and tell screen readers)."""
        # A date the field could not read already says why in red, in the user's words
        # ("30 February 2025 is not a date"); validation's version of it ("2025-02-30" ...)
        # would only repeat it in a form the user never typed.
        own = self.editor.reading().problem if text and isinstance(self.editor, DateField) \
            else ""
        text = own or text
        self.error.setText(text)
        self.error.setVisible(bool(text) and not own)
        if isinstance(self.editor, SymbolEdit):
            # One message at a time: the error replaces the live verdict until the next
            # edit; the verdict's line keeps its place, so nothing below moves.
            self.editor.status.set_quiet(bool(text))
        self._describe(text or self.base_description())

    def error_text(self) -> str:
        """The problem shown now ("" if none)."""
        return self.error.text()


def _assign_mnemonics(labels: Sequence[QLabel], reserved: str = "oc") -> None:
    """Give each label an Alt+letter, word starts first, no letter twice in one dialog."""
    used = set(reserved)
    candidates: list[tuple[QLabel, list[int]]] = []
    for label in labels:
        text = label.text()
        if "&" in text.replace("&&", ""):
            continue
        starts = [m.start() for m in re.finditer(r"\b[A-Za-z]", text)]
        rest = [i for i, ch in enumerate(text) if ch.isalpha() and i not in starts]
        candidates.append((label, starts + rest))
    # Labels of one or two letters choose first ("To" keeps its T, "Title" takes its i);
    # the others keep their order, and so the letters staff know.
    for label, positions in sorted(candidates, key=lambda c: len(
            {c[0].text()[i].lower() for i in c[1]} - used) > 2):
        text = label.text()
        for i in positions:
            if text[i].lower() not in used:
                used.add(text[i].lower())
                label.setText(text[:i] + "&" + text[i:])
                break
