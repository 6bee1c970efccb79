"""Writing an import's plan: bulk inserts, in the import's one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from msmedesk.archive.record_set import SECTIONS, Cancelled, Progress, RecordSet, partial_iso
from msmedesk.db.models import (
    DiscussionRow,
    DocumentRow,
    MeetingRow,
    MemberRow,
    OrganizationRow,
    OutreachRow,
    PackageEntryRow,
    PackageMemberRow,
    PartnerRow,
    PresentationRow,
    ProponentRow,
    ProposalRow,
    SpotlightRow,
)
from msmedesk.domain import sort_key
from msmedesk.records import write_group


def write_plan(session: Session, plan: dict[str, list[Any]], existing: RecordSet,
           progress: Progress | None) -> None:
    """Insert every record of ``plan``, ticking ``progress`` (which may cancel)."""
    total = sum(len(v) for v in plan.values())
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None and progress(done, total) is False:
            # Raising inside the transaction rolls every insert back.
            raise Cancelled("The import was cancelled; nothing was written.")

    connection = session.connection()
    large = connection.dialect.name == "sqlite" and total > max(
        1000, sum(len(getattr(existing, section)) for section in SECTIONS))
    with _bulk_load(connection) if large else nullcontext():
        _insert(session, plan, existing, tick)


@contextmanager
def _bulk_load(connection: Connection) -> Iterator[None]:
    """SQLite set up for a large import into a small file, inside its transaction.

    SQLite builds an index faster from the finished table than row by row: the secondary
    indexes are dropped and made again from their own SQL before the transaction commits
    (a failure rolls both back). A page cache of 64 MB instead of SQLite's 2 MB keeps the
    new rows in memory until the commit and sorts those indexes in memory rather than in
    temporary files; the connection's own cache size comes back afterwards.
    """
    # Python's sqlite3 opens its transaction before the first row written, not before a
    # DROP INDEX: without this BEGIN the drops were committed at once, and an import
    # cancelled or refused by the database left the file without its indexes.
    driver = connection.connection.driver_connection
    assert driver is not None  # (an open connection has its sqlite3 connection)
    if not driver.in_transaction:
        connection.exec_driver_sql("BEGIN")
    cache_size = connection.exec_driver_sql("PRAGMA cache_size").scalar_one()
    connection.exec_driver_sql("PRAGMA cache_size = -65536")  # in KiB
    try:
        indexes = connection.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).all()
        for name, _sql in indexes:
            connection.exec_driver_sql(f'DROP INDEX "{name}"')
        yield
        for _name, sql in indexes:
            connection.exec_driver_sql(sql)
    finally:
        if not connection.invalidated:  # (else the failure that closed it is the news)
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(cache_size)}")


def _insert(session: Session, plan: dict[str, list[Any]], existing: RecordSet,
            tick: Callable[[int], None]) -> None:
    def next_id(table: Any) -> int:
        return int(session.scalar(select(func.coalesce(func.max(table.id), 0))) or 0) + 1

    connection = session.connection()
    style = connection.dialect.paramstyle

    def bulk(table: Any, columns: str, rows: list[tuple[Any, ...]]) -> None:
        # One plain executemany per chunk, straight to the driver: the ORM's bulk path
        # splits the rows into many small batches and SQLAlchemy's per-row parameter
        # handling costs more than the database's own work. Rows are built as tuples in
        # the order of ``columns`` (names of ours, never user text). Chunks keep memory
        # flat and let a progress dialog move and cancel.
        if not rows:
            return
        keys = columns.split()
        into = f"INSERT INTO {table.__tablename__} ({', '.join(keys)}) VALUES "
        one_row = f"({', '.join('?' * len(keys))})"
        # SQLite's driver: each statement writes `per` rows (their values one flat tuple):
        # SQLite's own work per statement (start, constraint bookkeeping, reset) and the
        # driver's per-statement loop are then paid once for 50 rows, which more than
        # halves the time of the inserts (well below SQLite's limit of 32,766 values).
        per = 50
        many = into + ", ".join([one_row] * per)
        for start in range(0, len(rows), 5000):
            chunk = rows[start:start + 5000]
            if style == "qmark":
                whole = len(chunk) - len(chunk) % per
                if whole:
                    connection.exec_driver_sql(many, [
                        tuple(chain.from_iterable(chunk[i:i + per]))
                        for i in range(0, whole, per)])
                if whole < len(chunk):
                    connection.exec_driver_sql(
                        into + ", ".join([one_row] * (len(chunk) - whole)),
                        tuple(chain.from_iterable(chunk[whole:])))
                continue
            # Any other driver: SQLAlchemy's insert() with named parameters.
            session.execute(insert(table.__table__),
                            [dict(zip(keys, r, strict=True)) for r in chunk])

    if plan["group"]:
        write_group(session, plan["group"][0])

    member_id = dict(session.execute(select(MemberRow.name, MemberRow.id)).all())
    first = next_id(MemberRow)
    rows: list[tuple[Any, ...]] = []
    for n, m in enumerate(plan["members"], first):
        member_id[m.name] = n
        rows.append((n, m.name, m.list_name, m.sort_name, m.prose_name, sort_key(m.sort_label),
                     m.counts_as, partial_iso(m.joined), partial_iso(m.left), m.notes))
    bulk(MemberRow, "id name list_name sort_name prose_name sort_key counts_as joined "
                    "left_date notes", rows)
    tick(len(rows))

    org_id: dict[str, int] = {}
    for i, name, acronym in session.execute(select(OrganizationRow.id, OrganizationRow.name,
                                                   OrganizationRow.acronym)):
        org_id[name] = i
        if acronym:
            org_id.setdefault(acronym, i)
    first = next_id(OrganizationRow)
    rows = []
    for n, o in enumerate(plan["organizations"], first):
        org_id[o.name] = n
        rows.append((n, o.name, o.acronym, partial_iso(o.network_member_since)))
    bulk(OrganizationRow, "id name acronym network_member_since", rows)
    # Acronyms win over names when a label could be either.
    for o in plan["organizations"]:
        if o.acronym:
            org_id[o.acronym] = org_id[o.name]
    for o in existing.organizations:
        if o.acronym:
            org_id[o.acronym] = org_id[o.name]
    tick(len(rows))

    doc_id = dict(session.execute(select(DocumentRow.symbol, DocumentRow.id)).all())
    first = next_id(DocumentRow)
    rows = []
    for n, d in enumerate(plan["documents"], first):
        doc_id[d.symbol] = n
        rows.append((n, d.symbol, d.title, d.date.isoformat() if d.date else None, d.kind,
                     d.url))
    bulk(DocumentRow, "id symbol title date kind url", rows)
    tick(len(rows))

    meeting_ids: dict[date, list[tuple[str, int]]] = {}
    for i, d, k in session.execute(select(MeetingRow.id, MeetingRow.date, MeetingRow.kind)):
        meeting_ids.setdefault(date.fromisoformat(d), []).append((k, i))
    first = next_id(MeetingRow)
    rows, talks, spots = [], [], []
    for mid, m in enumerate(plan["meetings"], first):
        meeting_ids.setdefault(m.date, []).append((m.kind, mid))
        rows.append((mid, m.date.isoformat(), m.kind, doc_id.get(m.convening_notice or ""),
                     doc_id.get(m.summary_document or ""), m.summary))
        talks += [(mid, i, p.speaker, org_id[p.organization] if p.organization else None,
                   member_id[p.member] if p.member else None, p.topic)
                  for i, p in enumerate(m.presentations)]
        spots += [(mid, i, s.business, s.person, s.country, s.introduced_by, s.description)
                  for i, s in enumerate(m.spotlights)]
    bulk(MeetingRow, "id date kind convening_notice_id summary_document_id summary", rows)
    bulk(PresentationRow, "meeting_id position speaker organization_id member_id topic", talks)
    bulk(SpotlightRow, "meeting_id position business person country introduced_by "
                       "description", spots)
    tick(len(rows))

    def meeting_on(day: date) -> int:
        # A proposal names a meeting by its date; prefer the open-ended one of that day.
        options = sorted(meeting_ids[day], key=lambda kv: kv[0] != "open-ended")
        return options[0][1]

    proposal_id = dict(session.execute(
        select(DocumentRow.symbol, ProposalRow.id).join(ProposalRow,
                                                        ProposalRow.document_id == DocumentRow.id)
    ).all())
    first = next_id(ProposalRow)
    rows, proponents, discussions = [], [], set()
    for pid, p in enumerate(plan["proposals"], first):
        proposal_id[p.symbol] = pid
        rows.append((pid, doc_id[p.symbol], p.title, partial_iso(p.submitted), p.status,
                     p.summary))
        for i, name in enumerate(p.proponents):
            is_member = name in member_id
            proponents.append((pid, i, member_id[name] if is_member else None,
                               None if is_member else org_id[name]))
        discussions |= {(pid, meeting_on(day)) for day in p.discussed_at}
    for m in plan["meetings"]:
        if m.proposals:
            mid = (meeting_on(m.date) if m.kind == "open-ended"
                   else dict(meeting_ids[m.date])[m.kind])
            discussions |= {(proposal_id[s], mid) for s in m.proposals}
    bulk(ProposalRow, "id document_id title submitted status summary", rows)
    bulk(ProponentRow, "proposal_id position member_id organization_id", proponents)
    known_links = {(p, m) for p, m in session.execute(select(DiscussionRow.proposal_id,
                                                            DiscussionRow.meeting_id))}
    bulk(DiscussionRow, "proposal_id meeting_id", sorted(discussions - known_links))
    tick(len(rows))

    first = next_id(OutreachRow)
    rows, partners = [], []
    for eid, e in enumerate(plan["outreach"], first):
        rows.append((eid, e.date.iso(), partial_iso(e.end_date), e.kind, e.title, e.summary))
        partners += [(eid, o, i) for i, o in enumerate(dict.fromkeys([org_id[p]
                                                                       for p in e.partners]))]
        if len(rows) >= 5000:
            bulk(OutreachRow, "id date end_date kind title summary", rows)
            bulk(PartnerRow, "event_id organization_id position", partners)
            tick(len(rows))
            rows, partners = [], []
    bulk(OutreachRow, "id date end_date kind title summary", rows)
    bulk(PartnerRow, "event_id organization_id position", partners)
    tick(len(rows))

    first = next_id(PackageEntryRow)
    rows, members = [], []
    for eid, p in enumerate(plan["package_entries"], first):
        rows.append((eid, p.annex, p.year, p.summary))
        members += [(eid, member_id[name], i) for i, name in enumerate(dict.fromkeys(p.members))]
    bulk(PackageEntryRow, "id annex year summary", rows)
    bulk(PackageMemberRow, "entry_id member_id position", members)
    tick(len(rows))
