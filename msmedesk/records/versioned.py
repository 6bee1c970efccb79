"""What every record service adds for a shared office: its records' versions, and the
history entry of each change it writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.records import history, search_index
from msmedesk.registry import RecordType
from msmedesk.registry.archive_dict import to_archive, to_form
from msmedesk.validation import FieldError, ValidationError

T = TypeVar("T")


# (A column that is no attribute of the record: read from its form.)
_NONE = object()

class Versioned(Generic[T]):
    """Versions and history for a record service (``RecordService`` is one)."""

    record_type: ClassVar[RecordType]
    columns: tuple[str, ...]
    kind_label: str
    _sessions: sessionmaker[Session]
    #: who makes the changes this service writes, as the history names them (the
    #: computer's user, or the server's role).
    author: str
    label: Callable[[tuple[Any, ...]], str]

    def _table(self) -> Any:
        raise NotImplementedError

    def _load(self, session: Session, record_id: int) -> T:
        raise NotImplementedError

    def _blockers(self, session: Session, record_id: int) -> str:
        raise NotImplementedError

    def delete(self, record_id: int, *, version: int | None = None) -> T:
        """Delete a record and return it whole, so that undo can bring it back; with
        ``version``, refused (``StaleRecord``) when another desk changed it since."""
        with self._sessions.begin() as session:
            stored = history.claim(session, self.record_type, self._table(), record_id,
                                   version, bump=False)
            record = self._load(session, record_id)
            blockers = self._blockers(session, record_id)
            if blockers:
                raise ValidationError([FieldError("", blockers)])
            session.execute(delete(self._table()).where(self._table().id == record_id))
            search_index.forget(session, self.record_type.key, record_id)
            self._journal(session, "deleted", record_id, record, None, stored)
            return record

    def get_versioned(self, record_id: int) -> tuple[T, int]:
        """The whole record and its version (what a form names when it saves), in one read."""
        with self._sessions() as session:
            # The version first: on a server each statement sees what was committed when it
            # began, and a change committed between the two reads must leave the form an
            # older version (its save refused, then reloaded), never the newer one beside
            # the older record (its save would overwrite that change unseen).
            version = self._stored_version(session, record_id)
            return self._load(session, record_id), version

    def version(self, record_id: int) -> int:
        """The record's stored version (0: it is not, or no longer, in the data)."""
        with self._sessions() as session:
            return self._stored_version(session, record_id)

    def _stored_version(self, session: Session, record_id: int) -> int:
        table = self._table()
        return int(session.scalar(select(table.version).where(table.id == record_id)) or 0)

    def _journal(self, session: Session, action: str, record_id: int, before: T | None,
                 after: T | None, version: int) -> None:
        """Keep the change in the history, in the change's own transaction; a save that
        changed nothing is no change: no entry, and the version stays as it was."""
        old = None if before is None else to_archive(self.record_type, before)
        new = None if after is None else to_archive(self.record_type, after)
        if action == "changed" and old == new:
            table = self._table()
            session.execute(update(table).where(table.id == record_id).values(
                version=version - 1))
            return
        history.write(session, author=self.author, action=action,
                      kind=self.record_type.key, record_id=record_id,
                      label=self.record_label(after if after is not None else before),
                      before=old, after=new, version=version)

    def record_label(self, record: Any) -> str:
        """Words that tell a whole record apart (as ``label`` does from a list's values)."""
        # The form's dict only for a column that is no attribute of the record: made for
        # every record, it was most of the labels' cost in an import's history.
        form: dict[str, Any] | None = None
        values = []
        for key in self.columns:
            value = getattr(record, key, _NONE)
            if value is _NONE:
                form = to_form(self.record_type, record) if form is None else form
                value = form.get(key)
            values.append(value)
        return self.label(tuple(values)) or f"{self.kind_label} {getattr(record, 'id', '')}".strip()

