"""The year-end checklist in the window: the gaps with their records, a double click that
opens the record's form, the list that follows a save, and the export that offers it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QTreeWidgetItem

from msmedesk.db.engine import open_data_file
from msmedesk.records import Services

from msmedesk.ui.checklist import ChecklistDialog
from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.report_actions import ReportActions
from msmedesk.ui.report_dialog import ReportChoice

from .helpers import Answers, fill_with

OCTOBER = "Open-ended meeting of 18 October 2024"


def _without_october_summary(sample_file: Path) -> int:
    """Take the 18 October meeting's summary document away; its id."""
    services = Services(open_data_file(sample_file))
    try:
        meeting = next(m for m in services.year_records(2024).meetings
                       if m.date == date(2024, 10, 18))
        services.meetings.update(replace(meeting, summary_document=None))
        assert meeting.id is not None
        return meeting.id
    finally:
        services.close()


def _actions(window: MainWindow) -> ReportActions:
    window._install_report_menu()
    actions = window.report_menu.findChild(ReportActions)
    assert actions is not None
    return actions


def _rows(dialog: ChecklistDialog) -> list[QTreeWidgetItem]:
    items = [dialog.list.topLevelItem(i) for i in range(dialog.list.topLevelItemCount())]
    return [item for item in items if item is not None]


def _double_click(qtbot: Any, dialog: ChecklistDialog, item: QTreeWidgetItem) -> None:
    view = dialog.list
    view.scrollToItem(item)
    where = view.visualItemRect(item).center()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=where)


def test_the_checklist_lists_gaps_and_a_double_click_opens_the_form(
        qtbot: Any, open_window: Any, sample_file: Path, answers: Answers) -> None:
    """The October meeting's missing summary document is a line naming that meeting; a
    double click opens that meeting's form; once saved, the line is gone."""
    meeting_id = _without_october_summary(sample_file)
    window = open_window(sample_file)
    actions = _actions(window)
    report = actions.build(2024)
    assert report is not None
    dialog = actions.checklist_dialog(2024, report)
    qtbot.addWidget(dialog)
    dialog.show()
    rows = _rows(dialog)
    texts = [(r.text(0), r.text(1)) for r in rows]
    assert (OCTOBER, "summary document: not recorded") in texts
    assert ("Report header", "Document symbol of the report not given") in texts
    last_year = len(actions.build(2023).gaps)  # type: ignore[union-attr]
    assert dialog.count.text().startswith(f"{len(rows)} gaps in the draft (2023: {last_year})")

    answers.fill = fill_with({"summary_document": "INF/MSME/R/45"})
    _double_click(qtbot, dialog, next(r for r in rows if r.text(0) == OCTOBER))
    assert len(answers.dialogs) == 1
    form = answers.dialogs[0]
    assert form.kind == "meetings" and form.record.id == meeting_id
    # Saved: the draft is built again and the line is gone.
    assert OCTOBER not in [r.text(0) for r in _rows(dialog)]
    assert len(_rows(dialog)) == len(rows) - 1
    assert window.current_tab() is window.record_tabs["meetings"]


def test_a_cancelled_form_leaves_the_list_as_it_was(
        qtbot: Any, open_window: Any, sample_file: Path, answers: Answers) -> None:
    """Nothing saved: the line stays."""
    _without_october_summary(sample_file)
    window = open_window(sample_file)
    actions = _actions(window)
    dialog = actions.checklist_dialog(2024, actions.build(2024))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    dialog.show()
    answers.fill = lambda form: form.reject()
    item = next(r for r in _rows(dialog) if r.text(0) == OCTOBER)
    assert dialog.open_item(item) is False
    assert OCTOBER in [r.text(0) for r in _rows(dialog)]


def test_a_list_wide_gap_opens_a_new_record_of_that_list(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """2023 has no open-ended meeting: its line opens a new meeting's form."""
    actions = _actions(window)
    dialog = actions.checklist_dialog(2023, actions.build(2023))  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    seen: list[Any] = []
    answers.fill = lambda form: (seen.append(form), form.reject())
    item = next(r for r in _rows(dialog) if r.text(0) == "Meetings")
    dialog.open_item(item)
    assert len(seen) == 1 and seen[0].kind == "meetings" and seen[0].record is None


def test_the_export_offers_the_checklist_before_writing(
        qtbot: Any, window: MainWindow, tmp_path: Path) -> None:
    """A draft with gaps: "cancel" writes nothing; the checklist's Export anyway writes."""
    actions = _actions(window)
    out = tmp_path / "r.md"
    asked: list[str] = []
    actions.choose_report = lambda title: ReportChoice(2024)  # type: ignore[method-assign]
    actions.choose_path = lambda fmt, year: out  # type: ignore[method-assign]
    actions.ask_open_folder = lambda *a, **k: False  # type: ignore[method-assign]
    actions.ask_gaps = lambda c: (asked.append(c.count_line()), "cancel")[1]  # type: ignore
    assert actions.export("md") is None
    assert not out.exists() and asked and asked[0].startswith("2 gaps in the draft")

    shown: list[ChecklistDialog] = []

    def export_anyway(dialog: ChecklistDialog) -> int:
        shown.append(dialog)
        return QDialog.DialogCode.Accepted.value

    actions.ask_gaps = lambda c: "checklist"  # type: ignore[method-assign]
    actions.run_checklist = export_anyway  # type: ignore[method-assign]
    assert actions.export("md") == out
    assert out.exists() and len(shown) == 1 and shown[0].export_button is not None


def test_the_report_menu_has_the_checklist(window: MainWindow) -> None:
    """Report > Year-end checklist… is there."""
    window._install_report_menu()
    names = [a.objectName() for a in window.report_menu.actions()]
    assert "report-checklist" in names
