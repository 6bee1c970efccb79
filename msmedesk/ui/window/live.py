"""Other desks' work, shown as it happens: lists, details and open forms of this window.

On a server every change another desk commits reaches the window (``Backend.watch_others``,
from a listener's thread, through the ``others_changed`` signal). Changes that come
together (an import of 300 records) are taken together after a moment (``GATHER_MS``);
then the list in front is read again without moving its selection or scroll position,
the other lists when next shown, and an open form of a changed record shows "Changed on
another desk", its fields untouched.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer

from msmedesk.ui.backend import Backend
from msmedesk.ui.window.base import WindowBase

if TYPE_CHECKING:
    from msmedesk.history import Change

#: How long the window gathers changes before it shows them (well under the second that
#: staff may wait to see a colleague's change).
GATHER_MS = 120
#: How long the status bar tells what another desk did.
TOLD_MS = 8000


class WindowLive(WindowBase):
    """Shows other desks' changes in the lists, the details panel and open forms."""

    _others: list[Change]
    _others_timer: QTimer | None = None

    def _watch_others(self, backend: Backend) -> None:
        """Hear ``backend``'s other desks from now on (once per backend)."""
        backend.watch_others(lambda change: self.others_changed.emit((backend, change)))
        backend.watch_link(lambda up: self.server_link.emit((backend, up)))

    def _on_others_changed(self, news: tuple[Backend, Change]) -> None:
        backend, change = news
        if backend is not self.backend:
            return  # a data file or server this window has left
        if not hasattr(self, "_others"):
            self._others = []
        self._others.append(change)
        if self._others_timer is None:
            self._others_timer = QTimer(self)
            self._others_timer.setSingleShot(True)
            self._others_timer.setInterval(GATHER_MS)
            self._others_timer.timeout.connect(self.show_others_changes)
        if not self._others_timer.isActive():
            self._others_timer.start()

    def show_others_changes(self) -> None:
        """Show the changes gathered: lists, details and open forms (tests call it)."""
        changes, self._others = getattr(self, "_others", []), []
        if not changes or self.backend is None:
            return
        for tab in self.record_tabs.values():
            tab.stale = True
        if self.is_showing_empty_state():
            if not self.backend.services.is_empty():  # another desk brought records
                self.show_records()
        else:
            front = self.current_tab()
            if front is not None:
                from msmedesk.ui.live_refresh import refresh_in_place

                refresh_in_place(front)
                self.status_label.setText(front.status_text())
        self._tell_open_forms(changes)
        self._update_actions()
        self.statusBar().showMessage(_told(changes), TOLD_MS)

    def _tell_open_forms(self, changes: list[Change]) -> None:
        from msmedesk.ui.forms import FormDialog
        from msmedesk.ui.forms.elsewhere import form_of, show_changed_elsewhere

        dialogs: list[Any] = self.findChildren(FormDialog)
        for change in changes:
            for dialog in form_of(change, dialogs):
                show_changed_elsewhere(dialog, change, self._version_now(change))

    def _version_now(self, change: Change) -> int:
        """The version the record has now (0: deleted), for the form's reload offer; a
        notification alone does not carry it."""
        if change.action == "deleted":
            return 0
        if change.version:
            return change.version
        service = getattr(self.backend.services, change.kind, None) if self.backend else None
        try:
            return int(service.version(change.record_id)) if service is not None else 0
        except Exception:  # (a service without versions yet, or the server away)
            return 0

    def _on_server_link(self, news: tuple[Backend, bool]) -> None:
        backend, up = news
        if backend is not self.backend:
            return
        self.link_label.setVisible(not up)


def _told(changes: list[Change]) -> str:
    """"ana added a meeting on another desk." or "3 changes on other desks."."""
    real = [c for c in changes if c.kind]
    if len(real) != 1:
        return ("Records were changed on other desks: the lists show them."
                if len(real) != len(changes) or not real
                else f"{len(real)} changes on other desks: the lists show them.")
    change = real[0]
    try:
        from msmedesk.registry import by_key

        noun = by_key(change.kind).prose_noun
    except KeyError:
        noun = "record"
    verb = {"created": "added", "imported": "imported", "brought back": "brought back",
            "deleted": "deleted"}.get(change.action, "changed")
    article = "an" if noun[:1].lower() in "aeiou" else "a"
    what = f"{noun} {change.label}" if change.label else f"{article} {noun}"
    return f"{change.author or 'Someone'} {verb} {what} on another desk."
