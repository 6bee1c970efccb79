"""The WTO header of the draft: the document's symbol and date, and the lines around them.

WTO documents carry on their first page, at the right, the symbol, the date and
"Page: 1/N", then "Original: English"; later pages repeat the symbol and carry "- n -"
centred. The Secretariat assigns symbol and date late, so both may be absent: the draft
then shows a placeholder, which counts as a gap like any other.

Pure Python (no Qt, no python-docx): the window's dialog, the command line and the
renderers share these rules and texts.
"""

from __future__ import annotations

from msmedesk.dates import read_date
from msmedesk.domain import DocumentSymbol
from msmedesk.report.model import DATE_PLACEHOLDER, SYMBOL_PLACEHOLDER, Report, Text
from msmedesk.symbol_rules import Series

#: The series of the Group's annual reports since 2019 (INF/MSME/R/13/Rev.1 onwards).
ANNUAL_REPORT = Series("annual report", "INF/MSME/R/")
SYMBOL_EXAMPLE = "INF/MSME/R/47"
ORIGINAL = "Original: English"


class HeaderError(ValueError):
    """A symbol or date that cannot head the report; the message is one plain sentence."""


def read_symbol(text: str | None, field: str = "Symbol") -> str | None:
    """The symbol as it will print (stray spaces and a leading "_" dropped), None if empty.

    Raises :class:`HeaderError` naming ``field`` when the text is not a WTO symbol.
    """
    if text is None or not text.strip():
        return None
    if ";" in text:
        raise HeaderError(f'{field} "{text.strip()}" holds two symbols; give the report\'s '
                          f"own one only (e.g. {SYMBOL_EXAMPLE}).")
    try:
        return DocumentSymbol.parse(text).text
    except ValueError as exc:
        raise HeaderError(f"{field} {exc} (e.g. {SYMBOL_EXAMPLE}).") from None


def symbol_flag(symbol: str | None) -> str | None:
    """What is odd about a valid symbol (not INF/MSME/R/…), or None."""
    if symbol is None or ANNUAL_REPORT.fits(symbol):
        return None
    return f"{symbol} is not of the annual reports' series ({ANNUAL_REPORT.pattern})"


def read_report_date(text: str | None, field: str = "Date") -> str | None:
    """The date as the header prints it ("6 February 2025"), None if empty.

    Read as every date field of the program reads dates (day first); a whole date is
    needed. Raises :class:`HeaderError` naming ``field`` otherwise.
    """
    if text is None or not text.strip():
        return None
    reading = read_date(text)
    if not reading.ok or reading.date is None:
        raise HeaderError(f"{field}: {reading.problem}.")
    return reading.date.long()


def symbol_text(report: Report) -> Text:
    """The symbol, or the highlighted placeholder while it is unknown."""
    return Text(report.symbol) if report.symbol else Text(SYMBOL_PLACEHOLDER, "placeholder")


def date_text(report: Report) -> Text:
    """The date, or the highlighted placeholder while it is unknown."""
    return Text(report.date) if report.date else Text(DATE_PLACEHOLDER, "placeholder")


def header_gaps(symbol: str | None, date: str | None) -> tuple[str, ...]:
    """The placeholders the header will show: gaps to fill, as the body's are."""
    gaps = []
    if not symbol:
        gaps.append(SYMBOL_PLACEHOLDER)
    if not date:
        gaps.append(DATE_PLACEHOLDER)
    return tuple(gaps)


def first_page_count(total: int) -> str:
    """ "Page: 1/N", as the first page of a WTO document reads."""
    return f"Page: 1/{total}"


def later_page_number(number: int) -> str:
    """ "- n -", centred on every page after the first."""
    return f"- {number} -"
