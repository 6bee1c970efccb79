"""The main window: tabs, undo and redo, the empty state, menus, file actions, settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt

from msmedesk import __version__
from msmedesk.domain import NotFound

from msmedesk.ui.main_window import MainWindow

from .helpers import Answers, fill_with, show_active


def _meeting_of(window: MainWindow, iso: str) -> Any:
    tab = window.show_tab("meetings")
    for row in range(tab.model.rowCount()):
        record = tab.service.get(tab.model.record_id(row))
        if record.date.isoformat() == iso:
            tab.select_row(row)
            return record
    raise AssertionError(f"no meeting on {iso}")


def test_title_and_tabs_in_order(window: MainWindow, sample_file: Path) -> None:
    """The title names the data file; the tabs come in the order the office works."""
    assert sample_file.name in window.windowTitle()
    titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert titles == ["Meetings", "Members", "Proposals", "Outreach", "Contacts", "Package",
                      "Reference"]
    assert [window.reference.tabText(i) for i in range(window.reference.count())] == [
        "Organizations", "Documents", "Package annexes"]
    assert not window.is_showing_empty_state()


def test_ctrl_page_down_and_up_switch_tabs(qtbot: Any, window: MainWindow) -> None:
    """Ctrl+PageDown / Ctrl+Tab go right, Ctrl+PageUp / Ctrl+Shift+Tab go left, through
    Reference's Organizations and Documents lists too."""
    show_active(qtbot, window)
    window.tabs.setCurrentIndex(0)
    table = window.record_tabs["meetings"].table
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 2
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1
    window.tabs.setCurrentIndex(0)
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert window.current_tab() is window.record_tabs["annexes"]  # wraps to Reference
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() is window.record_tabs["documents"]
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() is window.record_tabs["organizations"]
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() is window.record_tabs["package"]
    for _ in range(3):
        focus = window.focusWidget() or window
        qtbot.keyClick(focus, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() is window.record_tabs["annexes"]
    focus = window.focusWidget() or window
    qtbot.keyClick(focus, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() is window.record_tabs["meetings"]


def test_tab_shortcuts_work_from_the_search_field(qtbot: Any, window: MainWindow) -> None:
    """The tab shortcuts are the window's, not only the tab bar's."""
    show_active(qtbot, window)
    window.tabs.setCurrentIndex(0)
    search = window.record_tabs["meetings"].search
    search.setFocus()
    qtbot.keyClick(search, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1


def test_undo_and_redo_of_a_delete(qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """A deleted meeting comes back whole with Ctrl+Z, and goes again with Ctrl+Shift+Z."""
    show_active(qtbot, window)
    meeting = _meeting_of(window, "2024-07-01")
    assert meeting.presentations and meeting.proposals
    proposals = window.backend.services.proposals
    tab = window.record_tabs["meetings"]
    assert tab.delete_selected()
    assert tab.model.rowCount() == 3
    discussed = [p for p in proposals.all() if meeting.date in p.discussed_at]
    assert discussed == []  # the links went with the meeting
    assert "delete" in window.act_undo.text().lower()

    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tab.model.rowCount() == 4
    back = tab.service.get(meeting.id)
    assert back == meeting  # same id, presentations, spotlights and proposals discussed
    assert {p.symbol for p in proposals.all() if meeting.date in p.discussed_at} == \
        set(meeting.proposals)
    assert tab.selected_id() == meeting.id

    qtbot.keyClick(tab.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    assert tab.model.rowCount() == 3
    try:
        tab.service.get(meeting.id)
        raise AssertionError("the redo did not delete the meeting again")
    except NotFound:
        pass


def test_undo_of_an_edit_and_of_a_create(window: MainWindow, answers: Answers) -> None:
    """Undo puts an edited record back as it was, and removes a created one."""
    tab = window.show_tab("organizations")
    tab.model.set_filter(text="WIPO")
    tab.select_row(0)
    before = tab.service.get(tab.selected_id())
    answers.fill = fill_with({"name": "Renamed Organization"})
    tab.edit_selected()
    assert tab.service.get(before.id).name == "Renamed Organization"
    answers.fill = fill_with({"name": "Brand New Body", "acronym": "BNB"}, keep=False)
    created = tab.new_record()

    window.act_undo.trigger()
    try:
        tab.service.get(created.id)
        raise AssertionError("undo did not remove the created record")
    except NotFound:
        pass
    window.act_undo.trigger()
    assert tab.service.get(before.id) == before
    assert not window.act_undo.isEnabled()
    window.act_redo.trigger()
    window.act_redo.trigger()
    assert tab.service.get(before.id).name == "Renamed Organization"
    assert tab.service.get(created.id).acronym == "BNB"  # same id again


def test_undo_refused_by_the_service_leaves_the_history_alone(window: MainWindow,
                                                              answers: Answers) -> None:
    """Undoing the creation of a Member now named in a proposal is refused, in plain words."""
    members = window.show_tab("members")
    answers.fill = fill_with({"name": "Atlantis"}, keep=False)
    members.new_record()
    services = window.backend.services
    proposal = next(p for p in services.proposals.all() if p.symbol == "INF/MSME/W/52")
    services.proposals.update(proposal.__class__(**{**proposal.__dict__,
                                                   "proponents": ("Atlantis",)}))
    index = window.history.stack.index()
    window.act_undo.trigger()
    assert window.history.stack.index() == index
    assert answers.errors and "cannot be deleted" in answers.errors[-1]
    assert "Atlantis" in services.members.names()


def test_empty_file_offers_the_sample_and_an_archive(qtbot: Any, empty_window: MainWindow,
                                                    answers: Answers) -> None:
    """A new file shows the empty state; loading the sample fills the tabs."""
    window = empty_window
    assert window.is_showing_empty_state()
    state = window.empty_state
    assert "sample" in state.sample_button.text() and "archive" in state.import_button.text()
    assert not window.act_new.isEnabled()
    qtbot.mouseClick(state.sample_button, Qt.MouseButton.LeftButton)
    assert not window.is_showing_empty_state()
    assert window.show_tab("meetings").model.rowCount() == 4
    assert window.status_label.text() == "Showing 4 of 4 meetings"
    assert window.act_new.isEnabled()


def test_cancelled_sample_load_writes_nothing(empty_window: MainWindow,
                                             answers: Answers) -> None:
    """Cancel in the progress dialog: the file stays empty."""
    answers.cancel = True
    empty_window.load_sample()
    assert empty_window.is_showing_empty_state()
    assert empty_window.backend.services.is_empty()


def test_start_entering_records_from_the_empty_state(empty_window: MainWindow,
                                                     answers: Answers) -> None:
    """Staff may skip the sample and add the first record by hand."""
    empty_window.empty_state.start_button.click()
    assert not empty_window.is_showing_empty_state()
    answers.fill = fill_with({"name": "Atlantis"}, keep=False)
    empty_window.show_tab("members").new_record()
    assert empty_window.backend.services.members.names() == ["Atlantis"]


def test_export_then_import_an_archive(window: MainWindow, open_window: Any, tmp_path: Path,
                                       data_file: Path, answers: Answers) -> None:
    """File > Export writes every record; File > Import on an empty file loads them all."""
    target = tmp_path / "all.json"
    answers.save_answer = target
    window.export_archive()
    assert "Wrote" in answers.infos[-1]
    data = json.loads(target.read_text(encoding="utf-8"))
    assert len(data["meetings"]) == 4
    assert not list(tmp_path.glob(".*.partial*"))

    empty = open_window(data_file)
    answers.open_answer = target
    empty.import_archive()
    assert not empty.is_showing_empty_state()
    assert empty.backend.services.counts() == window.backend.services.counts()
    assert "Loaded all.json" in answers.infos[-1]


def test_cancelled_export_writes_nothing(qtbot: Any, window: MainWindow, tmp_path: Path,
                                         answers: Answers) -> None:
    """Cancel while exporting: no archive appears, and no half-written file is left."""
    target = tmp_path / "cancelled.json"
    answers.save_answer = target
    answers.cancel = True
    window.export_archive()
    assert "not written" in answers.infos[-1]
    qtbot.waitUntil(lambda: not list(tmp_path.glob(".*.partial*")), timeout=5000)
    assert not target.exists()


def test_cancelled_import_writes_nothing(empty_window: MainWindow, tmp_path: Path,
                                        answers: Answers) -> None:
    """Cancel while importing: nothing was imported."""
    from msmedesk import archive

    answers.open_answer = archive.sample_path()
    answers.cancel = True
    empty_window.import_archive()
    assert empty_window.backend.services.is_empty()
    assert "Nothing was imported" in answers.infos[-1]


def test_a_bad_archive_is_refused_in_plain_words(empty_window: MainWindow, tmp_path: Path,
                                                 answers: Answers) -> None:
    """An archive with a wrong record is refused whole, with a sentence, not a traceback."""
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "msmedesk-archive", "version": 1,
                               "meetings": [{"date": "2024-02-30"}]}), encoding="utf-8")
    answers.open_answer = bad
    empty_window.import_archive()
    message = answers.errors[-1]
    assert "meetings[0]" in message and "Nothing was imported" in message
    assert "Traceback" not in message
    assert empty_window.backend.services.is_empty()


def test_back_up_copies_the_data_file(window: MainWindow, tmp_path: Path,
                                      answers: Answers) -> None:
    """File > Back up writes a copy that opens with the same records."""
    from msmedesk import app as desk

    target = tmp_path / "copies" / "copy.sqlite"
    answers.save_answer = target
    window.back_up()
    assert target.exists() and "copied" in answers.infos[-1]
    backend = desk.connect(target, create=False)
    try:
        assert backend.services.counts() == window.backend.services.counts()
    finally:
        backend.close()


def test_open_and_new_data_file(window: MainWindow, tmp_path: Path, answers: Answers,
                                settings: QSettings) -> None:
    """File > New creates an empty file and shows its empty state; Open goes back."""
    first = window.backend.path
    answers.fill = fill_with({"name": "Atlantis"}, keep=False)
    window.show_tab("members").new_record()
    assert window.history.stack.canUndo()
    new = tmp_path / "second.sqlite"
    answers.save_answer = new
    window.new_data_file()
    assert window.backend.path == new and new.exists()
    assert window.is_showing_empty_state()
    assert "second.sqlite" in window.windowTitle()
    assert not window.history.stack.canUndo()  # undo belongs to the other file
    answers.open_answer = first
    window.open_data_file()
    assert window.backend.path == first
    assert "Atlantis" in window.backend.services.members.names()
    recent = settings.value("recent_files")
    assert str(new.resolve()) in recent and str(first.resolve()) == recent[0]


def test_opening_a_file_that_is_not_a_data_file(window: MainWindow, tmp_path: Path,
                                                answers: Answers) -> None:
    """A foreign file is refused with the data layer's sentence; the window stays as it was."""
    foreign = tmp_path / "notes.sqlite"
    foreign.write_text("just some notes", encoding="utf-8")
    before = window.backend.path
    answers.open_answer = foreign
    window.open_data_file()
    assert "not an msmedesk data file" in answers.errors[-1]
    assert window.backend.path == before
    assert foreign.read_text(encoding="utf-8") == "just some notes"


def test_settings_remember_tab_columns_and_geometry(open_window: Any, sample_file: Path,
                                                    settings: QSettings) -> None:
    """Close and open again: same tab in front, same column widths, same size."""
    window = open_window(sample_file)
    window.show_tab("documents")
    window.record_tabs["proposals"].table.setColumnWidth(1, 123)
    window.resize(640, 480)  # the offscreen screen is 800x600
    window.close()
    again = open_window(sample_file)
    assert again.current_tab() is again.record_tabs["documents"]
    assert again.record_tabs["proposals"].table.columnWidth(1) == 123
    assert (again.width(), again.height()) == (640, 480)


def test_the_tab_in_front_is_found_by_its_title_when_a_tab_was_added_before_it(
        open_window: Any, sample_file: Path, settings: QSettings) -> None:
    """Package was the fifth tab before Contacts came: it is still the one in front."""
    settings.setValue("window/tab", 4)
    settings.setValue("window/tab_title", "Package")
    window = open_window(sample_file)
    assert window.current_tab() is window.record_tabs["package"]
    window.close()
    assert settings.value("window/tab_title") == "Package"


def test_details_panel_can_be_hidden(window: MainWindow) -> None:
    """View > Show the details panel toggles the panel on every tab."""
    window.show()
    window.act_details.trigger()
    assert all(not tab.side.isVisible() for tab in window.record_tabs.values())
    assert window.show_tab("documents").side.isHidden()  # a tab built afterwards too
    window.act_details.trigger()
    assert window.record_tabs["documents"].side.isVisible()
    assert not window.record_tabs["meetings"].side.isHidden()


def test_about_names_version_data_file_and_backups(window: MainWindow, answers: Answers) -> None:
    """Help > About: the version, the data file and where backups go."""
    window.about()
    text = answers.infos[-1]
    assert __version__ in text
    assert str(window.backend.path) in text
    assert str(window.backend.backup_dir) in text


def test_menus_hold_the_commands(qtbot: Any, window: MainWindow) -> None:
    """File, Edit, View, Saved searches, Report and Help, with the commands and shortcuts
    staff expect."""
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    assert list(menus) == ["File", "Edit", "View", "Saved searches", "Report", "Help"]
    file_items = [a.text().replace("&", "") for a in menus["File"].actions() if a.text()]
    assert file_items == ["New data file…", "Open…", "Open server…", "Open recent",
                          "Import archive…", "Export archive…", "Back up…", "Restore from backup…",
                          "Print list…", "Export list…", "Quit"]
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString()
                 for a in menus["Edit"].actions() if a.text()}
    assert shortcuts["New record…"] == "Ctrl+N"
    assert shortcuts["Undo"] == "Ctrl+Z" and shortcuts["Redo"] == "Ctrl+Shift+Z"
    assert shortcuts["Find"] == "Ctrl+F"
    assert window.act_copy_rows.shortcut().toString() == "Ctrl+C"
    assert window.act_copy_details.shortcut().toString() == "Ctrl+Shift+C"
    assert shortcuts["Find in all records…"] == "Ctrl+K"
    # The report's commands, or a note that they are missing, once the window is up.
    qtbot.waitUntil(lambda: bool(menus["Report"].actions()), timeout=5000)


def test_group_profile_opens_its_form(window: MainWindow, answers: Answers) -> None:
    """Edit > Group profile edits the Group's own record."""
    answers.fill = fill_with({"short_name": "MSME Group (test)"})
    window.act_group.trigger()
    assert window.backend.services.group.get().short_name == "MSME Group (test)"


def test_tabs_are_built_and_read_only_when_shown(window: MainWindow) -> None:
    """Opening the window builds and reads only the tab in front; the others wait."""
    front = window.current_tab()
    assert front is not None and not front.stale and front.model.rowCount() > 0
    assert list(window.record_tabs.values()) == [front]
    proposals = window.show_tab("proposals")
    assert not proposals.stale and proposals.model.rowCount() == 6
    assert window.current_tab() is proposals
    assert set(window.record_tabs) == {front.kind.name, "proposals"}
    documents = window.record_tabs["documents"]  # looked up: built, not read
    assert documents.stale and documents.model.fetches == 0
    assert window.current_tab() is proposals


def test_first_opening_of_the_day_is_backed_up(open_window: Any, sample_file: Path) -> None:
    """The day's first opening makes a backup (in the background, finished by closing)."""
    window = open_window(sample_file)
    folder = window.backend.backup_dir
    window.close()
    assert [p.name.endswith(".daily.sqlite") for p in folder.iterdir()] == [True]
    open_window(sample_file).close()  # the second opening of the day makes none
    assert len(list(folder.iterdir())) == 1


def test_a_failed_daily_backup_is_told(qtbot: Any, open_window: Any, sample_file: Path,
                                       answers: Answers, monkeypatch: Any) -> None:
    """If the day's backup cannot be made, the user reads why (the records open anyway)."""
    from msmedesk.db import backups
    from msmedesk.db.engine import DataFileError

    def refuse(path: Path, folder: Path) -> None:
        raise DataFileError("Cannot back up: the disk is full.")

    monkeypatch.setattr(backups, "backup_on_open", refuse)
    window = open_window(sample_file)
    qtbot.waitUntil(lambda: bool(answers.errors), timeout=5000)
    assert "backup" in answers.errors[-1] and "disk is full" in answers.errors[-1]
    assert window.show_tab("meetings").model.rowCount() == 4


def test_a_tab_never_shown_keeps_a_sound_layout(qtbot: Any, open_window: Any,
                                                sample_file: Path) -> None:
    """Closing with a tab never on screen does not squash its list next time."""
    window = open_window(sample_file)
    window.show()
    window.show_tab("meetings")
    qtbot.waitExposed(window)
    window.close()  # documents was never on screen
    window = open_window(sample_file)
    window.show()
    documents = window.show_tab("documents")
    qtbot.waitExposed(window)
    table, side = documents.splitter.sizes()
    assert table > 2 * side


def test_the_opening_tabs_are_the_record_tabs(qtbot: Any, settings: Any, answers: Answers,
                                              sample_file: Path) -> None:
    """While the file opens, the window shows the tabs, in order, it showed with records
    last time (the record types come with the data layer, after the first paint)."""
    from msmedesk import app as desk

    first = MainWindow(desk.connect(sample_file), desk.connect, settings, answers)
    qtbot.addWidget(first)
    shown = [first.tabs.tabText(i) for i in range(first.tabs.count())]
    first.backend.close()
    first.close()
    window = MainWindow(None, desk.connect, settings, answers, path=sample_file)
    qtbot.addWidget(window)
    opening = window.stack.currentWidget()
    titles = [opening.tabText(i) for i in range(opening.count())]
    assert titles == shown
    window.attach(desk.connect(sample_file))
    assert window.stack.currentWidget() is not opening
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == titles
    assert titles[0] == "Meetings" and titles[-1] == "Reference"
    window.close()


def test_a_window_opening_its_file_offers_only_quit_and_about(
        qtbot: Any, settings: Any, answers: Answers, sample_file: Path) -> None:
    """Before its data file is attached the window shows "Opening …"; then the records."""
    from msmedesk import app as desk

    window = MainWindow(None, desk.connect, settings, answers, path=sample_file)
    qtbot.addWidget(window)
    assert window.backend is None and window.current_tab() is None
    assert window.status_label.text() == f"Opening {sample_file.name}…"
    assert window.windowTitle() == f"{sample_file.name} — msmedesk"
    assert window.stack.currentWidget().count() > 0  # the tabs, empty (test above)
    enabled = {a.text() for a in window.actions() if a.isEnabled()}
    assert enabled == {"&Quit", "&About msmedesk", "&User guide"}  # (help needs no file)
    window.act_undo.trigger()  # nothing to undo yet, and no error either
    window.attach(desk.connect(sample_file))
    tab = window.current_tab()
    assert tab is not None and tab.model.rowCount() > 0
    assert window.act_new.isEnabled() and window.act_export.isEnabled()
    window.close()


def test_a_window_closed_while_opening_keeps_the_last_tab(qtbot: Any, settings: Any,
                                                          answers: Answers,
                                                          sample_file: Path) -> None:
    """Closed before its file opened, the window forgets nothing it had remembered."""
    from msmedesk import app as desk

    settings.setValue("window/tab", 3)
    settings.setValue("window/reference_tab", 1)
    window = MainWindow(None, desk.connect, settings, answers, path=sample_file)
    qtbot.addWidget(window)
    assert window.stack.currentWidget().currentIndex() == 3
    window.close()
    assert int(settings.value("window/tab")) == 3
    assert int(settings.value("window/reference_tab")) == 1
