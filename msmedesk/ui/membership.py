""""Membership at a glance": membership at the end of each year and that year's joiners."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msmedesk.ui.first_paint import after_first_paint
from msmedesk.ui.record_table import draw_lists_unshaped

if TYPE_CHECKING:
    from msmedesk.records import MemberService

HEADERS = ("Year", "At end of year", "Joined during the year")
TIPS = ("", "Membership at the end of the year (the European Union counts as 28)",
        "How many Members joined during the year, and which")


class MembershipPanel(QWidget):
    """A small table of years, newest first, with the year's joiners; filled by refresh().

    Until the panel has first painted, refresh() only notes that a fill is due: the tab's
    list paints first and the years (a pass over every membership entry) follow at once.
    """

    def __init__(self, members: MemberService, parent: QWidget | None = None):
        super().__init__(parent)
        self._members = members
        self._painted = False
        self._due = False
        title = QLabel("<b>Membership at a glance</b>")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Membership at a glance")
        self.table.setAccessibleDescription(
            "Membership at the end of each year and the Members that joined that year")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setWordWrap(False)
        draw_lists_unshaped(self.table)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for column, tip in enumerate(TIPS):
            if tip:
                heading = self.table.horizontalHeaderItem(column)
                assert heading is not None  # (the headers were set above)
                heading.setToolTip(tip)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        title.setBuddy(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table)
        after_first_paint(self.table.viewport(), self._first_painted)

    def _first_painted(self) -> None:
        self._painted = True
        self._fill_if_due()

    def refresh(self) -> None:
        """Read the years again (just after the first paint, if it has not come yet)."""
        if self._painted:
            self._fill()
        else:
            self._due = True

    def _fill_if_due(self) -> None:
        if self._due:
            self._fill()

    def _fill(self) -> None:
        self._due = False
        years = list(reversed(self._members.by_year()))
        self.table.setRowCount(len(years))
        for row, year in enumerate(years):
            names = ", ".join(year.joiners)
            joined = f"{len(year.joiners)}: {names}" if year.joiners else "none"
            for column, text in enumerate((str(year.year), str(year.total), joined)):
                item = QTableWidgetItem(text)
                if column < 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                elif year.joiners:
                    item.setToolTip(f"Joined during {year.year}: {names}")
                self.table.setItem(row, column, item)

    def _text_at(self, row: int, column: int) -> str:
        item = self.table.item(row, column)  # (None only for a cell never filled)
        return item.text() if item is not None else ""

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row (what a reader sees; read now if a fill is due)."""
        self._fill_if_due()
        return [tuple(self._text_at(r, c) for c in range(len(HEADERS)))
                for r in range(self.table.rowCount())]
