"""An import refuses records that another desk changed while it was being made.

An import reads the office's records, matches the archive's against them (a record with
the same key and content is left alone; names lead to the records they name), then adds
what is new. If another desk changed or deleted one of the matched records in between,
the import would be made against records that are no longer there as read. So the
import notes the newest history entry before it reads, and before it commits it looks at
the entries written since by other desks: any that touches a record the archive matches
refuses the import, naming them. On a server the tables are then held (SHARE mode) until
the commit, so that no desk's save slips in after the look; a file's write lock does the
same.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from msmedesk.archive.file import ArchiveError
from msmedesk.archive.record_set import RecordSet
from msmedesk.db.models import HistoryRow
from msmedesk.history import Change
from msmedesk.plain.reads import change_of
from msmedesk.records.history import selected, when_text
from msmedesk.registry import RECORD_TYPES, RecordType, by_key
from msmedesk.registry.archive_dict import to_archive
from msmedesk.validation import FieldError

# Named in the refusal, at most (then "and N more").
_NAMED = 5


def newest_entry(session: Session) -> int:
    """The id of the newest history entry (0: none), noted before an import reads."""
    return int(session.scalar(select(func.max(HistoryRow.id))) or 0)


def refuse_changed_meanwhile(session: Session, since: int, incoming: RecordSet,
                             tables: list[Any]) -> set[tuple[str, int]]:
    """Refuse (``ArchiveError``) the import when another desk changed, since the entry
    ``since``, a record that ``incoming`` matches; on a server, hold ``tables`` first.
    The records (kind, id) that other desks touched meanwhile otherwise."""
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(f'"{t.__tablename__}"' for t in tables)
        session.execute(text(f"LOCK TABLE {names} IN SHARE MODE"))
    changes = [change_of(r) for r in session.execute(
        selected().where(HistoryRow.id > since, HistoryRow.origin == "")
        .order_by(HistoryRow.id))]
    matched = _matched(changes, incoming)
    if not matched:
        return {(c.kind, c.record_id) for c in changes}
    told = [_told(c) for c in matched[:_NAMED]]
    more = len(matched) - len(told)
    tail = f" and {more} more" if more else ""
    raise ArchiveError(
        "The archive was not imported: another desk changed records it matches while it "
        f"was being imported ({'; '.join(told)}{tail}); nothing was written. Import it "
        "again to match the records as they are now.",
        tuple(FieldError("", _told(c), c.kind) for c in matched))


def _matched(changes: list[Change], incoming: RecordSet) -> list[Change]:
    """The changes (other than additions) of records the archive matches: by the identity
    of a type that has one (a Member by name), else by the whole record."""
    # Only the types another desk changed (not added) meanwhile: on a file, none (the
    # lock keeps other writers out), and the archive's records need no keys made.
    changed = {c.kind for c in changes if c.action not in ("created", "imported")}
    keys: dict[str, set[Any]] = {}
    for record_type in RECORD_TYPES:
        if record_type.single or record_type.key not in changed:
            continue
        records = incoming.section(record_type.section)
        if not records:
            continue
        keys[record_type.key] = {_key(record_type, to_archive(record_type, r))
                                 for r in records}
    out = []
    for change in changes:
        if change.action in ("created", "imported") or change.kind not in keys:
            continue
        record_type = by_key(change.kind)
        seen = {_key(record_type, d) for d in (change.before, change.after) if d}
        if seen & keys[change.kind]:
            out.append(change)
    return out


def _key(record_type: RecordType, archived: Mapping[str, Any]) -> Any:
    """What matches an archive's record with a record of the office: its identity keys,
    or its whole content for a type without them."""
    chosen = record_type.identity or tuple(sorted(archived))
    return tuple((k, repr(archived.get(k))) for k in chosen)


def _told(change: Change) -> str:
    """'the Member "Cabo Verde", changed by ana on DESK-3 at 14:02 today'."""
    record_type = by_key(change.kind)
    return (f'the {record_type.noun} "{change.label}", {change.action} by {change.author} '
            f"{when_text(change.at)}")
