"""MultiPicker: several names chosen at once from a filtered list."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import sort_key

from msmedesk.ui.widgets.common import set_accessible


class _CompactList(QListWidget):
    """A list that asks only for the rows it was given, so a form fits a small screen."""

    def sizeHint(self) -> QSize:
        """Qt's default asks for 192 pixels whatever the rows; ask for the minimum."""
        return QSize(super().sizeHint().width(), self.minimumHeight())



class _FilterLine(QLineEdit):
    """The filter of a MultiPicker: Down goes to the list, Enter ticks the first match."""

    def __init__(self, picker: MultiPicker):
        super().__init__(picker)
        self._picker = picker

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys that let the keyboard reach the list without the mouse."""
        if event.key() == Qt.Key.Key_Down:
            self._picker.focus_list()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.text().strip():
            # With filter text, Enter ticks the match; with none it is the form's OK.
            self._picker.toggle_first_visible()
            return
        super().keyPressEvent(event)


class MultiPicker(QWidget):
    """Choose several names: a filter line over a list with checkboxes.

    The chosen values keep the order in which they were given or ticked (proponents are
    listed in order), and a line under the list names them all, filtered out or not.
    """

    changed = Signal()

    def __init__(self, items: Sequence[tuple[str, str]], parent: QWidget | None = None, *,
                 rows: int = 7, what: str = "names"):
        super().__init__(parent)
        self.what = what
        self.filter = _FilterLine(self)
        self.filter.setPlaceholderText(f"Type to filter the {what}; Enter ticks the first match")
        self.filter.setClearButtonEnabled(True)
        self.list = _CompactList(self)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setUniformItemSizes(True)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * rows + 16)
        self.chosen_label = QLabel(self)
        self.chosen_label.setWordWrap(True)
        self.chosen_label.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.chosen_label)
        self._order: list[str] = []
        self._updating = False
        for label, value in items:
            self._add_item(label, value)
        self.filter.textChanged.connect(self._apply_filter)
        self.list.itemChanged.connect(self._on_item_changed)
        self.setFocusProxy(self.filter)
        self._show_chosen()

    def _add_item(self, label: str, value: str) -> QListWidgetItem:
        item = QListWidgetItem(label)
        item.setData(Qt.ItemDataRole.UserRole, value)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self._updating = True
        self.list.addItem(item)
        self._updating = False
        return item

    def _item_for(self, value: str) -> QListWidgetItem | None:
        for i in range(self.list.count()):
            item = self.list.item(i)
            if item.data(Qt.ItemDataRole.UserRole) == value:
                return item
        return None

    def _on_item_changed(self, item: QListWidgetItem) -> None:
        if self._updating:
            return
        value = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and value not in self._order:
            self._order.append(value)
        elif item.checkState() != Qt.CheckState.Checked and value in self._order:
            self._order.remove(value)
        self._show_chosen()
        self.changed.emit()

    def _show_chosen(self) -> None:
        if self._order:
            labels = [self._label_of(v) for v in self._order]
            self.chosen_label.setText(f"Chosen ({len(labels)}): " + "; ".join(labels))
        else:
            self.chosen_label.setText("None chosen.")
        self.list.setAccessibleDescription(self.chosen_label.text())

    def _label_of(self, value: str) -> str:
        item = self._item_for(value)
        return item.text() if item is not None else value

    def _apply_filter(self, text: str) -> None:
        wanted = sort_key(text.strip())
        for i in range(self.list.count()):
            item = self.list.item(i)
            item.setHidden(bool(wanted) and wanted not in sort_key(item.text()))

    def visible_items(self) -> list[QListWidgetItem]:
        """The items the filter lets through, in list order."""
        return [self.list.item(i) for i in range(self.list.count())
                if not self.list.item(i).isHidden()]

    def toggle_first_visible(self) -> None:
        """Tick (or untick) the first item the filter shows, then clear the filter."""
        shown = self.visible_items()
        if not shown:
            return
        item = shown[0]
        ticked = item.checkState() == Qt.CheckState.Checked
        item.setCheckState(Qt.CheckState.Unchecked if ticked else Qt.CheckState.Checked)
        self.filter.clear()
        self.list.setCurrentItem(item)
        self.list.scrollToItem(item)

    def focus_list(self) -> None:
        """Move the keyboard focus into the list, on the first visible item."""
        self.list.setFocus()
        current = self.list.currentItem()
        if current is None or current.isHidden():
            shown = self.visible_items()
            if shown:
                self.list.setCurrentItem(shown[0])

    def value(self) -> list[str]:
        """The chosen values, in the order given or ticked."""
        return list(self._order)

    def set_value(self, raw: Any) -> None:
        """Tick exactly these values; ones not offered are added to the list, not dropped."""
        if raw is None:
            raw = []
        if not isinstance(raw, list | tuple) or not all(isinstance(v, str) for v in raw):
            raise ValueError("not a list of names")
        self._updating = True
        try:
            for i in range(self.list.count()):
                self.list.item(i).setCheckState(Qt.CheckState.Unchecked)
            self._order = []
            for value in raw:
                item = self._item_for(value)
                if item is None:
                    self._updating = False
                    item = self._add_item(value, value)
                    self._updating = True
                item.setCheckState(Qt.CheckState.Checked)
                if value not in self._order:
                    self._order.append(value)
        finally:
            self._updating = False
        self._show_chosen()
        self.changed.emit()

    def set_label(self, label: str) -> None:
        """Name the field and its parts for screen readers."""
        set_accessible(self, label)
        set_accessible(self.filter, f"{label}: filter")
        set_accessible(self.list, label)
        set_accessible(self.chosen_label, f"{label}: chosen")

    def focus_widgets(self) -> list[QWidget]:
        """The parts that take focus, in tab order."""
        return [self.filter, self.list]
