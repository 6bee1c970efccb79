"""Find anywhere (Ctrl+K): one search over every record type, results grouped by type.

The results follow the typing (a short timer, as the tabs' boxes have); Enter or a double
click on a result asks the window to show that record in its tab (``chosen``).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import FindResults
from msmedesk.search.query import SearchError

from msmedesk.ui.search_box import SearchBox

SEARCH_DELAY_MS = 200
#: How many records of each type are listed (the header still counts them all).
HITS_PER_TYPE = 20
#: Where a result item keeps its record: (kind, record_id).
RECORD_ROLE = Qt.ItemDataRole.UserRole

Find = Callable[[str], FindResults]


class FindDialog(QDialog):
    """The Find anywhere window: a search box and the records found, grouped by type.

    Signals:
        chosen(kind, record_id): the user chose a record to go to.
    """

    chosen = Signal(str, int)

    def __init__(self, find: Find, parent: QWidget | None = None):
        super().__init__(parent)
        self._find = find
        self.source: object = None  # what ``find`` searches (the window's data file)
        self.setWindowTitle("Find in all records")
        self.setModal(False)  # look at a record, come back with Ctrl+K
        self.resize(560, 480)

        self.box = SearchBox(None)
        self.box.setPlaceholderText("Type to find in every list: words, member:Mexico, "
                                    "year:2024…")
        self.box.setAccessibleName("Find in all records")
        label = QLabel("&Find:")
        label.setBuddy(self.box)
        self.results = QTreeWidget()
        self.results.setHeaderHidden(True)
        self.results.setRootIsDecorated(False)
        self.results.setItemsExpandable(False)
        self.results.setAccessibleName("Records found")
        self.summary = QLabel("")
        self.summary.setAccessibleName("How many records were found")

        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.box)
        layout.addWidget(self.box.note)
        layout.addWidget(self.results, 1)
        layout.addWidget(self.summary)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SEARCH_DELAY_MS)
        self._timer.timeout.connect(self.search_now)
        self.box.textChanged.connect(lambda _text: self._timer.start())
        self.box.returnPressed.connect(self._enter_in_box)
        self.box.installEventFilter(self)
        self.results.itemActivated.connect(lambda item, _column: self._choose(item))

    def open_again(self) -> None:
        """Show the window (again), the cursor in the box with its text selected."""
        self.show()
        self.raise_()
        self.activateWindow()
        self.box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.box.selectAll()

    # -- searching

    def search_now(self) -> None:
        """Search for the box's text now; a text that cannot be read keeps the results."""
        self._timer.stop()
        text = self.box.text()
        if not text.strip():
            self.results.clear()
            self.summary.setText("")
            self.box.show_understood()
            return
        try:
            found = self._find(text)
        except SearchError as error:
            self.box.show_error(error)
            return
        self.box.show_understood()
        self._show(found)

    def _show(self, found: FindResults) -> None:
        self.results.clear()
        bold = QFont(self.results.font())
        bold.setBold(True)
        first: QTreeWidgetItem | None = None
        for group in found.groups:
            title = group.noun_plural[:1].upper() + group.noun_plural[1:]  # "MSME …" kept
            header = QTreeWidgetItem([f"{title} ({group.total:,})"])
            header.setFont(0, bold)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not chosen, not current
            self.results.addTopLevelItem(header)
            for hit in group.hits:
                item = QTreeWidgetItem(header, [hit.label])
                item.setData(0, RECORD_ROLE, (hit.kind, hit.record_id))
                item.setToolTip(0, hit.label)
                first = first or item
            if group.total > len(group.hits):
                more = QTreeWidgetItem(header, [
                    f"and {group.total - len(group.hits):,} more: add words to narrow the "
                    "search, or search in the tab"])
                more.setFlags(Qt.ItemFlag.NoItemFlags)
            header.setExpanded(True)
        shown = sum(g.total for g in found.groups)
        self.summary.setText("Nothing found." if not shown else
                             f"{shown:,} record{'s' if shown != 1 else ''} found. "
                             "Enter or a double click shows the record in its tab.")
        if first is not None:
            self.results.setCurrentItem(first)

    # -- choosing

    def current_record(self) -> tuple[str, int] | None:
        """The (kind, record id) of the current result, if any."""
        item = self.results.currentItem()
        data = item.data(0, RECORD_ROLE) if item is not None else None
        return (str(data[0]), int(data[1])) if data else None

    def _enter_in_box(self) -> None:
        if self._timer.isActive() or not self.results.topLevelItemCount():
            self.search_now()  # typed and pressed Enter at once: search first
        current = self.results.currentItem()
        if self.box.error is None and current is not None:
            self._choose(current)

    def _choose(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, RECORD_ROLE)
        if not data:
            return
        self.chosen.emit(str(data[0]), int(data[1]))
        self.close()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Down in the box goes to the results, the first one current (as in the tabs).
        if watched is self.box and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down and \
                not self.box.completer_popup_visible:
            if self._timer.isActive():
                self.search_now()
            if self.results.currentItem() is not None:
                self.results.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        return super().eventFilter(watched, event)
