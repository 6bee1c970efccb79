"""Services: everything the window, the command line and the report do with the records.

Each user action is one transaction (``with self._sessions.begin()``); what comes out is a
frozen dataclass from ``msmedesk.domain`` or a page of plain tuples, never an ORM object.
Lists filter, sort and page in SQL so that a view over 100,000 records stays quick.

One module per record type's service (``members``, ``organizations``, ``documents``,
``meetings``, ``proposals``, ``outreach``, ``package``, ``group``); ``base`` holds the service
they share, ``statements`` its cache of compiled selects, ``helpers`` and ``links`` what the
types share, ``rows`` what their readers and writers of rows share (each type's one reader,
``read_<type>``, and its row values, ``<type>_values``, serve the archive too),
``services`` the ``Services`` of one data file and ``year`` the report's read. Callers
import from here, as they did when this was one module.

A type's service names its registry type (``record_type = MEMBERS``); ``Services`` finds
every such class in this package's modules, so a new type's module is all it takes. A
type whose records name another's declares it (``refers_to``) and says which of its
records do (``naming``): the other type's delete asks it, and is refused in its own words.
"""

from msmedesk.domain import (
    Coordinator,
    Document,
    DocumentSymbol,
    GroupProfile,
    LinkGroup,
    ListQuery,
    Meeting,
    Member,
    MembershipYear,
    NotFound,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Row,
    Spotlight,
    sort_key,
)
from msmedesk.records.base import RecordService
from msmedesk.records.documents import DocumentService
from msmedesk.records.group import GroupService, write_group
from msmedesk.records.links import LINK_LIMIT
from msmedesk.records.meetings import MeetingService
from msmedesk.records.members import MemberService
from msmedesk.records.organizations import OrganizationService
from msmedesk.records.outreach import OutreachService
from msmedesk.records.package import PackageService
from msmedesk.records.proposals import ProposalService
from msmedesk.records.services import Services, load_all, service_for
from msmedesk.records.statements import FEW_MATCHES, AnySelect
from msmedesk.records.year import read_year

__all__ = [
    "FEW_MATCHES",
    "LINK_LIMIT",
    "AnySelect",
    "Coordinator",
    "Document",
    "DocumentService",
    "DocumentSymbol",
    "GroupProfile",
    "GroupService",
    "LinkGroup",
    "ListQuery",
    "Meeting",
    "MeetingService",
    "Member",
    "MemberService",
    "MembershipYear",
    "NotFound",
    "Organization",
    "OrganizationService",
    "OutreachEvent",
    "OutreachService",
    "PackageEntry",
    "PackageService",
    "PartialDate",
    "Presentation",
    "Proposal",
    "ProposalService",
    "RecordService",
    "Row",
    "Services",
    "Spotlight",
    "load_all",
    "read_year",
    "service_for",
    "sort_key",
    "write_group",
]
