"""The one record tab: search, year filter, the table, buttons and the detail panel.

Every record type uses this tab; what differs comes from its ``RecordKind`` (columns,
details) and its service. Changes go through ``UndoHistory`` so that they can be undone.
"""

from __future__ import annotations

import errno
import html
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QEvent,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QSettings,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import NotFound
from msmedesk.validation import ValidationError

from msmedesk.ui.commands import CreateCommand, DeleteCommand, EditCommand, UndoHistory
from msmedesk.ui.first_paint import after_first_paint
from msmedesk.ui.kinds import Detail, RecordKind
from msmedesk.ui.prompts import Prompts
from msmedesk.ui.table_model import RecordTableModel

if TYPE_CHECKING:
    from msmedesk.records import RecordService

SEARCH_DELAY_MS = 200
ALL_YEARS = "All years"


class RecordTable(QTableView):
    """The records' table; Enter or a double click asks to edit the current record."""

    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.doubleClicked.connect(lambda _index: self.edit_requested.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
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


def detail_html(detail: Detail, text_label: str = "Summary") -> str:
    """The detail panel's page; every recorded text is escaped (user text is text)."""
    esc = html.escape
    parts = [f"<h3>{esc(detail.heading)}</h3>"]
    if detail.facts:
        rows = "".join(f"<tr><td style='padding-right:12px'><b>{esc(label)}</b></td>"
                       f"<td>{esc(value)}</td></tr>" for label, value in detail.facts)
        parts.append(f"<table>{rows}</table>")
    for group in detail.groups:
        if group.items:
            items = "".join(f"<li>{esc(item)}</li>" for item in group.items)
            more = group.count - len(group.items)
            if more > 0:
                items += f"<li><i>… and {more:,} more</i></li>"
            parts.append(f"<p><b>{esc(group.title)}</b> ({group.count:,})</p><ul>{items}</ul>")
        else:
            parts.append(f"<p><b>{esc(group.title)}</b>: none recorded</p>")
    if detail.text.strip():
        body = "<br>".join(esc(line) for line in detail.text.strip().splitlines())
        parts.append(f"<p><b>{esc(text_label)}</b></p><p>{body}</p>")
    return "".join(parts)


class RecordTab(QWidget):
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
        self._total = 0
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

        self.model = RecordTableModel(service, kind, self, count_now=False)
        self._build()
        self._connect()
        self.year.addItem(ALL_YEARS, None)

    # -- building

    def _build(self) -> None:
        kind = self.kind
        self.search = QLineEdit()
        self.search.setPlaceholderText(f"Type to find: {kind.search_hint}")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(f"Search {kind.plural}")
        self.search.setMinimumWidth(280)
        search_label = QLabel("&Search:")
        search_label.setBuddy(self.search)

        self.year = QComboBox()
        self.year.setAccessibleName("Year filter")
        self.year.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        year_label = QLabel("&Year:")
        year_label.setBuddy(self.year)

        self.new_button = QPushButton(f"&New {kind.noun}…")
        self.new_button.setAccessibleName(f"New {kind.noun}")
        self.edit_button = QPushButton("Ed&it…")
        self.edit_button.setAccessibleName(f"Edit the selected {kind.noun}")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setAccessibleName(f"Delete the selected {kind.noun}")

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

        self.table = RecordTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName(f"{kind.title} list")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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

        self.details = QTextBrowser()
        self.details.setOpenExternalLinks(False)
        self.details.setTabChangesFocus(True)  # Tab leaves the panel, as in a form
        self.details.setAccessibleName(f"Details of the selected {kind.noun}")
        self.details.setMinimumWidth(240)
        details_label = QLabel(f"Details of the selected {kind.noun}")
        details_label.setBuddy(self.details)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(list_label)
        left_layout.addWidget(self.table)

        self.side = QSplitter(Qt.Orientation.Vertical)
        detail_box = QWidget()
        detail_layout = QVBoxLayout(detail_box)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(details_label)
        detail_layout.addWidget(self.details)
        self.side.addWidget(detail_box)
        if self.extra is not None:
            self.side.addWidget(self.extra)
        self.side.setChildrenCollapsible(False)

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
                 self.delete_button, self.table, self.details]
        if self.extra is not None and hasattr(self.extra, "table"):
            chain.append(self.extra.table)
        for first, second in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(first, second)

        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)

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

    # -- filtering and sorting

    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_filter(text=self.search.text())

    def _go_to_list(self) -> None:
        """Enter (or Down) in the search field: filter now and go to the first match."""
        self._apply_search()
        if self.model.rowCount():
            if self.selected_id() is None:
                self.select_row(0)
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress and \
                isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Down:
            self._go_to_list()
            return True
        return super().eventFilter(watched, event)

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
        """The id of the current record, if a row is selected."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record_id(rows[0].row())

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
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else -1
        self._remembered = (self.model.record_id(row) if row >= 0 else None, row)

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

    def set_read_only(self, read_only: bool) -> None:
        """Read-only: no New or Delete, and Edit becomes View (a form without OK)."""
        self.read_only = read_only
        self.new_button.setEnabled(not read_only)
        self.edit_button.setText("V&iew…" if read_only else "Ed&it…")
        self.edit_button.setAccessibleName(
            f"{'View' if read_only else 'Edit'} the selected {self.kind.noun}")
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        enabled = self.selected_id() is not None
        self.edit_button.setEnabled(enabled)
        self.delete_button.setEnabled(enabled and not self.read_only)

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
        if record_id is None:
            count = self.model.rowCount()
            hint = (f"Select a {self.kind.noun} to see its details here."
                    if count else f"No {self.kind.plural} to show.")
            self.details.setHtml(f"<p>{html.escape(hint)}</p>")
            return
        try:
            record = self.service.get(record_id)
            links = self.service.links(record_id) if self.kind.has_links else ()
        except NotFound:
            self.details.setHtml(f"<p>This {html.escape(self.kind.noun)} is no longer in the "
                                 "data file.</p>")
            return
        label = "Notes" if self.kind.name == "members" else "Summary"
        self.details.setHtml(detail_html(self.kind.detail(record, links), label))

    def set_details_visible(self, visible: bool) -> None:
        """Show or hide the detail panel."""
        self.side.setVisible(visible)

    # -- status

    def status_text(self) -> str:
        """"Showing 12 of 40 meetings"."""
        shown = self.model.rowCount()
        total = shown if self._unfiltered() else self._total
        return f"Showing {shown:,} of {total:,} {self.kind.plural}"

    def _unfiltered(self) -> bool:
        query = self.model.query
        return not query.text.strip() and query.year is None

    def _update_status(self) -> None:
        self.status_changed.emit(self.status_text())

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
        if self._unfiltered():
            self._total = self.model.rowCount()
        if self.extra is not None and hasattr(self.extra, "refresh"):
            self.extra.refresh()

    def focus_search(self) -> None:
        """Put the cursor in the search field (Ctrl+F)."""
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    # -- changes

    def _form(self, save: Callable[[Any], Any], record: Any = None) -> Any:
        from msmedesk.ui import forms  # loaded when the first form opens, not at start-up

        return forms.open_form(self, self.kind.name, self._choices(), save, record)

    def new_record(self) -> Any:
        """Open an empty form; the record is added when the form's OK succeeds."""
        if self.read_only:
            return None

        def save(record: Any) -> Any:
            return self.history.run(CreateCommand(self.service, self.kind, record))

        dialog = self._form(save)
        self.prompts.run_dialog(dialog)
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            self._show_saved(saved, "Added")
        return saved

    def edit_selected(self) -> Any:
        """Open the selected record in its form; changes are stored on OK."""
        record_id = self.selected_id()
        if record_id is None:
            return None
        try:
            before = self.service.get(record_id)
        except NotFound as exc:
            self.prompts.error(self, f"Cannot edit this {self.kind.noun}", str(exc))
            self.refresh()
            return None

        def save(record: Any) -> Any:
            if self.read_only:
                raise PermissionError(errno.EROFS, "the data file is open read-only")
            if getattr(record, "id", None) is None:
                record = replace(record, id=record_id)
            return self.history.run(EditCommand(self.service, self.kind, before, record))

        dialog = self._form(save, before)
        if self.read_only:
            ok = getattr(dialog, "buttons", None)
            if ok is not None:
                ok.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            dialog.setWindowTitle(f"{dialog.windowTitle()} (read-only)")
        self.prompts.run_dialog(dialog)
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            self._show_saved(saved, "Saved the changes to")
        return saved

    def _show_saved(self, saved: Any, done: str) -> None:
        """Select the record just saved, wherever the list's order puts it; when the
        search or the year filter hides it, say so rather than clear them."""
        if self.stale:
            self.refresh()
        if self.select_id(getattr(saved, "id", None)):
            return
        query = self.model.query
        hiding = [what for what, on in (("the search", bool(query.text.strip())),
                                        ("the year filter", query.year is not None)) if on]
        if hiding:
            self.status_changed.emit(f"{done} {self.kind.describe(saved)}; it is hidden by "
                                     f"{' and '.join(hiding)}")

    def delete_selected(self) -> bool:
        """Ask, then delete the selected record (Edit > Undo brings it back)."""
        record_id = self.selected_id()
        if record_id is None or self.read_only:
            return False
        row = self.table.selectionModel().selectedRows()[0].row()
        noun = self.kind.noun
        try:
            record = self.service.get(record_id)
        except NotFound as exc:
            self.prompts.error(self, f"Cannot delete this {noun}", str(exc))
            self.refresh()
            return False
        # A delete the service would refuse is refused now, not after a confirmation.
        refusal = self.service.delete_blockers(record_id)
        if refusal:
            self.prompts.error(self, f"Cannot delete {self.kind.describe(record)}", refusal)
            return False
        question = (f"Delete {self.kind.describe(record)}?\n\n"
                    "If you change your mind, Edit > Undo brings it back.")
        if not self.prompts.ask(self, f"Delete {noun}", question, yes="Delete"):
            return False
        try:
            self.history.run(DeleteCommand(self.service, self.kind, record))
        except ValidationError as exc:
            self.prompts.error(self, f"Cannot delete this {noun}",
                               " ".join(e.message for e in exc.errors))
            return False
        except NotFound as exc:
            self.prompts.error(self, f"Cannot delete this {noun}", str(exc))
            self.refresh()
            return False
        self.select_row(min(row, self.model.rowCount() - 1))
        return True

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
