"""The history's rows: written in the transaction of each change, read back as ``Change``.

Also the version check every save and delete makes: one UPDATE of the record's version
that names the version the form read, so that on a file and on a server alike two desks
cannot both pass it (the row is locked, or the file's write lock taken, by that UPDATE).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from msmedesk.db.models import HistoryRow
from msmedesk.domain import NotFound
from msmedesk.history import Change, StaleRecord, moment
from msmedesk.plain.reads import change_of  # (one reading of a history row, plain or not)
from msmedesk.registry import RecordType

# The columns a Change is read from, in its fields' order.
_COLUMNS = (HistoryRow.id, HistoryRow.at, HistoryRow.author, HistoryRow.action,
            HistoryRow.kind, HistoryRow.record_id, HistoryRow.label, HistoryRow.before,
            HistoryRow.after, HistoryRow.version, HistoryRow.origin)


def now_text() -> str:
    """Now, as the history stores a time: ISO 8601 in UTC (sorts as text)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


def dumped(value: Mapping[str, Any] | None) -> str | None:
    """A record's archive dict as the history stores it (JSON text), or None."""
    return None if value is None else json.dumps(value, ensure_ascii=False)


def write(session: Session, *, author: str, action: str, kind: str, record_id: int,
          label: str, before: Mapping[str, Any] | None, after: Mapping[str, Any] | None,
          version: int, origin: str = "", at: str | None = None) -> None:
    """Add one entry to the history, in the caller's transaction."""
    session.execute(insert(HistoryRow).values(
        at=at or now_text(), author=author, action=action, kind=kind, record_id=record_id,
        label=label, before=dumped(before), after=dumped(after), version=version,
        origin=origin))


def _loaded(text: str | None) -> dict[str, Any] | None:
    return None if text is None else json.loads(text)


def selected() -> Any:
    """The select of history rows as ``change_of`` reads them."""
    return select(*_COLUMNS)


def latest(session: Session, kind: str, record_id: int) -> Change | None:
    """The newest entry of the office's own history for one record, or None."""
    row = session.execute(selected().where(
        HistoryRow.kind == kind, HistoryRow.record_id == record_id, HistoryRow.origin == "")
        .order_by(HistoryRow.id.desc()).limit(1)).first()
    return None if row is None else change_of(row)


def claim(session: Session, record_type: RecordType, table: Any, record_id: int,
          version: int | None, *, bump: bool) -> int:
    """Check the record's stored version against ``version`` (None: no check) and take the
    row for this transaction; ``bump``: raise it by one. The version now stored, or
    ``NotFound``/``StaleRecord``."""
    condition = [table.id == record_id]
    if version is not None:
        condition.append(table.version == version)
    found = session.execute(update(table).where(*condition).values(
        version=table.version + (1 if bump else 0)).returning(table.version)).first()
    if found is not None:
        return int(found[0])
    stored = session.scalar(select(table.version).where(table.id == record_id))
    if stored is None and version is None:
        raise NotFound(f"This {record_type.noun} was deleted meanwhile.")
    assert version is not None
    raise stale(session, record_type, record_id, version, int(stored or 0))


def stale(session: Session, record_type: RecordType, record_id: int, expected: int,
          found: int) -> StaleRecord:
    """The refusal of a save or delete that read version ``expected`` of a record now at
    ``found`` (0: deleted), naming who changed it, when and what."""
    change = latest(session, record_type.key, record_id)
    return StaleRecord(stale_message(record_type, change, found), kind=record_type.key,
                       record_id=record_id, expected=expected, found=found, change=change)


def stale_message(record_type: RecordType, change: Change | None, found: int) -> str:
    """'ana on DESK-3 changed this meeting at 14:02 today: Date, Summary.'"""
    noun = record_type.noun
    if change is None:
        gone = "deleted" if not found else "changed"
        return f"Another desk {gone} this {noun} since you opened it."
    when = when_text(change.at)
    if change.action == "deleted" or not found:
        return f"{change.author} deleted this {noun} {when}."
    labels = {f.key: f.label for f in record_type.fields}
    fields = [_in_sentence(labels.get(k, k)) for k in change.fields_changed()]
    what = f": {', '.join(fields)}" if fields and change.action == "changed" else ""
    verb = {"brought back": "brought back", "imported": "imported"}.get(change.action,
                                                                         "changed")
    return f"{change.author} {verb} this {noun} {when}{what}."


def _in_sentence(label: str) -> str:
    """A field's label inside a sentence: "Summary" as "summary", "URL" kept."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


def when_text(at: datetime, now: datetime | None = None) -> str:
    """A time as a sentence gives it, in the desk's own zone: "at 14:02 today",
    "at 09:15 yesterday", "on 3 December 2026 at 14:02"."""
    clock, day = moment(at, now)
    return f"at {clock} {day}" if day in ("today", "yesterday") else f"on {day} at {clock}"


def entry_problems(session: Session) -> list[str]:
    """What ``check`` finds wrong in the history's rows (one line each): a time, an action,
    a kind of record or a record before/after that the program cannot read back."""
    found = []
    for row in session.execute(selected().order_by(HistoryRow.id)):
        found += [f"Rule broken: the history's entry {row[0]}: {w}" for w in _wrong(row)]
    return found


def _wrong(row: Any) -> list[str]:
    """What is wrong with one history row, in words."""
    from msmedesk.history import ACTIONS, ORIGINS
    from msmedesk.registry import RECORD_TYPES

    wrong = []
    try:
        datetime.fromisoformat(row[1])
    except (TypeError, ValueError):
        wrong.append(f'its time "{row[1]}" is not an ISO 8601 time')
    if row[3] not in ACTIONS:
        wrong.append(f'its action "{row[3]}" is not one of {", ".join(ACTIONS)}')
    if row[4] not in {t.key for t in RECORD_TYPES}:
        wrong.append(f'its kind of record "{row[4]}" is unknown')
    if (row[10] or "") not in ORIGINS:
        wrong.append(f'its origin "{row[10]}" is unknown')
    for side, text in (("before", row[7]), ("after", row[8])):
        try:
            value = _loaded(text)
        except ValueError:
            wrong.append(f"its record {side} the change is not JSON text that reads")
            continue
        if value is not None and not isinstance(value, dict):
            wrong.append(f"its record {side} the change is not a JSON object")
    return wrong
