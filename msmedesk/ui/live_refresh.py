"""A list read again because another desk changed the records, without moving the view.

The user may be reading row 300 with three rows selected when a colleague adds a meeting:
the list shows the new state, but the same records stay selected, the record at the top
of the view stays at the top, and the details panel is read again. Where the selected
record was deleted, the selection stays at its place in the list (as after a delete here).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QAbstractItemView

if TYPE_CHECKING:
    from msmedesk.ui.record_tab import RecordTab

_ROWS = QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows
_AT_TOP = QAbstractItemView.ScrollHint.PositionAtTop


def refresh_in_place(tab: RecordTab) -> None:
    """Read ``tab``'s list and details again, keeping its selection and scroll position."""
    table, model = tab.table, tab.model
    vertical, sideways = table.verticalScrollBar(), table.horizontalScrollBar()
    top_row = table.rowAt(0)
    top_id = model.record_id(top_row) if top_row >= 0 else None
    value, side = vertical.value(), sideways.value()
    current_id = tab.selected_id()
    current_row = table.currentIndex().row() if current_id is not None else -1
    others = {model.record_id(i.row()) for i in table.selectionModel().selectedRows()}
    others -= {None, current_id}

    tab.refresh()  # the model's reset keeps the current record where it finds it near

    if current_id is not None and tab.selected_id() != current_id:
        found = model.find_row(current_id, current_row)
        if found is None and model.rowCount():
            found = min(current_row, model.rowCount() - 1)  # gone: the row that took its place
        if found is not None:
            tab.select_row(found)
    selection = table.selectionModel()
    for record_id in others:
        row = model.row_of(record_id, current_row) if record_id is not None else None
        if row is not None:
            selection.select(model.index(row, 0), _ROWS)

    table.doItemsLayout()  # the scroll bar's range for the new row count, before scrolling
    anchor = model.row_of(top_id, top_row) if top_id is not None else None
    if anchor is not None:
        table.scrollTo(model.index(anchor, 0), _AT_TOP)
    else:
        vertical.setValue(value)
    sideways.setValue(side)
