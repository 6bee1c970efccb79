"""The data file's records as a ``RecordSet``, read in bulk (for export and import)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from msmedesk.archive.record_set import RecordSet, content_key
from msmedesk.db.models import (
    CoordinatorRow,
    DiscussionRow,
    DocumentRow,
    GroupRow,
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
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
    sort_key,
)


def _columns(table: Any) -> Any:
    """SELECT every column of ``table``: rows that read like the ORM objects (``r.name``)
    but are plain tuples; building 300,000 ORM objects cost seconds of an export."""
    return select(*table.__table__.columns)


def load_records(session: Session) -> RecordSet:
    """Every record of the data file, in bulk (a handful of queries whatever the size)."""
    orgs = {r.id: r for r in session.execute(_columns(OrganizationRow))}
    org_label = {i: (r.acronym or r.name) for i, r in orgs.items()}
    member_rows = list(session.execute(_columns(MemberRow)))
    member_name = {r.id: r.name for r in member_rows}
    doc_rows = list(session.execute(_columns(DocumentRow)))
    symbol = {r.id: r.symbol for r in doc_rows}

    talks: dict[int, list[Presentation]] = {}
    for r in session.execute(_columns(PresentationRow).order_by(PresentationRow.meeting_id,
                                                              PresentationRow.position)):
        talks.setdefault(r.meeting_id, []).append(Presentation(
            speaker=r.speaker, organization=org_label.get(r.organization_id),
            topic=r.topic, member=member_name.get(r.member_id)))
    spots: dict[int, list[Spotlight]] = {}
    for r in session.execute(_columns(SpotlightRow).order_by(SpotlightRow.meeting_id,
                                                           SpotlightRow.position)):
        spots.setdefault(r.meeting_id, []).append(Spotlight(
            business=r.business, person=r.person, country=r.country,
            introduced_by=r.introduced_by, description=r.description))
    meeting_rows = list(session.execute(_columns(MeetingRow)))
    meeting_date = {r.id: date.fromisoformat(r.date) for r in meeting_rows}
    proposal_rows = list(session.execute(_columns(ProposalRow)))
    proposal_symbol = {r.id: symbol[r.document_id] for r in proposal_rows}
    discussed: dict[int, list[date]] = {}
    discussed_by_meeting: dict[int, list[str]] = {}
    for pid, mid in session.execute(select(DiscussionRow.proposal_id, DiscussionRow.meeting_id)):
        discussed.setdefault(pid, []).append(meeting_date[mid])
        discussed_by_meeting.setdefault(mid, []).append(proposal_symbol[pid])
    proponents: dict[int, list[str]] = {}
    for r in session.execute(_columns(ProponentRow).order_by(ProponentRow.proposal_id,
                                                           ProponentRow.position)):
        proponents.setdefault(r.proposal_id, []).append(
            member_name[r.member_id] if r.member_id else org_label[r.organization_id])
    partners: dict[int, list[str]] = {}
    for r in session.execute(_columns(PartnerRow).order_by(PartnerRow.event_id,
                                                         PartnerRow.position)):
        partners.setdefault(r.event_id, []).append(org_label[r.organization_id])
    package_members: dict[int, list[str]] = {}
    for r in session.execute(_columns(PackageMemberRow).order_by(PackageMemberRow.entry_id,
                                                               PackageMemberRow.position)):
        package_members.setdefault(r.entry_id, []).append(member_name[r.member_id])

    pd = cache(PartialDate.parse)  # dates repeat; PartialDate is immutable
    return RecordSet(
        group=_group(session),
        members=sorted((Member(name=r.name, list_name=r.list_name, sort_name=r.sort_name,
                               prose_name=r.prose_name, counts_as=r.counts_as,
                               joined=pd(r.joined) if r.joined else None,
                               left=pd(r.left_date) if r.left_date else None, notes=r.notes)
                        for r in member_rows), key=lambda m: (sort_key(m.sort_label), m.name)),
        organizations=sorted((Organization(name=r.name, acronym=r.acronym,
                                           network_member_since=pd(r.network_member_since)
                                           if r.network_member_since else None)
                              for r in orgs.values()), key=lambda o: o.name),
        documents=sorted((Document(symbol=r.symbol, title=r.title,
                                   date=date.fromisoformat(r.date) if r.date else None,
                                   kind=r.kind, url=r.url) for r in doc_rows),
                         key=lambda d: d.symbol),
        meetings=sorted((Meeting(date=meeting_date[r.id], kind=r.kind,
                                 convening_notice=symbol.get(r.convening_notice_id),
                                 summary_document=symbol.get(r.summary_document_id),
                                 summary=r.summary, presentations=tuple(talks.get(r.id, ())),
                                 spotlights=tuple(spots.get(r.id, ())),
                                 proposals=tuple(sorted(discussed_by_meeting.get(r.id, ()))))
                         for r in meeting_rows), key=lambda m: (m.date, m.kind)),
        proposals=sorted((Proposal(symbol=proposal_symbol[r.id], title=r.title,
                                   proponents=tuple(proponents.get(r.id, ())),
                                   submitted=pd(r.submitted) if r.submitted else None,
                                   status=r.status,
                                   discussed_at=tuple(sorted(set(discussed.get(r.id, ())))),
                                   summary=r.summary) for r in proposal_rows),
                         key=lambda p: p.symbol),
        outreach=sorted((OutreachEvent(date=pd(r.date), title=r.title,
                                       end_date=pd(r.end_date) if r.end_date else None,
                                       kind=r.kind, partners=tuple(partners.get(r.id, ())),
                                       summary=r.summary)
                         for r in session.execute(_columns(OutreachRow))), key=content_key),
        package_entries=sorted((PackageEntry(annex=r.annex, year=r.year,
                                             members=tuple(package_members.get(r.id, ())),
                                             summary=r.summary)
                                for r in session.execute(_columns(PackageEntryRow))),
                               key=content_key),
    )


def _group(session: Session) -> GroupProfile | None:
    from msmedesk.domain import Coordinator

    row = session.get(GroupRow, 1)
    if row is None:
        return None
    coordinators = tuple(
        Coordinator(name=c.name, title=c.title,
                    start=PartialDate.parse(c.start_date) if c.start_date else None,
                    end=PartialDate.parse(c.end_date) if c.end_date else None)
        for c in session.scalars(select(CoordinatorRow).order_by(CoordinatorRow.position)))
    return GroupProfile(name=row.name, short_name=row.short_name,
                        established=date.fromisoformat(row.established)
                        if row.established else None,
                        established_by=row.established_by, established_at=row.established_at,
                        founding_members=row.founding_members, coordinators=coordinators)
