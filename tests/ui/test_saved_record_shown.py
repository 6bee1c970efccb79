"""A record just added or edited is selected and in view; a refused delete is refused first."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import RecordTab

from .helpers import Answers, fill_with


def in_view(tab: RecordTab, record_id: int) -> bool:
    """Whether the record's row is selected and on screen in the list."""
    if tab.selected_id() != record_id:
        return False
    row = tab.table.selectionModel().selectedRows()[0]
    return tab.table.viewport().rect().intersects(tab.table.visualRect(row))


def test_a_record_added_beyond_the_first_page_is_selected_and_shown(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """Members sorted by name: a new Member at the end of a long list is selected and the
    list scrolls to it."""
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab("members")
    assert tab.model.rowCount() > 64  # more than one page of rows
    answers.fill = fill_with({"name": "Zzyzx"}, keep=False)
    saved = tab.new_record()
    assert saved is not None
    assert tab.model.record_id(tab.model.rowCount() - 1) == saved.id
    assert in_view(tab, saved.id)
    assert "Zzyzx" in tab.details.toPlainText()


def test_a_record_edited_to_elsewhere_in_the_order_is_followed(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """Renamed so that it sorts last, the record stays selected, at its new place."""
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab("members")
    tab.model.set_filter(text="Canada")
    tab.select_row(0)
    record_id = tab.selected_id()
    tab.model.set_filter(text="")
    assert tab.select_id(record_id)
    answers.fill = fill_with({"name": "Zzz Canada"})
    assert tab.edit_selected() is not None
    assert tab.model.record_id(tab.model.rowCount() - 1) == record_id
    assert in_view(tab, record_id)


def test_a_record_hidden_by_the_search_is_said_so_and_the_search_kept(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """Added while a search shows other records: the status bar says the search hides it,
    and the search stays as the user typed it."""
    tab = window.show_tab("members")
    qtbot.keyClicks(tab.search, "Canada")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1, timeout=3000)  # the search applies
    answers.fill = fill_with({"name": "Atlantis"}, keep=False)
    saved = tab.new_record()
    assert saved is not None
    assert tab.search.text() == "Canada" and tab.model.query.text == "Canada"
    assert tab.selected_id() != saved.id
    assert window.status_label.text() == (
        'Added the Member "Atlantis"; it is hidden by the search')


def test_a_delete_that_would_be_refused_is_refused_before_any_question(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """A Member named in proposals: Delete says why it cannot be deleted, and never asks
    "Delete …?" first; the Member stays."""
    tab = window.show_tab("members")
    tab.model.set_filter(text="United States of America")
    tab.select_row(0)
    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert answers.asked == []
    assert answers.errors and "cannot be deleted" in answers.errors[-1]
    assert "proposal" in answers.errors[-1]
    assert tab.model.rowCount() == 1
    assert not window.history.stack.canUndo()
