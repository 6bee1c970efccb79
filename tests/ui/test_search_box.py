"""Every tab's search box reads the search language: a mistake shown under the box with
its place while the list keeps its rows, what it understood shown quietly, field names
completed as they are typed."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt

from msmedesk.search.query import SearchError

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import RecordTab
from msmedesk.ui.search_box import error_html

from .helpers import show_active


def names(tab: RecordTab) -> list[str]:
    """The first column of every row."""
    model = tab.model
    return [model.data(model.index(r, 0)) for r in range(model.rowCount())]


def type_and_wait(qtbot: Any, tab: RecordTab, text: str) -> None:
    """Type at the end of the box and wait for the search to be applied."""
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, text)
    qtbot.waitUntil(lambda: not tab._search_timer.isActive(), timeout=3000)


def test_unknown_field_shows_the_sentence_and_keeps_the_rows(qtbot: Any,
                                                             window: MainWindow) -> None:
    """"colour:red" names the unknown field with a caret at its place; the list keeps the
    members it showed; once the text reads again the message goes."""
    show_active(qtbot, window)
    tab = window.show_tab("members")
    type_and_wait(qtbot, tab, "Mex")
    assert names(tab) == ["Mexico"]
    good = tab.model.query

    type_and_wait(qtbot, tab, " colour:red")
    note = tab.search.note.text()
    assert tab.search.error is not None
    assert "colour" in tab.search.error.message
    assert "▲" in note and "colour" in note
    assert names(tab) == ["Mexico"]
    assert tab.model.query == good  # the list was not asked again
    assert "Showing 1 of 76" in window.status_label.text()

    for _ in " colour:red":
        qtbot.keyClick(tab.search, Qt.Key.Key_Backspace)
    qtbot.waitUntil(lambda: tab.search.error is None, timeout=3000)
    assert "▲" not in tab.search.note.text()
    assert tab.search.note.text()  # what it understood, quietly
    assert names(tab) == ["Mexico"]


def test_a_mistake_in_the_year_filter_tab_does_not_reach_the_list(qtbot: Any,
                                                                    window: MainWindow) -> None:
    """An unclosed quote in the Meetings box: the four meetings stay listed."""
    show_active(qtbot, window)
    tab = window.show_tab("meetings")
    before = names(tab)
    type_and_wait(qtbot, tab, '"trade policy')
    assert tab.search.error is not None
    assert names(tab) == before


def test_completion_offers_member(qtbot: Any, window: MainWindow) -> None:
    """Typing "mem" after a word offers "member"; Enter inserts "member:" in place of
    the word, the rest of the text kept."""
    show_active(qtbot, window)
    tab = window.show_tab("proposals")
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, "regulatory mem")
    completer = tab.search._completer
    qtbot.waitUntil(lambda: tab.search.completer_popup_visible, timeout=3000)
    offered = [completer.completionModel().index(r, 0).data()
               for r in range(completer.completionCount())]
    assert "member" in offered
    popup = completer.popup()
    popup.setCurrentIndex(completer.completionModel().index(offered.index("member"), 0))
    qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert tab.search.text() == "regulatory member:"
    assert not tab.search.completer_popup_visible


def test_no_completion_inside_quotes_or_after_a_colon(qtbot: Any, window: MainWindow) -> None:
    """A quoted phrase or a field's value is not taken for a field name."""
    show_active(qtbot, window)
    tab = window.show_tab("proposals")
    tab.search.setFocus()
    qtbot.keyClicks(tab.search, '"mem')
    assert not tab.search.completer_popup_visible
    tab.search.clear()
    qtbot.keyClicks(tab.search, "proponent:mem")
    assert not tab.search.completer_popup_visible


def test_error_html_puts_the_caret_at_the_place() -> None:
    """The caret stands where the mistake is, the text around it kept as typed."""
    text = "Mexico colour:red"
    shown = error_html(text, SearchError("There is no field named “colour”.", 7))
    assert "Mexico <b>▲</b>colour:red" in shown
    assert shown.startswith("There is no field named “colour”.")
