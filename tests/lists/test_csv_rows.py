"""The CSV a list leaves the program as: Excel's dialect, a BOM in files, formulas made harmless."""

from __future__ import annotations

import csv
import datetime as dt
import io

from msmedesk.lists.csv_rows import csv_bytes, csv_text


def test_rows_end_in_crlf_and_quote_commas_and_quotes():
    text = csv_text(["Title", "Note"], [["Trade, MSMEs", 'said "yes"'], ["plain", None]])
    assert text.split("\r\n") == [
        "Title,Note",
        '"Trade, MSMEs","said ""yes"""',
        "plain,",
        "",
    ]


def test_text_has_no_bom_but_the_file_bytes_start_with_one_and_keep_accents():
    header, rows = ["Member"], [["Côte d'Ivoire"], ["Türkiye"]]
    assert not csv_text(header, rows).startswith("\ufeff")
    data = csv_bytes(header, rows)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data[3:].decode("utf-8") == "Member\r\nCôte d'Ivoire\r\nTürkiye\r\n"


def test_formula_leading_cells_get_an_apostrophe():
    rows = [["=HYPERLINK(\"x\")", "+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "a=b", "ok"]]
    read = next(csv.reader(io.StringIO(csv_text(["h"] * 8, rows).split("\r\n", 1)[1])))
    assert read == ["'=HYPERLINK(\"x\")", "'+1", "'-2+3", "'@SUM(A1)", "'\tx", "'\rx", "a=b", "ok"]


def test_header_cells_are_neutralised_too():
    assert csv_text(["=A1"], []) == "'=A1\r\n"


def test_dates_are_iso_and_numbers_stay_numbers():
    text = csv_text(["Date", "Count"], [[dt.date(2024, 10, 18), -3]])
    assert text == "Date,Count\r\n2024-10-18,-3\r\n"
