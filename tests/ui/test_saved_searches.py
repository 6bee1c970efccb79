"""Saved searches in the window: the Saved searches menu saves the tab's search under a
name and lists it, the sidebar beside the list shows the tab's saved searches (hidden when
there are none) and puts one's query in the search box, and Manage renames, changes and
deletes them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog, QMenu

from msmedesk.search.language import parse
from msmedesk.search.query import SearchError

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import RecordTab
from msmedesk.ui.saved_searches import (
    ManageSavedSearchesDialog,
    SavedSearchDialog,
    SavedSearchesPanel,
    ask_to_save,
)

from .helpers import Answers


def _menu(window: MainWindow) -> dict[str, Any]:
    """The Saved searches menu as it opens now: its actions by text."""
    window.saved_menu.aboutToShow.emit()
    return {a.text(): a for a in window.saved_menu.actions() if a.text()}


def _panel(tab: RecordTab) -> SavedSearchesPanel:
    panel = tab.saved_searches  # type: ignore[attr-defined]
    assert isinstance(panel, SavedSearchesPanel)
    return panel


def _type(qtbot: Any, tab: RecordTab, text: str) -> None:
    tab.search.clear()
    qtbot.keyClicks(tab.search, text)
    qtbot.waitUntil(lambda: tab.model.query.text == text, timeout=3000)


def _save_as(name: str) -> Any:
    def fill(dialog: SavedSearchDialog) -> None:
        dialog.name.setText(name)
        dialog.accept()
    return fill


def test_save_this_search_keeps_it_and_the_sidebar_and_menu_show_it(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    tab = window.show_tab("meetings")
    panel = _panel(tab)
    assert panel.isHidden()  # none saved: the list keeps all its width
    assert not _menu(window)["&Save this search…"].isEnabled()  # nothing typed yet

    _type(qtbot, tab, "Kallot")
    answers.fill = _save_as("Kallot's talks")
    _menu(window)["&Save this search…"].trigger()
    services = window.backend.services  # type: ignore[union-attr]
    assert [(s.name, s.scope, s.query) for s in services.saved_searches.all()] == [
        ("Kallot's talks", "meetings", "Kallot")]
    assert not panel.isHidden() and panel.names() == ["Kallot's talks"]
    assert "Kallot's talks" in _menu(window)  # (its & doubled only for the mnemonic)
    # Another tab has none: its sidebar stays hidden, its menu says so.
    members = window.show_tab("members")
    assert _panel(members).isHidden()
    assert "(none saved for this tab)" in _menu(window)


def test_picking_a_saved_search_in_the_sidebar_or_menu_searches_with_it(
        qtbot: Any, window: MainWindow) -> None:
    services = window.backend.services  # type: ignore[union-attr]
    services.saved_searches.create("October", "meetings", "October")
    services.saved_searches.create("Nothing", "meetings", "zzzzqqq")
    tab = window.show_tab("meetings")
    panel = _panel(tab)
    panel.refresh()
    assert panel.names() == ["Nothing", "October"]
    everything = tab.model.rowCount()
    panel.list.setCurrentRow(0)
    panel.list.itemActivated.emit(panel.list.item(0))
    assert tab.search.text() == "zzzzqqq"
    qtbot.waitUntil(lambda: tab.model.query.text == "zzzzqqq", timeout=3000)
    assert tab.model.rowCount() == 0
    _menu(window)["October"].trigger()
    assert tab.search.text() == "October"
    qtbot.waitUntil(lambda: tab.model.query.text == "October", timeout=3000)
    assert 0 < tab.model.rowCount() < everything


def test_a_refused_name_is_shown_in_the_dialog_which_stays_open(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    services = window.backend.services  # type: ignore[union-attr]
    services.saved_searches.create("Kallot", "meetings", "Kallot")
    tab = window.show_tab("meetings")
    _type(qtbot, tab, "Mexico")
    seen: list[tuple[bool, str]] = []

    def fill(dialog: SavedSearchDialog) -> None:
        dialog.name.setText("kallot")
        dialog.accept()
        seen.append((dialog.isVisible() or dialog.result() != QDialog.DialogCode.Accepted,
                     dialog.errors["name"].text()))
        dialog.reject()
    answers.fill = fill
    _menu(window)["&Save this search…"].trigger()
    assert seen == [(True, 'Name "kallot" is already the name of a saved search of the '
                           "Meetings tab.")]
    assert [s.query for s in services.saved_searches.all()] == ["Kallot"]


def test_manage_renames_changes_and_deletes_and_the_sidebar_follows(
        window: MainWindow, answers: Answers) -> None:
    services = window.backend.services  # type: ignore[union-attr]
    services.saved_searches.create("Kallot", "meetings", "Kallot")
    services.saved_searches.create("Everywhere", None, "Mexico")
    tab = window.show_tab("meetings")
    panel = _panel(tab)
    panel.refresh()
    steps: list[Any] = []

    def manage(dialog: Any) -> None:
        if isinstance(dialog, ManageSavedSearchesDialog):
            assert [dialog.list.item(i).text() for i in range(dialog.list.count())] == [
                "Find anywhere — Everywhere: Mexico", "Meetings — Kallot: Kallot"]
            dialog.list.setCurrentRow(1)
            steps.extend(["rename", "change"])
            dialog.rename_button.click()
            dialog.change_button.click()
            dialog.delete_button.click()  # answers.yes: deleted
            dialog.accept()
        elif steps.pop(0) == "rename":
            dialog.name.setText("Kallot's talks")
            dialog.accept()
        else:
            assert dialog.name.isReadOnly()
            dialog.query.setText("Kallot or Mexico")
            dialog.accept()
            assert panel.names() == ["Kallot's talks"]
            assert services.saved_searches.list("meetings")[0].query == "Kallot or Mexico"
    answers.fill = manage
    _menu(window)["&Manage saved searches…"].trigger()
    assert answers.asked and "Kallot's talks" in answers.asked[0]
    assert [s.name for s in services.saved_searches.all()] == ["Everywhere"]
    assert panel.isHidden()


def test_find_anywhere_s_panel_lists_its_own_saved_searches(window: MainWindow,
                                                             answers: Answers) -> None:
    services = window.backend.services  # type: ignore[union-attr]
    services.saved_searches.create("Kallot", "meetings", "Kallot")
    panel = SavedSearchesPanel(services.saved_searches, None)
    assert panel.isHidden()
    answers.fill = _save_as("Everywhere")  # Find anywhere's "Save this search…"
    saved = ask_to_save(window, answers, services.saved_searches, None, " Mexico ")
    assert saved is not None and (saved.name, saved.scope, saved.query) == (
        "Everywhere", None, "Mexico")
    picked: list[str] = []
    panel.picked.connect(picked.append)
    assert panel.names() == ["Everywhere"]
    panel.list.itemClicked.emit(panel.list.item(0))
    assert picked == ["Mexico"]


def test_the_menu_has_no_saving_in_a_read_only_window(window: MainWindow) -> None:
    tab = window.show_tab("meetings")
    tab.search.setText("Kallot")
    window.backend.readonly = True  # type: ignore[union-attr,misc]
    assert not _menu(window)["&Save this search…"].isEnabled()
    assert isinstance(window.saved_menu, QMenu)


def test_a_query_that_does_not_read_is_shown_in_the_language_s_sentence(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    tab = window.show_tab("meetings")
    _type(qtbot, tab, "October")
    shown: list[str] = []

    def fill(dialog: SavedSearchDialog) -> None:
        dialog.name.setText("Broken")
        dialog.query.setText('speaker:"Kallot')
        dialog.accept()
        shown.append(dialog.errors["query"].text())
        dialog.reject()
    answers.fill = fill
    _menu(window)["&Save this search…"].trigger()
    with pytest.raises(SearchError) as exc:  # the language's own sentence, as it says it
        parse('speaker:"Kallot', "meetings")
    assert shown == [exc.value.message]
    assert window.backend.services.saved_searches.all() == []  # type: ignore[union-attr]


def test_an_imported_archive_s_saved_searches_show_in_the_sidebar_at_once(
        window: MainWindow, answers: Answers, tmp_path: Path) -> None:
    tab = window.show_tab("meetings")
    assert _panel(tab).isHidden()
    path = tmp_path / "searches.json"
    path.write_text(json.dumps({"format": "msmedesk-archive", "version": 1, "saved_searches": [
        {"name": "October", "scope": "meetings", "query": "October"}]}), encoding="utf-8")
    answers.open_answer = path
    window.act_import.trigger()
    assert answers.infos and "1 saved search." in answers.infos[-1]
    assert not _panel(tab).isHidden() and _panel(tab).names() == ["October"]


def test_find_anywhere_shows_its_saved_searches_and_saves_one(
        qtbot: Any, window: MainWindow, answers: Answers) -> None:
    services = window.backend.services  # type: ignore[union-attr]
    services.saved_searches.create("Mexico everywhere", None, "Mexico")
    services.saved_searches.create("Kallot", "meetings", "Kallot")
    window.find_anywhere()
    dialog = window.find_dialog
    assert dialog is not None
    panel = dialog.saved_searches
    assert panel.names() == ["Mexico everywhere"]
    panel.list.itemClicked.emit(panel.list.item(0))
    assert dialog.box.text() == "Mexico"
    qtbot.waitUntil(lambda: dialog.results.topLevelItemCount() > 0, timeout=3000)

    dialog.box.setText("ITC")
    answers.fill = _save_as("ITC everywhere")
    dialog.save_search_button.click()
    assert panel.names() == ["ITC everywhere", "Mexico everywhere"]
    assert services.saved_searches.list(None)[0].query == "ITC"


def test_the_menu_s_find_anywhere_entry_opens_it_with_its_search(window: MainWindow) -> None:
    services = window.backend.services  # type: ignore[union-attr]
    services.saved_searches.create("Mexico everywhere", None, "Mexico")
    window.show_tab("meetings")
    _menu(window)["Mexico everywhere"].trigger()
    dialog = window.find_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.box.text() == "Mexico" and dialog.results.topLevelItemCount() > 0
