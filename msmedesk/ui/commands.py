"""Undo and redo of the session's creates, edits and deletes.

A command does its work in ``apply()`` and ``revert()``, which may fail (a record named
elsewhere cannot be deleted); ``UndoHistory`` calls them and moves the QUndoStack only
when they succeeded, so the stack never claims a change that did not happen. Undoing a
delete gives the service the whole deleted record back, which keeps its id, and a
meeting comes back with its presentations, spotlights and proposals discussed.

Commands carry the record's version: an undo or redo of a record another desk changed
since is refused (``StaleRecord``, told through ``failed``), never written over it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from msmedesk.domain import NotFound
from msmedesk.history import StaleRecord
from msmedesk.validation import ValidationError

from msmedesk.ui.kinds import RecordKind

if TYPE_CHECKING:
    from msmedesk.records import RecordService


class RecordCommand(QUndoCommand):
    """A change to one record; Qt's redo()/undo() are no-ops, the work is apply()/revert()."""

    def __init__(self, service: RecordService[Any], kind: RecordKind, text: str):
        super().__init__(text)
        self.service = service
        self.kind = kind
        self.record: Any = None
        # The record's version as this desk last stored or read it (None: not checked).
        self.version: int | None = None

    def redo(self) -> None:  # QUndoStack.push calls this; apply() has run already
        pass

    def undo(self) -> None:
        pass

    def apply(self) -> Any:
        """Make the change (again); returns the record as stored."""
        raise NotImplementedError

    def revert(self) -> None:
        """Take the change back."""
        raise NotImplementedError

    @property
    def record_id(self) -> int | None:
        """The id of the record the change is about."""
        return getattr(self.record, "id", None)


class CreateCommand(RecordCommand):
    """Add a record; undo deletes it, redo brings it back with the same id."""

    def __init__(self, service: RecordService[Any], kind: RecordKind, record: Any):
        super().__init__(service, kind, f"add {kind.describe(record)}")
        self.record = record

    def apply(self) -> Any:
        self.record = self.service.create(self.record)
        self.version = self.service.version(self.record.id)
        return self.record

    def revert(self) -> None:
        self.record = self.service.delete(self.record.id, version=self.version)


class EditCommand(RecordCommand):
    """Change a record; undo stores it as it was before."""

    def __init__(self, service: RecordService[Any], kind: RecordKind, before: Any, after: Any,
                 version: int | None = None):
        super().__init__(service, kind, f"changes to {kind.describe(before)}")
        self.before = before
        self.record = after
        self.version = version  # the version the form read: the save checks it

    def apply(self) -> Any:
        self.record = self.service.update(self.record, version=self.version)
        self.version = _next(self.version)
        return self.record

    def revert(self) -> None:
        self.before = self.service.update(self.before, version=self.version)
        self.version = _next(self.version)


class DeleteCommand(RecordCommand):
    """Delete a record; undo creates it again, whole and with the same id."""

    def __init__(self, service: RecordService[Any], kind: RecordKind, record: Any,
                 version: int | None = None):
        super().__init__(service, kind, f"delete {kind.describe(record)}")
        self.record = record
        self.version = version

    def apply(self) -> Any:
        self.record = self.service.delete(self.record.id, version=self.version)
        return self.record

    def revert(self) -> None:
        self.record = self.service.create(self.record)
        self.version = self.service.version(self.record.id)


def _next(version: int | None) -> int | None:
    """The version after one more change (every update adds 1)."""
    return None if version is None else version + 1


class UndoHistory(QObject):
    """The session's QUndoStack and the commands on it.

    Signals:
        changed(kind name, record id or None): records changed; views refresh.
        failed(message): an undo or redo could not be done (the stack did not move).
    """

    changed = Signal(str, object)
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self.stack = QUndoStack(self)
        # Our own references: the stack owns the C++ side, this list the Python side.
        self._commands: list[RecordCommand] = []

    def run(self, command: RecordCommand) -> Any:
        """Do a new change and put it on the stack; errors (ValidationError) go to the caller."""
        result = command.apply()
        del self._commands[self.stack.index():]
        self._commands.append(command)
        self.stack.push(command)
        self.changed.emit(command.kind.name, command.record_id)
        return result

    def undo(self) -> bool:
        """Take back the last change; False (and ``failed``) when the service refused."""
        if not self.stack.canUndo():
            return False
        command = self._commands[self.stack.index() - 1]
        if not self._attempt(command.revert, f"Could not undo “{command.text()}”"):
            return False
        self.stack.undo()
        self.changed.emit(command.kind.name, command.record_id)
        return True

    def redo(self) -> bool:
        """Do again the change last taken back."""
        if not self.stack.canRedo():
            return False
        command = self._commands[self.stack.index()]
        if not self._attempt(command.apply, f"Could not redo “{command.text()}”"):
            return False
        self.stack.redo()
        self.changed.emit(command.kind.name, command.record_id)
        return True

    def clear(self) -> None:
        """Forget every change (another data file was opened)."""
        self.stack.clear()
        self._commands.clear()

    def _attempt(self, work: Any, what: str) -> bool:
        try:
            work()
        except ValidationError as exc:
            self.failed.emit(f"{what}. " + " ".join(e.message for e in exc.errors))
            return False
        except (NotFound, StaleRecord) as exc:
            self.failed.emit(f"{what}. {exc}")
            return False
        return True
