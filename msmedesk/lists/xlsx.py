"""A list as an Excel workbook (XlsxWriter): bold frozen header, widths to fit, real dates.

Text cells are written as text (``write_string``), never as formulas: a cell that starts with
"=" stays the characters staff typed, so the workbook needs no apostrophe to be safe (the
CSV does, see ``csv_rows``).
"""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence

import xlsxwriter  # type: ignore[import-untyped]

from msmedesk.lists.rows import ListSheet

DATE_FORMAT = "d mmmm yyyy"  # as the list shows dates: 18 October 2024
MIN_WIDTH, MAX_WIDTH = 8, 60  # column widths in characters
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(title: str) -> str:
    """A worksheet name Excel accepts: no []:*?/\\ and at most 31 characters."""
    name = _SHEET_FORBIDDEN.sub(" ", title).strip().strip("'")[:31].strip()
    return name or "List"


def column_widths(header: Sequence[str], rows: Sequence[Sequence[object]]) -> list[int]:
    """Each column's width in characters: its longest cell, within MIN_WIDTH and MAX_WIDTH."""
    widths = [len(h) for h in header]
    for row in rows:
        for i, cell in enumerate(row):
            size = 17 if isinstance(cell, dt.date) else len(str(cell or ""))
            widths[i] = max(widths[i], size)
    return [min(max(w + 2, MIN_WIDTH), MAX_WIDTH) for w in widths]


def xlsx_bytes(sheet: ListSheet) -> bytes:
    """The bytes of an .xlsx file of the list: one worksheet named after the list."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "strings_to_numbers": False})
    book.set_properties({"title": sheet.title, "comments": sheet.search})
    bold = book.add_format({"bold": True})
    date = book.add_format({"num_format": DATE_FORMAT, "align": "left"})
    page = book.add_worksheet(sheet_name(sheet.title))
    for col, name in enumerate(sheet.header):
        page.write_string(0, col, name, bold)
    for r, row in enumerate(sheet.rows, start=1):
        for col, cell in enumerate(row):
            if cell is None or cell == "":
                continue
            if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime):
                page.write_datetime(r, col, dt.datetime(cell.year, cell.month, cell.day), date)
            elif isinstance(cell, int | float) and not isinstance(cell, bool):
                page.write_number(r, col, cell)
            else:
                page.write_string(r, col, str(cell))
    for col, width in enumerate(column_widths(sheet.header, sheet.rows)):
        page.set_column(col, col, width)
    page.freeze_panes(1, 0)
    if sheet.header:
        page.autofilter(0, 0, len(sheet.rows), len(sheet.header) - 1)
    page.set_paper(9)  # A4
    page.repeat_rows(0)
    book.close()
    return out.getvalue()
