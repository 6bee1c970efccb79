"""What the window remembers between sessions: recent files, geometry, tabs and panels."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtGui import QCloseEvent, QGuiApplication

from msmedesk.ui.window.base import WindowBase

MAX_RECENT = 8


class WindowRemembered(WindowBase):
    """Recent files, the window's place and size, the tab in front; saved on closing."""

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
        index = front_tab(self._settings,
                          [self.tabs.tabText(i) for i in range(self.tabs.count())])
        sub = int_setting(self._settings.value("window/reference_tab", 0))
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
        self._settings.setValue("window/tab_title", self.tabs.tabText(self.tabs.currentIndex()))
        self._settings.setValue("window/reference_tab", self.reference.currentIndex())
        self._settings.setValue("view/details", self.act_details.isChecked())
        self._save_tabs()
        self._settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self._saving_on_close:  # closed again while the backup on close is being made
            event.ignore()
            return
        # Loaded after the first paint (app.py: the window paints before its parts load).
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


def int_setting(value: Any) -> int:
    """A remembered number, or 0 when none (or no number) was saved."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return 0


def front_tab(settings: Any, titles: Sequence[str]) -> int:
    """The place of the tab that was in front: found by its title, so that a record type
    added since (a tab put before it) does not bring another tab to the front; else by the
    place remembered."""
    title = settings.value("window/tab_title")
    if isinstance(title, str) and title in titles:
        return list(titles).index(title)
    return int_setting(settings.value("window/tab", 0))
