"""Lists leave the program: File > Print list…, Export list… and copying rows or details.

Every output is of the list as the tab shows it: its search and year filter, its sort, the
columns the view shows (in their order on screen) and every matching row, read from the
service a page at a time (not only the pages the table has loaded).
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QMimeData, QStandardPaths, Qt
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QTableView, QWidget

from msmedesk.domain import PartialDate, long_date
from msmedesk.lists.csv_rows import csv_bytes
from msmedesk.lists.rows import ListSheet, all_rows, search_line
from msmedesk.lists.xlsx import xlsx_bytes
from msmedesk.safe_write import write_atomically

from msmedesk.ui.kinds.base import Column

if TYPE_CHECKING:
    from msmedesk.ui.record_tab import RecordTab
    from msmedesk.ui.window.base import WindowBase

EXPORT_FILTERS = "Excel workbook (*.xlsx);;CSV, comma-separated values (*.csv)"


# -- the rows


def visible_columns(table: QTableView) -> list[int]:
    """The model's columns the view shows, in their order on screen."""
    header = table.horizontalHeader()
    count = table.model().columnCount()
    shown_now = [c for c in range(count) if not table.isColumnHidden(c)]
    return sorted(shown_now, key=header.visualIndex)


def cell(column: Column, value: Any) -> object:
    """A value as a list output holds it: a date stays a date, a count a number, else the
    text the list shows."""
    if isinstance(value, PartialDate):
        return dt.date(value.year, value.month, value.day) if value.day and value.month \
            else value.long()
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if column.numeric and isinstance(value, int) and not isinstance(value, bool):
        return value
    return column.text(value)


def sheet_of(tab: RecordTab, whole: bool = False) -> ListSheet:
    """The tab's current list, whole: visible columns, every row its search and year match;
    ``whole``: texts the list shortens for the screen (a meeting's summary) given whole."""
    model = tab.model
    wanted = visible_columns(tab.table)
    columns = [tab.kind.column(model.keys[c]) for c in wanted]
    rows = tuple(tuple(cell(column, row.values[c]) for column, c in zip(columns, wanted,
                                                                          strict=True))
                 for row in all_rows(tab.service.list, replace(model.query, whole=whole)))
    query = model.query
    return ListSheet(title=tab.kind.title,
                     search=search_line(query.text, query.year, tab.kind.type.by_year),
                     header=tuple(c.label for c in columns), rows=rows)


# -- the clipboard


def _tsv_cell(text: str) -> str:
    # A tab or line break inside a cell would split it in the spreadsheet it is pasted into.
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


def rows_mime(header: Sequence[str], rows: Sequence[Sequence[str]]) -> QMimeData:
    """Rows for the clipboard: tab-separated text with a header, and the same as an HTML
    table (Word and Excel paste that as a table)."""
    lines = ["\t".join(_tsv_cell(c) for c in line) for line in [header, *rows]]
    mime = QMimeData()
    mime.setText("\r\n".join(lines) + "\r\n")
    mime.setHtml(_html_table(header, rows))
    return mime


def selected_rows(table: QTableView) -> tuple[list[str], list[list[str]]]:
    """The header and the selected rows' shown text (visible columns, list order)."""
    model = table.model()
    columns = visible_columns(table)
    header = [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in columns]
    numbers = sorted(i.row() for i in table.selectionModel().selectedRows())
    rows = [[str(model.data(model.index(r, c)) or "") for c in columns] for r in numbers]
    return header, rows


def copy_rows(table: QTableView, tell: Callable[[str], None] | None = None) -> int:
    """Put the selected rows on the clipboard (Ctrl+C); how many were copied."""
    header, rows = selected_rows(table)
    if not rows:
        return 0
    QGuiApplication.clipboard().setMimeData(rows_mime(header, rows))
    if tell is not None:
        tell(f"Copied {len(rows):,} row{'s' if len(rows) != 1 else ''} with their headings")
    return len(rows)


def copy_details(tab: RecordTab) -> bool:
    """Put the selected record's details, as the panel shows them, on the clipboard."""
    if tab.selected_id() is None:
        tab.status_changed.emit(f"Select a {tab.kind.noun} to copy its details")
        return False
    QGuiApplication.clipboard().setText(tab.details.toPlainText())
    tab.status_changed.emit(f"Copied the details of the selected {tab.kind.noun}")
    return True


# -- printing


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    esc = html.escape
    head = "".join(f"<th align='left'>{esc(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")


def print_html(sheet: ListSheet, printed: dt.date) -> str:
    """The printed list: title, the search that made it, the date printed, the table."""
    count = len(sheet.rows)
    return (f"<h2>{html.escape(sheet.title)}</h2>"
            f"<p>{html.escape(sheet.search)}<br/>"
            f"Printed {long_date(printed)} · {count:,} row{'s' if count != 1 else ''}</p>"
            + _html_table(sheet.header, sheet.shown_rows()))


def list_document(sheet: ListSheet, printed: dt.date | None = None) -> QTextDocument:
    """The list as a document Qt prints (page numbers at the foot of every page, the
    table's heading row repeated on each)."""
    document = QTextDocument()
    font = document.defaultFont()
    font.setPointSize(9)
    document.setDefaultFont(font)
    document.setHtml(print_html(sheet, printed or dt.date.today()))
    return document


def a4_printer(columns: int) -> Any:
    """A high-resolution A4 printer, landscape for a list of five columns or more."""
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Landscape if columns >= 5
                               else QPageLayout.Orientation.Portrait)
    return printer


def preview_dialog(tab: RecordTab, parent: QWidget | None) -> Any:
    """The print preview of the tab's list (QPrintPreviewDialog), not yet shown."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    class ListPreview(QPrintPreviewDialog):
        """The preview, holding its printer and document (Qt does not own the printer: a
        printer freed while the dialog shows it crashes the program)."""

        def __init__(self, printer: Any, document: QTextDocument) -> None:
            super().__init__(printer, parent)
            self._printer, self._document = printer, document
            self.paintRequested.connect(document.print_)

    sheet = sheet_of(tab)
    dialog = ListPreview(a4_printer(len(sheet.header)), list_document(sheet))
    dialog.setWindowTitle(f"Print the list of {tab.kind.plural}")
    return dialog


def print_list(window: WindowBase, tab: RecordTab) -> None:
    """File > Print list…: the preview of the list, from which it is printed."""
    dialog = preview_dialog(tab, window)
    dialog.resize(900, 700)
    try:
        window.prompts.run_dialog(dialog)
    finally:
        dialog.deleteLater()


# -- exporting


def suggested_path(tab: RecordTab) -> Path:
    """Where the save dialog starts: Documents (else home), named after the tab, as .xlsx."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    folder = Path(documents) if documents and Path(documents).is_dir() else Path.home()
    return folder / f"{tab.kind.title}.xlsx"


def file_bytes(sheet: ListSheet, path: Path) -> bytes | None:
    """The file's bytes for its name's ending (.xlsx or .csv); None for another ending."""
    ending = path.suffix.lower()
    if ending == ".xlsx":
        return xlsx_bytes(sheet)
    if ending == ".csv":
        return csv_bytes(sheet.header, sheet.rows)
    return None


def export_list(window: WindowBase, tab: RecordTab) -> Path | None:
    """File > Export list…: the list to a CSV or Excel file the user names; the path written."""
    path = window.prompts.save_path(window, f"Export the list of {tab.kind.plural}",
                                    suggested_path(tab), EXPORT_FILTERS)
    if path is None:
        return None
    refused = window.backend.write_refusal(path) if window.backend is not None else None
    if refused:
        window.prompts.error(window, "Export list", f"Nothing was written: {refused}")
        return None
    if path.suffix.lower() not in (".xlsx", ".csv"):
        window.prompts.error(window, "Export list",
                             f"Nothing was written: the file name {path.name} must end in "
                             ".xlsx (an Excel workbook) or .csv (comma-separated values).")
        return None
    sheet = sheet_of(tab, whole=True)  # (an exported list's cells are the records' text)
    data = file_bytes(sheet, path)
    assert data is not None
    try:
        # The save dialog has asked before replacing a file of that name.
        write_atomically(path, lambda tmp: tmp.write_bytes(data), replace=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        window.prompts.error(window, "Export list",
                             f"The list could not be written to {path}: {reason}.")
        return None
    count = len(sheet.rows)
    noun = tab.kind.plural if count != 1 else tab.kind.noun
    tab.status_changed.emit(f"The list of {count:,} {noun} is written to {path}")
    return path

