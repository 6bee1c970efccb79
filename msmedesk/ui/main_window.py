"""The main window: tabs of records, menus, the empty-data-file page and remembered settings.

Its parts live in ``msmedesk.ui.window`` (menus, tabs, files, safety, remembered,
empty_state); ``MainWindow`` joins them and builds the widgets they share.

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

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QLabel, QStackedWidget, QTabWidget

from msmedesk.ui.backend import Backend, Opener
from msmedesk.ui.first_paint import after_first_paint
from msmedesk.ui.prompts import Prompts
from msmedesk.ui.window.empty_state import EmptyState
from msmedesk.ui.window.files import ARCHIVE_FILTER, DATA_FILTER, WindowFiles
from msmedesk.ui.window.live import WindowLive
from msmedesk.ui.window.menus import WindowMenus
from msmedesk.ui.window.remembered import MAX_RECENT, WindowRemembered
from msmedesk.ui.window.safety import WindowSafety
from msmedesk.ui.window.tabs import OPENING_TABS, WindowTabs, _TabPage

if TYPE_CHECKING:  # hints only: imported when a data file is attached
    from collections.abc import Callable

    from msmedesk.ui.commands import UndoHistory
    from msmedesk.ui.record_tab import RecordTab

__all__ = ["ARCHIVE_FILTER", "BACKUP_INTERVAL_MS", "DATA_FILTER", "MAX_RECENT", "OPENING_TABS",
           "EmptyState", "MainWindow"]

#: How often the window backs up while the records are being changed (Anki's periodic
#: backups are the model): every 30 minutes.
BACKUP_INTERVAL_MS = 30 * 60 * 1000


class MainWindow(WindowMenus, WindowTabs, WindowFiles, WindowSafety,
                 WindowRemembered, WindowLive):
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
        # On a server: shown while the connection that hears other desks is lost.
        self.link_label = QLabel("Not hearing other desks: the server is out of reach")
        self.link_label.setAccessibleName("Connection to the server")
        self.link_label.setStyleSheet("color: #9a3412;")
        self.link_label.setToolTip("Changes made on other desks will show when the "
                                   "connection to the server is back.")
        self.link_label.hide()
        self.statusBar().addPermanentWidget(self.link_label)
        self._damage_offered = False
        self._watching: Backend | None = None
        self._saving_on_close = False
        self.find_dialog = None  # Find anywhere, made when first opened (Ctrl+K)
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
        self.others_changed.connect(self._on_others_changed)
        self.server_link.connect(self._on_server_link)
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
