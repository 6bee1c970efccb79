"""A delete on a PostgreSQL server in at most three statements, one transaction (issue
17, item 8): the record and what names it read as a save's reads are (``one_trip``), then
the row, its index rows and its history entry in one statement."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, insert, literal, select
from sqlalchemy.orm import Session

from msmedesk.db.models import HistoryRow
from msmedesk.records import history
from msmedesk.records import search_codes as codes
from msmedesk.records.one_trip import (
    _TEXT,
    _WORDS,
    Reads,
    Unforeseen,
    _columns,
    _key,
    batch,
)
from msmedesk.registry.archive_dict import to_archive
from msmedesk.validation import FieldError, ValidationError


def remove(service: Any, record_id: int, version: int | None) -> Any:
    """Delete one record in at most three statements of one transaction (the record and
    what names it read in one or two batches, then the row, its index rows and the
    history entry in one); the record as it was. (Its child rows go with it: their
    foreign keys cascade.)"""
    main, kind = service._table(), service.record_type.key
    with service._sessions.begin() as session:
        reads = Reads(session)
        found: dict[str, Any] = {}

        def run() -> None:
            for name in ("record", "blockers"):
                try:
                    found[name] = (service._read(reads, [record_id]).get(record_id)
                                   if name == "record" else service._blockers(reads, record_id))
                except Exception:
                    if not reads.gathering:
                        raise

        run()
        while reads.asked:
            asked = list(reads.asked)
            rows = batch(session, {f"s{i}": reads.asked[k] for i, k in enumerate(asked)})
            reads.answers.update({k: rows[f"s{i}"] for i, k in enumerate(asked)})
            reads.asked.clear()
            run()
        reads.gathering = False
        run()
        record, stored = found.get("record"), reads.answers.get(
            _key(_columns(main, record_id)))
        if reads.missed or record is None or not stored:
            raise Unforeseen("not read in the batches, or deleted meanwhile")
        stored_version = int(stored[0].version)
        if version is not None and version != stored_version:
            raise Unforeseen("stale: refused the long way, naming who changed it")
        if found["blockers"]:
            raise ValidationError([FieldError("", found["blockers"])])
        _deleted(session, service, main, kind, record_id, stored_version, record)
        return record


def _deleted(session: Session, service: Any, main: Any, kind: str, record_id: int,
             version: int, record: Any) -> None:
    """The one statement of a delete: the row (its version checked), its index rows
    and the history entry."""
    gone = delete(main).where(main.id == record_id, main.version == version).returning(
        main.version).cte("gone")
    first, last = codes.record_range(kind, record_id)
    old = to_archive(service.record_type, record)
    values = {"at": history.now_text(), "author": service.author, "action": "deleted",
              "kind": kind, "record_id": record_id, "label": service.record_label(record),
              "before": history.dumped(old), "after": None}
    names = list(values)
    ctes = [delete(_TEXT).where(_TEXT.c.code.between(first, last)).cte("taken"),
            delete(_WORDS).where(_WORDS.c.code.between(first, last)).cte("taken_words"),
            insert(HistoryRow).from_select([*names, "version", "origin"], select(
                *(literal(values[n], HistoryRow.__table__.c[n].type) for n in names),
                gone.c.version, literal(""))).cte("journal")]
    if session.execute(select(gone.c.version).add_cte(*ctes)).first() is None:
        raise Unforeseen("the version checked is no longer the stored one")
