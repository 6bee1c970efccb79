"""Two desks on one data file: a stale save offers Reload or Keep editing, a delete of a
record changed elsewhere asks again, undo never overwrites another desk's change, and the
history shows in the details panel and in Edit > Recent changes (with Bring back)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from msmedesk.db.engine import open_data_file
from msmedesk.domain import Member
from msmedesk.records import Services

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import RecordTab

from .helpers import Answers

OTHER = "ana on DESK-3"


@pytest.fixture
def other_desk(sample_file: Path) -> Iterator[Services]:
    """A second desk on the same data file, its changes made by Ana."""
    desk = Services(open_data_file(sample_file), author=OTHER)
    try:
        yield desk
    finally:
        desk.close()


def member_tab(window: MainWindow, name: str) -> tuple[RecordTab, int]:
    """The Members tab with the Member ``name`` selected, and its id."""
    tab = window.show_tab("members")
    tab.model.set_filter(text=f'"{name}"')
    tab.select_row(0)
    record_id = tab.selected_id()
    assert record_id is not None
    return tab, record_id


def other_changes_notes(desk: Services, record_id: int, notes: str) -> None:
    """Ana changes a Member's notes on her desk."""
    member = desk.members.get(record_id)
    desk.members.update(replace(member, notes=notes))


def test_a_stale_save_offers_reload_with_the_typing_kept_beside(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """Ana changed the notes while the form was open: OK is refused, naming her; Reload
    shows her notes in the form and keeps the user's beside them; Use mine puts them back
    and the next OK saves them at the newer version."""
    tab, record_id = member_tab(window, "Canada")
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        other_changes_notes(other_desk, record_id, "Ana's notes")
        dialog.fields["notes"].write("My notes")  # typed (set_values would be opening)
        dialog.accept()
        panel = dialog._stale_panel
        seen["refused"] = (dialog.saved, panel.isVisibleTo(dialog), panel.message.text())
        panel.reload_button.click()
        seen["reloaded"] = dialog.values()["notes"]
        yours = [panel.yours_grid.itemAt(i).widget() for i in range(panel.yours_grid.count())]
        seen["yours"] = [w.text() for w in yours if hasattr(w, "text")]
        yours[2].click()  # Use mine (Notes)
        dialog.accept()

    answers.fill = fill
    saved = tab.edit_selected()
    saved_then, visible, message = seen["refused"]
    assert saved_then is None and visible
    assert OTHER in message and "today: notes." in message
    assert seen["reloaded"] == "Ana's notes"
    assert seen["yours"][:2] == ["Notes, yours:", "My notes"]
    assert saved is not None and saved.notes == "My notes"
    assert other_desk.members.get(record_id).notes == "My notes"


def test_keep_editing_saves_over_the_other_change_knowingly(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """Keep editing leaves the form as typed; the next OK stores it over Ana's change."""
    tab, record_id = member_tab(window, "Canada")

    def fill(dialog: Any) -> None:
        other_changes_notes(other_desk, record_id, "Ana's notes")
        dialog.fields["notes"].write("My notes")  # typed (set_values would be opening)
        dialog.accept()
        assert dialog.saved is None
        dialog._stale_panel.keep_button.click()
        assert dialog.values()["notes"] == "My notes"
        dialog.accept()

    answers.fill = fill
    assert tab.edit_selected() is not None
    assert other_desk.members.get(record_id).notes == "My notes"
    latest = other_desk.history.of("members", record_id)[0]
    assert latest.action == "changed" and latest.after["notes"] == "My notes"


def test_deleting_a_record_changed_on_another_desk_asks_again(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """Shown, then changed by Ana: the delete question says she changed it first."""
    other_desk.members.create(Member("Testland"))  # named by no meeting: it may go
    window.refresh_all()
    tab, record_id = member_tab(window, "Testland")
    other_changes_notes(other_desk, record_id, "Ana's notes")
    answers.yes = False
    assert tab.delete_selected() is False
    assert OTHER in answers.asked[0] and "Notes" in answers.asked[0]
    answers.yes = True
    answers.asked.clear()
    tab.select_id(record_id)
    assert tab.delete_selected() is True
    assert other_desk.members.version(record_id) == 0


def test_undo_does_not_overwrite_another_desks_change(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """Edited here, then changed by Ana: Undo is refused and says why; her notes stay."""
    tab, record_id = member_tab(window, "Canada")
    failures: list[str] = []
    assert window.history is not None
    window.history.failed.disconnect()
    window.history.failed.connect(failures.append)

    def fill(dialog: Any) -> None:
        dialog.set_values({**dialog.values(), "notes": "Mine"})
        dialog.accept()

    answers.fill = fill
    assert tab.edit_selected() is not None
    other_changes_notes(other_desk, record_id, "Ana's notes")
    assert window.history.undo() is False
    assert failures and OTHER in failures[0]
    assert other_desk.members.get(record_id).notes == "Ana's notes"


def test_undo_and_redo_of_this_desks_own_changes_still_work(
        window: MainWindow, answers: Answers) -> None:
    """The versions the commands carry follow their own changes: edit, undo, redo, undo,
    each kept in the history."""
    tab, record_id = member_tab(window, "Canada")

    def fill(dialog: Any) -> None:
        dialog.set_values({**dialog.values(), "notes": "Mine"})
        dialog.accept()

    answers.fill = fill
    assert tab.edit_selected() is not None
    assert window.history is not None
    assert window.history.undo() is True
    assert window.history.redo() is True
    assert window.history.undo() is True  # the redo's version followed too
    assert window.backend is not None
    services = window.backend.services
    assert services.members.get(record_id).notes == ""
    # Each step is one change in the record's history, by this desk.
    steps = services.history.of("members", record_id)[:4]
    assert [c.action for c in steps] == ["changed"] * 4
    assert [c.after["notes"] for c in steps] == ["", "Mine", "", "Mine"]


def test_the_details_panel_shows_the_records_history(
        window: MainWindow, other_desk: Services) -> None:
    """Who changed it and each field before → after, in the registry's words."""
    tab, record_id = member_tab(window, "Canada")
    other_changes_notes(other_desk, record_id, "Ana's notes")
    window.refresh_all()
    tab.select_id(record_id)
    text = tab.details.toPlainText()
    assert "History" in text
    assert f"{OTHER} changed the Member" in text
    assert "Notes: (empty) → Ana's notes" in text or "→ Ana's notes" in text


def test_recent_changes_finds_and_brings_back_a_deleted_record(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """Ana deleted a Member: Recent changes lists it, the search finds it, Bring back adds
    it again and the Members list shows it."""
    other_desk.members.create(Member("Testland"))
    window.refresh_all()
    tab, record_id = member_tab(window, "Testland")
    other_desk.members.delete(record_id)
    dialog = window.recent_changes()
    dialog.search.setText("deleted")
    dialog.refresh()
    assert dialog.changes and all(c.action == "deleted" for c in dialog.changes)
    assert dialog.select(dialog.changes[0].id)
    assert dialog.selected().record_id == record_id
    assert dialog.bring_back_button.isEnabled()
    found = dialog.bring_back()
    assert found is not None and found.kind == "members"
    assert other_desk.members.get(found.record_id).name == "Testland"
    shown = window.show_tab("members")
    assert shown.selected_id() == found.record_id


def test_reload_lists_only_what_this_desk_typed(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """The user typed a name, Ana changed the notes: after Reload the form shows her notes
    and only the name is kept as "yours" (her notes are not the user's typing)."""
    tab, record_id = member_tab(window, "Canada")
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        other_changes_notes(other_desk, record_id, "Ana's notes")
        dialog.fields["name"].write("Canada (edited)")
        dialog.accept()
        panel = dialog._stale_panel
        panel.reload_button.click()
        grid = panel.yours_grid
        seen["yours"] = [grid.itemAt(i).widget().text() for i in range(grid.count())]
        seen["form"] = (dialog.values()["name"], dialog.values()["notes"])
        seen["asks before closing"] = dialog.has_changes()
        dialog.done(0)

    answers.fill = fill
    tab.edit_selected()
    assert seen["yours"] == ["Name, yours:", "Canada (edited)", "Use mine"]
    assert seen["form"] == ("Canada", "Ana's notes")
    assert seen["asks before closing"]


def test_a_change_seen_from_another_desk_is_told_in_the_open_form(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """While the form is open (tab.editing), the window is told of Ana's change: the form
    keeps its fields, says so, and Reload then shows her notes."""
    tab, record_id = member_tab(window, "Canada")
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        assert tab.editing == (record_id, dialog)
        other_changes_notes(other_desk, record_id, "Ana's notes")
        dialog.changed_elsewhere(f"{OTHER} changed this Member.", 2)
        seen["fields"] = dialog.values()["notes"]
        seen["message"] = dialog._stale_panel.message.text()
        dialog._stale_panel.reload_button.click()
        seen["reloaded"] = dialog.values()["notes"]
        dialog.done(0)

    answers.fill = fill
    tab.edit_selected()
    assert seen["fields"] == ""
    assert seen["message"].startswith("Changed on another desk: ") and OTHER in seen["message"]
    assert seen["reloaded"] == "Ana's notes"
    assert tab.editing is None


def test_the_group_profile_form_is_refused_when_another_desk_saved_it(
        window: MainWindow, answers: Answers, other_desk: Services) -> None:
    """Edit > Group profile: Ana saved the profile meanwhile; OK is refused naming her, and
    Keep editing then saves over it."""
    seen: dict[str, Any] = {}

    def fill(dialog: Any) -> None:
        profile = other_desk.group.get()
        other_desk.group.save(replace(profile, name="Ana's name for the Group"))
        dialog.fields["name"].write("My name for the Group")
        dialog.accept()
        seen["refused"] = (dialog.saved, dialog._stale_panel.message.text())
        dialog._stale_panel.keep_button.click()
        dialog.accept()

    answers.fill = fill
    assert window.edit_group() is True
    saved_then, message = seen["refused"]
    assert saved_then is None and OTHER in message
    assert other_desk.group.get().name == "My name for the Group"
