"""What the parts of the main window share: its widgets, signals and each other's methods.

Each part (menus, tabs, files, safety, remembered) is a class over ``WindowBase``;
``msmedesk.ui.main_window.MainWindow`` inherits them all and builds the widgets. The
methods one part calls on another are named here for the type checker only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QMainWindow, QMenu, QStackedWidget, QTabWidget

from msmedesk.ui.backend import Backend, Opener, ServerOpener
from msmedesk.ui.prompts import Prompts

if TYPE_CHECKING:  # hints only: imported when a data file is attached
    from msmedesk.ui.commands import UndoHistory
    from msmedesk.ui.find_dialog import FindDialog
    from msmedesk.ui.record_tab import RecordTab
    from msmedesk.ui.window.empty_state import EmptyState
    from msmedesk.ui.window.tabs import _TabPage


class WindowBase(QMainWindow):
    """The main window's state, as its parts see it (MainWindow sets it up)."""

    #: a sentence for the user from work in the background (emitted from any thread)
    notice = Signal(str)
    #: the background backup found the data file damaged (a ``Damage``; any thread)
    damage_found = Signal(object)
    #: a background backup finished (any thread)
    backup_made = Signal()
    #: a change to the records was committed (any thread)
    records_changed = Signal()
    #: another desk committed a change: (the Backend, a ``history.Change``) (any thread)
    others_changed = Signal(object)
    #: the connection that hears other desks was lost or is back: (Backend, bool) (any thread)
    server_link = Signal(object)

    prompts: Prompts
    history: UndoHistory | None
    backend: Backend | None
    record_tabs: dict[str, RecordTab]
    tabs: QTabWidget
    reference: QTabWidget
    empty_state: EmptyState | None
    stack: QStackedWidget
    status_label: QLabel
    mode_label: QLabel
    backup_label: QLabel
    link_label: QLabel
    backup_timer: QTimer
    recent_menu: QMenu
    report_menu: QMenu
    _opener: Opener
    #: opens a server's database (File > Open server…); app.py sets it, None: not offered.
    server_opener: ServerOpener | None = None
    _settings: QSettings
    _report_for: Any
    _pages: dict[str, _TabPage]
    _damage_offered: bool
    _watching: Backend | None
    _saving_on_close: bool

    act_new_file: QAction
    act_open: QAction
    act_import: QAction
    act_export: QAction
    act_backup: QAction
    act_restore: QAction
    act_settings: QAction
    act_quit: QAction
    act_new: QAction
    act_edit: QAction
    act_delete: QAction
    act_undo: QAction
    act_redo: QAction
    act_find: QAction
    act_find_all: QAction
    find_dialog: FindDialog | None
    act_group: QAction
    act_details: QAction
    act_refresh: QAction
    act_next_tab: QAction
    act_prev_tab: QAction
    act_about: QAction

    if TYPE_CHECKING:  # defined by the parts; named here so each part may call the others
        # menus
        def _install_report_menu(self) -> None: ...
        def _update_actions(self, *_args: object) -> None: ...
        # tabs
        def _attach(self, backend: Backend, show_front: bool = True) -> None: ...
        def show_records(self) -> None: ...
        def _after_bulk_change(self) -> None: ...
        def _on_tab(self, method: str) -> None: ...
        def _on_tab_changed(self, _index: int = 0) -> None: ...
        def _step_tab(self, step: int) -> None: ...
        def _toggle_details(self) -> None: ...
        def current_tab(self) -> RecordTab | None: ...
        def go_to_record(self, kind: str, record_id: int) -> bool: ...
        def is_showing_empty_state(self) -> bool: ...
        def refresh_all(self) -> None: ...
        # live
        def _watch_others(self, backend: Backend) -> None: ...
        # files
        def _switch_to(self, path: Path, create: bool) -> bool: ...
        def about(self) -> None: ...
        def back_up(self) -> None: ...
        def edit_group(self) -> bool: ...
        def export_archive(self) -> None: ...
        def import_archive(self) -> None: ...
        def load_sample(self) -> None: ...
        def new_data_file(self) -> None: ...
        def open_data_file(self, path: Path | None = None) -> None: ...
        def open_server(self) -> None: ...
        # safety
        def _back_up_before_closing(self) -> None: ...
        def _show_last_backup(self) -> None: ...
        def open_settings(self) -> None: ...
        def restore_from_backup(self) -> None: ...
        # remembered
        def _fill_recent(self) -> None: ...
        def _forget_recent(self, path: Path) -> None: ...
        def _remember_recent(self, path: Path) -> None: ...
        def _save_tabs(self) -> None: ...
