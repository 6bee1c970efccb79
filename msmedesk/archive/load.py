"""The data file's records as a ``RecordSet``, read in bulk (for export and import)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from msmedesk.archive.record_set import RecordSet, content_key
from msmedesk.domain import sort_key
from msmedesk.records.documents import read_documents
from msmedesk.records.group import read_group
from msmedesk.records.meetings import read_meetings
from msmedesk.records.members import read_members
from msmedesk.records.organizations import read_organizations
from msmedesk.records.outreach import read_outreach
from msmedesk.records.package import read_package
from msmedesk.records.proposals import read_proposals
from msmedesk.records.rows import Labels, organization_label


def load_records(session: Session) -> RecordSet:
    """Every record of the data file, in bulk (a handful of queries whatever the size).

    Read by each type's one reader, as the services read a record; without their ids, as
    an archive holds them. ``labels`` reads the names that rows refer to once for all.
    """
    labels = Labels(session)
    # What the first readers read gives the later ones the labels they look up, so that
    # no table is read twice.
    members = read_members(session, with_ids=False)
    labels.know("members", {i: m.name for i, m in members.items()})
    organizations = read_organizations(session, with_ids=False)
    labels.know("organizations", {i: organization_label(o.acronym, o.name)
                                  for i, o in organizations.items()})
    documents = read_documents(session, with_ids=False)
    labels.know("symbols", {i: d.symbol for i, d in documents.items()})
    meetings = read_meetings(session, None, labels, with_ids=False)
    labels.know("meeting_dates", {i: m.date for i, m in meetings.items()})
    return RecordSet(
        group=read_group(session),
        members=sorted(members.values(), key=lambda m: (sort_key(m.sort_label), m.name)),
        organizations=sorted(organizations.values(), key=lambda o: o.name),
        documents=sorted(documents.values(), key=lambda d: d.symbol),
        meetings=sorted(meetings.values(), key=lambda m: (m.date, m.kind)),
        proposals=sorted(read_proposals(session, None, labels, with_ids=False).values(),
                         key=lambda p: p.symbol),
        outreach=sorted(read_outreach(session, None, labels, with_ids=False).values(),
                        key=content_key),
        package_entries=sorted(read_package(session, None, labels, with_ids=False).values(),
                               key=content_key),
    )
