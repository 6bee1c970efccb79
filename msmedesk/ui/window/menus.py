"""The main window's actions, its menus and which of them can be used now."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from msmedesk.ui.window.base import WindowBase

log = logging.getLogger(__name__)


class WindowMenus(WindowBase):
    """The File, Edit, View, Report and Help menus and their actions."""

    def _action(self, text: str, slot: Any, shortcuts: Any = (), tip: str = "") -> QAction:
        action = QAction(text, self)
        if not isinstance(shortcuts, list | tuple):
            shortcuts = [shortcuts]
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_file_actions(self) -> None:
        """The File menu's actions."""
        key = QKeySequence.StandardKey
        self.act_new_file = self._action("&New data file…", self.new_data_file,
                                         tip="Create an empty data file and open it")
        self.act_open = self._action("&Open…", self.open_data_file, key.Open,
                                     tip="Open another data file")
        self.act_open_server = self._action("Open &server…", self.open_server,
                                            tip="Open the office's records on a PostgreSQL "
                                                "server, shared by several desks")
        self.act_import = self._action("&Import archive…", self.import_archive,
                                       tip="Add the records of an msmedesk archive")
        self.act_export = self._action("&Export archive…", self.export_archive,
                                       tip="Write every record to an archive file")
        self.act_backup = self._action("&Back up…", self.back_up,
                                       tip="Save a copy of the data file")
        self.act_restore = self._action("&Restore from backup…", self.restore_from_backup,
                                        tip="Put one of the automatic backups in place of "
                                            "the data file")
        self.act_settings = self._action("Se&ttings…", self.open_settings, key.Preferences,
                                         "Where backups go; back up now")
        self.act_print_list = self._action("&Print list…", lambda: self._list_out("print_list"),
                                           key.Print, "Print the list shown, as it is "
                                           "searched, filtered and sorted")
        self.act_export_list = self._action("Export &list…", lambda: self._list_out("export_list"),
                                            tip="Write the list shown to an Excel or CSV file")
        self.act_copy_rows = self._action("&Copy rows", lambda: self._list_out("copy_rows"),
                                          key.Copy, "Copy the selected rows with their headings")
        self.act_copy_details = self._action("Copy record deta&ils",
                                             lambda: self._list_out("copy_details"),
                                             "Ctrl+Shift+C", "Copy the selected record's details")

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self._build_file_actions()
        self.act_quit = self._action("&Quit", self.close, "Ctrl+Q")
        self.act_new = self._action("&New record…", lambda: self._on_tab("new_record"),
                                    "Ctrl+N", "Add a record to the list shown")
        self.act_edit = self._action("&Edit record…", lambda: self._on_tab("edit_selected"),
                                     ["Ctrl+E", "F2"], "Change the selected record")
        self.act_delete = self._action("&Delete record…", lambda: self._on_tab("delete_selected"),
                                       key.Delete, "Delete the selected record")
        self.act_undo = self._action("&Undo", lambda: self.history and self.history.undo(),
                                     "Ctrl+Z")
        self.act_redo = self._action("&Redo", lambda: self.history and self.history.redo(),
                                     ["Ctrl+Shift+Z", "Ctrl+Y"])
        self.act_recent = self._action("Recent c&hanges…", self.recent_changes,
                                       tip="Who changed what, newest first; bring back a "
                                           "deleted record")
        self.act_find = self._action("&Find", lambda: self._on_tab("focus_search"), key.Find,
                                     "Put the cursor in the search field")
        self.act_find_all = self._action("Find in &all records…", self.find_anywhere,
                                         "Ctrl+K", "Search every list at once")
        self.act_group = self._action("&Group profile…", self.edit_group,
                                      tip="The Group's name, establishment and Coordinators")
        self.act_details = self._action("Show the &details panel", self._toggle_details, "F9")
        self.act_details.setCheckable(True)
        self.act_details.setChecked(True)
        self.act_refresh = self._action("&Refresh", self.refresh_all, key.Refresh,
                                        "Read the records again from the data file")
        self.act_next_tab = self._action("&Next tab", lambda: self._step_tab(1),
                                         ["Ctrl+Tab", "Ctrl+PgDown"])
        self.act_prev_tab = self._action("&Previous tab", lambda: self._step_tab(-1),
                                         ["Ctrl+Shift+Tab", "Ctrl+Shift+Backtab", "Ctrl+PgUp"])
        self.act_about = self._action("&About msmedesk", self.about)
        self.act_guide = self._action("&User guide", self.show_guide, "F1",
                                      "How to enter records, type dates, search, make the "
                                      "draft, back up and restore")

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.act_new_file, self.act_open, self.act_open_server])
        self.recent_menu = file.addMenu("Open recen&t")  # R is Restore
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addActions([self.act_import, self.act_export, self.act_backup,
                         self.act_restore])
        file.addSeparator()
        file.addActions([self.act_print_list, self.act_export_list])
        file.addSeparator()
        file.addAction(self.act_quit)

        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_new, self.act_edit, self.act_delete])
        edit.addSeparator()
        edit.addActions([self.act_undo, self.act_redo, self.act_recent])
        edit.addSeparator()
        edit.addActions([self.act_copy_rows, self.act_copy_details])
        edit.addSeparator()
        edit.addActions([self.act_find, self.act_find_all])
        edit.addSeparator()
        edit.addAction(self.act_group)
        edit.addSeparator()
        edit.addAction(self.act_settings)

        view = bar.addMenu("&View")
        view.addActions([self.act_details, self.act_refresh])
        view.addSeparator()
        view.addActions([self.act_next_tab, self.act_prev_tab])

        self.saved_menu = bar.addMenu("S&aved searches")
        self.saved_menu.aboutToShow.connect(self._fill_saved_menu)

        self.report_menu = bar.addMenu("&Report")
        self.report_menu.aboutToShow.connect(self._install_report_menu)

        help_menu = bar.addMenu("&Help")
        help_menu.addActions([self.act_guide, self.act_about])

    def show_guide(self) -> None:
        """Help > User guide (F1): the guide beside the records, one window of it."""
        from msmedesk.ui.help import show_guide

        self.guide = show_guide(self, getattr(self, "guide", None))

    def _fill_saved_menu(self) -> None:
        from msmedesk.ui.saved_menu import fill_saved_menu  # (loaded when first opened)

        fill_saved_menu(self.saved_menu, self)

    def _list_out(self, what: str) -> None:
        """Print, export or copy the current tab's list (ui/list_output.py)."""
        tab = self.current_tab()
        if tab is None or self.is_showing_empty_state():
            return
        if what == "copy_rows":
            tab.table.copy_rows()
            return
        from msmedesk.ui import list_output  # loaded when first used, not at start

        if what == "copy_details":
            list_output.copy_details(tab)
        elif what == "print_list":
            list_output.print_list(self, tab)
        else:
            list_output.export_list(self, tab)

    def find_anywhere(self) -> None:
        """Open Find anywhere (Ctrl+K), one search over every record type."""
        if self.backend is None:
            return
        if self.find_dialog is not None and self.find_dialog.source is not self.backend:
            self.find_dialog.close()  # another data file is open: its results are not these
            self.find_dialog.deleteLater()
            self.find_dialog = None
        if self.find_dialog is None:
            from msmedesk.ui.find_dialog import HITS_PER_TYPE, FindDialog

            def find(text: str) -> Any:
                assert self.backend is not None  # (no backend: the action is disabled)
                return self.backend.services.find(text, limit=HITS_PER_TYPE)

            self.find_dialog = FindDialog(find, self)
            self.find_dialog.source = self.backend
            self.find_dialog.chosen.connect(self.go_to_record)
            from msmedesk.ui.saved_searches import install_find_panel

            install_find_panel(self.find_dialog, self.backend.services.saved_searches,
                               self.prompts)
        self.find_dialog.open_again()

    def recent_changes(self) -> Any:
        """Edit > Recent changes…: the office's latest changes; Bring back a deleted record."""
        if self.backend is None:
            return None
        from msmedesk.ui.recent_changes import RecentChanges  # loaded when first opened

        def brought_back(found: Any) -> None:
            for tab in self.record_tabs.values():
                tab.stale = True
            self.go_to_record(found.kind, found.record_id)

        old = getattr(self, "recent_dialog", None)
        if old is not None:  # (perhaps of another data file): a fresh one, read now
            old.close()
            old.deleteLater()
        dialog = RecentChanges(self.backend.services.history, self.prompts, self.go_to_record,
                               brought_back, writable=not self.backend.readonly, parent=self)
        self.recent_dialog = dialog
        # Beside the window, not modal: "Show the record" shows it in the list behind.
        dialog.show()
        dialog.raise_()
        return dialog

    def _install_report_menu(self) -> None:
        if self.backend is None or self._report_for is self.backend:
            return
        self._report_for = self.backend
        menu: QMenu = self.report_menu
        menu.clear()
        try:
            # Loaded after the first paint (app.py: the window paints before its parts load).
            from msmedesk.ui.report_actions import install_report_menu
        except ImportError:
            log.info("the Report menu is not available", exc_info=True)
            menu.addAction("Report (not available)").setEnabled(False)
            return
        try:
            install_report_menu(menu, self, self.backend.services, self.backend.write_refusal)
        except Exception:  # a broken report must not keep the records from opening
            log.exception("the Report menu could not be set up")
            menu.clear()
            menu.addAction("Report (not available)").setEnabled(False)

    def _update_actions(self, *_args: object) -> None:
        if self.backend is None or self.history is None:  # opening: only Quit and About
            for action in self.actions():
                action.setEnabled(action in (self.act_quit, self.act_about, self.act_guide))
            return
        for action in self.actions():
            action.setEnabled(True)
        records = not self.is_showing_empty_state() and self.current_tab() is not None
        writable = not self.backend.readonly
        for action in (self.act_find, self.act_print_list, self.act_export_list,
                       self.act_copy_rows, self.act_copy_details):
            action.setEnabled(records)
        for action in (self.act_new, self.act_edit, self.act_delete):
            action.setEnabled(records and writable)
        for action in (self.act_import, self.act_restore, self.act_group):
            action.setEnabled(writable)
        stack = self.history.stack
        self.act_undo.setEnabled(stack.canUndo() and writable)
        self.act_redo.setEnabled(stack.canRedo() and writable)
        self.act_undo.setText(f"&Undo {stack.undoText()}" if stack.canUndo() else "&Undo")
        self.act_redo.setText(f"&Redo {stack.redoText()}" if stack.canRedo() else "&Redo")
