"""The report dialog: year, symbol and date, checked as the program's other fields are."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from msmedesk.ui.report_dialog import ReportChoice, ReportDialog


def _dialog(qtbot: Any, **kwargs: Any) -> ReportDialog:
    dialog = ReportDialog(None, "Export the annual report as Word", 2024, **kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_empty_symbol_and_date_are_allowed(qtbot: Any) -> None:
    """Both may wait for the Secretariat: OK, and the draft gets placeholders."""
    dialog = _dialog(qtbot)
    assert dialog.ok_button().isEnabled()
    assert dialog.choice() == ReportChoice(2024, None, None)
    hints = [label.text() for label in dialog.findChildren(QLabel)]
    assert any("[INF/MSME/R/…] and [date], counted among its gaps" in h for h in hints)
    assert dialog.date.words_text() == "to be assigned: [date]"


def test_typed_symbol_and_date_head_the_report(qtbot: Any) -> None:
    """"INF/MSME/R/47" and "6/2/2025" give the symbol and "6 February 2025"."""
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.symbol, "INF/MSME/R/47")
    qtbot.keyClicks(dialog.date.line, "6/2/2025")
    assert dialog.symbol.status_text() == "✓ valid symbol"
    assert dialog.date.words_text() == "Thursday 6 February 2025"
    assert dialog.ok_button().isEnabled()
    assert dialog.choice() == ReportChoice(2024, "INF/MSME/R/47", "6 February 2025")
    qtbot.mouseClick(dialog.ok_button(), Qt.MouseButton.LeftButton)
    assert dialog.result() == 1


def test_a_bad_symbol_or_date_keeps_ok_off(qtbot: Any) -> None:
    """Not a symbol, or not a whole date: OK waits, and the line under the field says why."""
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.symbol, "INF MSME R 47")
    assert not dialog.ok_button().isEnabled()
    assert dialog.symbol.status_text().startswith("Not a WTO document symbol (no spaces)")
    dialog.symbol.clear()
    assert dialog.ok_button().isEnabled()
    qtbot.keyClicks(dialog.date.line, "February 2025")
    assert not dialog.ok_button().isEnabled()
    assert "needs the day" in dialog.date.words_text()
    dialog.date.line.clear()
    qtbot.keyClicks(dialog.date.line, "30/2/2025")
    assert not dialog.ok_button().isEnabled()


def test_a_symbol_of_another_series_is_flagged_not_refused(qtbot: Any) -> None:
    """JOB/GC/207 (the 2018 report's symbol) is allowed, with the series' flag."""
    dialog = _dialog(qtbot)
    qtbot.keyClicks(dialog.symbol, "JOB/GC/207")
    assert dialog.ok_button().isEnabled()
    assert dialog.symbol.status_text() == (
        "⚠ Not an annual report (those are INF/MSME/R/…)")


def test_the_last_answers_are_offered_again(qtbot: Any) -> None:
    """Given values fill the fields (the Report menu passes the last ones)."""
    dialog = _dialog(qtbot, symbol="INF/MSME/R/47", date="6 February 2025")
    assert dialog.symbol.text() == "INF/MSME/R/47"
    assert dialog.date.text() == "6 February 2025"
    assert dialog.choice() == ReportChoice(2024, "INF/MSME/R/47", "6 February 2025")
