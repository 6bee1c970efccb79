"""A year's report reads all it draws on in one session."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.db.models import (
    DiscussionRow,
    DocumentRow,
    MeetingRow,
    MemberRow,
    OrganizationRow,
    OutreachRow,
    PackageEntryRow,
    ProposalRow,
)
from msmedesk.records.documents import _document
from msmedesk.records.group import _read_profile
from msmedesk.records.helpers import _year_range
from msmedesk.records.meetings import _load_meetings
from msmedesk.records.members import _in_group_at_end, _member
from msmedesk.records.organizations import _organization
from msmedesk.records.outreach import _load_outreach
from msmedesk.records.package import _load_package
from msmedesk.records.proposals import _load_proposals
from msmedesk.report.model import YearRecords


def read_year(sessions: sessionmaker[Session], year: int) -> YearRecords:
    """What the report of ``year`` draws on, read in one session (one consistent view)."""
    with sessions() as session:
        profile = _read_profile(session)
        members = select(MemberRow).order_by(MemberRow.sort_key, MemberRow.name)
        documents = select(DocumentRow).order_by(DocumentRow.date, DocumentRow.symbol)
        established_by = profile.established_by if profile else None
        established = (session.scalar(select(DocumentRow).where(
            DocumentRow.symbol == established_by)) if established_by else None)
        meetings = list(session.scalars(select(MeetingRow).where(
            _year_range(MeetingRow.date, year)).order_by(MeetingRow.date, MeetingRow.kind)))
        outreach = list(session.scalars(select(OutreachRow).where(
            _year_range(OutreachRow.date, year)).order_by(OutreachRow.date, OutreachRow.id)))
        package = list(session.scalars(select(PackageEntryRow).where(
            PackageEntryRow.year == year).order_by(PackageEntryRow.annex, PackageEntryRow.id)))
        # Only the proposals the year's meetings discussed: the report names no other.
        discussed = (select(DiscussionRow.proposal_id)
                     .join(MeetingRow, MeetingRow.id == DiscussionRow.meeting_id)
                     .where(_year_range(MeetingRow.date, year)))
        proposals = session.execute(select(*ProposalRow.__table__.columns).where(
            ProposalRow.id.in_(discussed))).all()
        return YearRecords(
            year=year,
            profile=profile,
            organizations=tuple(_organization(r) for r in session.scalars(
                select(OrganizationRow).order_by(OrganizationRow.name))),
            members_before=tuple(_member(r) for r in session.scalars(
                members.where(_in_group_at_end(year - 1)))),
            joiners=tuple(_member(r) for r in session.scalars(
                members.where(_year_range(MemberRow.joined, year)))),
            members_at_end=tuple(_member(r) for r in session.scalars(
                members.where(_in_group_at_end(year)))),
            membership_total=int(session.scalar(
                select(func.coalesce(func.sum(MemberRow.counts_as), 0))
                .where(_in_group_at_end(year))) or 0),
            annual_reports=tuple(_document(r) for r in session.scalars(documents.where(
                DocumentRow.kind == "annual-report",
                DocumentRow.date <= date(year, 12, 31).isoformat()))),
            establishing_document=_document(established) if established else None,
            ministerial_documents=tuple(_document(r) for r in session.scalars(
                documents.where(DocumentRow.kind == "ministerial"))),
            meetings=tuple(_load_meetings(session, meetings)),
            outreach=tuple(_load_outreach(session, outreach)),
            package_entries=tuple(_load_package(session, package)),
            proposals=tuple(sorted(_load_proposals(session, proposals),
                                   key=lambda p: p.symbol)),
        )
