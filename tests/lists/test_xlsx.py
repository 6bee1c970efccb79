"""The Excel workbook of a list, read back through LibreOffice as a person's spreadsheet would."""

from __future__ import annotations

import csv
import datetime as dt
import os
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from msmedesk.lists.rows import ListSheet
from msmedesk.lists.xlsx import sheet_name, xlsx_bytes

SHEET = ListSheet(
    title="Meetings", search="Search: mexico · Year: 2024",
    header=("Date", "Kind", "Summary", "Count"),
    rows=((dt.date(2024, 10, 18), "Open-ended meeting", "=1+1", -3),
          (dt.date(2024, 3, 19), "Thematic session", "Côte d'Ivoire, \"MSMEs\"", None),
          (None, "@SUM(A1)", "a much longer summary of what was said " * 4, 7)))


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is missing: tools/setup installs "
                        "libreoffice-calc-nogui, and CI must run this test")
        pytest.skip("LibreOffice (soffice) is not installed here (tools/setup installs it)")
    return found


def _converted(tmp_path: Path, as_shown: bool) -> list[list[str]]:
    """The workbook as LibreOffice reads it, saved as UTF-8 CSV (cells as shown or raw)."""
    book = tmp_path / "list.xlsx"
    book.write_bytes(xlsx_bytes(SHEET))
    out = tmp_path / ("shown" if as_shown else "raw")
    options = f"44,34,76,1,,0,false,true,{'true' if as_shown else 'false'}"
    subprocess.run([_soffice(), f"-env:UserInstallation=file://{tmp_path / 'profile'}",
                    "--headless", "--convert-to", f"csv:Text - txt - csv (StarCalc):{options}",
                    "--outdir", str(out), str(book)],
                   check=True, capture_output=True, timeout=180)
    with open(out / "list.csv", encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def test_libreoffice_reads_the_rows_with_dates_shown_as_the_list_shows_them(tmp_path):
    rows = _converted(tmp_path, as_shown=True)
    assert rows == [
        ["Date", "Kind", "Summary", "Count"],
        ["18 October 2024", "Open-ended meeting", "=1+1", "-3"],
        ["19 March 2024", "Thematic session", "Côte d'Ivoire, \"MSMEs\"", ""],
        ["", "@SUM(A1)", "a much longer summary of what was said " * 4, "7"],
    ]


def test_dates_are_real_dates_and_text_is_never_a_formula(tmp_path):
    rows = _converted(tmp_path, as_shown=False)
    # Unformatted, a date cell is LibreOffice's date value, which text would not become.
    assert rows[1][0] == "10/18/2024" and rows[2][0] == "03/19/2024"
    assert rows[1][2] == "=1+1"  # a formula would have been worked out to 2
    assert rows[1][3] == "-3"


def test_header_is_bold_frozen_and_columns_fit_their_content():
    with zipfile.ZipFile(__import__("io").BytesIO(xlsx_bytes(SHEET))) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
        styles = book.read("xl/styles.xml").decode()
        workbook = book.read("xl/workbook.xml").decode()
    assert re.search(r'<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
                     r'state="frozen"/>', sheet)
    assert '<sheet name="Meetings"' in workbook
    header_style = re.search(r'<c r="A1" s="(\d+)" t="s"/?>', sheet)
    assert header_style is not None
    fonts = re.findall(r"<font>.*?</font>", re.search(r"<fonts.*?</fonts>", styles, re.S)
                       .group(0), re.S)
    cell_xfs = re.findall(r"<xf [^>]*>", re.search(r"<cellXfs.*?</cellXfs>", styles, re.S)
                          .group(0))
    font_id = int(re.search(r'fontId="(\d+)"', cell_xfs[int(header_style.group(1))]).group(1))
    assert "<b/>" in fonts[font_id]
    widths = [float(w) for w in re.findall(r'<col min="\d+" max="\d+" width="([\d.]+)"', sheet)]
    assert len(widths) == 4
    assert widths[2] > widths[1] > widths[3]  # the long summary widest, the count narrowest
    assert widths[2] <= 61


def test_sheet_names_excel_would_refuse_are_made_acceptable():
    assert sheet_name("Package entries: 2024/25 [draft]") == "Package entries  2024 25  draft"
    assert len(sheet_name("x" * 50)) == 31
    assert sheet_name("???") == "List"
