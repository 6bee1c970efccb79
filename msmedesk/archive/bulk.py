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
from msmedesk.domain import (
    Document,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    Proposal,
    sort_key,
)
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
    if plan["group"]:
        write_group(session, plan["group"][0])
    inserter = _Inserter(session, tick)
    inserter.members(plan["members"])
    inserter.organizations(plan["organizations"], existing.organizations)
    inserter.documents(plan["documents"])
    inserter.meetings(plan["meetings"])
    inserter.proposals(plan["proposals"], plan["meetings"])
    inserter.outreach(plan["outreach"])
    inserter.package_entries(plan["package_entries"])


class _Inserter:
    """One import's inserts, section by section, with the ids each section gives the next."""

    def __init__(self, session: Session, tick: Callable[[int], None]) -> None:
        self.session = session
        self.connection = session.connection()
        self.style = self.connection.dialect.paramstyle
        self.tick = tick
        self.member_id: dict[str, int] = {}
        self.org_id: dict[str, int] = {}
        self.doc_id: dict[str, int] = {}
        self.meeting_ids: dict[date, list[tuple[str, int]]] = {}

    def next_id(self, table: Any) -> int:
        """The first id free in ``table``."""
        return int(self.session.scalar(select(func.coalesce(func.max(table.id), 0))) or 0) + 1

    def bulk(self, table: Any, columns: str, rows: list[tuple[Any, ...]]) -> None:
        """Insert ``rows``, tuples in the order of ``columns``, into ``table``."""
        # One plain executemany per chunk, straight to the driver: the ORM's bulk path
        # splits the rows into many small batches and SQLAlchemy's per-row parameter
        # handling costs more than the database's own work. Rows are built as tuples in
        # the order of ``columns`` (names of ours, never user text). Chunks keep memory
        # flat and let a progress dialog move and cancel.
        if not rows:
            return
        connection = self.connection
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
            if self.style == "qmark":
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
            self.session.execute(insert(table.__table__),
                                 [dict(zip(keys, r, strict=True)) for r in chunk])

    def members(self, new: list[Member]) -> None:
        """Insert the new Members."""
        member_id = self.member_id
        member_id.update(self.session.execute(select(MemberRow.name, MemberRow.id)).all())
        first = self.next_id(MemberRow)
        rows: list[tuple[Any, ...]] = []
        for n, m in enumerate(new, first):
            member_id[m.name] = n
            rows.append((n, m.name, m.list_name, m.sort_name, m.prose_name,
                         sort_key(m.sort_label), m.counts_as, partial_iso(m.joined),
                         partial_iso(m.left), m.notes))
        self.bulk(MemberRow, "id name list_name sort_name prose_name sort_key counts_as joined "
                             "left_date notes", rows)
        self.tick(len(rows))

    def organizations(self, new: list[Organization], existing: list[Organization]) -> None:
        """Insert the new organizations; a label names the organization it is the acronym of."""
        org_id = self.org_id
        for i, name, acronym in self.session.execute(select(
                OrganizationRow.id, OrganizationRow.name, OrganizationRow.acronym)):
            org_id[name] = i
            if acronym:
                org_id.setdefault(acronym, i)
        first = self.next_id(OrganizationRow)
        rows: list[tuple[Any, ...]] = []
        for n, o in enumerate(new, first):
            org_id[o.name] = n
            rows.append((n, o.name, o.acronym, partial_iso(o.network_member_since)))
        self.bulk(OrganizationRow, "id name acronym network_member_since", rows)
        # Acronyms win over names when a label could be either.
        for o in new:
            if o.acronym:
                org_id[o.acronym] = org_id[o.name]
        for o in existing:
            if o.acronym:
                org_id[o.acronym] = org_id[o.name]
        self.tick(len(rows))

    def documents(self, new: list[Document]) -> None:
        """Insert the new documents."""
        doc_id = self.doc_id
        doc_id.update(self.session.execute(select(DocumentRow.symbol, DocumentRow.id)).all())
        first = self.next_id(DocumentRow)
        rows: list[tuple[Any, ...]] = []
        for n, d in enumerate(new, first):
            doc_id[d.symbol] = n
            rows.append((n, d.symbol, d.title, d.date.isoformat() if d.date else None, d.kind,
                         d.url))
        self.bulk(DocumentRow, "id symbol title date kind url", rows)
        self.tick(len(rows))

    def meetings(self, new: list[Meeting]) -> None:
        """Insert the new meetings with their presentations and spotlights."""
        doc_id, org_id, member_id = self.doc_id, self.org_id, self.member_id
        meeting_ids = self.meeting_ids
        for i, d, k in self.session.execute(select(MeetingRow.id, MeetingRow.date,
                                                   MeetingRow.kind)):
            meeting_ids.setdefault(date.fromisoformat(d), []).append((k, i))
        first = self.next_id(MeetingRow)
        rows: list[tuple[Any, ...]] = []
        talks: list[tuple[Any, ...]] = []
        spots: list[tuple[Any, ...]] = []
        for mid, m in enumerate(new, first):
            meeting_ids.setdefault(m.date, []).append((m.kind, mid))
            rows.append((mid, m.date.isoformat(), m.kind, doc_id.get(m.convening_notice or ""),
                         doc_id.get(m.summary_document or ""), m.summary))
            talks += [(mid, i, p.speaker, org_id[p.organization] if p.organization else None,
                       member_id[p.member] if p.member else None, p.topic)
                      for i, p in enumerate(m.presentations)]
            spots += [(mid, i, s.business, s.person, s.country, s.introduced_by, s.description)
                      for i, s in enumerate(m.spotlights)]
        self.bulk(MeetingRow, "id date kind convening_notice_id summary_document_id summary",
                  rows)
        self.bulk(PresentationRow, "meeting_id position speaker organization_id member_id "
                                   "topic", talks)
        self.bulk(SpotlightRow, "meeting_id position business person country introduced_by "
                                "description", spots)
        self.tick(len(rows))

    def meeting_on(self, day: date) -> int:
        """The id of the meeting a proposal names by its date."""
        # A proposal names a meeting by its date; prefer the open-ended one of that day.
        options = sorted(self.meeting_ids[day], key=lambda kv: kv[0] != "open-ended")
        return options[0][1]

    def proposals(self, new: list[Proposal], new_meetings: list[Meeting]) -> None:
        """Insert the new proposals, their proponents and the meetings that discussed them."""
        session, doc_id, org_id, member_id = self.session, self.doc_id, self.org_id, self.member_id
        meeting_ids, meeting_on = self.meeting_ids, self.meeting_on
        proposal_id = dict(session.execute(
            select(DocumentRow.symbol, ProposalRow.id).join(
                ProposalRow, ProposalRow.document_id == DocumentRow.id)
        ).all())
        first = self.next_id(ProposalRow)
        rows: list[tuple[Any, ...]] = []
        proponents: list[tuple[Any, ...]] = []
        discussions: set[tuple[int, int]] = set()
        for pid, p in enumerate(new, first):
            proposal_id[p.symbol] = pid
            rows.append((pid, doc_id[p.symbol], p.title, partial_iso(p.submitted), p.status,
                         p.summary))
            for i, name in enumerate(p.proponents):
                is_member = name in member_id
                proponents.append((pid, i, member_id[name] if is_member else None,
                                   None if is_member else org_id[name]))
            discussions |= {(pid, meeting_on(day)) for day in p.discussed_at}
        for m in new_meetings:
            if m.proposals:
                mid = (meeting_on(m.date) if m.kind == "open-ended"
                       else dict(meeting_ids[m.date])[m.kind])
                discussions |= {(proposal_id[s], mid) for s in m.proposals}
        self.bulk(ProposalRow, "id document_id title submitted status summary", rows)
        self.bulk(ProponentRow, "proposal_id position member_id organization_id", proponents)
        known_links = {(p, m) for p, m in session.execute(select(DiscussionRow.proposal_id,
                                                                DiscussionRow.meeting_id))}
        self.bulk(DiscussionRow, "proposal_id meeting_id", sorted(discussions - known_links))
        self.tick(len(rows))

    def outreach(self, new: list[OutreachEvent]) -> None:
        """Insert the new outreach events with their partners, 5,000 events at a time."""
        org_id, bulk = self.org_id, self.bulk
        first = self.next_id(OutreachRow)
        rows: list[tuple[Any, ...]] = []
        partners: list[tuple[Any, ...]] = []
        for eid, e in enumerate(new, first):
            rows.append((eid, e.date.iso(), partial_iso(e.end_date), e.kind, e.title,
                         e.summary))
            partners += [(eid, o, i) for i, o in enumerate(dict.fromkeys([org_id[p]
                                                                           for p in e.partners]))]
            if len(rows) >= 5000:
                bulk(OutreachRow, "id date end_date kind title summary", rows)
                bulk(PartnerRow, "event_id organization_id position", partners)
                self.tick(len(rows))
                rows, partners = [], []
        bulk(OutreachRow, "id date end_date kind title summary", rows)
        bulk(PartnerRow, "event_id organization_id position", partners)
        self.tick(len(rows))

    def package_entries(self, new: list[PackageEntry]) -> None:
        """Insert the new package entries with their Members."""
        member_id = self.member_id
        first = self.next_id(PackageEntryRow)
        rows: list[tuple[Any, ...]] = []
        members: list[tuple[Any, ...]] = []
        for eid, p in enumerate(new, first):
            rows.append((eid, p.annex, p.year, p.summary))
            members += [(eid, member_id[name], i)
                        for i, name in enumerate(dict.fromkeys(p.members))]
        self.bulk(PackageEntryRow, "id annex year summary", rows)
        self.bulk(PackageMemberRow, "entry_id member_id position", members)
        self.tick(len(rows))
