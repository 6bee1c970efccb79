"""An open form whose record another desk changed: a notice in the form, never its fields.

What the user is typing stays as typed; the notice above the OK button says who changed
(or deleted) the record and what, and offers "Reload…" where the form can reload (the
stored record beside the typing, HISTUI's offer). Saving without reloading is refused
as stale by the service, which shows the same offer.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from msmedesk.history import Change
from msmedesk.registry import by_key

NOTICE_NAME = "changedElsewhere"
_STYLE = ("QFrame#changedElsewhere { background: #fff7d6; border: 1px solid #d9b44a;"
          " border-radius: 3px; }")


def when(at: datetime, now: datetime | None = None) -> str:
    """"14:02 today", "14:02 on 3 December 2026" (local time)."""
    local = at.astimezone() if at.tzinfo else at.replace(tzinfo=UTC).astimezone()
    today = (now or datetime.now().astimezone()).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        return f"{clock} today"
    return f"{clock} on {local.day} {local.strftime('%B %Y')}"


def changed_fields(change: Change) -> list[str]:
    """The labels of the fields a change touched, as the form heads them."""
    try:
        kind = by_key(change.kind)
    except KeyError:
        return []
    labels = []
    for key in change.fields_changed():
        try:
            labels.append(kind.field(key).label.lower())
        except KeyError:
            labels.append(key.replace("_", " "))
    return labels


def describe(change: Change, now: datetime | None = None, *, where: bool = True) -> str:
    """"ana on DESK-3 changed this meeting on another desk at 14:02 today: date, summary."
    in plain words (``where`` False: without "on another desk")."""
    try:
        noun = by_key(change.kind).prose_noun
    except KeyError:
        noun = "record"
    who = change.author or "Someone"
    what = "deleted" if change.action == "deleted" else "changed"
    elsewhere = " on another desk" if where else ""
    sentence = f"{who} {what} this {noun}{elsewhere} at {when(change.at, now)}"
    fields = changed_fields(change) if what == "changed" else []
    return f"{sentence}: {', '.join(fields)}." if fields else f"{sentence}."


class ChangedElsewhere(QFrame):
    """The notice a form shows once its record was changed on another desk."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName(NOTICE_NAME)
        self.setStyleSheet(_STYLE)
        self.setAccessibleName("Changed on another desk")
        self.title = QLabel("<b>Changed on another desk</b>")
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.reload_button = QPushButton("&Reload…")
        self.reload_button.setToolTip("Show the stored record in the form, with what you "
                                      "typed kept beside it")
        self.reload_button.hide()
        self._reload: Callable[[], Any] | None = None
        self.reload_button.clicked.connect(lambda: self._reload() if self._reload else None)
        words = QVBoxLayout()
        words.addWidget(self.title)
        words.addWidget(self.text)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addLayout(words, 1)
        row.addWidget(self.reload_button)

    def show_change(self, change: Change, reload: Callable[[], Any] | None) -> None:
        """Say what the other desk did; offer Reload when the form can."""
        keep = ("Your typing is kept: Reload shows the stored record beside it."
                if reload is not None and change.action != "deleted"
                else "Your typing is kept.")
        self.text.setText(f"{describe(change)} {keep}")
        self._reload = reload if change.action != "deleted" else None
        self.reload_button.setVisible(self._reload is not None)
        self.show()


def show_changed_elsewhere(dialog: Any, change: Change, found: int | None = None
                           ) -> ChangedElsewhere | None:
    """Tell an open form that another desk changed its record; the fields are left as
    typed. A form with its own offer (``changed_elsewhere(message, found)``: Reload or
    Keep editing, ``found`` the version now stored, 0 when deleted; its panel heads the
    message "Changed on another desk") makes it; any other
    gets the notice above its buttons (returned)."""
    if found is None:
        found = 0 if change.action == "deleted" else change.version
    own = getattr(dialog, "changed_elsewhere", None)
    if callable(own):
        own(describe(change, where=False), found)  # (its panel says "on another desk")
        return None
    notice: ChangedElsewhere | None = dialog.findChild(ChangedElsewhere, NOTICE_NAME)
    if notice is None:
        notice = ChangedElsewhere(dialog)
        layout = dialog.layout()
        at = layout.indexOf(dialog.buttons) if hasattr(dialog, "buttons") else -1
        layout.insertWidget(at if at >= 0 else layout.count(), notice)
    reload = getattr(dialog, "offer_reload", None)
    notice.show_change(change, reload if callable(reload) else None)
    return notice


def form_of(change: Change, dialogs: list[Any]) -> list[Any]:
    """The open forms (among ``dialogs``) editing the record a change concerns."""
    found = []
    for dialog in dialogs:
        if getattr(dialog, "kind", None) != change.kind or not dialog.isVisible():
            continue
        record = getattr(dialog, "record", None)
        if record is None:
            continue  # a new record's form: no other desk can have changed it
        if change.kind == "group" or getattr(record, "id", None) == change.record_id:
            found.append(dialog)
    return found
