"""The year-end checklist: every gap of a year's draft with the record it comes from.

A list of the gaps (the record, what is missing, the bracketed text the draft shows), a
count line with last year's beside it ("12 gaps in the draft (2023: 9)"), and a double
click (or Open record…) that opens the record's form through the window's own edit path;
after a save the draft is built again and the list follows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

if TYPE_CHECKING:
    from msmedesk.report.checklist import Checklist
    from msmedesk.report.model import Gap

# Opens the form of (registry key, record id or None for a new one); whether it saved.
OpenRecord = Callable[[str, int | None], bool]

_HEADER_HINT = "Given in the report dialog when the draft is exported"


class ChecklistDialog(QDialog):
    """The gaps of one year's draft; a double click opens the record they come from."""

    def __init__(self, parent: QWidget | None, rebuild: Callable[[], Checklist],
                 open_record: OpenRecord | None, *, export: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("year-end-checklist")
        self._rebuild = rebuild
        self._open_record = open_record
        self.checklist = rebuild()
        self.setWindowTitle(f"Year-end checklist: the {self.checklist.year} draft")
        layout = QVBoxLayout(self)
        self.count = QLabel()
        self.count.setObjectName("checklist-count")
        font = self.count.font()
        font.setBold(True)
        self.count.setFont(font)
        layout.addWidget(self.count)
        hint = QLabel("Double-click a line to open the record where the missing fact is "
                      "entered; the list follows when it is saved.")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        self.list = QTreeWidget()
        self.list.setObjectName("checklist-gaps")
        self.list.setAccessibleName("Gaps in the draft")
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setHeaderLabels(["Record", "What is missing", "In the draft"])
        self.list.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        self.list.setColumnWidth(0, 330)
        self.list.setColumnWidth(1, 330)
        self.list.itemActivated.connect(lambda item, _col: self.open_item(item))
        self.list.currentItemChanged.connect(lambda *_: self._enable())
        layout.addWidget(self.list, 1)
        self.buttons = QDialogButtonBox()
        self.open_button = QPushButton("&Open record…")
        self.open_button.clicked.connect(lambda: self.open_item(self.list.currentItem()))
        self.buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button: QPushButton | None = None
        if export:
            self.export_button = self.buttons.addButton(
                "&Export anyway", QDialogButtonBox.ButtonRole.AcceptRole)
            self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        else:
            self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(980, 460)
        self._fill()

    def gaps(self) -> tuple[Gap, ...]:
        """The gaps listed now."""
        return self.checklist.gaps

    def _fill(self) -> None:
        self.count.setText(self.checklist.count_line() + ("." if self.checklist.gaps
                                                          else "; nothing to fill in."))
        self.list.clear()
        for gap in self.checklist.gaps:
            record = gap.record.label if gap.record else "Report header"
            item = QTreeWidgetItem([record, gap.what, gap.placeholder or "(not shown)"])
            item.setData(0, Qt.ItemDataRole.UserRole, gap)
            item.setToolTip(0, _HEADER_HINT if gap.record is None else
                            "Double-click to open this record" if gap.record.record_id
                            is not None else f"Double-click to add to {gap.record.label}")
            self.list.addTopLevelItem(item)
        first = self.list.topLevelItem(0)
        if first is not None:
            self.list.setCurrentItem(first)
        self._enable()

    def _enable(self) -> None:
        gap = self._gap(self.list.currentItem())
        self.open_button.setEnabled(self._open_record is not None and gap is not None
                                    and gap.record is not None)

    @staticmethod
    def _gap(item: QTreeWidgetItem | None) -> Gap | None:
        return item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None

    def open_item(self, item: QTreeWidgetItem | None) -> bool:
        """Open the form of the line's record; after a save, build the list again."""
        gap = self._gap(item)
        if gap is None or gap.record is None or self._open_record is None:
            return False
        if not self._open_record(gap.record.key, gap.record.record_id):
            return False
        self.refresh()
        return True

    def refresh(self) -> None:
        """Build the draft again and list its gaps."""
        self.checklist = self._rebuild()
        self._fill()
