"""The one table model behind every record tab: rows fetched page by page from a service.

The model holds the current query, the row count and a small cache of pages; a page is
asked of the service (``list(ListQuery(offset, limit))``) the first time the view paints
one of its rows. Filtering and sorting change the query and start again, so the database
does the work and a file of 100,000 records costs no more than one page on screen.

Its rows are counted only up to COUNT_BOUND on a keystroke, a header click or a tab's first
paint: a common word's matches, or a large table's rows, cost more to count than the page
shown, and more the larger the file. Above the bound the list holds COUNT_BOUND + 1 rows and
says "more than 1,000" (``exact`` is False) until it counts them all: a moment after the
user stops typing, or as soon as the list is scrolled to its end (Qt's ``fetchMore``), so
that scrolling reaches every row and the scrollbar ends up true.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)

from msmedesk.domain import ListQuery, Row

from msmedesk.ui.kinds import RecordKind

if TYPE_CHECKING:
    from msmedesk.records import RecordService

# A page is about a screenful (a tall window shows 40 to 60 rows): the first paint reads one
# page, with its linked names; at 200 rows it read seven times what it showed.
PAGE_SIZE = 64
MAX_PAGES = 125  # pages kept in memory; older ones are asked for again when needed
# Rows counted on a keystroke, a click or a first paint; beyond, "more than 1,000" until the
# list counts them all, COUNT_DELAY_MS after the last keystroke (or at its end scrolled to).
COUNT_BOUND = 1000
COUNT_DELAY_MS = 400

_Index = QModelIndex | QPersistentModelIndex
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_ALIGN = Qt.ItemDataRole.TextAlignmentRole
ID_ROLE = Qt.ItemDataRole.UserRole
_ROLES = frozenset((_DISPLAY, _TOOLTIP, _ALIGN, ID_ROLE))
_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class RecordTableModel(QAbstractTableModel):
    """Rows of one record type, read lazily through its service.

    Attributes:
        query: the filter and sort in force (its offset and limit are set per page).
        fetches: how many pages have been asked of the service (tests watch it).

    Signals:
        counted(): the rows of a list counted only up to the bound are all counted now.
    """

    counted = Signal()

    def __init__(self, service: RecordService[Any], kind: RecordKind, parent: Any = None,
                 *, count_now: bool = True):
        super().__init__(parent)
        self._service = service
        self._kind = kind
        self._keys: tuple[str, ...] = tuple(service.columns)
        self._columns = tuple(kind.column(k) for k in self._keys)
        self._sortable = frozenset(service.sortable)
        self.query = ListQuery(sort=service.default_sort, descending=kind.newest_first,
                               limit=PAGE_SIZE)
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._exact = True  # the count is the list's length (not "more than" the bound)
        # The whole count, a moment after the bounded one (restarted by each new query).
        self._count_timer = QTimer(self)
        self._count_timer.setSingleShot(True)
        self._count_timer.setInterval(COUNT_DELAY_MS)
        self._count_timer.timeout.connect(self.complete_count)
        # A tab not yet shown has not asked: refresh() counts (and a view then reads).
        self._count = self._bounded_count(self.query) if count_now else 0
        self.fetches = 0

    # -- Qt interface

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's signature)
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = _DISPLAY) -> Any:
        # The view asks seven roles of every cell it paints and four are never answered:
        # the role is checked first, before any call back into Qt.
        if role not in _ROLES:
            return None
        number = index.column()
        if not index.isValid() or number >= len(self._columns):
            return None
        if role == _ALIGN:
            return _RIGHT if self._columns[number].numeric else None
        row = self._row(index.row())
        if row is None:
            return None
        if role == ID_ROLE:
            return row.id
        text = self._columns[number].text(row.values[number])
        if role == _TOOLTIP:
            return text if len(text) > 40 else None
        return text

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        # A view scrolled to the end of a list counted only up to the bound asks for more.
        return not parent.isValid() and not self._exact

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if not parent.isValid():
            self.complete_count()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(self._columns):
            return None
        column = self._columns[section]
        if role == _DISPLAY:
            return column.label
        if role == _TOOLTIP:
            if column.key in self._sortable:
                return f"Click to sort by {column.label.lower()}"
            return f"The list cannot be sorted by {column.label.lower()}"
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort in SQL by a sortable column; other columns leave the order as it is."""
        if not 0 <= column < len(self._keys) or self._keys[column] not in self._sortable:
            return
        descending = order == Qt.SortOrder.DescendingOrder
        if self.query.sort == self._keys[column] and self.query.descending == descending:
            return
        self.query = replace(self.query, sort=self._keys[column], descending=descending)
        self.refresh()

    # -- what the tab asks

    @property
    def keys(self) -> tuple[str, ...]:
        """The service's column keys, in column order."""
        return self._keys

    def is_sortable(self, column: int) -> bool:
        """Whether clicking this column's header sorts."""
        return 0 <= column < len(self._keys) and self._keys[column] in self._sortable

    def sort_column(self) -> int:
        """The column the rows are sorted by (-1 when the service's own order is used)."""
        key = self.query.sort or self._service.default_sort
        return self._keys.index(key) if key in self._keys else -1

    def set_filter(self, text: str | None = None, year: int | None | bool = False) -> None:
        """Filter by text and/or year (``year=None`` means all years) and start again.

        Raises ``SearchError`` (and changes nothing) when the service cannot read the text.
        """
        query = self.query
        if text is not None:
            query = replace(query, text=text)
        if year is not False:
            query = replace(query, year=year)
        if query != self.query:
            self._start(query)

    def refresh(self) -> None:
        """Forget the cached pages and count again (after a change or a new query)."""
        self._start(self.query)

    def _start(self, query: ListQuery) -> None:
        # Counted before anything changes: a text the service cannot read (SearchError,
        # passed on to the tab) leaves the query, the rows and the selection as they were.
        count = self._bounded_count(query)
        self.beginResetModel()
        self.query = query
        self._pages.clear()
        self._count = count
        self.endResetModel()

    def _bounded_count(self, query: ListQuery) -> int:
        """The rows of ``query`` counted up to the bound (``exact`` says whether that was
        all); the whole count follows later (COUNT_DELAY_MS)."""
        count = self._service.count(query, bound=COUNT_BOUND)
        self._exact = count <= COUNT_BOUND
        if self._exact:
            self._count_timer.stop()
        else:
            self._count_timer.start()
        return count

    @property
    def exact(self) -> bool:
        """Whether ``rowCount()`` is the list's length (False: "more than COUNT_BOUND")."""
        return self._exact

    def complete_count(self) -> None:
        """Count every row of a list counted only up to the bound, and show them all (rows
        added at the end: the selection and the scroll position stay)."""
        self._count_timer.stop()
        if self._exact:
            return
        count = self._service.count(self.query)
        self._exact = True
        if count > self._count:
            self.beginInsertRows(QModelIndex(), self._count, count - 1)
            self._count = count
            self.endInsertRows()
        elif count < self._count:  # (records deleted meanwhile: rows read again)
            self.beginResetModel()
            self._pages.clear()
            self._count = count
            self.endResetModel()
        self.counted.emit()

    def record_id(self, row: int) -> int | None:
        """The id of the record on a row."""
        found = self._row(row) if 0 <= row < self._count else None
        return found.id if found else None

    def row_of(self, record_id: int, near: int | None = None) -> int | None:
        """The row of a record among the pages read so far, the first page or the page
        around row ``near``; None when it is elsewhere (or filtered out)."""
        wanted = [0] + ([near // PAGE_SIZE] if near is not None and 0 <= near < self._count
                        else [])
        for number in wanted:
            if number * PAGE_SIZE < self._count:
                self._page(number)
        for number, rows in self._pages.items():
            for i, row in enumerate(rows):
                if row.id == record_id:
                    return number * PAGE_SIZE + i
        return None

    def find_row(self, record_id: int, near: int | None = None) -> int | None:
        """The row of a record wherever it is in the list (the service is asked when it is
        not in the pages read); None when the filter leaves it out."""
        found = self.row_of(record_id, near)
        if found is None:
            found = self._service.position(self.query, record_id)
        return found if found is not None and 0 <= found < self._count else None

    # -- pages

    def _row(self, row: int) -> Row | None:
        number, offset = divmod(row, PAGE_SIZE)
        rows = self._page(number)
        return rows[offset] if offset < len(rows) else None

    def _page(self, number: int) -> list[Row]:
        rows = self._pages.get(number)
        if rows is not None:
            self._pages.move_to_end(number)
            return rows
        # The count goes with the page: with few matches the service reads them otherwise.
        rows = self._service.list(replace(self.query, offset=number * PAGE_SIZE,
                                          limit=PAGE_SIZE, matches=self._count))
        self.fetches += 1
        self._pages[number] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows



def showing_text(shown: int, exact: bool, total: int | None, plural: str) -> str:
    """The tab's status line: "Showing 12 of 40 meetings"; "Showing more than 1,000 of
    60,000 outreach events" for a list counted only up to its bound (``exact`` False); no
    "of ..." while the type's total is not counted yet (``total`` None)."""
    counted = f"{shown:,}" if exact else f"more than {COUNT_BOUND:,}"
    if total is None:
        return f"Showing {counted} {plural}"
    return f"Showing {counted} of {total:,} {plural}"
