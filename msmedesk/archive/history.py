"""The archive's optional ``history`` (docs/archive-format.md): written by ``export
--history`` only; an import keeps an archive's entries beside the office's (origin
"archive", never rewriting the office's own), and adds one "imported" entry per record it
adds."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.archive.server_load import copy_rows
from msmedesk.db.models import HistoryRow
from msmedesk.history import ACTIONS, Change
from msmedesk.records import history
from msmedesk.registry import RECORD_TYPES, RecordType, by_key
from msmedesk.registry.archive_dict import archive_writer
from msmedesk.validation import FieldError

#: The archive's key of the history.
KEY = "history"
#: The keys of one entry.
ENTRY_KEYS = ("at", "author", "action", "kind", "record", "label", "before", "after", "origin")
_KINDS = {t.key: t for t in RECORD_TYPES}


def natural_key(record_type: RecordType, record: Mapping[str, Any] | None,
                record_id: int) -> Any:
    """How the archive names an entry's record: its identity keys as the archive writes
    them ({"name": "Cabo Verde"}), or its id for a type without one."""
    if record_type.identity and record:
        return {k: record.get(k) for k in record_type.identity}
    return record_id


def history_to_json(changes: Sequence[Change]) -> list[dict[str, Any]]:
    """The archive's objects of ``changes``, oldest first."""
    return [{"at": c.at.isoformat(), "author": c.author, "action": c.action, "kind": c.kind,
             "record": natural_key(by_key(c.kind), c.after or c.before, c.record_id),
             "label": c.label, "before": c.before, "after": c.after,
             "origin": c.origin or "office"} for c in changes]


def parse_history(data: Mapping[str, Any]) -> tuple[list[dict[str, Any]], list[FieldError]]:
    """The archive's history entries (checked, as plain dicts) and every problem with them,
    each named by its place ("history[2].at")."""
    found: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for i, raw in enumerate(data.get(KEY) or []):
        where = f"{KEY}[{i}]"
        if not isinstance(raw, validation.MAPPING):
            errors.append(FieldError("", "must be an object", where))
            continue
        problems = validation.key_problems(raw, KEY, where) + _entry_problems(raw, where)
        errors += problems
        if not problems:
            found.append(dict(raw))
    return found, errors


def _entry_problems(raw: Mapping[str, Any], where: str) -> list[FieldError]:
    problems = []
    try:
        datetime.fromisoformat(raw.get("at"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        problems.append(FieldError("at", "must be a time as ISO 8601 "
                                         '("2024-03-19T14:02:00+00:00")', where))
    if raw.get("action") not in ACTIONS:
        problems.append(FieldError("action", f"must be one of {', '.join(ACTIONS)}", where))
    if raw.get("kind") not in _KINDS:
        problems.append(FieldError("kind", f"must be one of {', '.join(_KINDS)}", where))
    for key in ("author", "label"):
        if not isinstance(raw.get(key, ""), str):
            problems.append(FieldError(key, "must be text", where))
    if raw.get("origin", "office") not in ("office", "archive"):
        problems.append(FieldError("origin", 'must be "office" or "archive"', where))
    for key in ("before", "after"):
        if raw.get(key) is not None and not isinstance(raw.get(key), validation.MAPPING):
            problems.append(FieldError(key, "must be an object or null", where))
    return problems


def keep_archive_history(session: Session, entries: list[dict[str, Any]],
                         ids: Mapping[str, Mapping[Any, int]]) -> int:
    """Add an archive's entries to the history as origin "archive", each under the id of
    its record in this office where ``ids`` (by kind, natural key) knows it (else 0); an
    entry the history already holds (the same archive imported twice) is not added again.
    How many were added."""
    held = {(r.at, r.author, r.action, r.kind, r.label) for r in session.execute(
        select(HistoryRow.at, HistoryRow.author, HistoryRow.action, HistoryRow.kind,
               HistoryRow.label))}
    added = 0
    for raw in entries:
        at = datetime.fromisoformat(raw["at"]).isoformat()
        key = (at, raw.get("author", ""), raw["action"], raw["kind"], raw.get("label", ""))
        if key in held:
            continue
        held.add(key)
        record = raw.get("record")
        found = ids.get(raw["kind"], {}).get(_hashable(record), 0)
        history.write(session, author=key[1], action=key[2], kind=key[3],
                      record_id=found or (record if isinstance(record, int) else 0),
                      label=key[4], before=raw.get("before"), after=raw.get("after"),
                      version=0, origin="archive", at=at)
        added += 1
    return added


def _hashable(record: Any) -> Any:
    if isinstance(record, Mapping):
        return tuple(sorted((k, str(v)) for k, v in record.items()))
    return record


def newest_ids(session: Session, services: Any) -> dict[str, int]:
    """The highest id of each listed type's table now (what an import adds lies above)."""
    return {service.record_type.key: int(session.scalar(
        select(func.coalesce(func.max(service.table().id), 0))) or 0)
        for service in services.listed()}


def journal_imported(session: Session, services: Any, before: Mapping[str, int],
                     group_added: bool, others: set[tuple[str, int]]) -> None:
    """One "imported" entry for each record an import added (those above ``before``'s
    ids that no other desk added meanwhile, ``others``), in the import's transaction."""
    # Each record as read back from the file (what History shows as its "after"), the
    # entries written as plain tuples through the driver (the ORM's insert of 140,000
    # dictionaries cost more than the database's work).
    rows: list[tuple[Any, ...]] = []
    at, author = history.now_text(), services.author
    dumps = json.JSONEncoder(ensure_ascii=False).encode  # (history.dumped's, made once)
    for service in services.listed():
        kind = service.record_type
        table = service.table()
        new = set(session.scalars(select(table.id).where(table.id > before[kind.key])))
        # (Into a table that was empty: its whole table, one read rather than an IN list of
        # every id, which cost twice as much on a server.)
        found = service._read(session, sorted(new) if before[kind.key] else None) if new else {}
        write, label = archive_writer(kind), service.record_label
        rows += [(at, author, "imported", kind.key, record_id, label(record), None,
                  dumps(write(record)), 1, "")
                 for record_id, record in found.items() if (kind.key, record_id) not in others]
    if group_added:
        from msmedesk.records.group import read_group

        profile = read_group(session)
        rows.append((at, author, "imported", "group", 1, profile.name if profile else "",
                     None, history.dumped(to_archive_of(by_key("group"), profile)), 1, ""))
    columns = ("at", "author", "action", "kind", "record_id", "label", "before", "after",
               "version", "origin")
    style = session.connection().dialect.paramstyle
    if not rows or copy_rows(session, HistoryRow, columns, rows):
        return  # (on a server one COPY: an import's entries are as many as its records)
    if style in ("qmark", "format", "pyformat"):  # (SQLite's driver; psycopg's)
        mark = "?" if style == "qmark" else "%s"
        names = ", ".join(f'"{c}"' for c in columns)  # ("before" is a word of SQL's)
        session.connection().exec_driver_sql(
            f"INSERT INTO {HistoryRow.__tablename__} ({names}) "
            f"VALUES ({', '.join([mark] * len(columns))})", rows)
    else:  # (any other driver: SQLAlchemy's insert with named parameters)
        session.execute(insert(HistoryRow), [dict(zip(columns, r, strict=True)) for r in rows])


def identities(session: Session, services: Any) -> dict[str, dict[Any, int]]:
    """The id of every record of a type with identity keys, by those keys (as
    ``_hashable`` makes them), by kind: where an archive's entries belong."""
    out: dict[str, dict[Any, int]] = {}
    for service in services.listed():
        kind = service.record_type
        if not kind.identity:
            continue
        ids = list(session.scalars(select(service.table().id)))
        out[kind.key] = {
            _hashable({k: archived.get(k) for k in kind.identity}): record_id
            for record_id, record in service._read(session, ids).items()
            for archived in (to_archive_of(kind, record),)}
    return out


def to_archive_of(kind: RecordType, record: Any) -> dict[str, Any]:
    """A record's archive dict (its history entry's ``after``)."""
    from msmedesk.registry.archive_dict import to_archive

    return to_archive(kind, record)
