"""Edit > Recent changes…: the office's latest changes, searchable, and "Bring back" for a
deleted record.

The dialog is given the history service (``services.history``, duck-typed) and two
callables of the window: ``go_to(kind, record_id)`` shows a record in its tab, and
``brought_back(found)`` refreshes the lists and shows a record just brought back.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import NotFound
from msmedesk.history import Change
from msmedesk.validation import ValidationError

from msmedesk.ui.change_words import change_html, field_names, noun, when
from msmedesk.ui.prompts import Prompts

SEARCH_DELAY_MS = 200
LIMIT = 200


class RecentChanges(QDialog):
    """The office's latest changes, newest first; a search narrows them."""

    def __init__(self, history: Any, prompts: Prompts, go_to: Callable[[str, int], Any],
                 brought_back: Callable[[Any], Any], *, writable: bool = True,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Recent changes")
        self.history = history
        self.prompts = prompts
        self._go_to = go_to
        self._brought_back = brought_back
        self.writable = writable
        self.changes: tuple[Change, ...] = ()
        self._build()
        self.refresh()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText("A name, a symbol, who, or what (deleted, changed …)")
        self.search.setAccessibleName("Search the changes")
        self.search.setClearButtonEnabled(True)
        label = QLabel("&Find:")
        label.setBuddy(self.search)
        top = QHBoxLayout()
        top.addWidget(label)
        top.addWidget(self.search, 1)
        self.list = QTreeWidget()
        self.list.setHeaderLabels(["When", "Who", "What", "Record", "Fields changed"])
        self.list.setRootIsDecorated(False)
        self.list.setAlternatingRowColors(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setAccessibleName("Recent changes")
        for column, width in enumerate((130, 150, 190, 300)):
            self.list.setColumnWidth(column, width)
        self.details = QTextBrowser()
        self.details.setAccessibleName("The selected change, field by field")
        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(self.list)
        splitter.addWidget(self.details)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.count = QLabel()
        self.show_button = QPushButton("&Show the record")
        self.show_button.setToolTip("Show this record in its list")
        self.bring_back_button = QPushButton("&Bring back")
        self.bring_back_button.setToolTip("Add the deleted record again, as it was before it "
                                          "was deleted")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.show_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.bring_back_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.count)
        layout.addWidget(buttons)
        self.resize(1000, 600)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self.search.textChanged.connect(lambda _text: self._timer.start())
        self.list.currentItemChanged.connect(lambda *_args: self._show_selected())
        self.list.itemActivated.connect(lambda *_args: self.show_record())
        self.show_button.clicked.connect(self.show_record)
        self.bring_back_button.clicked.connect(self.bring_back)

    def refresh(self) -> None:
        """Read the latest changes again, as the search narrows them."""
        self._timer.stop()
        text = self.search.text().strip()
        self.changes = tuple(self.history.recent(text, limit=LIMIT))
        self.list.clear()
        for change in self.changes:
            self.list.addTopLevelItem(QTreeWidgetItem(_row(change)))
        shown = len(self.changes)
        more = " (the latest)" if shown >= LIMIT else ""
        self.count.setText(f"{shown:,} change{'' if shown == 1 else 's'}{more}"
                           + (f" matching “{text}”" if text else ""))
        self._select_row(0)
        self._show_selected()

    def selected(self) -> Change | None:
        """The change selected in the list."""
        row = self.list.currentIndex().row()
        return self.changes[row] if 0 <= row < len(self.changes) else None

    def select(self, change_id: int) -> bool:
        """Select the change of that id, if the list shows it."""
        for row, change in enumerate(self.changes):
            if change.id == change_id:
                self._select_row(row)
                return True
        return False

    def _select_row(self, row: int) -> None:
        item = self.list.topLevelItem(row)
        if item is not None:
            self.list.setCurrentItem(item)

    def _show_selected(self) -> None:
        change = self.selected()
        self.details.setHtml(change_html(change) if change is not None
                             else "<p>No change selected.</p>")
        self.show_button.setEnabled(change is not None and change.action != "deleted")
        self.bring_back_button.setEnabled(self.writable and change is not None
                                          and change.action == "deleted")

    def show_record(self) -> None:
        """Show the selected change's record in its list."""
        change = self.selected()
        if change is not None and change.action != "deleted":
            self._go_to(change.kind, change.record_id)

    def bring_back(self) -> Any:
        """Add the selected deleted record again, as it was; the list then shows it."""
        change = self.selected()
        if change is None or change.action != "deleted" or not self.writable:
            return None
        title = f"Cannot bring back this {noun(change.kind)}"
        try:
            found = self.history.bring_back(change.id)
        except ValidationError as exc:
            self.prompts.error(self, title, " ".join(e.message for e in exc.errors))
            return None
        except (NotFound, LookupError, ValueError) as exc:
            self.prompts.error(self, title, str(exc))
            return None
        self.refresh()
        self._brought_back(found)
        return found


def _row(change: Change) -> Sequence[str]:
    what = f"{change.action.capitalize()} {noun(change.kind)}"
    if change.origin == "archive":
        what += " (archive)"
    return [when(change.at), change.author, what, change.label, field_names(change)]
