"""The main window's pages: the record tabs of the open data file, built when first shown."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from msmedesk.ui.backend import Backend
from msmedesk.ui.window.base import WindowBase
from msmedesk.ui.window.empty_state import EmptyState
from msmedesk.ui.window.remembered import front_tab

if TYPE_CHECKING:  # hints only: imported when a data file is attached
    from collections.abc import Callable

    from msmedesk.ui.commands import UndoHistory
    from msmedesk.ui.record_tab import RecordTab

#: The tabs shown while the data file opens, until a window has shown the real ones (their
#: titles are remembered then, ``_TITLES_KEY``): the record types come from the registry,
#: and importing it before the first paint would delay the window by about 50 ms.
OPENING_TABS = ("Meetings", "Members", "Proposals", "Outreach", "Package", "Reference")
_TITLES_KEY = "window/tab_titles"


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


class WindowTabs(WindowBase):
    """The tabs of the open data file, one per record type (the Reference tab holds those the
    registry places there)."""

    def _show_opening(self, path: Path | None) -> None:
        """The window while its data file opens: the tabs, empty, and "Opening …"."""
        opening = QTabWidget()
        opening.setDocumentMode(True)
        opening.setAccessibleName("Record types")
        remembered = str(self._settings.value(_TITLES_KEY, "") or "")
        titles = remembered.split("|") if remembered else OPENING_TABS
        for title in titles:
            opening.addTab(QWidget(), title)
        index = front_tab(self._settings, titles)
        if 0 <= index < opening.count():
            opening.setCurrentIndex(index)
        self.stack.addWidget(opening)
        name = path.name if path is not None else "the data file"
        self.setWindowTitle(f"{name} — msmedesk")
        self.status_label.setText(f"Opening {name}…")
        self._update_actions()

    def _wire_history(self) -> UndoHistory:
        # Loaded after the first paint (app.py: the window paints before its parts load).
        from msmedesk.ui.commands import UndoHistory

        history = UndoHistory(self)
        history.changed.connect(self._on_changed)
        history.failed.connect(lambda text: self.prompts.error(self, "Undo", text))
        history.stack.canUndoChanged.connect(self._update_actions)
        history.stack.canRedoChanged.connect(self._update_actions)
        history.stack.undoTextChanged.connect(self._update_actions)
        history.stack.redoTextChanged.connect(self._update_actions)
        return history

    def _attach(self, backend: Backend, show_front: bool = True) -> None:
        """Show the records of ``backend`` (fresh tabs, each built when first shown)."""
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

        self._build_pages()
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
        self._show_file_state(backend)
        if not backend.server:  # (Open recent lists data files; a server's stand-in is none)
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
            self._watch_others(backend)
        if backend.readonly:
            self.backup_timer.stop()
        else:
            self.backup_timer.start()

    def _build_pages(self) -> None:
        """Fresh tabs with an empty page per record type (its RecordTab comes when needed)."""
        # Loaded after the first paint (app.py: the window paints before its parts load).
        from msmedesk.ui.kinds import MAIN_KINDS, REFERENCE_KINDS

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
        titles = [k.title for k in REFERENCE_KINDS]
        self.tabs.setTabToolTip(self.tabs.count() - 1, " and ".join(
            (", ".join(titles[:-1]), titles[-1]) if len(titles) > 1 else titles).capitalize())
        self._settings.setValue(_TITLES_KEY, "|".join(
            self.tabs.tabText(i) for i in range(self.tabs.count())))
        self.tabs.currentChanged.connect(self._on_tab_changed)
        self.reference.currentChanged.connect(self._on_tab_changed)

    def _show_file_state(self, backend: Backend) -> None:
        """The window's title and the read-only notice, for the data file attached."""
        read_only = " (read-only)" if backend.readonly else ""
        self.setWindowTitle(f"{backend.server or backend.path.name}{read_only} — msmedesk")
        self.setWindowFilePath(str(backend.path))
        self.mode_label.setText(_mode_text(backend))
        self.mode_label.setVisible(backend.readonly)
        # A server role that may only read says so; a file's usual reason is another desk.
        reason = backend.readonly_reason or (
            "Another msmedesk holds this data file open for changes; close it there and "
            "open the file again to make changes.")
        self.mode_label.setToolTip(reason if backend.readonly else "")

    def _build_tab(self, name: str) -> RecordTab:
        """The record tab of ``name``, built into its page (the first time it is needed)."""
        # Loaded after the first paint (app.py: the window paints before its parts load).
        from msmedesk.ui.choices import ServiceChoices
        from msmedesk.ui.membership import MembershipPanel
        from msmedesk.ui.record_tab import RecordTab
        from msmedesk.ui.saved_searches import install_sidebar

        assert self.backend is not None and self.history is not None
        page = self._pages[name]
        services = self.backend.services

        def choices() -> ServiceChoices:
            return ServiceChoices(services)

        extra = MembershipPanel(services.members) if name == "members" else None
        tab = RecordTab(page.kind, getattr(services, name), self.history, self.prompts,
                        choices, extra)
        install_sidebar(tab, services.saved_searches)
        tab.changes_of = lambda record_id, kind=name: services.history.of(kind, record_id,
                                                                          limit=20)
        tab.status_changed.connect(lambda text, tab=tab: self._on_status(tab, text))
        tab.restore_state(self._settings)
        tab.set_details_visible(self.act_details.isChecked())
        tab.set_read_only(self.backend.readonly)
        layout = page.layout()
        assert layout is not None  # (a _TabPage is made with its layout)
        layout.addWidget(tab)
        tab.show()  # added to a page on screen: shown now, not on the next event loop
        return tab

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

    def edit_record(self, key: str, record_id: int | None) -> bool:
        """Open a record's form as its tab's Edit does (the year-end checklist's double
        click); with no id, a new record of that list. Whether something was saved."""
        if self.backend is None:
            return False
        if key == "group":
            return self.edit_group()
        if key not in self._pages:
            return False
        if self.is_showing_empty_state():
            self.show_records()
        tab = self.show_tab(key)
        if record_id is None:
            return tab.new_record() is not None
        tab.select_id(record_id)
        return tab.edit_id(record_id) is not None

    def go_to_record(self, kind: str, record_id: int) -> bool:
        """Show a record in its tab, selected and in view (Find anywhere's choice); when the
        tab's search or year filter hides it, they are cleared first and the status bar says
        so. Whether the record is shown."""
        if self.backend is None or kind not in self._pages:
            return False
        if self.is_showing_empty_state():
            self.show_records()
        tab = self.show_tab(kind)
        cleared = ""
        if not tab.select_id(record_id):
            cleared = tab.clear_filters()
            if not tab.select_id(record_id):
                self.status_label.setText(f"That {tab.kind.noun} is no longer in the data file.")
                return False
        tab.table.setFocus()
        status = tab.status_text()
        if cleared:
            verb = "were" if " and " in cleared else "was"
            status += f": {cleared} {verb} cleared to show this {tab.kind.noun}."
        self.status_label.setText(status)
        return True

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
        self._saved_searches_changed()
        self._on_tab_changed()

    def _toggle_details(self) -> None:
        for tab in self.record_tabs.values():
            tab.set_details_visible(self.act_details.isChecked())

    def _after_bulk_change(self) -> None:
        for tab in self.record_tabs.values():
            tab.stale = True
        self._saved_searches_changed()  # (an import may bring saved searches)
        self.show_records()

    def _saved_searches_changed(self) -> None:
        if self.backend is not None:
            from msmedesk.ui.saved_searches import hub_for

            hub_for(self.backend.services.saved_searches).changed.emit()


def _mode_text(backend: Backend) -> str:
    """The status bar's read-only notice ("" when the records may be changed)."""
    if not backend.readonly:
        return ""
    if backend.readonly_reason:  # the reason is the role's, not a passing one: say so
        return "Read-only: your role may only read these records"
    return "Read-only: nothing can be changed"
