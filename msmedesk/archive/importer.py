"""Import: an archive checked whole, then written all or nothing."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from msmedesk.archive.bulk import large_import, write_plan
from msmedesk.archive.history import (
    identities,
    journal_imported,
    keep_archive_history,
    newest_ids,
    parse_history,
)
from msmedesk.archive.load import load_records
from msmedesk.archive.meanwhile import newest_entry, refuse_changed_meanwhile
from msmedesk.archive.parse import check_header, parse_records, read_archive, rejected
from msmedesk.archive.plan import canonical, plan_import
from msmedesk.archive.record_set import ImportResult, Progress, RecordSet, collector_paused
from msmedesk.archive.server_load import indexes_set_aside
from msmedesk.db.models import GroupRow
from msmedesk.records import Services, search_index, search_state

#: The records an import adds from which, on a file, the search index is completed after it
#: rather than inside it (a few records are indexed in the import's transaction).
DEFERRED_FROM = 2000


def import_archive(services: Services, path: Path, progress: Progress | None = None
                   ) -> ImportResult:
    """Check the whole archive at ``path``, then write all of it or nothing."""
    return import_data(services, read_archive(path), progress)


def import_data(services: Services, data: Mapping[str, Any], progress: Progress | None = None,
                records: RecordSet | None = None) -> ImportResult:
    """Import an archive dictionary (already read) all or nothing.

    ``records`` is ``parse_archive(data)`` when the caller has already parsed it.
    """
    check_header(data)
    entries, problems = parse_history(data)
    if problems:
        raise rejected(problems)
    with collector_paused():
        incoming = parse_records(data) if records is None else records
        with services.sessions.begin() as session:
            since = newest_entry(session)  # (before the office's records are read)
            existing = load_records(session)
            newest = newest_ids(session, services)
            incoming = canonical(incoming, existing)
            plan = plan_import(incoming, existing)
            held = [GroupRow, *(s.table() for s in services.listed())]
            with indexes_set_aside(session, large_import(plan, existing), held):
                write_plan(session, plan, existing, progress)
                if _deferred(session, plan):
                    # Indexing took most of a large import's time: the file is marked, in
                    # this transaction, as having an index that lacks records, and the
                    # window (or `msmedesk find`) completes it; search says so until then.
                    search_state.mark(session, services.sessions)
                else:
                    # The search index takes the records in one pass, in the same
                    # transaction (an import is whole or not at all). It only adds.
                    search_index.index_new(session, services.listed())
                others = refuse_changed_meanwhile(session, since, incoming, held)
                journal_imported(session, services, newest, bool(plan["group"]), others)
            if entries:
                keep_archive_history(session, entries, identities(session, services))

    def unchanged(section: str) -> int:
        # The archive's records that are not being added (the plan may also hold
        # documents the importer adds for symbols that meetings and proposals use).
        adding = {id(x) for x in plan[section]}
        given = incoming.saved if section == "saved_searches" else incoming.section(section)
        return sum(1 for x in given if id(x) not in adding)

    return ImportResult(added={k: len(v) for k, v in plan.items() if k != "group"},
                        unchanged={k: unchanged(k) for k in plan if k != "group"})


def _deferred(session: Any, plan: Mapping[str, list[Any]]) -> bool:
    """Whether the import's records are indexed after it (many records, into a file)."""
    return (session.get_bind().dialect.name == "sqlite"
            and sum(len(v) for k, v in plan.items() if k != "group") >= DEFERRED_FROM)
