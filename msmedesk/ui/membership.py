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

if TYPE_CHECKING:
    from msmedesk.records import MemberService

HEADERS = ("Year", "Membership at end of year", "Joined that year")


class MembershipPanel(QWidget):
    """A small table of years, newest first; a joiners cell lists the names as a tooltip."""

    def __init__(self, members: MemberService, parent: QWidget | None = None):
        super().__init__(parent)
        self._members = members
        title = QLabel("<b>Membership at a glance</b>")
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setHorizontalHeaderLabels(HEADERS)
        self.table.setAccessibleName("Membership at a glance")
        self.table.setAccessibleDescription(
            "Membership at the end of each year and the Members that joined that year")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        title.setBuddy(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.table)
        self.refresh()

    def refresh(self) -> None:
        """Read the years again."""
        years = list(reversed(self._members.by_year()))
        self.table.setRowCount(len(years))
        for row, year in enumerate(years):
            joined = len(year.joiners)
            cells = (str(year.year), str(year.total), str(joined) if joined else "none")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column < 2 or joined:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                if column == 2 and joined:
                    item.setToolTip(", ".join(year.joiners))
                self.table.setItem(row, column, item)

    def rows(self) -> list[tuple[str, ...]]:
        """The table's text, row by row (what a reader sees)."""
        return [tuple(self.table.item(r, c).text() for c in range(len(HEADERS)))
                for r in range(self.table.rowCount())]
