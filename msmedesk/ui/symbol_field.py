"""The WTO document symbol field: a line edit that says as you type whether the symbol is
one, and whether it is of the series the field expects (a convening notice, a summary, a
proposal); see ``msmedesk.symbol_rules``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QLabel, QLineEdit, QSizePolicy, QWidget

from msmedesk.domain import DocumentSymbol
from msmedesk.symbol_rules import Series

from msmedesk.ui.widgets import ERROR_COLOUR, VALID_COLOUR, set_accessible

# Dark amber: allowed but probably a slip; readable on white (about 6:1).
WARNING_COLOUR = "#8a4b00"
VALID_WORDS = "✓ valid symbol"


def symbol_status(text: str, example: str = "INF/MSME/W/51", series: Series | None = None
                  ) -> tuple[str, bool | None]:
    """The as-you-type verdict on a symbol: (words, valid?), valid None for an empty field.

    A valid symbol of another series than ``series`` is valid, with the flag as its words.
    """
    text = text.strip()
    if not text:
        return "", None
    if DocumentSymbol.is_valid(text):
        if series is not None and not series.fits(DocumentSymbol.parse(text).text):
            return f"⚠ {series.flag()}", True
        return VALID_WORDS, True
    # Help with the mistakes the office actually makes before the generic message.
    if ";" in text:
        return f"Two symbols? Enter one only — e.g. {example}", False
    if " " in text:
        return f"Not a WTO document symbol (no spaces) — e.g. {example}", False
    return f"Not a WTO document symbol — e.g. {example}", False


class StatusLine(QLabel):
    """One line under a field whose height is always kept, present even when empty.

    The verdict appears while the user types; if the line came and went, every field
    below would jump and a click aimed at one would land on another. A message longer
    than the width ends in "…" and reads whole in the tooltip (and to screen readers).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._message = ""
        self._quiet = False
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Its width comes from the field's column, never from the message's length.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        """One line of the label's font, whatever it says."""
        return QSize(0, self.fontMetrics().lineSpacing() + 2)

    def minimumSizeHint(self) -> QSize:
        """As tall as ``sizeHint``: the line never shrinks away."""
        return self.sizeHint()

    def set_message(self, text: str) -> None:
        """Say ``text`` (the empty text keeps the line's place)."""
        self._message = text
        self.setToolTip(text)
        self._fit()

    def message(self) -> str:
        """The whole message, however much of it fits."""
        return self._message

    def set_quiet(self, quiet: bool) -> None:
        """Show nothing for now (the field's error speaks instead), keeping the place."""
        self._quiet = quiet
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Elide the message anew for the new width."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        text = "" if self._quiet else self._message
        self.setText(self.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                   max(self.width(), 1)) if text else "")


class SymbolEdit(QLineEdit):
    """A WTO document symbol field whose ``status`` line says as you type if it is valid.

    With a ``series`` (convening notices, summaries, proposals), a symbol of another
    series is flagged in a warning colour; the form asks before it saves one.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, example: str = "INF/MSME/W/51",
                 series: Series | None = None):
        super().__init__(parent)
        self.example = example
        self.series = series
        self.setPlaceholderText(f"e.g. {example}")
        self.status = StatusLine()
        self.status.setObjectName("symbolStatus")
        self.textChanged.connect(self._on_text)

    def _on_text(self, text: str) -> None:
        # Text pasted from the WTO site sometimes carries a stray leading underscore
        # (wto-conventions.md); no symbol starts with "_" or a space, so drop them at once.
        cleaned = text.lstrip().lstrip("_").lstrip()
        if cleaned != text:
            cursor = max(0, self.cursorPosition() - (len(text) - len(cleaned)))
            self.setText(cleaned)  # re-enters with the clean text
            self.setCursorPosition(cursor)
            return
        words, valid = symbol_status(text, self.example, self.series)
        self.status.set_message(words)
        colour = (ERROR_COLOUR if not valid else WARNING_COLOUR if self.series_problem()
                  else VALID_COLOUR)
        self.status.setStyleSheet(f"color: {colour};")
        self.setAccessibleDescription(words)
        self.changed.emit()

    def status_text(self) -> str:
        """What the status line says now (in full)."""
        return self.status.message()

    def is_valid(self) -> bool | None:
        """Whether the symbol is valid (None when the field is empty)."""
        return symbol_status(self.text(), self.example)[1]

    def series_problem(self) -> str:
        """The sentence about a valid symbol of another series than expected, else ""."""
        value = self.value()
        if self.series is None or value is None or not DocumentSymbol.is_valid(value):
            return ""
        symbol = DocumentSymbol.parse(value).text
        return "" if self.series.fits(symbol) else self.series.problem(symbol)

    def base_description(self) -> str:
        """The accessible description when no error is shown: the live verdict."""
        return self.status_text()

    def value(self) -> str | None:
        """The symbol text (None when empty)."""
        return self.text().strip() or None

    def set_value(self, raw: Any) -> None:
        """Show a symbol (None shows empty)."""
        if raw is not None and not isinstance(raw, str):
            raise ValueError("not text")
        self.setText(raw or "")

    def set_label(self, label: str) -> None:
        """Name the field (and its status line) for screen readers."""
        set_accessible(self, label)
        set_accessible(self.status, f"{label}: check")
