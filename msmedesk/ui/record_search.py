"""A record tab's search: the box's text filters the list through the search language.

``RecordSearch`` is the part of ``msmedesk.ui.record_tab.RecordTab`` that applies the search
box (a ``SearchBox``): a text the service cannot read is shown under the box and leaves the
list as it was; Enter or Down goes to the list; Find anywhere clears the filters to show a
record they hide. The tab builds the widgets (named here for the type checker).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox

from msmedesk.search.query import SearchError

from msmedesk.ui.record_changes import RecordChanges
from msmedesk.ui.search_box import SearchBox


class RecordSearch(RecordChanges):
    """Filter a tab's list by its search box and go from the box to the list."""

    search: SearchBox
    year: QComboBox
    _search_timer: QTimer

    def _apply_search(self) -> None:
        self._search_timer.stop()
        try:
            self.model.set_filter(text=self.search.text())
        except SearchError as error:
            self.search.show_error(error)  # the list keeps its last good result
            return
        self.search.show_understood()

    def clear_filters(self) -> str:
        """Clear the search and the year filter; what was cleared ("the search"), or ""."""
        had = " and ".join(name for name, on in (
            ("the search", self.search.text().strip()),
            ("the year filter", self.year.currentData() is not None)) if on)
        self._search_timer.stop()
        self.search.clear()
        self.search.show_understood()
        self.year.blockSignals(True)
        self.year.setCurrentIndex(0)
        self.year.blockSignals(False)
        self.model.set_filter(text="", year=None)
        return had

    def _go_to_list(self) -> None:
        """Enter (or Down) in the search field: filter now and go to the first match."""
        self._apply_search()
        if self.model.rowCount():
            if self.selected_id() is None:
                self.select_row(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down and \
                not self.search.completer_popup_visible:
            self._go_to_list()
            return True
        return super().eventFilter(watched, event)
