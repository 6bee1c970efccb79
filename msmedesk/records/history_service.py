"""``services.history``: the office's history read back, and a deleted record brought back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.db.models import HistoryRow
from msmedesk.domain import FoundRecord, NotFound, sort_key
from msmedesk.history import Change
from msmedesk.plain.reads import change_of
from msmedesk.records.history import selected
from msmedesk.registry import RECORD_TYPES, by_key
from msmedesk.validation import FieldError, ValidationError

# Rows read at a time while a search of the recent changes looks for its matches.
_BATCH = 500
_NEWEST = (HistoryRow.at.desc(), HistoryRow.id.desc())


class HistoryService:
    """Who changed what: the history of one record, the office's recent changes, what a
    desk missed, and a deleted record brought back from its last entry."""

    def __init__(self, sessions: sessionmaker[Session],
                 service_of: Callable[[str], Any]):
        self._sessions = sessions
        self._service_of = service_of  # the record service of a registry key

    def of(self, kind: str, record_id: int, limit: int = 100) -> tuple[Change, ...]:
        """The history of one record, newest first."""
        with self._sessions() as session:
            rows = session.execute(selected().where(
                HistoryRow.kind == kind, HistoryRow.record_id == record_id)
                .order_by(*_NEWEST).limit(limit))
            return tuple(change_of(r) for r in rows)

    def recent(self, text: str = "", limit: int = 200) -> tuple[Change, ...]:
        """The office's latest changes, newest first; with ``text``, those whose label,
        author, kind of record or action hold it (without regard to case or accents)."""
        wanted = sort_key(text.strip())
        found: list[Change] = []
        offset = 0
        with self._sessions() as session:
            while len(found) < limit:
                batch = [change_of(r) for r in session.execute(
                    selected().order_by(*_NEWEST).offset(offset).limit(
                        limit if not wanted else _BATCH))]
                found += [c for c in batch if not wanted or wanted in _words(c)]
                if len(batch) < (limit if not wanted else _BATCH):
                    break
                offset += len(batch)
        return tuple(found[:limit])

    def since(self, change_id: int) -> tuple[Change, ...]:
        """The entries written after ``change_id``, oldest first (what a desk missed)."""
        with self._sessions() as session:
            rows = session.execute(selected().where(HistoryRow.id > change_id)
                                   .order_by(HistoryRow.id))
            return tuple(change_of(r) for r in rows)

    def newest_id(self) -> int:
        """The id of the newest entry (0: none): where ``since`` starts from."""
        with self._sessions() as session:
            return int(session.scalar(select(func.max(HistoryRow.id))) or 0)

    def get(self, change_id: int) -> Change:
        """One entry, or ``NotFound``."""
        with self._sessions() as session:
            row = session.execute(selected().where(HistoryRow.id == change_id)).first()
        if row is None:
            raise NotFound("That change is no longer in the history.")
        return change_of(row)

    def all(self) -> tuple[Change, ...]:
        """Every entry, oldest first (for an export)."""
        with self._sessions() as session:
            rows = session.execute(selected().order_by(HistoryRow.at, HistoryRow.id))
            return tuple(change_of(r) for r in rows)

    def bring_back(self, change_id: int) -> FoundRecord:
        """Re-create the record a "deleted" entry took away, as it was (its id kept if
        free), recorded as "brought back"; refused in one sentence when it cannot be."""
        change = self.get(change_id)
        if change.before is None or change.action != "deleted":
            raise _refused("Only a deleted record can be brought back.")
        record_type = by_key(change.kind)
        service = self._service_of(change.kind)
        if service.version(change.record_id) and _same(service, change):
            raise _refused(f"This {record_type.noun} is already back in the records.")
        record = _parsed(record_type.section, change.before, change.record_id)
        saved = service.create(record, action="brought back")
        return FoundRecord(change.kind, saved.id, service.record_label(saved))


def _words(change: Change) -> str:
    """What a search of the recent changes looks in, folded."""
    noun = next((t.noun for t in RECORD_TYPES if t.key == change.kind), change.kind)
    return sort_key(" ".join((change.label, change.author, noun, change.action)))


def _same(service: Any, change: Change) -> bool:
    """Whether the record now stored under the entry's id is the one it deleted."""
    from msmedesk.registry.archive_dict import to_archive

    try:
        return bool(to_archive(service.record_type, service.get(change.record_id))
                    == change.before)
    except NotFound:
        return False


def _parsed(section: str, before: Any, record_id: int) -> Any:
    """The typed record of an entry's archive dict (``ValidationError`` if it no longer
    reads), with its old id asked for."""
    from dataclasses import replace

    from msmedesk.archive.file import ArchiveError
    from msmedesk.archive.parse import parse_records

    try:
        records = parse_records({section: [before]})
    except ArchiveError as exc:
        raise ValidationError(list(exc.errors) or [FieldError("", str(exc))]) from None
    return replace(records.section(section)[0], id=record_id)


def _refused(sentence: str) -> ValidationError:
    return ValidationError([FieldError("", sentence)])
