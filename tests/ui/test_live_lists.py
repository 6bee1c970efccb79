"""Another desk's change shows in this window's lists, details and open forms, and never
moves the view or touches what is typed in a form.

The other desk is a second ``Services`` on the same file; what a server's listener would
hand the window is handed by ``FakeOthers`` (the listener itself: tests/live).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, QSettings

from msmedesk import app as desk
from msmedesk.db.engine import open_data_file
from msmedesk.history import Change
from msmedesk.records import Services

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import RecordTab

from .helpers import Answers, show_active


class FakeOthers:
    """Stands for the server's listener: hands the window the changes the test makes."""

    def __init__(self) -> None:
        self.watchers: list[Callable[[Change], None]] = []

    def watch(self, watcher: Callable[[Change], None]) -> None:
        self.watchers.append(watcher)

    def tell(self, kind: str, record_id: int, action: str = "changed",
             before: dict[str, Any] | None = None, after: dict[str, Any] | None = None,
             label: str = "") -> None:
        change = Change(id=1, at=datetime.now(UTC), author="ana on DESK-3", action=action,
                        kind=kind, record_id=record_id, label=label, before=before,
                        after=after, version=2)
        for watcher in self.watchers:
            watcher(change)


@pytest.fixture
def others() -> FakeOthers:
    return FakeOthers()


@pytest.fixture
def live_window(qtbot: Any, settings: QSettings, answers: Answers, sample_file: Path,
                others: FakeOthers) -> Any:
    backend = desk.connect(sample_file)
    backend.watch_others = others.watch
    window = MainWindow(backend, desk.connect, settings, answers)
    qtbot.addWidget(window)
    window.resize(1200, 600)
    show_active(qtbot, window)
    yield window
    window.backend.close()


@pytest.fixture
def other_desk(sample_file: Path) -> Any:
    services = Services(open_data_file(sample_file))
    yield services
    services.close()


def _shown(qtbot: Any, window: MainWindow, others: FakeOthers) -> None:
    """Wait until the window has taken the change in (it gathers them for a moment)."""
    qtbot.waitUntil(lambda: not getattr(window, "_others", []) and
                    not (window._others_timer and window._others_timer.isActive()),
                    timeout=3000)


def notice_text(dialog: Any) -> str:
    """The words of the form's "Changed on another desk" notice ("" when none shows)."""
    from PySide6.QtWidgets import QLabel, QWidget

    for widget in dialog.findChildren(QWidget):
        if widget.accessibleName() == "Changed on another desk" and widget.isVisible():
            return " ".join(label.text() for label in widget.findChildren(QLabel))
    return ""


def _top_id(tab: RecordTab) -> int | None:
    return tab.model.record_id(tab.table.rowAt(0))


def _selected_ids(tab: RecordTab) -> set[int | None]:
    return {tab.model.record_id(i.row()) for i in tab.table.selectionModel().selectedRows()}


def test_a_record_added_above_moves_neither_selection_nor_view(
        qtbot: Any, live_window: MainWindow, others: FakeOthers, other_desk: Services) -> None:
    tab = live_window.show_tab("members")
    qtbot.waitUntil(lambda: tab.model.rowCount() > 60, timeout=3000)
    tab.table.verticalScrollBar().setValue(30)  # reading further down the list
    tab.select_row(40)
    tab.table.selectionModel().select(tab.model.index(42, 0),
                                      QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)
    top, current, selected = _top_id(tab), tab.selected_id(), _selected_ids(tab)
    count = tab.model.rowCount()
    # The other desk adds a Member sorted first: every row below moves down by one.
    first = other_desk.members.get(tab.model.record_id(0))
    added = other_desk.members.create(replace(first, id=None, name="Aaaland", list_name="",
                                              sort_name="", prose_name=""))
    others.tell("members", added.id, "created", after={"name": "Aaaland"}, label="Aaaland")
    _shown(qtbot, live_window, others)
    assert tab.model.rowCount() == count + 1  # the new Member is in the list
    assert tab.model.record_id(0) == added.id
    assert tab.selected_id() == current  # the same record, now one row lower
    assert _selected_ids(tab) == selected
    assert _top_id(tab) == top  # the view shows what it showed
    assert "Aaaland" in live_window.statusBar().currentMessage()
    assert "another desk" in live_window.statusBar().currentMessage()


def test_the_selected_record_changed_elsewhere_shows_in_the_details(
        qtbot: Any, live_window: MainWindow, others: FakeOthers, other_desk: Services) -> None:
    tab = live_window.show_tab("members")
    tab.select_row(5)
    record_id = tab.selected_id()
    assert record_id is not None
    member = other_desk.members.get(record_id)
    other_desk.members.update(replace(member, notes="Joined the webinar series."))
    others.tell("members", record_id, before={"notes": member.notes},
                after={"notes": "Joined the webinar series."})
    _shown(qtbot, live_window, others)
    assert tab.selected_id() == record_id
    assert "Joined the webinar series." in tab.details.toPlainText()


def test_the_selected_record_deleted_elsewhere_leaves_the_selection_in_its_place(
        qtbot: Any, live_window: MainWindow, others: FakeOthers, other_desk: Services) -> None:
    tab = live_window.show_tab("organizations")
    tab.select_row(3)
    gone, next_id = tab.selected_id(), tab.model.record_id(4)
    assert gone is not None
    other_desk.organizations.delete(gone)
    others.tell("organizations", gone, "deleted", label="gone")
    _shown(qtbot, live_window, others)
    assert tab.model.row_of(gone) is None
    assert tab.selected_id() == next_id  # the row that took its place, not the first row


def test_an_open_form_keeps_its_typing_and_says_changed_on_another_desk(
        qtbot: Any, live_window: MainWindow, others: FakeOthers, other_desk: Services,
        answers: Answers) -> None:
    tab = live_window.show_tab("members")
    tab.select_row(2)
    record_id = tab.selected_id()
    assert record_id is not None
    member = other_desk.members.get(record_id)
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        dialog.show()
        dialog.set_values({**dialog.values(), "notes": "typed here"})
        other_desk.members.update(replace(member, notes="typed there"))
        others.tell("members", record_id, before={"notes": member.notes},
                    after={"notes": "typed there"})
        _shown(qtbot, live_window, others)
        seen["text"] = notice_text(dialog)
        seen["notes"] = dialog.values()["notes"]
        dialog.reject()

    answers.fill = fill
    tab.edit_selected()
    assert "Changed on another desk" in seen["text"]
    assert "ana on DESK-3 changed this Member" in seen["text"]
    assert "notes" in seen["text"]
    assert seen["notes"] == "typed here"  # the form was not changed


def test_a_form_of_another_record_is_left_alone(
        qtbot: Any, live_window: MainWindow, others: FakeOthers, other_desk: Services,
        answers: Answers) -> None:
    tab = live_window.show_tab("members")
    tab.select_row(2)
    other_id = tab.model.record_id(3)
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        dialog.show()
        others.tell("members", other_id)
        _shown(qtbot, live_window, others)
        seen["notice"] = notice_text(dialog)
        dialog.reject()

    answers.fill = fill
    tab.edit_selected()
    assert seen["notice"] == ""


def test_a_change_while_the_empty_page_shows_brings_the_records(
        qtbot: Any, settings: QSettings, answers: Answers, data_file: Path,
        others: FakeOthers) -> None:
    backend = desk.connect(data_file)
    backend.watch_others = others.watch
    window = MainWindow(backend, desk.connect, settings, answers)
    qtbot.addWidget(window)
    try:
        assert window.is_showing_empty_state()
        other = Services(open_data_file(data_file))
        try:
            from msmedesk import archive

            archive.import_archive(other, archive.sample_path())
        finally:
            other.close()
        others.tell("meetings", 1, "imported")
        _shown(qtbot, window, others)
        assert not window.is_showing_empty_state()
        assert window.current_tab() is not None and window.current_tab().model.rowCount() > 0
    finally:
        window.backend.close()


def test_changes_of_a_window_left_behind_are_ignored(
        qtbot: Any, live_window: MainWindow, others: FakeOthers) -> None:
    tab = live_window.show_tab("members")
    old = live_window.backend
    live_window.backend = replace(old)  # (as after File > Open: another backend)
    try:
        tab.stale = False
        others.tell("members", 1)
        qtbot.wait(300)
        assert not tab.stale
        assert "another desk" not in live_window.statusBar().currentMessage()
    finally:
        live_window.backend = old
    others.tell("members", 1)  # the backend the window shows: heard
    _shown(qtbot, live_window, others)
    assert "another desk" in live_window.statusBar().currentMessage()


def test_a_form_with_its_own_reload_offer_is_handed_the_change(
        qtbot: Any, live_window: MainWindow, others: FakeOthers, answers: Answers) -> None:
    tab = live_window.show_tab("members")
    tab.select_row(2)
    record_id = tab.selected_id()
    assert record_id is not None
    offered: list[tuple[str, int]] = []

    def fill(dialog: Any) -> None:
        dialog.show()
        dialog.changed_elsewhere = lambda message, found: offered.append((message, found))
        others.tell("members", record_id, before={"notes": ""}, after={"notes": "x"})
        others.tell("members", record_id, "deleted")
        _shown(qtbot, live_window, others)
        dialog.reject()

    answers.fill = fill
    tab.edit_selected()
    assert [found for _message, found in offered] == [2, 0]  # the version now; 0: deleted
    assert offered[0][0].startswith("ana on DESK-3 changed this Member at ")
    assert "deleted this Member" in offered[1][0]
