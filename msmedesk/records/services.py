"""All the services of one data file, and the look-ups callers make over them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, exists, select
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.db.models import (
    ContactRow,
    DocumentRow,
    GroupRow,
    MeetingRow,
    MemberRow,
    OrganizationRow,
    OutreachRow,
    PackageEntryRow,
    ProposalRow,
)
from msmedesk.records.base import RecordService, T
from msmedesk.records.contacts import ContactService
from msmedesk.records.documents import DocumentService
from msmedesk.records.group import GroupService
from msmedesk.records.meetings import MeetingService
from msmedesk.records.members import MemberService
from msmedesk.records.organizations import OrganizationService
from msmedesk.records.outreach import OutreachService
from msmedesk.records.package import PackageService
from msmedesk.records.proposals import ProposalService
from msmedesk.records.year import read_year
from msmedesk.report.model import YearRecords


class Services:
    """The services of one data file; built once in app.py or cli.py and passed down."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        self.group = GroupService(self.sessions)
        self.members = MemberService(self.sessions)
        self.organizations = OrganizationService(self.sessions)
        self.documents = DocumentService(self.sessions)
        self.meetings = MeetingService(self.sessions)
        self.proposals = ProposalService(self.sessions)
        self.outreach = OutreachService(self.sessions)
        self.package = PackageService(self.sessions)
        self.contacts = ContactService(self.sessions)

    def is_empty(self) -> bool:
        """Whether the file holds no records at all (the profile counts as a record)."""
        tables = (GroupRow, MemberRow, OrganizationRow, DocumentRow, MeetingRow, ProposalRow,
                  OutreachRow, PackageEntryRow, ContactRow)
        with self.sessions() as session:
            return not any(session.scalar(select(exists().select_from(t))) for t in tables)

    def counts(self) -> dict[str, int]:
        """How many records of each type the file holds."""
        return {"members": self.members.total(), "organizations": self.organizations.total(),
                "documents": self.documents.total(), "meetings": self.meetings.total(),
                "proposals": self.proposals.total(), "outreach": self.outreach.total(),
                "package_entries": self.package.total()}

    def close(self) -> None:
        """Release the file."""
        self.engine.dispose()

    def year_records(self, year: int) -> YearRecords:
        """Everything the report of ``year`` draws on, read in one session."""
        return read_year(self.sessions, year)


def service_for(services: Services, name: str) -> RecordService[Any]:
    """The record service called ``name`` ("members", "meetings", ...)."""
    found = getattr(services, name, None)
    if not isinstance(found, RecordService):
        raise KeyError(name)
    return found


def load_all(services: Services, loader: Callable[[Session], list[T]]) -> list[T]:
    """Run a bulk loader in one read transaction."""
    with services.sessions() as session:
        return loader(session)
