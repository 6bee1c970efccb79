"""The Saved searches menu: the saved searches of the tab in front and of Find anywhere,
"Save this search…" and "Manage saved searches…"."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QMenu

from msmedesk.ui.saved_searches import (
    ManageSavedSearchesDialog,
    ask_to_save,
)

__all__ = ["fill_saved_menu", "find_anywhere", "manage_saved_searches", "save_this_search"]

# How many saved searches of one scope the menu lists (the sidebar and Manage show all).
MENU_LIMIT = 20


def fill_saved_menu(menu: QMenu, window: Any) -> None:
    """Fill ``menu`` afresh for what ``window`` shows now (called as it opens)."""
    menu.clear()
    if window.backend is None:
        menu.addAction("No data file is open").setEnabled(False)
        return
    service = window.backend.services.saved_searches
    writable = not window.backend.readonly
    tab = None if window.is_showing_empty_state() else window.current_tab()
    if tab is not None:
        menu.addSection(f"{tab.kind.title} tab")
        found = service.list(tab.kind.name)
        for saved in found[:MENU_LIMIT]:
            action = menu.addAction(saved.name.replace("&", "&&"))
            action.setStatusTip(saved.query)
            action.triggered.connect(lambda _c=False, q=saved.query, t=tab: t.search.setText(q))
        if not found:
            menu.addAction("(none saved for this tab)").setEnabled(False)
    anywhere = service.list(None)
    if anywhere:
        menu.addSection("Find anywhere")
        for saved in anywhere[:MENU_LIMIT]:
            action = menu.addAction(saved.name.replace("&", "&&"))
            action.setStatusTip(saved.query)
            action.triggered.connect(lambda _c=False, q=saved.query: find_anywhere(window, q))
    menu.addSeparator()
    save = menu.addAction("&Save this search…", lambda: save_this_search(window))
    save.setEnabled(writable and tab is not None and bool(tab.search.text().strip()))
    save.setStatusTip("Keep the search typed in this tab under a name")
    manage = menu.addAction("&Manage saved searches…", lambda: manage_saved_searches(window))
    manage.setEnabled(writable and bool(anywhere or service.all()))
    manage.setStatusTip("Rename, change or delete saved searches")


def find_anywhere(window: Any, query: str) -> None:
    """Open Find anywhere (Ctrl+K) searching for ``query``."""
    window.find_anywhere()
    if window.find_dialog is not None:
        window.find_dialog.box.setText(query)
        window.find_dialog.search_now()


def save_this_search(window: Any) -> bool:
    """Ask a name for the search typed in the tab in front and keep it; whether it was."""
    tab = window.current_tab()
    if window.backend is None or tab is None or not tab.search.text().strip():
        return False
    saved = ask_to_save(window, window.prompts, window.backend.services.saved_searches,
                        tab.kind.name, tab.search.text())
    if saved is None:
        return False
    window.statusBar().showMessage(f'Saved the search "{saved.name}".', 5000)
    return True


def manage_saved_searches(window: Any) -> None:
    """Open the list of every saved search, to rename, change or delete them."""
    if window.backend is None:
        return
    dialog = ManageSavedSearchesDialog(window.backend.services.saved_searches, window.prompts,
                                       window)
    window.prompts.run_dialog(dialog)
