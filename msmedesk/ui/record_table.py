"""A record tab's list: the table of records and how lists draw their text."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget


class RecordTable(QTableView):
    """The records' table; Enter or a double click asks to edit the current record, Ctrl+C
    copies the selected rows (with their headings) for a spreadsheet or Word."""

    edit_requested = Signal()
    #: a sentence for the status line ("Copied 3 rows with their headings")
    told = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def copy_rows(self) -> int:
        """Copy the selected rows as tab-separated text and an HTML table; how many."""
        from msmedesk.ui.list_output import copy_rows

        return copy_rows(self, self.told.emit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_rows()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.currentIndex().isValid():
            self.edit_requested.emit()
            return
        super().keyPressEvent(event)


def draw_lists_unshaped(view: QAbstractItemView) -> None:
    """Let a list draw its cells without text shaping where the script does not need it.

    Shaping every visible cell (HarfBuzz: kerning, ligatures) was a fifth of a record tab's
    first paint: 89 to 71 million instructions for the Package tab under callgrind. Names,
    dates and symbols in a list look the same without it; Qt still shapes the scripts that
    need shaping (PreferNoShaping only skips it where it is cosmetic). Family and size keep
    following the application's font.
    """
    font = view.font()
    font.setStyleStrategy(font.styleStrategy() | QFont.StyleStrategy.PreferNoShaping)
    view.setFont(font)
