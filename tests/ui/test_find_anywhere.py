"""Find anywhere (Ctrl+K): results grouped by type as you type; Enter goes to the record."""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from msmedesk.ui.find_dialog import FindDialog
from msmedesk.ui.main_window import MainWindow

from .helpers import show_active


def open_find(qtbot: Any, window: MainWindow) -> FindDialog:
    """Press Ctrl+K in the window and wait for Find anywhere to show."""
    show_active(qtbot, window)
    tab = window.current_tab()
    assert tab is not None
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.find_dialog is not None and window.find_dialog.isVisible(),
                    timeout=3000)
    dialog = window.find_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.box.hasFocus, timeout=3000)
    return dialog


def headers(dialog: FindDialog) -> list[str]:
    """The group headings shown ("Meetings (3)")."""
    tree = dialog.results
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def labels(dialog: FindDialog, group: int) -> list[str]:
    """The records' labels under one heading."""
    header = dialog.results.topLevelItem(group)
    return [header.child(i).text(0) for i in range(header.childCount())]


def test_typing_shows_results_grouped_by_type(qtbot: Any, window: MainWindow) -> None:
    """Typing "Canada" lists the records that mention it under a heading per type with
    its count, in tab order, the first result current."""
    dialog = open_find(qtbot, window)
    qtbot.keyClicks(dialog.box, "Canada")
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() > 1, timeout=3000)

    found = window.backend.services.find("Canada", limit=20)
    shown = headers(dialog)
    assert shown == [f"{g.noun_plural[:1].upper()}{g.noun_plural[1:]} ({g.total:,})"
                     for g in found.groups]
    assert all(re.fullmatch(r"[A-Z][\w ]+ \(\d+\)", h) for h in shown)
    # The member itself is among the Members, by the name the window shows.
    members = next(i for i, h in enumerate(shown) if h.startswith("Members"))
    assert "Canada" in labels(dialog, members)
    # The first result is current, ready for Enter.
    first = found.groups[0].hits[0]
    assert dialog.current_record() == (first.kind, first.record_id)
    assert "found" in dialog.summary.text()


def test_results_follow_the_typing(qtbot: Any, window: MainWindow) -> None:
    """More words narrow the results; clearing the box clears them."""
    dialog = open_find(qtbot, window)
    qtbot.keyClicks(dialog.box, "ITC")
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() > 0, timeout=3000)
    before = sum(int(re.search(r"\((\d+)\)", h).group(1)) for h in headers(dialog))
    qtbot.keyClicks(dialog.box, " Comoros")
    qtbot.waitUntil(lambda: headers(dialog) and sum(
        int(re.search(r"\((\d+)\)", h).group(1)) for h in headers(dialog)) < before,
        timeout=3000)
    dialog.box.clear()
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() == 0, timeout=3000)


def test_enter_goes_to_the_record_even_when_its_tab_hid_it(qtbot: Any,
                                                          window: MainWindow) -> None:
    """Enter on a result shows the Meetings tab with that meeting selected; the tab's
    search, which hid it, is cleared and the status bar says so."""
    meetings = window.show_tab("meetings")
    meetings.search.setText("Comoros")  # only the March meeting mentions Comoros
    meetings._apply_search()
    dialog = open_find(qtbot, window)
    qtbot.keyClicks(dialog.box, "kind:open-ended Canada")
    qtbot.waitUntil(lambda: dialog.current_record() is not None, timeout=3000)
    kind, record_id = dialog.current_record()  # type: ignore[misc]
    assert kind == "meetings"
    assert not meetings.select_id(record_id)  # hidden by the tab's search

    qtbot.keyClick(dialog.box, Qt.Key.Key_Down)
    assert dialog.focusWidget() is dialog.results
    qtbot.keyClick(dialog.results, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert window.current_tab() is meetings
    assert meetings.selected_id() == record_id
    assert meetings.search.text() == ""
    assert "the search was cleared" in window.status_label.text()
    index = meetings.table.selectionModel().selectedRows()[0]
    assert meetings.table.visualRect(index).intersects(meetings.table.viewport().rect())


def test_double_click_goes_to_a_member(qtbot: Any, window: MainWindow) -> None:
    """A double click on a member found shows it in the Members tab."""
    dialog = open_find(qtbot, window)
    qtbot.keyClicks(dialog.box, "Mexico")
    qtbot.waitUntil(lambda: any(h.startswith("Members") for h in headers(dialog)),
                    timeout=3000)
    group = next(i for i, h in enumerate(headers(dialog)) if h.startswith("Members"))
    item = dialog.results.topLevelItem(group).child(0)
    rect = dialog.results.visualItemRect(item)
    # A double click as the mouse makes it: a press and release, then the double click.
    qtbot.mouseClick(dialog.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(dialog.results.viewport(), Qt.MouseButton.LeftButton,
                      pos=rect.center())
    members = window.record_tabs["members"]
    qtbot.waitUntil(lambda: window.current_tab() is members, timeout=3000)
    assert members.selected_id() == item.data(0, Qt.ItemDataRole.UserRole)[1]
    assert "cleared" not in window.status_label.text()  # nothing hid it


def test_a_mistake_keeps_the_results(qtbot: Any, window: MainWindow) -> None:
    """An unclosed quote is named under the box; the results stay; Esc closes the window."""
    dialog = open_find(qtbot, window)
    qtbot.keyClicks(dialog.box, "Canada")
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() > 0, timeout=3000)
    shown = headers(dialog)
    qtbot.keyClicks(dialog.box, ' "Trade')
    qtbot.waitUntil(lambda: dialog.box.error is not None, timeout=3000)
    assert "▲" in dialog.box.note.text()
    assert headers(dialog) == shown
    qtbot.keyClick(dialog.box, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    QApplication.processEvents()
