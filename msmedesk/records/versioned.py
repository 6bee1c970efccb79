"""What every record service adds for a shared office: its records' versions, and the
history entry of each change it writes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.records import history, one_trip, one_trip_delete, search_index
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
    #: the services of every other listed type (``Services`` sets them).
    others: tuple[Any, ...]
    #: whether a save on a server is two statements (``one_trip``): the type's ``_write``
    #: is its ``_checks`` then its row's ``_values``, and its reader reads that one row.
    one_trip: ClassVar[bool] = False
    #: whether records of other types name this type's (by a row of theirs): False, no
    #: other record shows a text of this type's, and a save indexes no other record.
    named: ClassVar[bool] = True

    @property
    def _dialect(self) -> str:
        raise NotImplementedError

    def _table(self) -> Any:
        raise NotImplementedError

    def _load(self, session: Session, record_id: int) -> T:
        raise NotImplementedError

    def _blockers(self, session: Session, record_id: int) -> str:
        raise NotImplementedError

    def _in_one_trip(self, record: T, record_id: int | None, version: int | None,
                     action: str) -> T | None:
        """The save made in two statements on a server (None: not this type, not a
        server, or not foreseen: then it is made the long way, in a new transaction)."""
        if not self.one_trip or self._dialect != "postgresql":
            return None
        try:
            saved: T = one_trip.save(self, record, record_id, version, action)
            return saved
        except one_trip.Unforeseen:
            return None

    def _checks(self, session: Any, record: T, record_id: int | None) -> Any:
        """The type's checks against the stored records (``ValidationError``), returning
        what the row's values need (the ids names stand for: None if nothing); with
        ``one_trip``, ``session`` may be a stand-in that answers selects only."""
        raise NotImplementedError

    def _values(self, record: T, resolved: Any) -> dict[str, Any]:
        """The stored values of the record's row (its id and version aside); ``resolved``:
        what ``_checks`` returned (the ids its names stand for)."""
        raise NotImplementedError

    def _children(self, record: T, resolved: Any, record_id: int
                  ) -> list[tuple[Any, Any, list[dict[str, Any]]]]:
        """The record's child rows as written: (table, its column naming the record,
        rows), every child table listed (those with no rows too)."""
        return []

    def _renamed(self, session: Session, gone: set[str]) -> None:
        """Index again the records of other types that showed a name this record no longer
        has (a Member renamed: the proposals it proposed show the new name)."""
        if not gone or not self.named:
            return
        for other in self.others:
            ids = search_index.naming(session, other.record_type.key, gone)
            for found_id, found in other._read(session, ids).items() if ids else ():
                search_index.keep(session, other.record_type, found_id, found)

    def delete(self, record_id: int, *, version: int | None = None) -> T:
        """Delete a record and return it whole, so that undo can bring it back; with
        ``version``, refused (``StaleRecord``) when another desk changed it since."""
        if self.one_trip and self._dialect == "postgresql":
            try:
                gone: T = one_trip_delete.remove(self, record_id, version)
                return gone
            except one_trip.Unforeseen:
                pass  # (made the long way, which refuses it, or finds it gone)
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

