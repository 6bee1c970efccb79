"""Field widgets for the record forms: each edits one archive-shaped value.

Every widget here speaks the archive's language (ISO date text, symbols, names, lists of
dicts) through ``value()`` and ``set_value(raw)`` and emits ``changed`` when the user edits
it. ``set_value`` raises ValueError for a value the widget cannot show (a count of 0); the
form then keeps that raw value so that validation can name the problem. The date fields are
in date_field.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QLocale, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QCompleter,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import sort_key

ERROR_COLOUR = "#b00020"
VALID_COLOUR = "#1b5e20"
# Month names and the calendar follow British English, as WTO documents do.
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def set_accessible(widget: QWidget, name: str, description: str = "") -> None:
    """Give a widget its accessible name (and description) for screen readers."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)


# ---------------------------------------------------------------- text


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


# ---------------------------------------------------------------- numbers and choices


class IntSpin(QSpinBox):
    """A whole number; ``optional`` adds an empty state below the minimum meaning None."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, minimum: int = 0,
                 maximum: int = 1000, optional: bool = False,
                 empty_text: str = "not recorded"):
        super().__init__(parent)
        self.optional = optional
        self.lowest = minimum
        self.setRange(minimum - 1 if optional else minimum, maximum)
        if optional:
            self.setSpecialValueText(empty_text)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(empty_text) + 50)
        # A count needs no more room than its longest text; a full-width box looks like text.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.valueChanged.connect(self.changed)

    # Qt's value() stays an int for Qt's own use; the form reads raw_value().
    def raw_value(self) -> int | None:
        """The archive value: the number, or None in the empty state."""
        number = self.value()
        return None if self.optional and number < self.lowest else number

    def set_raw_value(self, raw: Any) -> None:
        """Show a number; raise ValueError for what the spin box cannot hold."""
        if raw is None:
            if not self.optional:
                raise ValueError("a number is required")
            self.setValue(self.minimum())
            return
        # bool is an int in Python, but true/false is not a count.
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"{raw!r} is not a whole number")
        if not self.lowest <= raw <= self.maximum():
            raise ValueError(f"{raw} is out of range")
        self.setValue(raw)

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)


class ChoiceCombo(QComboBox):
    """A fixed list of plain-words labels standing for archive values."""

    changed = Signal()

    def __init__(self, items: Sequence[tuple[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        for label, value in items:
            self.addItem(label, value)
        self.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        """The archive value of the chosen label."""
        return self.currentData()

    def set_value(self, raw: Any) -> None:
        """Choose the label of an archive value; raise ValueError for an unknown one."""
        for i in range(self.count()):
            if self.itemData(i) == raw:
                self.setCurrentIndex(i)
                return
        raise ValueError(f"{raw!r} is not a choice")

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)


class PickerCombo(QComboBox):
    """Pick a name from a list by typing part of it (case-insensitive, anywhere in the name).

    Free text is allowed; ``is_known()`` says whether the text is one of the names.
    """

    changed = Signal()

    def __init__(self, names: Sequence[str], parent: QWidget | None = None, *,
                 placeholder: str = "type to search"):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(names))
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # (an editable combo box has its line)
        line.setPlaceholderText(placeholder)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.setCurrentIndex(-1)
        line.editingFinished.connect(self._tidy)
        self.editTextChanged.connect(self.changed)

    def names(self) -> list[str]:
        """The names offered."""
        return [self.itemText(i) for i in range(self.count())]

    def _match(self, text: str) -> str | None:
        wanted = sort_key(text.strip())
        for name in self.names():
            if sort_key(name) == wanted:
                return name
        return None

    def _tidy(self) -> None:
        # "itc" typed by hand becomes the recorded "ITC", so the service finds it.
        found = self._match(self.currentText())
        if found is not None and found != self.currentText():
            self.setEditText(found)

    def is_known(self) -> bool:
        """Whether the text is empty or one of the names offered."""
        text = self.currentText().strip()
        return not text or self._match(text) is not None

    def value(self) -> str | None:
        """The chosen name (the list's spelling where it matches), or None when empty."""
        text = self.currentText().strip()
        if not text:
            return None
        return self._match(text) or text

    def set_value(self, raw: Any) -> None:
        """Show a name (None shows empty)."""
        if raw is not None and not isinstance(raw, str):
            raise ValueError("not a name")
        index = self.findText(raw) if raw else -1
        self.setCurrentIndex(index)
        self.setEditText(raw or "")

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)
        line = self.lineEdit()
        assert line is not None  # (made editable)
        set_accessible(line, label)


# ---------------------------------------------------------------- several at once


class _CompactList(QListWidget):
    """A list that asks only for the rows it was given, so a form fits a small screen."""

    def sizeHint(self) -> QSize:
        """Qt's default asks for 192 pixels whatever the rows; ask for the minimum."""
        return QSize(super().sizeHint().width(), self.minimumHeight())


class _CompactTable(QTableWidget):
    """A table that asks only for the rows it was given, so a form fits a small screen."""

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


# ---------------------------------------------------------------- rows inside a record

RowEditor = Callable[[QWidget, dict[str, Any] | None], dict[str, Any] | None]


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


def expanding(widget: QWidget) -> QWidget:
    """Let a widget take the width the form gives it."""
    policy = widget.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
    widget.setSizePolicy(policy)
    return widget
