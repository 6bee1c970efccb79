"""A year's report reads all it draws on in one session."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.db.models import (
    DiscussionRow,
    DocumentRow,
    MeetingRow,
    MemberRow,
    OutreachRow,
    ProposalRow,
)
from msmedesk.records.annexes import all_annexes
from msmedesk.records.documents import documents_where
from msmedesk.records.group import read_group
from msmedesk.records.helpers import _year_range
from msmedesk.records.meetings import meetings_where
from msmedesk.records.members import _in_group_at_end, members_where
from msmedesk.records.organizations import organizations_where
from msmedesk.records.outreach import outreach_where
from msmedesk.records.package import package_in_year
from msmedesk.records.proposals import read_proposals
from msmedesk.report.model import YearRecords
from msmedesk.symbol_order import symbol_sort_key


def read_year(sessions: sessionmaker[Session], year: int) -> YearRecords:
    """What the report of ``year`` draws on, read in one session (one consistent view)."""
    with sessions() as session:
        profile = read_group(session)
        established_by = profile.established_by if profile else None
        established = (documents_where(session, DocumentRow.symbol == established_by)
                       if established_by else [])
        # Only the proposals the year's meetings discussed: the report names no other.
        discussed = (select(DiscussionRow.proposal_id)
                     .join(MeetingRow, MeetingRow.id == DiscussionRow.meeting_id)
                     .where(_year_range(MeetingRow.date, year)))
        proposal_ids = list(session.scalars(select(ProposalRow.id).where(
            ProposalRow.id.in_(discussed))))
        # Submitted in the year and discussed at no meeting: a gap of the year-end checklist.
        undiscussed_ids = list(session.scalars(select(ProposalRow.id).where(
            _year_range(ProposalRow.submitted, year),
            ~ProposalRow.id.in_(select(DiscussionRow.proposal_id)))))
        return YearRecords(
            year=year,
            profile=profile,
            organizations=tuple(organizations_where(session)),
            members_before=tuple(members_where(session, _in_group_at_end(year - 1))),
            joiners=tuple(members_where(session, _year_range(MemberRow.joined, year))),
            members_at_end=tuple(members_where(session, _in_group_at_end(year))),
            membership_total=int(session.scalar(
                select(func.coalesce(func.sum(MemberRow.counts_as), 0))
                .where(_in_group_at_end(year))) or 0),
            annual_reports=tuple(documents_where(
                session, DocumentRow.kind == "annual-report",
                DocumentRow.date <= f"{year:04d}-12-31")),
            establishing_document=established[0] if established else None,
            ministerial_documents=tuple(documents_where(session,
                                                        DocumentRow.kind == "ministerial")),
            meetings=tuple(meetings_where(session, _year_range(MeetingRow.date, year))),
            outreach=tuple(outreach_where(session, _year_range(OutreachRow.date, year))),
            package_entries=tuple(package_in_year(session, year)),
            proposals=tuple(sorted(read_proposals(session, proposal_ids).values(),
                                   key=lambda p: symbol_sort_key(p.symbol))),
            annexes=tuple(all_annexes(session)),
            undiscussed=tuple(sorted(read_proposals(session, undiscussed_ids).values(),
                                     key=lambda p: symbol_sort_key(p.symbol))),
        )
