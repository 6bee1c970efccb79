"""One list as it leaves the program: its title, the search that made it, columns and cells.

The window builds a ``ListSheet`` from a tab (the visible columns, every matching row); the
writers (CSV, Excel, the printed page, the clipboard) only read it. A cell is a ``date`` in a
date column (the Excel workbook keeps it a real date), an ``int`` in a number column and the
text the list shows everywhere else.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

from msmedesk.domain import ListQuery, Row, long_date

# Rows are read from the service this many at a time (a list of 100,000 rows is never held
# twice: the service's pages are turned into cells one page at a time).
READ_PAGE = 1000


@dataclass(frozen=True)
class ListSheet:
    """A list's title ("Meetings"), the search line that made it, headings and cells."""

    title: str
    search: str
    header: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]

    def shown_rows(self) -> list[list[str]]:
        """The cells as the list shows them ("18 October 2024"), for print and the clipboard."""
        return [[shown(cell) for cell in row] for row in self.rows]


def shown(cell: object) -> str:
    """A cell as the list shows it: dates in WTO style, None blank."""
    if cell is None:
        return ""
    if isinstance(cell, dt.date) and not isinstance(cell, dt.datetime):
        return long_date(cell)
    return str(cell)


def search_line(text: str, year: int | None, by_year: bool = True) -> str:
    """What made the list, in one line: "Search: member:Mexico · Year: 2024"."""
    parts = []
    if text.strip():
        parts.append(f"Search: {text.strip()}")
    if by_year:
        parts.append(f"Year: {year}" if year is not None else "Year: all years")
    return " · ".join(parts) if parts else "All records"


def all_rows(read: Callable[[ListQuery], Sequence[Row]], query: ListQuery,
             page: int = READ_PAGE) -> Iterator[Row]:
    """Every row the query matches, in its order, read from ``read`` a page at a time."""
    offset = 0
    while True:
        rows = read(replace(query, offset=offset, limit=page, matches=None))
        yield from rows
        if len(rows) < page:
            return
        offset += page
