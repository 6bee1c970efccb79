"""RowListEditor: the rows inside a record (presentations, spotlights, Coordinators)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msmedesk.ui.widgets.common import set_accessible

RowEditor = Callable[[QWidget, dict[str, Any] | None], dict[str, Any] | None]



class _CompactTable(QTableWidget):
    """A table that asks only for the rows it was given, so a form fits a small screen."""

    def sizeHint(self) -> QSize:
        """Qt's default asks for 192 pixels whatever the rows; ask for the minimum."""
        return QSize(super().sizeHint().width(), self.minimumHeight())



def _text_at(table: QTableWidget, row: int, column: int) -> str:
    """The text of a cell ("" for a cell never filled)."""
    item = table.item(row, column)
    return item.text() if item is not None else ""


class RowListEditor(QWidget):
    """An editable list of small records (presentations, spotlights, coordinators).

    A table shows one row per item; Add, Edit and Remove open ``edit_row`` (a sub-dialog
    that returns the new item, or None when cancelled). Enter on a row edits it, Delete
    removes it.
    """

    changed = Signal()

    def __init__(self, columns: Sequence[tuple[str, str]], edit_row: RowEditor, *,
                 noun: str, show: Callable[[dict[str, Any], str], str] | None = None,
                 parent: QWidget | None = None, rows: int = 4):
        super().__init__(parent)
        self.columns = list(columns)
        self.edit_row = edit_row
        self.noun = noun
        # (Not ``show``: that would hide QWidget.show.)
        self.cell_text = show or (lambda item, key: str(item.get(key) or ""))
        self._items: list[dict[str, Any]] = []
        self.table = _CompactTable(0, len(self.columns), self)
        self.table.setHorizontalHeaderLabels([h for _, h in self.columns])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, as in the rest of the form
        self.table.verticalHeader().setVisible(True)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        # Long topics are elided (the full text is in the tooltip and the row's dialog);
        # sideways scrolling in a small table hides the columns staff look for.
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.setMinimumHeight(header.sizeHint().height()
                                    + self.table.verticalHeader().defaultSectionSize() * rows + 6)
        self.table.doubleClicked.connect(lambda _index: self.edit_current())
        self.table.installEventFilter(self)
        self.add_button = QPushButton("Add…", self)
        self.edit_button = QPushButton("Edit…", self)
        self.remove_button = QPushButton("Remove", self)
        self.up_button = QPushButton("Move up", self)
        self.down_button = QPushButton("Move down", self)
        for button, words in ((self.add_button, f"Add a {noun}"),
                              (self.edit_button, f"Edit the chosen {noun}"),
                              (self.remove_button, f"Remove the chosen {noun}"),
                              (self.up_button, f"Move the chosen {noun} up"),
                              (self.down_button, f"Move the chosen {noun} down")):
            set_accessible(button, words)
            button.setToolTip(words)
        self.add_button.clicked.connect(self.add)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))
        self.table.itemSelectionChanged.connect(self._sync_buttons)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for button in (self.add_button, self.edit_button, self.remove_button, self.up_button,
                       self.down_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.table)
        layout.addLayout(buttons)
        self.setFocusProxy(self.table)
        self._sync_buttons()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Enter edits the chosen row and Delete removes it, as in the record tables."""
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.current_row() >= 0:
                self.edit_current()
                return True
            if event.key() == Qt.Key.Key_Delete and self.current_row() >= 0:
                self.remove_current()
                return True
            if event.key() == Qt.Key.Key_Insert:
                self.add()
                return True
        return super().eventFilter(watched, event)

    def current_row(self) -> int:
        """The chosen row, or -1."""
        rows = self.table.selectionModel().selectedRows()
        return rows[0].row() if rows else -1

    def _sync_buttons(self) -> None:
        row = self.current_row()
        self.edit_button.setEnabled(row >= 0)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(self._items) - 1)

    def _refill(self, select: int | None = None) -> None:
        self.table.setRowCount(len(self._items))
        for r, item in enumerate(self._items):
            for c, (key, _header) in enumerate(self.columns):
                cell = QTableWidgetItem(self.cell_text(item, key))
                cell.setToolTip(cell.text())
                self.table.setItem(r, c, cell)
        self._fit_columns()
        if select is not None and 0 <= select < len(self._items):
            self.table.selectRow(select)
        self._sync_buttons()

    def _fit_columns(self) -> None:
        # Every header readable, no column hogging the width; the last one takes the rest.
        header = self.table.horizontalHeader()
        metrics = header.fontMetrics()
        for c, (_key, title) in enumerate(self.columns[:-1]):
            content = max((metrics.horizontalAdvance(_text_at(self.table, r, c))
                           for r in range(self.table.rowCount())), default=0)
            width = max(metrics.horizontalAdvance(title) + 28, min(content + 16, 160))
            header.resizeSection(c, width)

    def add(self) -> None:
        """Ask for a new item and append it."""
        item = self.edit_row(self, None)
        if item is not None:
            self._items.append(item)
            self._refill(len(self._items) - 1)
            self.changed.emit()

    def edit_current(self) -> None:
        """Edit the chosen item in its sub-dialog."""
        row = self.current_row()
        if row < 0:
            return
        item = self.edit_row(self, dict(self._items[row]))
        if item is not None:
            self._items[row] = item
            self._refill(row)
            self.changed.emit()

    def remove_current(self) -> None:
        """Remove the chosen item (the whole form can still be cancelled)."""
        row = self.current_row()
        if row < 0:
            return
        del self._items[row]
        self._refill(min(row, len(self._items) - 1))
        self.changed.emit()

    def move_current(self, step: int) -> None:
        """Move the chosen item up (-1) or down (+1)."""
        row = self.current_row()
        target = row + step
        if row < 0 or not 0 <= target < len(self._items):
            return
        self._items[row], self._items[target] = self._items[target], self._items[row]
        self._refill(target)
        self.changed.emit()

    def mark_rows(self, rows: Sequence[int]) -> None:
        """Tint the rows that have errors (and clear the tint of the others)."""
        bad = set(rows)
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                cell = self.table.item(r, c)
                if cell is not None:
                    cell.setBackground(QColor("#fde7ea") if r in bad else QColor(0, 0, 0, 0))
        if bad:
            self.table.selectRow(min(bad))

    def value(self) -> list[dict[str, Any]]:
        """The items, in order."""
        return [dict(item) for item in self._items]

    def set_value(self, raw: Any) -> None:
        """Show these items; raise ValueError when they are not a list of records."""
        if raw is None:
            raw = []
        if not isinstance(raw, list | tuple) or not all(isinstance(i, dict) for i in raw):
            raise ValueError("not a list of records")
        self._items = [dict(i) for i in raw]
        self._refill()
        self.changed.emit()

    def set_label(self, label: str) -> None:
        """Name the table for screen readers."""
        set_accessible(self, label)
        set_accessible(self.table, label)

    def focus_widgets(self) -> list[QWidget]:
        """The parts that take focus, in tab order."""
        return [self.table, self.add_button, self.edit_button, self.remove_button,
                self.up_button, self.down_button]
