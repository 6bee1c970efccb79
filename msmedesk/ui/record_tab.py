"""The one record tab: search, year filter, the table, buttons and the detail panel.

Every record type uses this tab; what differs comes from its ``RecordKind`` (columns,
details) and its service. Its parts: the list (``record_table``), the detail panel's page
(``detail_page``) and the changes, which go through ``UndoHistory`` so that they can be
undone (``record_changes``).
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import NotFound

from msmedesk.ui.commands import UndoHistory
from msmedesk.ui.copy_buttons import CopyButtons
from msmedesk.ui.detail_page import detail_html
from msmedesk.ui.first_paint import after_first_paint
from msmedesk.ui.kinds import RecordKind
from msmedesk.ui.prompts import Prompts
from msmedesk.ui.record_search import RecordSearch
from msmedesk.ui.record_table import RecordTable, draw_lists_unshaped
from msmedesk.ui.search_box import SearchBox
from msmedesk.ui.table_model import RecordTableModel, showing_text

if TYPE_CHECKING:
    from msmedesk.records import RecordService

SEARCH_DELAY_MS = 200
ALL_YEARS = "All years"


class RecordTab(RecordSearch):
    """Browse, find, add, edit and delete the records of one type.

    Signals:
        status_changed(text): the "Showing 12 of 40 meetings" line changed.
    """

    status_changed = Signal(str)

    def __init__(self, kind: RecordKind, service: RecordService[Any], history: UndoHistory,
                 prompts: Prompts, choices: Callable[[], Any], extra: QWidget | None = None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.service = service
        self.history = history
        self.prompts = prompts
        self._choices = choices
        self.extra = extra
        # Nothing is read until the tab is first shown (refresh()), so that the window
        # opens at once however large the file.
        self.stale = True
        self._total: int | None = None  # the type's records in all (None: not counted yet)
        self._remembered: tuple[int | None, int] = (None, -1)
        self._shown_id: int | None = None
        self._seen = False  # shown on screen at least once (its sizes are real)
        # The list paints before the detail panel is first filled: reading a record whole
        # with its links and laying out its page cost as much again as the list's own first
        # paint. Until the list has painted, the panel waits (_details_due), and so does
        # the year list, which nobody can open before then (_years_due).
        self._painted = False
        self._details_due = False
        self._years_due = False
        self.read_only = False  # the data file is open for reading only
        # The record's history, newest first (the window sets it: services.history.of).
        self.changes_of: Callable[[int], Any] | None = None
        self._shown_version: tuple[int, int] | None = None  # (id, version) shown

        self.model = RecordTableModel(service, kind, self, count_now=False)
        self._build()
        self._connect()
        self.year.addItem(ALL_YEARS, None)

    # -- building

    def _build(self) -> None:
        top = self._build_top()
        left = self._build_list()
        self.side = self._build_side()
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.side)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)

        # Tab order follows the layout: find, filter, act, then the list and its details.
        chain = [self.search, self.year, self.new_button, self.edit_button,
                 self.delete_button, self.table, self.details, *self.copy_buttons.buttons]
        if self.extra is not None and hasattr(self.extra, "table"):
            chain.append(self.extra.table)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

    def _build_top(self) -> QLayout:
        """The row above the list: search, year filter and the New, Edit, Delete buttons."""
        kind = self.kind
        self.search = SearchBox(kind.name)
        self.search.setPlaceholderText("Type any words to find, or field:value (F1 shows how)")
        self.search.setToolTip(
            f"Words find the {kind.plural} that hold them anywhere (their {kind.search_hint} "
            "and every other field).\nA field: member:Mexico, year:2024, "
            "date:2024-06..2024-12; -word leaves out, or, \"a phrase\".\n"
            "F1 shows every field name.")
        self.search.setAccessibleName(f"Search {kind.plural}")
        self.search.setMinimumWidth(280)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)

        year_label, self.year = _year_filter(kind.type.by_year)

        self.new_button = QPushButton(f"&New {kind.noun}…")
        self.new_button.setAccessibleName(f"New {kind.noun}")
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setAccessibleName(f"Edit the selected {kind.noun}")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setAccessibleName(f"Delete the selected {kind.noun}")
        _tooltips(self.new_button, self.edit_button, self.delete_button, kind.noun)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 3)
        top.addSpacing(12)
        top.addWidget(year_label)
        top.addWidget(self.year)
        top.addStretch(1)
        top.addWidget(self.new_button)
        top.addWidget(self.edit_button)
        top.addWidget(self.delete_button)
        return self.search.with_note(top, search_label.sizeHint().width() + top.spacing())

    def _build_list(self) -> QWidget:
        """The list of records with its label."""
        kind = self.kind
        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(f"{kind.title} list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        # Several rows may be selected (to copy them); the panel follows the current row.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        draw_lists_unshaped(self.table)
        self.table.verticalHeader().setVisible(False)
        # Compact rows: staff scan long lists.
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 10)
        self.table.setTabKeyNavigation(False)
        header = self.table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        header.setSortIndicatorShown(True)
        # Every column but the last has its width; the last takes the rest of the list's
        # width (stretched), so the list never scrolls sideways for a few pixels.
        for i, key in enumerate(self.model.keys[:-1]):
            self.table.setColumnWidth(i, kind.column(key).width)
        order = Qt.SortOrder.DescendingOrder if kind.newest_first else Qt.SortOrder.AscendingOrder
        header.setSortIndicator(self.model.sort_column(), order)
        self.table.setSortingEnabled(True)
        list_label = QLabel(f"&List of {kind.plural}:")
        list_label.setBuddy(self.table)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.table)
        return left

    def _build_side(self) -> QSplitter:
        """The detail panel, with the record type's extra panel (if any) below it."""
        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        self.details.setTabChangesFocus(True)  # Tab leaves the panel, as in a form
        self.details.setAccessibleName(f"Details of the selected {self.kind.noun}")
        self.details.setMinimumWidth(240)
        details_label = QLabel(f"Details of the selected {self.kind.noun}")
        details_label.setBuddy(self.details)
        self.copy_buttons = CopyButtons(self.kind.email_fields, tell=self.status_changed.emit)

        side = QSplitter(Qt.Orientation.Vertical)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(details_label)
        detail_layout.addWidget(self.details)
        detail_layout.addWidget(self.copy_buttons)
        side.addWidget(detail_box)
        if self.extra is not None:
            side.addWidget(self.extra)
        side.setChildrenCollapsible(False)
        return side

    def _connect(self) -> None:
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self._search_timer.timeout.connect(self._apply_search)
        self.search.returnPressed.connect(self._go_to_list)
        self.search.installEventFilter(self)
        self.year.currentIndexChanged.connect(self._apply_year)
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self.edit_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.edit_requested.connect(self.edit_selected)
        self.table.told.connect(self.status_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_indicator)
        # A mouse click moves the current row before it selects it (keys do both at once):
        # the panel follows the selection, so a click shows the clicked record.
        self.table.selectionModel().currentRowChanged.connect(
            lambda _current, _previous: self._show_details())
        self.table.selectionModel().selectionChanged.connect(
            lambda _selected, _deselected: self._show_details())
        after_first_paint(self.table.viewport(), self._after_first_paint)
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.model.modelReset.connect(self._restore_selection)
        self.model.modelReset.connect(self._update_status)
        self.model.counted.connect(self._counted)
        self.model.counted.connect(self._update_status)

    # -- filtering and sorting

    def _apply_year(self, _index: int) -> None:
        self.model.set_filter(year=self.year.currentData())

    def _fill_years(self) -> None:
        self._years_due = False
        current = self.year.currentData()
        years = self.service.years()
        self.year.blockSignals(True)
        self.year.clear()
        self.year.addItem(ALL_YEARS, None)
        for year in years:
            self.year.addItem(str(year), year)
        found = self.year.findData(current) if current is not None else 0
        self.year.setCurrentIndex(max(found, 0))
        self.year.blockSignals(False)
        if current is not None and found < 0:
            self.model.set_filter(year=None)

    def _on_sort_indicator(self, column: int, _order: Qt.SortOrder) -> None:
        if not self.model.is_sortable(column):
            # Put the arrow back where the rows are really sorted.
            header = self.table.horizontalHeader()
            order = (Qt.SortOrder.DescendingOrder if self.model.query.descending
                     else Qt.SortOrder.AscendingOrder)
            header.blockSignals(True)
            header.setSortIndicator(self.model.sort_column(), order)
            header.blockSignals(False)

    # -- selection and details

    def selected_id(self) -> int | None:
        """The id of the current record (the current row when several are selected)."""
        selection, current = self.table.selectionModel(), self.table.currentIndex()
        if current.isValid() and selection.isRowSelected(current.row()):
            return self.model.record_id(current.row())
        rows = selection.selectedRows()
        return self.model.record_id(rows[0].row()) if rows else None

    def select_id(self, record_id: int | None, near: int | None = None) -> bool:
        """Select a record by id and scroll it into view (looking first near a row);
        False when the search or the year filter leaves it out of the list."""
        row = self.model.find_row(record_id, near) if record_id is not None else None
        if row is None:
            return False
        self.select_row(row)
        return True

    def select_row(self, row: int) -> None:
        """Select a row and show it, with its details."""
        self._select_row(row)
        self._show_details(now=True)

    def _select_row(self, row: int) -> None:
        # The selection only: before the list's first paint its details wait for that paint.
        if not 0 <= row < self.model.rowCount():
            self.table.clearSelection()
            self._show_details()
            return
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)
        if row or self.table.verticalScrollBar().value():
            # Row 0 with the list at its top is in view: scrollTo would lay the whole
            # table out first (half a millisecond on every refresh).
            self.table.scrollTo(index)
        self._show_details()

    def _remember_selection(self) -> None:
        self._shown_id = None  # the record may have changed: show it afresh
        record_id = self.selected_id()
        self._remembered = (record_id, self.table.currentIndex().row()
                            if record_id is not None else -1)

    def _restore_selection(self) -> None:
        record_id, row = self._remembered
        found = self.model.row_of(record_id, row) if record_id is not None else None
        if found is None:
            # The first match, so that its details show as soon as the user stops typing.
            self.table.setCurrentIndex(QModelIndex())
            found = 0
        self._select_row(found)

    def ensure_selection(self) -> None:
        """Select the first row when none is selected (a tab just shown)."""
        if self.selected_id() is None and self.model.rowCount():
            self._select_row(0)

    def _after_first_paint(self) -> None:
        self._painted = True
        if self._details_due:
            self._show_details(now=True)
        if self._years_due:
            self._fill_years()

    def _show_details(self, now: bool = False) -> None:
        record_id = self.selected_id()
        self._enable_buttons()
        if record_id is not None and record_id == self._shown_id:
            return  # already shown (selection signals and explicit calls both come here)
        if not (now or self._painted):
            self._details_due = True  # filled just after the list's first paint
            return
        self._details_due = False
        self._shown_id = record_id
        self.copy_buttons.show_record(None)
        if record_id is None:
            count = self.model.rowCount()
            hint = (f"Select a {self.kind.noun} to see its details here."
                    if count else f"No {self.kind.plural} to show.")
            self.details.setHtml(f"<p>{html.escape(hint)}</p>")
            return
        try:
            record, version = self.service.get_versioned(record_id)
            links = self.service.links(record_id) if self.kind.has_links else ()
        except NotFound:
            self.details.setHtml(f"<p>This {html.escape(self.kind.noun)} is no longer in the "
                                 "data file.</p>")
            return
        self._shown_version = (record_id, version)  # a delete asks again if it moved on
        page = detail_html(self.kind.detail(record, links), self.kind.text_label)
        if self.changes_of is not None:
            from msmedesk.ui.change_words import history_html

            page += history_html(self.changes_of(record_id))
        self.details.setHtml(page)
        self.copy_buttons.show_record(record)

    def set_details_visible(self, visible: bool) -> None:
        """Show or hide the detail panel."""
        self.side.setVisible(visible)

    # -- status

    def status_text(self) -> str:
        """"Showing 12 of 40 meetings" ("more than 1,000": see ``showing_text``)."""
        shown, exact = self.model.rowCount(), self.model.exact
        total = (shown if exact else None) if self._unfiltered() else self._total
        return showing_text(shown, exact, total, self.kind.plural)

    def _unfiltered(self) -> bool:
        query = self.model.query
        return not query.text.strip() and query.year is None

    def _update_status(self) -> None:
        self.status_changed.emit(self.status_text())

    def _counted(self) -> None:
        # Unfiltered, the list's own count is the total, once it is whole.
        if self._unfiltered() and self.model.exact:
            self._total = self.model.rowCount()

    # -- refreshing

    def refresh(self) -> None:
        """Read the records again (after a change), keeping the selection where possible."""
        self.stale = False
        # Unfiltered, the list's own count is the total: no second count(*) of the table.
        if not self._unfiltered():
            self._total = self.service.total()
        if self._painted:
            self._fill_years()
        else:
            self._years_due = True
        self.model.refresh()
        self._counted()
        if self.extra is not None and hasattr(self.extra, "refresh"):
            self.extra.refresh()

    def focus_search(self) -> None:
        """Put the cursor in the search field (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- remembered between sessions

    def showEvent(self, event: QShowEvent) -> None:
        self._seen = True
        super().showEvent(event)

    def save_state(self, settings: QSettings) -> None:
        """Remember column widths and the splitter."""
        widths = [self.table.columnWidth(i) for i in range(self.model.columnCount())]
        settings.setValue(f"columns/{self.kind.name}", ",".join(map(str, widths)))
        # A tab never shown has no real sizes yet: keep what was remembered before.
        if self._seen and min(self.splitter.sizes(), default=0) > 50:
            settings.setValue(f"splitter/{self.kind.name}", self.splitter.saveState())

    def restore_state(self, settings: QSettings) -> None:
        """Put back column widths and the splitter as they were."""
        text = settings.value(f"columns/{self.kind.name}", "")
        try:
            widths = [int(w) for w in str(text).split(",")] if text else []
        except ValueError:
            widths = []
        if len(widths) == self.model.columnCount():
            for i, width in enumerate(widths[:-1]):  # the last column takes the rest
                if width > 10:
                    self.table.setColumnWidth(i, width)
        state = settings.value(f"splitter/{self.kind.name}")
        if state is not None:
            self.splitter.restoreState(state)


def _year_filter(shown: bool) -> tuple[QLabel, QComboBox]:
    """The "Year:" label and its box; hidden for a type whose records have no year (the
    tab's code stays the same for every type)."""
    year = QComboBox()
    year.setAccessibleName("Year filter")
    year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    label = QLabel("&Year:")
    label.setBuddy(year)
    if not shown:  # (not setHidden(False): that would show them as windows of their own)
        label.hide()
        year.hide()
    return label, year


def _tooltips(new: QPushButton, edit: QPushButton, delete: QPushButton, noun: str) -> None:
    """What the New, Edit and Delete buttons do, and their keys."""
    new.setToolTip(f"Add a {noun} (Ctrl+N)")
    edit.setToolTip(f"Change the selected {noun} (Ctrl+E or F2; a double click does the same)")
    delete.setToolTip(f"Delete the selected {noun} (Del); Ctrl+Z brings it back")
