"""The details panel shows the record of the row the user clicked, on every tab."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import RecordTab

from .helpers import show_active

TABS = ["meetings", "members", "proposals", "outreach", "package", "organizations",
        "documents"]


def click_row(qtbot: Any, tab: RecordTab, row: int) -> None:
    """A real left click on the middle of the row's first cell, as a person makes it."""
    index = tab.model.index(row, 0)
    tab.table.scrollTo(index)
    rect = tab.table.visualRect(index)
    assert rect.isValid() and tab.table.viewport().rect().contains(rect.center())
    QTest.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.NoModifier, rect.center())


def heading_of(tab: RecordTab, row: int) -> str:
    """The heading the details panel shows for the record on ``row``."""
    record = tab.service.get(tab.model.record_id(row))
    links = tab.service.links(record.id) if tab.kind.has_links else ()
    return tab.kind.detail(record, links).heading


@pytest.mark.parametrize("name", TABS)
def test_a_click_shows_the_clicked_record(qtbot: Any, window: MainWindow, name: str) -> None:
    """Each click on a row puts that row's record in the details panel, not the one before."""
    show_active(qtbot, window)
    tab = window.show_tab(name)
    assert tab.model.rowCount() >= 3
    headings = [heading_of(tab, r) for r in (0, 1, 2)]
    assert len(set(headings)) == 3, headings  # rows told apart by their headings
    # Painted: the first record is in the panel (it waits for the list's first paint).
    qtbot.waitUntil(lambda: tab.details.toPlainText().startswith(headings[0]), timeout=3000)
    for row in (2, 0, 1):
        click_row(qtbot, tab, row)
        assert tab.selected_id() == tab.model.record_id(row)
        assert tab.details.toPlainText().startswith(headings[row]), (row, headings)
