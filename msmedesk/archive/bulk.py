"""Writing an import's plan: bulk inserts, in the import's one transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Any

from sqlalchemy import Connection, func, insert, select
from sqlalchemy.orm import Session

from msmedesk.archive.record_set import (
    SECTIONS,
    Cancelled,
    Progress,
    RecordSet,
    identity,
    records_module,
)
from msmedesk.db.models import (
    Base,
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
)
from msmedesk.records import write_group
from msmedesk.records.documents import document_values
from msmedesk.records.meetings import meeting_values, presentation_values, spotlight_values
from msmedesk.records.members import member_values
from msmedesk.records.organizations import organization_values
from msmedesk.records.outreach import outreach_values, partner_values
from msmedesk.records.package import package_member_values, package_values
from msmedesk.records.proposals import proponent_values, proposal_values
from msmedesk.records.rows import organization_index, prefer_open_ended, proponent_ids
from msmedesk.records.saved_searches import write_saved_searches
from msmedesk.registry import PRESENTATIONS, Field, RecordType, by_key, by_section


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
    large = connection.dialect.name == "sqlite" and large_import(plan, existing)
    with _bulk_load(connection) if large else nullcontext():
        _insert(session, plan, existing, tick)
    if connection.dialect.name == "postgresql":
        _advance_sequences(connection)


def large_import(plan: dict[str, list[Any]], existing: RecordSet) -> bool:
    """Whether an import adds more records than the database holds (and over 1,000): its
    indexes are then built once from the loaded rows rather than row by row."""
    total = sum(len(v) for v in plan.values())
    return total > max(1000, sum(len(getattr(existing, section)) for section in SECTIONS))


def _advance_sequences(connection: Connection) -> None:
    """Move each table's id sequence past the ids the import gave its rows.

    The import numbers its rows itself (each section's ids name the next's); PostgreSQL's
    sequences do not see explicit ids, and the next record typed in the window would be
    refused as taking an id already used.
    """
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            connection.exec_driver_sql(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 0) + 1 FROM {table.name}), false)")


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
    inserter = _Inserter(session, tick, plan)
    # In the archive's order: a section names only what an earlier one holds.
    for section in SECTIONS:
        bespoke = getattr(inserter, section, None)
        if bespoke is not None:
            bespoke(plan[section])
        else:
            inserter.generic(by_section(section), plan[section])
    write_saved_searches(session, plan.get("saved_searches", []))
    tick(len(plan.get("saved_searches", [])))


class _Inserter:
    """One import's inserts, section by section, with the ids each section gives the next."""

    def __init__(self, session: Session, tick: Callable[[int], None],
                 plan: dict[str, list[Any]]) -> None:
        self.session = session
        self.plan = plan
        self.connection = session.connection()
        self.style = self.connection.dialect.paramstyle
        self.tick = tick
        self.member_id: dict[str, int] = {}
        self.org_id: dict[str, int] = {}
        self.doc_id: dict[str, int] = {}
        self.meeting_ids: dict[date, list[tuple[str, int]]] = {}
        # By target: how a record's identity is told, and the ids by identity.
        self.ref_ids: dict[str, tuple[Callable[[Any], Any], dict[Any, int]]] = {}

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
            if connection.dialect.driver == "psycopg":
                self.copy(table, keys, chunk)
                continue
            # Any other driver: SQLAlchemy's insert() with named parameters.
            self.session.execute(insert(table.__table__),
                                 [dict(zip(keys, r, strict=True)) for r in chunk])

    def copy(self, table: Any, keys: list[str], rows: list[tuple[Any, ...]]) -> None:
        """PostgreSQL's COPY of ``rows`` into ``table``, in the import's transaction: one
        stream for all of them, where INSERTs cost a round trip per batch."""
        driver = self.connection.connection.driver_connection
        assert driver is not None  # (an open connection has its psycopg connection)
        sql = f"COPY {table.__tablename__} ({', '.join(keys)}) FROM STDIN"
        with driver.cursor() as cursor, cursor.copy(sql) as stream:
            for row in rows:
                stream.write_row(row)

    def rows(self, table: Any, rows: list[dict[str, Any]], first: int | None = None) -> None:
        """Insert ``rows``, the values of one table's rows (each with the same keys); with
        ``first``, the rows' ids are ``first``, ``first + 1``, ... in their order."""
        if not rows:
            return
        if first is None:
            self.bulk(table, " ".join(rows[0]), [tuple(r.values()) for r in rows])
        else:
            # The id put in front of each row's values, not merged into a copy of its dict:
            # a large import writes 140,000 numbered rows.
            self.bulk(table, "id " + " ".join(rows[0]),
                      [(n, *r.values()) for n, r in enumerate(rows, first)])

    def generic(self, kind: RecordType, new: list[Any]) -> None:
        """Insert the new records of a type with no bulk path of its own here, by its records
        module's ``insert_<section>(session, records)``."""
        if new:
            getattr(records_module(kind), f"insert_{kind.section}")(self.session, new)
        self.tick(len(new))

    def ref_id(self, f: Field, value: Any) -> int | None:
        """The id of the record a "ref" field names (the plan refused one that names none)."""
        if value is None:
            return None
        found = self.ref_ids.get(f.target)
        if found is None:
            # The target's records with their ids, read once (after their own inserts).
            target = by_key(f.target)
            key = identity(target)
            read = getattr(records_module(target), f"read_{target.section}")
            rows = read(self.session)
            ids = {key(r): r.id for r in (rows.values() if isinstance(rows, dict) else rows)}
            found = self.ref_ids[f.target] = (key, ids)
        key, ids = found
        return ids[key(value)]

    def members(self, new: list[Member]) -> None:
        """Insert the new Members."""
        member_id = self.member_id
        member_id.update(self.session.execute(select(MemberRow.name, MemberRow.id)).all())
        first = self.next_id(MemberRow)
        member_id.update((m.name, n) for n, m in enumerate(new, first))
        self.rows(MemberRow, [member_values(m) for m in new], first)
        self.tick(len(new))

    def organizations(self, new: list[Organization]) -> None:
        """Insert the new organizations; a label names the organization it is the acronym of."""
        first = self.next_id(OrganizationRow)
        rows = [organization_values(o) for o in new]
        self.rows(OrganizationRow, rows, first)
        self.org_id.update(organization_index(self.session.execute(select(
            OrganizationRow.id, OrganizationRow.name, OrganizationRow.acronym)).all()))
        self.tick(len(rows))

    def documents(self, new: list[Document]) -> None:
        """Insert the new documents."""
        doc_id = self.doc_id
        doc_id.update(self.session.execute(select(DocumentRow.symbol, DocumentRow.id)).all())
        first = self.next_id(DocumentRow)
        doc_id.update((d.symbol, n) for n, d in enumerate(new, first))
        # The archive's reader has parsed the symbols already (the service parses them).
        self.rows(DocumentRow, [document_values(d, d.symbol) for d in new], first)
        self.tick(len(new))

    def meetings(self, new: list[Meeting]) -> None:
        """Insert the new meetings with their presentations and spotlights."""
        doc_id, org_id, member_id = self.doc_id, self.org_id, self.member_id
        meeting_ids = self.meeting_ids
        for i, d, k in self.session.execute(select(MeetingRow.id, MeetingRow.date,
                                                   MeetingRow.kind)):
            meeting_ids.setdefault(date.fromisoformat(d), []).append((k, i))
        first = self.next_id(MeetingRow)
        rows: list[dict[str, Any]] = []
        talks: list[dict[str, Any]] = []
        spots: list[dict[str, Any]] = []
        # A presentation's references to other records by their identity.
        refs = [(f, attrgetter(f.name)) for f in PRESENTATIONS.fields if f.kind == "ref"]
        ref_id = self.ref_id
        for mid, m in enumerate(new, first):
            meeting_ids.setdefault(m.date, []).append((m.kind, mid))
            rows.append(meeting_values(m, doc_id.get(m.convening_notice or ""),
                                       doc_id.get(m.summary_document or "")))
            talks += [presentation_values(mid, i, p,
                                          org_id[p.organization] if p.organization else None,
                                          member_id[p.member] if p.member else None,
                                          *[ref_id(f, get(p)) for f, get in refs])
                      for i, p in enumerate(m.presentations)]
            spots += spotlight_values(mid, m.spotlights)
        self.rows(MeetingRow, rows, first)
        self.rows(PresentationRow, talks)
        self.rows(SpotlightRow, spots)
        self.tick(len(rows))

    def meeting_on(self, day: date) -> int:
        """The id of the meeting a proposal names by its date."""
        found = prefer_open_ended(self.meeting_ids[day])
        assert found is not None  # (the plan refused a date without a meeting)
        return found

    def proposals(self, new: list[Proposal]) -> None:
        """Insert the new proposals, their proponents and the meetings that discussed them."""
        session, doc_id, meeting_on = self.session, self.doc_id, self.meeting_on
        new_meetings: list[Meeting] = self.plan["meetings"]
        # (The plan refused a proponent that names no record: a miss here is a bug.)
        member, organization = self.member_id.get, self.org_id.__getitem__
        proposal_id = dict(session.execute(
            select(DocumentRow.symbol, ProposalRow.id).join(
                ProposalRow, ProposalRow.document_id == DocumentRow.id)).all())
        first = self.next_id(ProposalRow)
        rows: list[dict[str, Any]] = []
        proponents: list[dict[str, Any]] = []
        discussions: set[tuple[int, int]] = set()
        for pid, p in enumerate(new, first):
            proposal_id[p.symbol] = pid
            rows.append(proposal_values(p, doc_id[p.symbol]))
            proponents += [proponent_values(pid, i, *proponent_ids(name, member, organization))
                           for i, name in enumerate(p.proponents)]
            discussions |= {(pid, meeting_on(day)) for day in p.discussed_at}
        for m in new_meetings:
            if m.proposals:
                mid = (meeting_on(m.date) if m.kind == "open-ended"
                       else dict(self.meeting_ids[m.date])[m.kind])
                discussions |= {(proposal_id[s], mid) for s in m.proposals}
        self.rows(ProposalRow, rows, first)
        self.rows(ProponentRow, proponents)
        known_links = {(p, m) for p, m in session.execute(select(DiscussionRow.proposal_id,
                                                                DiscussionRow.meeting_id))}
        self.bulk(DiscussionRow, "proposal_id meeting_id", sorted(discussions - known_links))
        self.tick(len(rows))

    def outreach(self, new: list[OutreachEvent]) -> None:
        """Insert the new outreach events with their partners, 5,000 events at a time."""
        org_id = self.org_id
        first = self.next_id(OutreachRow)
        for start in range(0, len(new), 5000):
            chunk = list(enumerate(new[start:start + 5000], first + start))
            self.rows(OutreachRow, [outreach_values(e) for _eid, e in chunk], first + start)
            self.rows(PartnerRow, [row for eid, e in chunk for row in partner_values(
                eid, (org_id[p] for p in e.partners))])
            self.tick(len(chunk))

    def package_entries(self, new: list[PackageEntry]) -> None:
        """Insert the new package entries with their Members."""
        member_id = self.member_id
        first = self.next_id(PackageEntryRow)
        self.rows(PackageEntryRow, [package_values(p) for p in new], first)
        self.rows(PackageMemberRow, [row for eid, p in enumerate(new, first)
                                     for row in package_member_values(
                                         eid, (member_id[n] for n in p.members))])
        self.tick(len(new))
