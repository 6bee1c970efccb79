"""A record tab's changes: add, edit and delete a record through its form and the undo history.

``RecordChanges`` is the part of ``msmedesk.ui.record_tab.RecordTab`` that changes
records; the tab builds the widgets and the list it uses (named here for the type checker).
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import SignalInstance
from PySide6.QtWidgets import QDialogButtonBox, QPushButton, QWidget

from msmedesk.domain import NotFound
from msmedesk.history import StaleRecord
from msmedesk.validation import ValidationError

from msmedesk.ui.commands import CreateCommand, DeleteCommand, EditCommand, UndoHistory
from msmedesk.ui.kinds import RecordKind
from msmedesk.ui.prompts import Prompts
from msmedesk.ui.record_table import RecordTable
from msmedesk.ui.table_model import RecordTableModel

if TYPE_CHECKING:
    from msmedesk.records import RecordService


class RecordChanges(QWidget):
    """Add, edit and delete the records of one tab; every change can be undone."""

    kind: RecordKind
    service: RecordService[Any]
    history: UndoHistory
    prompts: Prompts
    model: RecordTableModel
    table: RecordTable
    new_button: QPushButton
    edit_button: QPushButton
    delete_button: QPushButton
    read_only: bool
    stale: bool
    editing: tuple[int, Any] | None = None  # (record id, its open form)
    status_changed: SignalInstance
    _choices: Callable[[], Any]

    if TYPE_CHECKING:  # RecordTab's, for the type checker
        def selected_id(self) -> int | None: ...
        def select_id(self, record_id: int | None, near: int | None = None) -> bool: ...
        def select_row(self, row: int) -> None: ...
        def refresh(self) -> None: ...

    def set_read_only(self, read_only: bool) -> None:
        """Read-only: no New or Delete, and Edit becomes View (a form without OK)."""
        self.read_only = read_only
        self.new_button.setEnabled(not read_only)
        self.edit_button.setText("V&iew…" if read_only else "Ed&it…")
        self.edit_button.setAccessibleName(
            f"{'View' if read_only else 'Edit'} the selected {self.kind.noun}")
        self._enable_buttons()

    def _enable_buttons(self) -> None:
        enabled = self.selected_id() is not None
        self.edit_button.setEnabled(enabled)
        self.delete_button.setEnabled(enabled and not self.read_only)

    def _form(self, save: Callable[[Any], Any], record: Any = None) -> Any:
        from msmedesk.ui import forms  # loaded when the first form opens, not at start-up

        return forms.open_form(self, self.kind.name, self._choices(), save, record)

    def new_record(self) -> Any:
        """Open an empty form; the record is added when the form's OK succeeds."""
        if self.read_only:
            return None

        def save(record: Any) -> Any:
            return self.history.run(CreateCommand(self.service, self.kind, record))

        dialog = self._form(save)
        self.prompts.run_dialog(dialog)
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            self._show_saved(saved, "Added")
        return saved

    def edit_selected(self) -> Any:
        """Open the selected record in its form; changes are stored on OK."""
        record_id = self.selected_id()
        if record_id is None:
            return None
        return self.edit_id(record_id)

    def edit_id(self, record_id: int) -> Any:
        """Open the record ``record_id`` in its form, whether or not the list shows it."""
        from msmedesk.ui.forms.stale import VersionState

        try:
            before, version = self.service.get_versioned(record_id)
        except NotFound as exc:
            self.prompts.error(self, f"Cannot edit this {self.kind.noun}", str(exc))
            self.refresh()
            return None
        # The version the form read: a save after another desk's change is refused, and
        # the form offers to reload it (forms/stale.py).
        state = VersionState(before, version, lambda: self.service.get_versioned(record_id))

        def save(record: Any) -> Any:
            if self.read_only:
                raise PermissionError(errno.EROFS, "the data file is open read-only")
            if getattr(record, "id", None) is None:
                record = replace(record, id=record_id)
            return self.history.run(EditCommand(self.service, self.kind, state.record, record,
                                                state.version))

        dialog = self._form(save, before)
        dialog.versioned = state
        if self.read_only:
            ok = getattr(dialog, "buttons", None)
            if ok is not None:
                ok.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            dialog.setWindowTitle(f"{dialog.windowTitle()} (read-only)")
        # The form open on this record: a change seen from another desk meanwhile is told
        # in it (``dialog.changed_elsewhere``), never written into its fields.
        self.editing = (record_id, dialog)
        try:
            self.prompts.run_dialog(dialog)
        finally:
            self.editing = None
        saved = getattr(dialog, "saved", None)
        if saved is not None:
            self._show_saved(saved, "Saved the changes to")
        return saved

    def _show_saved(self, saved: Any, done: str) -> None:
        """Select the record just saved, wherever the list's order puts it; when the
        search or the year filter hides it, say so rather than clear them."""
        if self.stale:
            self.refresh()
        if self.select_id(getattr(saved, "id", None)):
            return
        query = self.model.query
        hiding = [what for what, on in (("the search", bool(query.text.strip())),
                                        ("the year filter", query.year is not None)) if on]
        if hiding:
            self.status_changed.emit(f"{done} {self.kind.describe(saved)}; it is hidden by "
                                     f"{' and '.join(hiding)}")

    def delete_selected(self) -> bool:
        """Ask, then delete the selected record (Edit > Undo brings it back)."""
        record_id = self.selected_id()
        if record_id is None or self.read_only:
            return False
        row = self.table.selectionModel().selectedRows()[0].row()
        noun = self.kind.noun
        seen = self.shown_version(record_id)
        try:
            record, version = self.service.get_versioned(record_id)
        except NotFound as exc:
            self.prompts.error(self, f"Cannot delete this {noun}", str(exc))
            self.refresh()
            return False
        # A delete the service would refuse is refused now, not after a confirmation.
        refusal = self.service.delete_blockers(record_id)
        if refusal:
            self.prompts.error(self, f"Cannot delete {self.kind.describe(record)}", refusal)
            return False
        question = (f"Delete {self.kind.describe(record)}?\n\n"
                    "If you change your mind, Edit > Undo brings it back.")
        if seen is not None and seen != version:  # changed on another desk since shown
            question = f"{self._changed_since(record_id, seen)}\n\n{question}"
        if not self.prompts.ask(self, f"Delete {noun}", question, yes="Delete"):
            return False
        try:
            self._delete_asking_again(record, version)
        except ValidationError as exc:
            self.prompts.error(self, f"Cannot delete this {noun}",
                               " ".join(e.message for e in exc.errors))
            return False
        except NotFound as exc:
            self.prompts.error(self, f"Cannot delete this {noun}", str(exc))
            self.refresh()
            return False
        except _Declined:
            return False
        self.select_row(min(row, self.model.rowCount() - 1))
        return True

    def _delete_asking_again(self, record: Any, version: int) -> None:
        """Delete at the version the user was asked about; when another desk changed the
        record meanwhile, say who changed what and ask again (NotFound: it is gone)."""
        while True:
            try:
                self.history.run(DeleteCommand(self.service, self.kind, record, version))
                return
            except StaleRecord as exc:
                if exc.found == 0:
                    raise NotFound(str(exc)) from exc
                record, version = self.service.get_versioned(record.id)
                question = (f"{exc}\n\nDelete {self.kind.describe(record)} as it is now? "
                            "Edit > Undo brings it back.")
                if not self.prompts.ask(self, f"Delete {self.kind.noun}", question,
                                        yes="Delete anyway"):
                    self.refresh()
                    raise _Declined() from exc

    def shown_version(self, record_id: int) -> int | None:
        """The version of the record as its details were last shown (None: not shown)."""
        shown = getattr(self, "_shown_version", None)
        return shown[1] if shown is not None and shown[0] == record_id else None

    def _changed_since(self, record_id: int, seen: int) -> str:
        """"Ana (…) changed this meeting at 14:02 today: date." for a record changed since
        this desk showed it (its latest change), or a plain sentence without history."""
        history = getattr(self, "changes_of", None)
        changes = history(record_id) if history is not None else ()
        from msmedesk.ui.change_words import field_names, summary, when

        newer = [c for c in changes if c.version > seen]
        if not newer:
            return f"This {self.kind.noun} was changed on another desk since you saw it."
        latest = newer[0]
        fields = field_names(latest)
        return (f"{summary(latest)} at {when(latest.at)} (after you saw it)"
                + (f": {fields}." if fields else "."))


class _Declined(Exception):
    """The user chose not to delete after all (asked again)."""
