"""A form's save refused because another desk changed the record since the form opened.

The form stays open with everything typed, and a panel under the fields says who changed
what and offers two ways on: "Reload" puts the stored record in the form and keeps the
user's typing beside it, field by field, each with "Use mine"; "Keep editing" leaves the
form as it is and lets the next OK save over the other desk's change, knowingly.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msmedesk.history import StaleRecord

from msmedesk.ui.change_words import field_label, told_apart

if TYPE_CHECKING:
    from msmedesk.ui.forms.record import RecordDialog


@dataclass
class VersionState:
    """The record a form edits as stored when it was read, and that version.

    ``reload()`` reads the record and its version again (``RecordService.get_versioned``).
    A refused save's "Keep editing" moves ``version`` to the newer one, so the next save
    overwrites knowingly; "Reload" moves both.
    """

    record: Any
    version: int
    reload: Callable[[], tuple[Any, int]]


class StalePanel(QFrame):
    """Who changed the record meanwhile, "Reload" and "Keep editing", then the user's
    typing kept beside the reloaded fields."""

    def __init__(self, dialog: RecordDialog):
        super().__init__(dialog)
        self.dialog = dialog
        self.setObjectName("stalePanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#stalePanel { background: #fff6d5; border: 1px solid #c9a227; }")
        self.setAccessibleName("Changed on another desk")
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reload_button = QPushButton("&Reload")
        self.reload_button.setToolTip("Show what is stored now in the form; what you typed "
                                      "stays beside it, to put back field by field")
        self.keep_button = QPushButton("&Keep editing")
        self.keep_button.setToolTip("Keep what you typed: the next OK saves it over the "
                                    "other change")
        self.reload_button.clicked.connect(self.reload)
        self.keep_button.clicked.connect(self.keep_editing)
        buttons = QHBoxLayout()
        buttons.addWidget(self.reload_button)
        buttons.addWidget(self.keep_button)
        buttons.addStretch(1)
        self.yours = QWidget()
        self.yours_grid = QGridLayout(self.yours)
        self.yours_grid.setContentsMargins(0, 0, 0, 0)
        self.yours.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(self.yours)
        self.found = 0
        self._given = 0  # the height the form grew by for the panel

    def offer(self, message: str, found: int, *, refused: bool = True) -> None:
        """Say what happened; ``found`` is the version now stored (0: deleted); ``refused``:
        a save was refused (else the change was seen while the form is open)."""
        self.found = found
        gone = found == 0
        tail = ("It can no longer be saved here: Edit > Recent changes can bring it back."
                if gone else "What you typed is still in the form.")
        lead = "Not saved: " if refused else "Changed on another desk: "
        self.message.setText(f"{lead}{message}\n{tail}")
        self.reload_button.setVisible(not gone)
        self.keep_button.setVisible(not gone)
        self.show()
        self._make_room()
        if not gone:
            self.reload_button.setFocus()

    def keep_editing(self) -> None:
        """Keep the form as typed; the next OK saves over the newer version."""
        state = self.dialog.versioned
        if state is not None:
            state.version = self.found
        self.message.setText("Your next OK saves what the form shows over the other "
                             "desk's change.")
        self._done_buttons()

    def reload(self) -> None:
        """The stored record in the form; each field the user had typed otherwise is
        listed below it with "yours: …" and "Use mine"."""
        dialog, state = self.dialog, self.dialog.versioned
        if state is None:
            return
        mine = dialog.values()
        # The user's own typing: what differs from what the form opened with (a field only
        # the other desk changed is theirs, and the reload shows it).
        opened = dialog._opened_with or {}
        record, version = state.reload()
        state.record, state.version = record, version
        dialog.show_record(record)
        theirs = dialog.values()
        differ = [k for k in mine if mine[k] != opened.get(k) and mine[k] != theirs.get(k)]
        self._list_yours(differ, mine, theirs)
        if differ:  # typing kept only beside the form: closing still asks before losing it
            dialog._opened_with = opened
        self._make_room()
        self.message.setText("The form now shows the record as stored. "
                             + ("Your typing is kept below: “Use mine” puts a field back."
                                if differ else "Nothing you typed differs from it."))
        self._done_buttons()

    def _list_yours(self, keys: list[str], mine: dict[str, Any],
                    theirs: dict[str, Any]) -> None:
        grid = self.yours_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        kind = self.dialog.kind
        for row, key in enumerate(keys):
            label = QLabel(f"{field_label(kind, key)}, yours:")
            # (shortened from where it parts from the stored text: the start is the same)
            value = QLabel(told_apart(kind, key, theirs.get(key), mine[key])[1])
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            use = QPushButton("Use mine")
            use.setAccessibleName(f"Use my {field_label(kind, key)}")
            use.clicked.connect(lambda _c=False, k=key, v=mine[key], b=use:
                                self._use_mine(k, v, b))
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(value, row, 1)
            grid.addWidget(use, row, 2, Qt.AlignmentFlag.AlignTop)
        grid.setColumnStretch(1, 1)
        self.yours.setVisible(bool(keys))

    def _use_mine(self, key: str, value: Any, button: QPushButton) -> None:
        self.dialog.fields[key].write(value)
        button.setEnabled(False)
        button.setText("Yours is in")

    def _make_room(self) -> None:
        """Grow the form by the panel's height while the screen has room, so the panel
        does not squeeze the fields (beyond that they scroll, as before)."""
        dialog = self.dialog
        layout = self.layout()
        if layout is not None:
            layout.activate()
        want = self.sizeHint().height() + 6  # (the layout's spacing above it)
        need, self._given = want - self._given, max(want, self._given)
        screen = dialog.screen()
        limit = int(screen.availableGeometry().height() * 0.92) if screen else dialog.height()
        if need > 0:
            dialog.resize(dialog.width(), max(dialog.height(), min(dialog.height() + need,
                                                                   limit)))
        if screen is not None:  # grown past the screen's foot: up, so OK stays in reach
            over = dialog.frameGeometry().bottom() - screen.availableGeometry().bottom()
            if over > 0:
                dialog.move(dialog.x(), max(screen.availableGeometry().top(),
                                            dialog.y() - over))

    def _done_buttons(self) -> None:
        self.reload_button.hide()
        self.keep_button.hide()


def stale_panel(dialog: RecordDialog) -> StalePanel:
    """The dialog's panel, made (under the fields) the first time it is needed."""
    panel = getattr(dialog, "_stale_panel", None)
    if panel is None:
        panel = StalePanel(dialog)
        layout = dialog.layout()
        assert isinstance(layout, QVBoxLayout)  # (FormDialog's: fields, error, buttons)
        layout.insertWidget(layout.indexOf(dialog.general_error), panel)
        dialog._stale_panel = panel  # type: ignore[attr-defined]
    return panel


def offer_reload(dialog: RecordDialog, exc: StaleRecord) -> StalePanel:
    """A save refused as stale: show who changed what and the two ways on."""
    panel = stale_panel(dialog)
    panel.offer(str(exc), exc.found)
    return panel
