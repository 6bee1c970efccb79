"""A list's rows as CSV the way Excel reads it: CRLF rows, UTF-8 with a BOM in files, safe cells.

`csv_text` gives the text WITHOUT the byte order mark (it is for stdout and for anything that
adds its own encoding); `csv_bytes` gives the bytes a .csv file holds: the UTF-8 BOM (so Excel
reads accents right) followed by the same text in UTF-8. Dates are written as ISO 8601
(2024-10-18): Excel and LibreOffice read that as a date in every locale, where "18 October 2024"
is read as a date only in English ones.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

# A cell starting with one of these is read by a spreadsheet as a formula (or, for tab and CR,
# can be turned into one on paste); OWASP's "CSV injection" advice: a leading apostrophe.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")

UTF8_BOM = "\ufeff"


def neutralised(text: str) -> str:
    """The text with an apostrophe put before a formula-leading first character."""
    return "'" + text if text.startswith(FORMULA_LEADS) else text


def cell_text(value: object) -> str:
    """One value as a CSV cell: None empty, dates ISO, numbers as they are, text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        # A number is a number: -5 is not a formula, and an apostrophe would make it text.
        return str(value)
    return neutralised(str(value))


def csv_text(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """The header and rows as CSV text (CRLF rows, no BOM: see `csv_bytes` for a file)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([cell_text(name) for name in header])
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
    return out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The bytes of a .csv file: the UTF-8 BOM, then `csv_text` in UTF-8."""
    return (UTF8_BOM + csv_text(header, rows)).encode("utf-8")
