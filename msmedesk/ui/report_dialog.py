"""The dialog that starts a report: its year, and the document's symbol and date.

The Secretariat assigns the symbol (INF/MSME/R/…) and the date late; both may stay empty,
and the draft then shows "[INF/MSME/R/…]" and "[date]" in its header, counted among its
gaps. The symbol is checked as every symbol field checks it (``SymbolEdit``: one of
another series than the annual reports' is flagged, not refused) and the date is read as
every date field reads it; OK waits until both are empty or right.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from msmedesk.report.header import ANNUAL_REPORT, SYMBOL_EXAMPLE, read_report_date, read_symbol

from msmedesk.ui.date_field import DateField
from msmedesk.ui.symbol_field import SymbolEdit
from msmedesk.ui.widgets import set_accessible

# The years a report can be asked for: those a date may hold (msmedesk.report.years).
FIRST_YEAR = 1900
LAST_YEAR = 2200
HINT = ("Leave the symbol and date empty until the Secretariat assigns them: the draft "
        "then shows [INF/MSME/R/…] and [date], counted among its gaps.")


@dataclass(frozen=True)
class ReportChoice:
    """What the dialog asked: the year, and the symbol and date as the header prints them."""

    year: int
    symbol: str | None = None
    date: str | None = None


class ReportDialog(QDialog):
    """Year, Symbol and Date of the draft to preview, print or export."""

    def __init__(self, parent: QWidget | None, title: str, year: int, *,
                 symbol: str | None = None, date: str | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("report-dialog")
        self.setWindowTitle(title)
        self.year = QSpinBox(self)
        self.year.setObjectName("report-year")
        self.year.setRange(FIRST_YEAR, LAST_YEAR)
        self.year.setValue(year)
        set_accessible(self.year, "Year")
        self.symbol = SymbolEdit(self, example=SYMBOL_EXAMPLE, series=ANNUAL_REPORT)
        self.symbol.setObjectName("report-symbol")
        self.symbol.set_label("Symbol")
        self.symbol.set_value(symbol)
        self.date = DateField(self, partial=False, empty_hint="to be assigned: [date]")
        self.date.setObjectName("report-date")
        self.date.set_label("Date")
        if date:
            self.date.line.setText(date)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Year:", self.year)
        form.addRow("&Symbol:", self.symbol)
        form.addRow("", self.symbol.status)
        form.addRow("&Date:", self.date)
        hint = QLabel(HINT, self)
        hint.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Draft the annual report of the year:", self))
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.buttons)
        # Wide enough for the longest verdict under the symbol, beside the labels.
        longest = f"Not a WTO document symbol (no spaces) — e.g. {SYMBOL_EXAMPLE}"
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(longest) + 160)
        self.symbol.changed.connect(self._update)
        self.date.changed.connect(self._update)
        self._update()

    def ok_button(self) -> QWidget:
        """The OK button (enabled only while symbol and date are empty or right)."""
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok)

    def _update(self) -> None:
        fine = self.symbol.is_valid() is not False and self.date.reading().ok
        self.ok_button().setEnabled(fine)

    def choice(self) -> ReportChoice:
        """The year, symbol and date asked for (raises HeaderError if not right)."""
        return ReportChoice(self.year.value(), read_symbol(self.symbol.text(), "Symbol"),
                            read_report_date(self.date.text(), "Date"))
