"""Lists leave the program: Print list…, Export list…, Ctrl+C rows and Ctrl+Shift+C details."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest

from msmedesk.domain import ListQuery, long_date
from msmedesk.lists.rows import all_rows

from msmedesk.ui import list_output
from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import RecordTab

from .helpers import Answers, show_active


def _meetings(qtbot: Any, window: MainWindow) -> RecordTab:
    show_active(qtbot, window)
    tab = window.show_tab("meetings")
    assert tab.model.rowCount() >= 4
    qtbot.waitUntil(lambda: tab.year.findData(2024) >= 0, timeout=3000)  # after first paint
    return tab


def _select(tab: RecordTab, rows: list[int], current: int) -> None:
    model, selection = tab.model, tab.table.selectionModel()
    flags = QItemSelectionModel.SelectionFlag
    selection.clearSelection()
    for row in rows:
        selection.select(model.index(row, 0), flags.Select | flags.Rows)
    selection.setCurrentIndex(model.index(current, 0), flags.NoUpdate)


def _shown(tab: RecordTab, row: int) -> list[str]:
    return [tab.model.data(tab.model.index(row, c)) or "" for c in range(tab.model.columnCount())]


def test_ctrl_c_copies_the_selected_rows_as_a_table_with_headings(qtbot: Any,
                                                                  window: MainWindow) -> None:
    tab = _meetings(qtbot, window)
    tab.table.setFocus()
    # Shift+Down twice from the first row: three rows selected, as a person selects them.
    tab.select_row(0)
    QTest.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    QTest.keyClick(tab.table, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    assert len(tab.table.selectionModel().selectedRows()) == 3
    QGuiApplication.clipboard().clear()
    QTest.keyClick(tab.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    mime = QGuiApplication.clipboard().mimeData()
    lines = mime.text().split("\r\n")
    headings = [tab.model.headerData(c, Qt.Orientation.Horizontal)
                for c in range(tab.model.columnCount())]
    assert lines[0].split("\t") == headings
    assert [line.split("\t") for line in lines[1:4]] == [_shown(tab, r) for r in (0, 1, 2)]
    assert lines[4:] == [""]
    assert "<table" in mime.html() and f"<th align='left'>{headings[0]}</th>" in mime.html()
    # The details panel follows the current row (the last one moved to), not the first.
    assert tab.selected_id() == tab.model.record_id(2)


def test_details_follow_the_current_row_of_a_wider_selection(qtbot: Any,
                                                             window: MainWindow) -> None:
    tab = _meetings(qtbot, window)
    _select(tab, [0, 1, 2, 3], current=3)
    assert tab.selected_id() == tab.model.record_id(3)


def test_copy_skips_hidden_columns_and_follows_their_order_on_screen(qtbot: Any,
                                                                    window: MainWindow) -> None:
    tab = _meetings(qtbot, window)
    tab.table.setColumnHidden(1, True)
    tab.table.horizontalHeader().moveSection(2, 0)  # the third column dragged to the front
    _select(tab, [1], current=1)
    header, rows = list_output.selected_rows(tab.table)
    model_header = [tab.model.headerData(c, Qt.Orientation.Horizontal)
                    for c in range(tab.model.columnCount())]
    order = [2, 0, *range(3, tab.model.columnCount())]
    assert header == [model_header[c] for c in order]
    assert rows == [[_shown(tab, 1)[c] for c in order]]


def test_ctrl_shift_c_copies_the_details_panel_text(qtbot: Any, window: MainWindow) -> None:
    tab = _meetings(qtbot, window)
    tab.select_row(1)
    tab.table.setFocus()
    QGuiApplication.clipboard().clear()
    QTest.keyClick(tab.table, Qt.Key.Key_C,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    text = QGuiApplication.clipboard().text()
    assert text == tab.details.toPlainText()
    record = tab.service.get(tab.model.record_id(1))
    assert text.startswith(tab.kind.detail(record, ()).heading)


def test_every_matching_row_is_read_page_by_page_in_the_lists_order() -> None:
    ids = list(range(1, 12))
    asked: list[ListQuery] = []

    def read(query: ListQuery) -> list[Any]:
        asked.append(query)
        return ids[query.offset:query.offset + query.limit]

    query = ListQuery(text="thematic", year=2024, sort="date", descending=True, limit=64)
    assert list(all_rows(read, query, page=4)) == ids
    assert [q.offset for q in asked] == [0, 4, 8]
    assert {(q.text, q.year, q.sort, q.descending) for q in asked} == \
        {("thematic", 2024, "date", True)}


def test_the_sheet_is_the_whole_filtered_list_with_dates_as_dates(qtbot: Any,
                                                                  window: MainWindow) -> None:
    tab = _meetings(qtbot, window)
    tab.year.setCurrentIndex(tab.year.findData(2024))
    tab.table.setColumnHidden(4, True)  # the summary
    sheet = list_output.sheet_of(tab)
    count = tab.model.rowCount()
    assert len(sheet.rows) == count
    assert sheet.title == "Meetings" and sheet.search == "Year: 2024"
    assert sheet.header == tuple(tab.model.headerData(c, Qt.Orientation.Horizontal)
                                 for c in range(4))
    first = sheet.rows[0]
    assert isinstance(first[0], dt.date) and long_date(first[0]) == _shown(tab, 0)[0]
    assert list(first[1:]) == _shown(tab, 0)[1:4]


def _pdf_text(tmp_path: Path, dialog: Any) -> str:
    from PySide6.QtPrintSupport import QPrinter

    printer = list_output.a4_printer(5)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "list.pdf"))
    dialog.paintRequested.emit(printer)  # what the preview and its Print button do
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext (poppler-utils, installed by tools/setup) is needed")
    out = subprocess.run(["pdftotext", "-layout", str(tmp_path / "list.pdf"), "-"],
                         capture_output=True, text=True, check=True, timeout=60)
    return out.stdout


def test_print_list_shows_title_search_date_table_and_page_numbers(
        qtbot: Any, window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    tab = _meetings(qtbot, window)
    tab.year.setCurrentIndex(tab.year.findData(2024))
    tab.search.setText("thematic")
    tab._apply_search()
    shown = tab.model.rowCount()
    assert 0 < shown
    texts: list[str] = []
    answers.fill = lambda dialog: texts.append(_pdf_text(tmp_path, dialog))
    window.act_print_list.trigger()
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    assert isinstance(answers.dialogs[-1], QPrintPreviewDialog)
    text = texts[0]
    assert "Meetings" in text
    assert "Search: thematic · Year: 2024" in text
    assert f"Printed {long_date(dt.date.today())}" in text
    for heading in ("Date", "Kind"):
        assert heading in text
    assert _shown(tab, 0)[2] in text  # the convening notice's symbol
    assert text.rstrip().splitlines()[-1].strip() == "1"  # the page number at its foot


def test_export_list_writes_the_format_the_name_ends_in(qtbot: Any, window: MainWindow,
                                                        answers: Answers, tmp_path: Path) -> None:
    tab = _meetings(qtbot, window)
    answers.save_answer = tmp_path / "meetings.csv"
    window.act_export_list.trigger()
    data = (tmp_path / "meetings.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data[3:].decode("utf-8").split("\r\n")
    assert lines[0].startswith("Date,Kind,")
    assert len(lines) == tab.model.rowCount() + 2  # header, rows, the final line end
    answers.save_answer = tmp_path / "meetings.xlsx"
    window.act_export_list.trigger()
    assert (tmp_path / "meetings.xlsx").read_bytes()[:2] == b"PK"
    assert answers.errors == []


def test_export_list_never_writes_the_data_file_or_an_unknown_type(
        qtbot: Any, window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    _meetings(qtbot, window)
    data_file = window.backend.path
    before = data_file.read_bytes()
    answers.save_answer = data_file
    window.act_export_list.trigger()
    assert data_file.read_bytes() == before
    assert "Nothing was written" in answers.errors[-1]
    answers.save_answer = tmp_path / "meetings.txt"
    window.act_export_list.trigger()
    assert not (tmp_path / "meetings.txt").exists()
    assert answers.errors[-1].startswith("Nothing was written: the file name meetings.txt")


def test_an_exported_list_holds_the_whole_summaries_the_list_shortens(
        qtbot: Any, window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    """The list shows a meeting's summary cut short for the screen; the file gets it whole."""
    import csv
    import io

    tab = _meetings(qtbot, window)
    answers.save_answer = tmp_path / "meetings.csv"
    window.act_export_list.trigger()
    text = (tmp_path / "meetings.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == tab.model.rowCount()
    summaries = {tab.service.get(tab.model.record_id(i)).summary for i in range(len(rows))}
    assert {r["Summary"] for r in rows} == summaries
    assert any(len(s) > 200 for s in summaries)  # (what the list shows ends in "…")
    assert any(cell.endswith("…") for i in range(len(rows)) for cell in _shown(tab, i))
