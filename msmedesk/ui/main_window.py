"""The main window: tabs of records, menus, the empty-data-file page and remembered settings.

The window is given a ``Backend`` (the services of one data file and the file actions
that app.py wired) and an ``Opener`` for File > New and File > Open; it never opens a
file, an archive or a database itself.

At start-up app.py shows the window before it opens the data file (``MainWindow(None,
…)``, then ``attach``), so that staff see it at once. This module therefore imports only
Qt and light modules at its top; the record tabs, forms and dialogs are imported when a
data file is attached or a dialog opens (each ``import`` after Qt's costs more, because
PySide6 reads the source of every module imported after it); even ``Qt`` itself, the
namespace of Qt's enums, is imported where it is used, since it costs about 45 ms.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QMainWindow,
    QMenu,
    QPushButton,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from msmedesk import __version__

from msmedesk.ui.backend import ActionFailed, Backend, Damage, FileDamaged, Opener
from msmedesk.ui.first_paint import after_first_paint
from msmedesk.ui.prompts import Prompts

if TYPE_CHECKING:  # hints only: imported when a data file is attached
    from collections.abc import Callable

    from msmedesk.ui.commands import UndoHistory
    from msmedesk.ui.record_tab import RecordTab

log = logging.getLogger(__name__)

MAX_RECENT = 8
DATA_FILTER = "msmedesk data files (*.sqlite *.db *.msmedesk);;All files (*)"
ARCHIVE_FILTER = "msmedesk archives (*.json);;All files (*)"
#: The tabs shown while the data file opens: the titles of ui.kinds' MAIN_KINDS, then
#: Reference (tests/ui/test_main_window.py checks that they agree).
OPENING_TABS = ("Meetings", "Members", "Proposals", "Outreach", "Package", "Reference")
#: How often the window backs up while the records are being changed (Anki's periodic
#: backups are the model): every 30 minutes.
BACKUP_INTERVAL_MS = 30 * 60 * 1000


class EmptyState(QWidget):
    """What a new, empty data file shows: load the sample, import an archive, or start."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        # Loading the Qt namespace takes PySide6 about 45 ms: not before the first paint.
        from PySide6.QtCore import Qt

        super().__init__(parent)
        heading = QLabel("<h2>This data file holds no records yet</h2>")
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where = QLabel(f"{html.escape(str(path))}")
        where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setAccessibleName("Data file")
        explain = QLabel("To see how msmedesk works, load the records of 2024 from the Group's "
                         "annual report. To carry on from another computer, import an archive "
                         "that msmedesk exported there. Or start entering records yourself.")
        explain.setWordWrap(True)
        explain.setAlignment(Qt.AlignmentFlag.AlignCenter)
        explain.setFixedWidth(560)
        # A centred, wrapped label gets no height for its width from the layout: give it.
        explain.setMinimumHeight(explain.heightForWidth(560))
        self.sample_button = QPushButton("&Load the 2024 sample records")
        self.import_button = QPushButton("&Import an archive…")
        self.start_button = QPushButton("&Start entering records")
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addSpacing(12)
        layout.addWidget(explain, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(18)
        for button in (self.sample_button, self.import_button, self.start_button):
            button.setMinimumWidth(300)
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
            layout.addWidget(button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)
        self.sample_button.setDefault(True)


class _TabPage(QWidget):
    """A record type's page in the tabs; its RecordTab is put in when first needed."""

    def __init__(self, kind: Any):
        super().__init__()
        self.kind = kind
        QVBoxLayout(self).setContentsMargins(0, 0, 0, 0)


class _RecordTabs(dict[str, "RecordTab"]):
    """The record tabs by record type; looking up one not yet built builds it.

    Only the tab in front is built when a data file opens (each costs a few milliseconds
    and megabytes); ``values()`` are the tabs built so far.
    """

    def __init__(self, build: Callable[[str], RecordTab]):
        super().__init__()
        self._build = build

    def __missing__(self, name: str) -> RecordTab:
        tab = self._build(name)
        self[name] = tab
        return tab


class MainWindow(QMainWindow):
    """The msmedesk window on one data file at a time.

    ``backend`` may be None: the window then shows its tabs empty with "Opening …" until
    ``attach`` gives it the data file (app.py paints the window first, see the module).

    Attributes:
        backend: the open data file's services and file actions (None while opening).
        prompts: every question and message (tests replace its methods).
        history: the session's undo stack (None while opening).
        record_tabs: the record tabs by record type ("meetings", ...), each built when
            first shown or looked up here.
        tabs: the main tabs; ``reference`` holds Organizations and Documents.
    """

    #: a sentence for the user from work in the background (emitted from any thread)
    notice = Signal(str)
    #: the background backup found the data file damaged (a ``Damage``; any thread)
    damage_found = Signal(object)
    #: a background backup finished (any thread)
    backup_made = Signal()
    #: a change to the records was committed (any thread)
    records_changed = Signal()

    def __init__(self, backend: Backend | None, opener: Opener, settings: QSettings,
                 prompts: Prompts | None = None, *, path: Path | None = None,
                 backup_interval_ms: int = BACKUP_INTERVAL_MS):
        super().__init__()
        self.prompts = prompts or Prompts()
        self.history: UndoHistory | None = None
        self._opener = opener
        self._settings = settings
        self._report_for: Any = None
        self.backend: Backend | None = None
        self.record_tabs: dict[str, RecordTab] = {}
        self._pages: dict[str, _TabPage] = {}
        self.tabs = QTabWidget()
        self.reference = QTabWidget()
        self.empty_state: EmptyState | None = None

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.status_label = QLabel()
        self.status_label.setAccessibleName("Records shown")
        self.statusBar().addWidget(self.status_label, 1)
        self.mode_label = QLabel()
        self.mode_label.setAccessibleName("Read-only")
        self.mode_label.setStyleSheet("color: #9a3412; font-weight: bold;")
        self.statusBar().addPermanentWidget(self.mode_label)
        self.backup_label = QLabel()
        self.backup_label.setAccessibleName("Last backup")
        self.statusBar().addPermanentWidget(self.backup_label)
        self._damage_offered = False
        self._watching: Backend | None = None
        self._saving_on_close = False
        # Every 30 minutes: a backup when the records changed since the newest one.
        self.backup_timer = QTimer(self)
        self.backup_timer.setInterval(backup_interval_ms)
        self.backup_timer.timeout.connect(self.periodic_backup)
        self._build_actions()
        self._build_menus()
        self.notice.connect(lambda text: self.prompts.error(self, "msmedesk", text))
        self.damage_found.connect(self.offer_damage)
        self.backup_made.connect(self._show_last_backup)
        self.records_changed.connect(self._show_last_backup)
        self._restore_geometry()
        if backend is not None:
            self.attach(backend)
        else:
            self._show_opening(path)

    def attach(self, backend: Backend) -> None:
        """Show the records of the data file the window was opened for."""
        self._attach(backend, show_front=False)  # _restore_view brings the last tab
        self._restore_view()
        # The Report menu loads its module after the window is up (it may bring in Word).
        QTimer.singleShot(0, self, self._install_report_menu)

    def after_first_paint(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once the window is on screen (at the latest after a second)."""
        # A window that is never painted (started minimized) must still open its file.
        after_first_paint(self, callback, at_latest_ms=1000)

    def _show_opening(self, path: Path | None) -> None:
        """The window while its data file opens: the tabs, empty, and "Opening …"."""
        opening = QTabWidget()
        opening.setDocumentMode(True)
        opening.setAccessibleName("Record types")
        for title in OPENING_TABS:
            opening.addTab(QWidget(), title)
        index = _int(self._settings.value("window/tab", 0))
        if 0 <= index < opening.count():
            opening.setCurrentIndex(index)
        self.stack.addWidget(opening)
        name = path.name if path is not None else "the data file"
        self.setWindowTitle(f"{name} — msmedesk")
        self.status_label.setText(f"Opening {name}…")
        self._update_actions()

    def _wire_history(self) -> UndoHistory:
        from msmedesk.ui.commands import UndoHistory

        history = UndoHistory(self)
        history.changed.connect(self._on_changed)
        history.failed.connect(lambda text: self.prompts.error(self, "Undo", text))
        history.stack.canUndoChanged.connect(self._update_actions)
        history.stack.canRedoChanged.connect(self._update_actions)
        history.stack.undoTextChanged.connect(self._update_actions)
        history.stack.redoTextChanged.connect(self._update_actions)
        return history

    # ------------------------------------------------------------ actions and menus

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

    def _build_actions(self) -> None:
        key = QKeySequence.StandardKey
        self.act_new_file = self._action("&New data file…", self.new_data_file,
                                         tip="Create an empty data file and open it")
        self.act_open = self._action("&Open…", self.open_data_file, key.Open,
                                     tip="Open another data file")
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
        self.act_find = self._action("&Find", lambda: self._on_tab("focus_search"), key.Find,
                                     "Put the cursor in the search field")
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

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu("&File")
        file.addActions([self.act_new_file, self.act_open])
        self.recent_menu = file.addMenu("Open recen&t")  # R is Restore
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file.addSeparator()
        file.addActions([self.act_import, self.act_export, self.act_backup,
                         self.act_restore])
        file.addSeparator()
        file.addAction(self.act_quit)

        edit = bar.addMenu("&Edit")
        edit.addActions([self.act_new, self.act_edit, self.act_delete])
        edit.addSeparator()
        edit.addActions([self.act_undo, self.act_redo])
        edit.addSeparator()
        edit.addAction(self.act_find)
        edit.addSeparator()
        edit.addAction(self.act_group)
        edit.addSeparator()
        edit.addAction(self.act_settings)

        view = bar.addMenu("&View")
        view.addActions([self.act_details, self.act_refresh])
        view.addSeparator()
        view.addActions([self.act_next_tab, self.act_prev_tab])

        self.report_menu = bar.addMenu("&Report")
        self.report_menu.aboutToShow.connect(self._install_report_menu)

        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.act_about)

    def _install_report_menu(self) -> None:
        if self.backend is None or self._report_for is self.backend:
            return
        self._report_for = self.backend
        menu: QMenu = self.report_menu
        menu.clear()
        try:
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

    # ------------------------------------------------------------ the data file's pages

    def _attach(self, backend: Backend, show_front: bool = True) -> None:
        """Show the records of ``backend`` (fresh tabs, each built when first shown)."""
        from msmedesk.ui.kinds import MAIN_KINDS, REFERENCE_KINDS

        self.backend = backend
        self._damage_offered = False
        if self.history is None:
            self.history = self._wire_history()
        self.history.clear()
        for i in reversed(range(self.stack.count())):
            page = self.stack.widget(i)
            assert page is not None  # (i is below count())
            self.stack.removeWidget(page)
            page.deleteLater()

        self.record_tabs = _RecordTabs(self._build_tab)
        self._pages = {}
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setAccessibleName("Record types")
        self.reference = QTabWidget()
        self.reference.setAccessibleName("Reference records")
        for kind in MAIN_KINDS + REFERENCE_KINDS:
            page = _TabPage(kind)
            self._pages[kind.name] = page
            if kind in MAIN_KINDS:
                self.tabs.addTab(page, kind.title)
            else:
                self.reference.addTab(page, kind.title)
        self.tabs.addTab(self.reference, "Reference")
        self.tabs.setTabToolTip(self.tabs.count() - 1, "Organizations and documents")
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.reference.currentChanged.connect(self._on_tab_changed)

        self.stack.addWidget(self.tabs)
        self.empty_state = None
        if backend.services.is_empty():
            self.empty_state = EmptyState(backend.path)
            self.empty_state.sample_button.clicked.connect(self.load_sample)
            self.empty_state.import_button.clicked.connect(self.import_archive)
            self.empty_state.start_button.clicked.connect(self.show_records)
            self.empty_state.sample_button.setEnabled(not backend.readonly)
            self.empty_state.import_button.setEnabled(not backend.readonly)
            self.stack.addWidget(self.empty_state)
            self.stack.setCurrentWidget(self.empty_state)
            self.status_label.setText("The data file is empty")
        else:
            self.stack.setCurrentWidget(self.tabs)
        read_only = " (read-only)" if backend.readonly else ""
        self.setWindowTitle(f"{backend.path.name}{read_only} — msmedesk")
        self.setWindowFilePath(str(backend.path))
        self.mode_label.setText("Read-only: nothing can be changed" if backend.readonly else "")
        self.mode_label.setVisible(backend.readonly)
        self.mode_label.setToolTip(
            "Another msmedesk holds this data file open for changes; close it there and "
            "open the file again to make changes." if backend.readonly else "")
        self._remember_recent(backend.path)
        self._show_last_backup()
        if show_front:
            self._on_tab_changed()
        else:
            self._update_actions()
        backend.start_background(self.notice.emit, self.damage_found.emit,
                                 self.backup_made.emit)
        if backend is not self._watching:  # attached again after a restore: once is enough
            self._watching = backend
            backend.watch_changes(self.records_changed.emit)
        if backend.readonly:
            self.backup_timer.stop()
        else:
            self.backup_timer.start()

    def _build_tab(self, name: str) -> RecordTab:
        """The record tab of ``name``, built into its page (the first time it is needed)."""
        from msmedesk.ui.choices import ServiceChoices
        from msmedesk.ui.membership import MembershipPanel
        from msmedesk.ui.record_tab import RecordTab

        assert self.backend is not None and self.history is not None
        page = self._pages[name]
        services = self.backend.services

        def choices() -> ServiceChoices:
            return ServiceChoices(services)

        extra = MembershipPanel(services.members) if name == "members" else None
        tab = RecordTab(page.kind, getattr(services, name), self.history, self.prompts,
                        choices, extra)
        tab.status_changed.connect(lambda text, tab=tab: self._on_status(tab, text))
        tab.restore_state(self._settings)
        tab.set_details_visible(self.act_details.isChecked())
        tab.set_read_only(self.backend.readonly)
        layout = page.layout()
        assert layout is not None  # (a _TabPage is made with its layout)
        layout.addWidget(tab)
        tab.show()  # added to a page on screen: shown now, not on the next event loop
        return tab

    def _show_last_backup(self) -> None:
        from msmedesk.ui.safety_dialogs import last_backup_text

        if self.backend is None or self._saving_on_close:
            return
        self.backup_label.setText(last_backup_text(self.backend))
        self.backup_label.setToolTip(
            f"Backups go to {self.backend.backup_dir}. msmedesk backs the data file up at "
            "the first opening of a day, every 30 minutes while you make changes and when "
            "you close it after changes.")

    def periodic_backup(self) -> bool:
        """The backup timer's handler: back up in the background if the records changed.

        Returns whether a backup was started (none when nothing changed since the newest
        backup, or one is being made).
        """
        if self.backend is None or self.backend.readonly:
            return False
        started = self.backend.periodic_backup(self.notice.emit, self.damage_found.emit,
                                               self.backup_made.emit)
        if started:
            self._show_last_backup()  # "Saving a backup…" until it is done
        return started

    def _back_up_before_closing(self) -> None:
        """The backup on close, when the records changed: the window keeps painting
        "Saving a backup…" meanwhile; a failure is told, and the window closes anyway."""
        from PySide6.QtCore import QCoreApplication

        from msmedesk.ui.backup_status import SAVING, wait_while_painting

        self.backup_timer.stop()
        backend = self.backend
        if backend is None or backend.readonly:
            return
        status = backend.backup_status()
        if not (status.changed or status.saving):  # a periodic one running is waited for
            return
        self._saving_on_close = True
        self.backup_label.setText(SAVING)
        # Nothing can be changed meanwhile: what is being saved is what the file holds.
        self.stack.setEnabled(False)  # (the central widget)
        self.menuBar().setEnabled(False)
        try:
            failure = wait_while_painting(backend.back_up_on_close,
                                          QCoreApplication.processEvents)
        except Exception as exc:  # the window closes whatever happened to the backup
            log.exception("the backup on closing failed")
            failure = f"No backup of {backend.path.name} was made on closing ({exc})."
        finally:
            self._saving_on_close = False
            self.stack.setEnabled(True)
            self.menuBar().setEnabled(True)
        if failure:  # logged where it failed
            self.prompts.error(self, "The backup on closing was not made", failure)

    def is_showing_empty_state(self) -> bool:
        """Whether the empty-data-file page is showing."""
        return self.stack.currentWidget() is self.empty_state

    def show_records(self) -> None:
        """Leave the empty-data-file page for the tabs."""
        self.stack.setCurrentWidget(self.tabs)
        self._on_tab_changed()
        tab = self.current_tab()
        if tab is not None:
            tab.table.setFocus()

    # ------------------------------------------------------------ tabs

    def current_tab(self) -> RecordTab | None:
        """The record tab in front (inside Reference, its sub-tab)."""
        widget = self.tabs.currentWidget()
        if widget is self.reference:
            widget = self.reference.currentWidget()
        if not isinstance(widget, _TabPage) or self._pages.get(widget.kind.name) is not widget:
            return None
        return self.record_tabs[widget.kind.name]

    def show_tab(self, name: str) -> RecordTab:
        """Bring a record type's tab to the front."""
        page = self._pages[name]
        if self.reference.indexOf(page) >= 0:
            self.reference.setCurrentWidget(page)
            self.tabs.setCurrentWidget(self.reference)
        else:
            self.tabs.setCurrentWidget(page)
        tab = self.record_tabs[name]
        if tab.stale:  # the empty state is in front: the tabs change without a signal
            tab.refresh()
        return tab

    def _step_tab(self, step: int) -> None:
        """Next or previous list, through Reference's Organizations and Documents too."""
        if self.is_showing_empty_state():
            return
        stops = [(i, -1) for i in range(self.tabs.count()) if self.tabs.widget(i)
                 is not self.reference]
        at = self.tabs.indexOf(self.reference)
        stops[at:at] = [(at, j) for j in range(self.reference.count())]
        here = (self.tabs.currentIndex(), self.reference.currentIndex()
                if self.tabs.currentWidget() is self.reference else -1)
        main, sub = stops[(stops.index(here) + step) % len(stops)]
        if sub >= 0:
            self.reference.setCurrentIndex(sub)
        self.tabs.setCurrentIndex(main)

    def _on_tab(self, method: str) -> None:
        tab = self.current_tab()
        if tab is not None and not self.is_showing_empty_state():
            getattr(tab, method)()

    def _on_tab_changed(self, _index: int = 0) -> None:
        tab = self.current_tab()
        if tab is not None and tab.stale:
            tab.refresh()
        if tab is not None and not self.is_showing_empty_state():
            tab.ensure_selection()
            self.status_label.setText(tab.status_text())
        self._update_actions()

    def _on_status(self, tab: RecordTab, text: str) -> None:
        if tab is self.current_tab() and not self.is_showing_empty_state():
            self.status_label.setText(text)

    def _on_changed(self, kind_name: str, record_id: int | None) -> None:
        """Records changed: read the changed type again now, the others when next shown."""
        for tab in self.record_tabs.values():
            tab.stale = True
        if self.is_showing_empty_state():
            self.show_records()
        tab = self.show_tab(kind_name)
        if tab.stale:
            tab.refresh()
        if record_id is not None:
            tab.select_id(record_id)

    def refresh_all(self) -> None:
        """Read every tab again (View > Refresh)."""
        for tab in self.record_tabs.values():
            tab.stale = True
        self._on_tab_changed()

    def _toggle_details(self) -> None:
        for tab in self.record_tabs.values():
            tab.set_details_visible(self.act_details.isChecked())

    def _update_actions(self, *_args: object) -> None:
        if self.backend is None or self.history is None:  # opening: only Quit and About
            for action in self.actions():
                action.setEnabled(action in (self.act_quit, self.act_about))
            return
        for action in self.actions():
            action.setEnabled(True)
        records = not self.is_showing_empty_state() and self.current_tab() is not None
        writable = not self.backend.readonly
        self.act_find.setEnabled(records)
        for action in (self.act_new, self.act_edit, self.act_delete):
            action.setEnabled(records and writable)
        for action in (self.act_import, self.act_restore, self.act_group):
            action.setEnabled(writable)
        stack = self.history.stack
        self.act_undo.setEnabled(stack.canUndo() and writable)
        self.act_redo.setEnabled(stack.canRedo() and writable)
        self.act_undo.setText(f"&Undo {stack.undoText()}" if stack.canUndo() else "&Undo")
        self.act_redo.setText(f"&Redo {stack.redoText()}" if stack.canRedo() else "&Redo")

    # ------------------------------------------------------------ file actions

    def _switch_to(self, path: Path, create: bool) -> bool:
        assert self.backend is not None  # (only offered with a data file open)
        from msmedesk.ui.safety_dialogs import open_with_choices, saved_backup_folder

        if path.resolve() == self.backend.path.resolve():
            return True
        backend = open_with_choices(self._opener, path, create, self.prompts, self,
                                    saved_backup_folder(self._settings))
        if backend is None:
            return False
        self._replace_backend(backend)
        return True

    def _replace_backend(self, backend: Backend) -> None:
        assert self.backend is not None  # (only offered with a data file open)
        self._save_tabs()
        old = self.backend
        self._attach(backend)
        old.close()
        self._install_report_menu()

    def new_data_file(self) -> None:
        """File > New data file: create an empty file and open it."""
        assert self.backend is not None  # (only offered with a data file open)
        suggested = self.backend.path.parent / "new-records.sqlite"
        path = self.prompts.save_path(self, "New data file", suggested, DATA_FILTER)
        if path is None:
            return
        if path.exists():
            self.prompts.error(self, "New data file",
                               f"{path} already exists. Choose another name, or open it with "
                               "File > Open.")
            return
        self._switch_to(path, True)

    def open_data_file(self, path: Path | None = None) -> None:
        """File > Open: open another data file."""
        assert self.backend is not None  # (only offered with a data file open)
        if path is None:
            path = self.prompts.open_path(self, "Open a data file", self.backend.path.parent,
                                          DATA_FILTER)
        if path is None:
            return
        if not path.exists():
            self.prompts.error(self, "Cannot open the data file", f"There is no file at {path}.")
            self._forget_recent(path)
            return
        self._switch_to(path, False)

    def load_sample(self) -> None:
        """Load the 2024 sample records into the empty data file."""
        assert self.backend is not None  # (only offered with a data file open)
        with self.prompts.progress(self, "Loading the 2024 sample records…") as progress:
            try:
                summary = self.backend.load_sample(progress)
            except ActionFailed as exc:
                self.prompts.error(self, "Cannot load the sample records", str(exc))
                return
        if summary is None:
            return
        self._after_bulk_change()

    def import_archive(self) -> None:
        """File > Import archive: add an archive's records, all or nothing."""
        assert self.backend is not None  # (only offered with a data file open)
        path = self.prompts.open_path(self, "Import an archive", Path.home(), ARCHIVE_FILTER)
        if path is None:
            return
        with self.prompts.progress(self, f"Importing {path.name}…") as progress:
            try:
                summary = self.backend.import_archive(path, progress)
            except ActionFailed as exc:
                self.prompts.error(self, "Import failed", f"{exc}\n\nNothing was imported.")
                return
        if summary is None:
            self.prompts.inform(self, "Import cancelled", "Nothing was imported.")
            return
        self._after_bulk_change()
        self.prompts.inform(self, "Import finished", summary)

    def export_archive(self) -> None:
        """File > Export archive: write every record to an archive file."""
        assert self.backend is not None  # (only offered with a data file open)
        suggested = (Path.home()
                     / f"{self.backend.path.stem}-archive-{date.today().isoformat()}.json")
        path = self.prompts.save_path(self, "Export an archive", suggested, ARCHIVE_FILTER)
        if path is None:
            return
        with self.prompts.progress(self, f"Writing {path.name}…") as progress:
            try:
                summary = self.backend.export_archive(path, progress)
            except ActionFailed as exc:
                self.prompts.error(self, "Export failed", str(exc))
                return
        if summary is None:
            self.prompts.inform(self, "Export cancelled", f"{path.name} was not written.")
            return
        self.prompts.inform(self, "Export finished", summary)

    def back_up(self) -> None:
        """File > Back up: save a copy of the data file."""
        assert self.backend is not None  # (only offered with a data file open)
        suggested = (self.backend.backup_dir
                     / f"{self.backend.path.stem}-{date.today().isoformat()}.sqlite")
        path = self.prompts.save_path(self, "Back up the data file", suggested, DATA_FILTER)
        if path is None:
            return
        try:
            summary = self.backend.back_up(path)
        except ActionFailed as exc:
            self.prompts.error(self, "Back-up failed", str(exc))
            return
        self.prompts.inform(self, "Back-up finished", summary)

    # ------------------------------------------------------------ keeping the records safe

    def restore_from_backup(self) -> None:
        """File > Restore from backup: put a chosen backup in place of the data file."""
        assert self.backend is not None  # (only offered with a data file open)
        if self.backend.readonly:
            return
        try:
            backups = self.backend.list_backups()
        except ActionFailed as exc:
            self.prompts.error(self, "Restore from backup", str(exc))
            return
        from msmedesk.ui.safety_dialogs import RestoreDialog, describe_when

        if not backups:
            self.prompts.inform(self, "Restore from backup",
                                f"There are no backups of {self.backend.path.name} in "
                                f"{self.backend.backup_dir} yet.")
            return
        dialog = RestoreDialog(self, self.backend, backups)
        self.prompts.run_dialog(dialog)
        chosen = dialog.selected() if dialog.result() else None
        if chosen is None:
            return
        question = (f"Replace every record in {self.backend.path.name} with the records of "
                    f"the backup made {describe_when(chosen.made)}?\n\n"
                    "Changes made since then will no longer be in the data file. The records "
                    "as they are now are saved as a backup first (\"before a restore\"), so "
                    "you can go back to them the same way.")
        if not self.prompts.ask(self, "Restore from backup", question, yes="Restore"):
            return
        summary = self._restore(chosen.path)
        if summary is not None:
            self.prompts.inform(self, "Restore finished", summary)

    def _restore(self, backup: Path) -> str | None:
        """Restore ``backup`` over the open file, then show the restored records."""
        assert self.backend is not None  # (only offered with a data file open)
        self._save_tabs()
        failure = None
        try:
            summary = self.backend.restore_backup(backup)
        except ActionFailed as exc:
            failure = str(exc)
        # The services are new either way (on the restored file, or on the file as it was).
        self._report_for = None
        self._attach(self.backend)
        self._install_report_menu()
        if failure is not None:
            self.prompts.error(self, "The backup was not restored", failure)
            return None
        return summary

    def offer_damage(self, damage: Damage) -> None:
        """The data file was found damaged: say what is wrong and offer the newest backup."""
        from msmedesk.ui.safety_dialogs import READ_ONLY, RESCUE, RESTORE, ask_damaged

        if self.backend is None or self._damage_offered or damage.path != self.backend.path:
            return
        self._damage_offered = True
        answer = ask_damaged(self.prompts, self, damage,
                             can_restore=not self.backend.readonly)
        if answer == RESTORE and damage.newest is not None:
            summary = self._restore(damage.newest[0])
            if summary is not None:
                self.prompts.inform(self, "Restore finished", summary)
        elif answer == READ_ONLY and not self.backend.readonly:
            self.reopen_read_only()
        elif answer == RESCUE:
            from msmedesk.ui.safety_dialogs import rescue_damaged

            rescued = rescue_damaged(self.prompts, self, damage)
            if rescued is not None:
                self._switch_to(rescued, False)

    def handle_failure(self, exc: BaseException) -> bool:
        """A query failed: if the file is damaged, say so and offer a backup (True)."""
        if self.backend is None:
            return False
        try:
            damage = self.backend.diagnose(exc)
        except Exception:  # the diagnosis must not hide the failure itself
            log.exception("diagnosing a failure")
            return False
        if damage is None:
            return False
        self.offer_damage(damage)
        return True

    def reopen_read_only(self) -> None:
        """Give up the write lock and show the same data file read-only."""
        assert self.backend is not None  # (only offered with a data file open)
        from msmedesk.ui.safety_dialogs import saved_backup_folder

        path = self.backend.path
        self._save_tabs()
        old = self.backend
        old.close()
        try:
            backend = self._opener(path, False, read_only=True,
                                   backup_folder=saved_backup_folder(self._settings))
        except (ActionFailed, FileDamaged) as exc:
            self.prompts.error(self, "Cannot open the data file", str(exc))
            backend = self._opener(path, False, backup_folder=saved_backup_folder(self._settings))
        self._report_for = None
        self._attach(backend)
        self._install_report_menu()

    def open_settings(self) -> None:
        """Edit > Settings: where backups go, and Back up now."""
        assert self.backend is not None  # (only offered with a data file open)
        from msmedesk.ui.safety_dialogs import (
            BACKUP_FOLDER_KEY,
            SettingsDialog,
            saved_backup_folder,
        )

        dialog = SettingsDialog(self, self.backend, saved_backup_folder(self._settings),
                                self._back_up_now)
        self.prompts.run_dialog(dialog)
        if not dialog.result():
            self._show_last_backup()
            return
        folder = dialog.chosen_folder()
        self._settings.setValue(BACKUP_FOLDER_KEY, str(folder) if folder else "")
        try:
            self.backend.set_backup_dir(folder)
        except ActionFailed as exc:
            self.prompts.error(self, "Settings", str(exc))
        self._show_last_backup()

    def _back_up_now(self, folder: Path | None) -> str:
        assert self.backend is not None  # (only offered with a data file open)
        try:
            return self.backend.back_up_now(folder)
        except FileDamaged as exc:
            self.offer_damage(exc.damage)
            raise

    def _after_bulk_change(self) -> None:
        for tab in self.record_tabs.values():
            tab.stale = True
        self.show_records()

    def edit_group(self) -> None:
        """Edit > Group profile: the Group's own record."""
        assert self.backend is not None  # (only offered with a data file open)
        from msmedesk.ui import forms  # loaded when the first form opens
        from msmedesk.ui.choices import ServiceChoices

        group = self.backend.services.group
        dialog = forms.open_form(self, "group", ServiceChoices(self.backend.services),
                                 group.save, group.get())
        self.prompts.run_dialog(dialog)

    def about(self) -> None:
        """Help > About: version, data file and where backups go."""
        from msmedesk.ui.safety_dialogs import last_backup_text

        esc = html.escape
        if self.backend is None:
            self.prompts.about(self, "About msmedesk", f"<h3>msmedesk {esc(__version__)}</h3>")
            return
        self.prompts.about(
            self, "About msmedesk",
            f"<h3>msmedesk {esc(__version__)}</h3>"
            "<p>Records and annual-report drafts of the office of the Coordinator of the WTO "
            "Informal Working Group on MSMEs.</p>"
            f"<p><b>Data file:</b> {esc(str(self.backend.path))}"
            f"{' (open read-only)' if self.backend.readonly else ''}<br>"
            f"<b>Backups go to:</b> {esc(str(self.backend.backup_dir))}<br>"
            f"<b>{esc(last_backup_text(self.backend))}</b></p>")

    # ------------------------------------------------------------ remembered settings

    def _recent(self) -> list[str]:
        value = self._settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        # QSettings gives a list (or None when the key was saved empty).
        items = value if isinstance(value, Iterable) else []
        return [str(v) for v in items if v]

    def _remember_recent(self, path: Path) -> None:
        text = str(path.resolve())
        recent = [text] + [p for p in self._recent() if p != text]
        self._settings.setValue("recent_files", recent[:MAX_RECENT])

    def _forget_recent(self, path: Path) -> None:
        self._settings.setValue("recent_files",
                                [p for p in self._recent() if p != str(path.resolve())])

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        current = str(self.backend.path.resolve()) if self.backend else ""
        recent = [p for p in self._recent() if p != current]
        for i, text in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{i} {text}")
            action.triggered.connect(lambda _c=False, p=text: self.open_data_file(Path(p)))
        if not recent:
            self.recent_menu.addAction("No other data files yet").setEnabled(False)

    def _restore_geometry(self) -> None:
        geometry = self._settings.value("window/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self._default_geometry()

    def _restore_view(self) -> None:
        details = self._settings.value("view/details", True)
        self.act_details.setChecked(details not in (False, "false", "0", 0))
        self._toggle_details()
        index = _int(self._settings.value("window/tab", 0))
        sub = _int(self._settings.value("window/reference_tab", 0))
        for widget, wanted in ((self.reference, sub), (self.tabs, index)):
            if 0 <= wanted < widget.count():
                widget.blockSignals(True)  # read only the tab that ends up in front
                widget.setCurrentIndex(wanted)
                widget.blockSignals(False)
        self._on_tab_changed()

    def _default_geometry(self) -> None:
        # The first time: most of the screen (the office's laptops are 1366x768), centred.
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is None:
            self.resize(1280, 800)
            return
        room = screen.availableGeometry()
        width, height = min(1400, int(room.width() * 0.94)), min(900, int(room.height() * 0.9))
        self.setGeometry(room.x() + (room.width() - width) // 2,
                         room.y() + (room.height() - height) // 2, width, height)

    def _save_tabs(self) -> None:
        for tab in self.record_tabs.values():
            tab.save_state(self._settings)

    def save_settings(self) -> None:
        """Remember geometry, column widths, the tab in front and the detail panel."""
        self._settings.setValue("window/geometry", self.saveGeometry())
        if self.backend is None:  # closed while opening: the tabs were never shown
            self._settings.sync()
            return
        self._settings.setValue("window/tab", self.tabs.currentIndex())
        self._settings.setValue("window/reference_tab", self.reference.currentIndex())
        self._settings.setValue("view/details", self.act_details.isChecked())
        self._save_tabs()
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving_on_close:  # closed again while the backup on close is being made
            event.ignore()
            return
        from msmedesk.ui.unsaved import close_open_forms

        # Quitting with a form open: it asks before its typing is lost, as Cancel would.
        if not close_open_forms():
            event.ignore()
            return
        self.save_settings()
        if self.backend is not None:
            self._back_up_before_closing()  # before the lock is released
            self.backend.close()
        event.accept()


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0
