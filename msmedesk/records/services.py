"""All the services of one data file, and the look-ups callers make over them.

The services are found, not listed: each module of this package that declares a service
class for a registry type (``record_type = MEMBERS``) contributes it, under the type's key.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, exists, select, text
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.db.files import BUILDERS
from msmedesk.domain import FindResults, FoundGroup
from msmedesk.history import local_author
from msmedesk.records import search_index, search_state
from msmedesk.records.base import RecordService, T
from msmedesk.records.documents import DocumentService
from msmedesk.records.group import GroupService
from msmedesk.records.history_service import HistoryService
from msmedesk.records.meetings import MeetingService
from msmedesk.records.members import MemberService
from msmedesk.records.organizations import OrganizationService
from msmedesk.records.outreach import OutreachService
from msmedesk.records.package import PackageService
from msmedesk.records.proposals import ProposalService
from msmedesk.records.saved_searches import SavedSearchService
from msmedesk.records.year import read_year
from msmedesk.registry import RECORD_TYPES, SECTIONS, RecordType, by_section
from msmedesk.report.model import YearRecords
from msmedesk.search import language


def service_classes() -> dict[str, type[RecordService[Any]] | type[GroupService]]:
    """The service class of each registry type, by key, from the modules of this package."""
    found: dict[str, type[RecordService[Any]] | type[GroupService]] = {}
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda i: i.name):
        module = importlib.import_module(f"{__package__}.{info.name}")
        for value in vars(module).values():
            if (isinstance(value, type) and value.__module__ == module.__name__
                    and "record_type" in value.__dict__):
                declared: RecordType = value.__dict__["record_type"]
                found[declared.key] = value
    missing = [t.key for t in RECORD_TYPES if t.key not in found]
    if missing:
        raise RuntimeError(f"no service declares the record types {', '.join(missing)}")
    return found


class Services:
    """The services of one data file; built once in app.py or cli.py and passed down.

    ``services.<key>`` is the service of each registry type ("members", "group" ...).
    """

    # The types' services as callers use them (every type's service is there, these and any
    # other, under its registry key; these names only tell the type checker their classes).
    group: GroupService
    members: MemberService
    organizations: OrganizationService
    documents: DocumentService
    meetings: MeetingService
    proposals: ProposalService
    outreach: OutreachService
    package: PackageService

    def __init__(self, engine: Engine, *, author: str | None = None):
        self.engine = engine
        #: "sqlite" for a data file, "postgresql" for a server.
        self.dialect: str = engine.dialect.name
        self.sessions = sessionmaker(engine, expire_on_commit=False)
        #: who the history names as making this desk's changes: given, or the computer's
        #: user on a file, the server's role on a server.
        self.author: str = author or _author_of(engine)
        self._all: dict[str, RecordService[Any] | GroupService] = {
            key: cls(self.sessions) for key, cls in _CLASSES.items()}
        for found in self._all.values():
            found.author = self.author
        lists = [s for s in self._all.values() if isinstance(s, RecordService)]
        for service in lists:
            # A delete asks the services of the types that name the record what names it.
            service.referrers = tuple(s for s in lists
                                      if service.record_type.key in s.refers_to)
            service.others = tuple(s for s in lists if s is not service)
        for key, found in self._all.items():
            setattr(self, key, found)
        # Not a record type: searches kept under a name, of a tab or of Find anywhere.
        self.saved_searches = SavedSearchService(self.sessions)
        # Who changed what: every record's history, the office's recent changes.
        self.history = HistoryService(self.sessions, lambda key: self._all[key])

    def is_empty(self) -> bool:
        """Whether the file holds no records at all (the profile counts as a record)."""
        tables = [s.table() for s in self._all.values()]
        with self.sessions() as session:
            return not any(session.scalar(select(exists().select_from(t))) for t in tables)

    def counts(self) -> dict[str, int]:
        """How many records of each type the file holds, by archive section."""
        return {section: service_for(self, by_section(section).key).total()
                for section in SECTIONS}

    def listed(self) -> list[RecordService[Any]]:
        """The services of the types with a list (every type but the Group's profile)."""
        return [s for s in self._all.values() if isinstance(s, RecordService)]

    def find(self, text: str, *, limit: int = 20) -> FindResults:
        """Every type's records that the search ``text`` matches (Find anywhere): the first
        ``limit`` of each in its list's order and how many in all, in the order of the
        tabs; ``SearchError`` when the text cannot be read."""
        query = language.parse(text, None)
        # (Never the matches of the records indexed so far: "being rebuilt" instead.)
        search_state.require_complete(self.sessions)
        groups = []
        for record_type in RECORD_TYPES:
            service = self._all[record_type.key]
            if record_type.single or not isinstance(service, RecordService):
                continue
            total, hits = service.hits(query, limit)
            if total:
                groups.append(FoundGroup(record_type.key, record_type.plural, total,
                                         tuple(hits)))
        return FindResults(tuple(groups))

    def close(self) -> None:
        """Release the file."""
        self.engine.dispose()

    def year_records(self, year: int) -> YearRecords:
        """Everything the report of ``year`` draws on, read in one session."""
        return read_year(self.sessions, year)


def _author_of(engine: Engine) -> str:
    """Who makes a desk's changes when not told: the server's role, or "user on COMPUTER"."""
    if engine.dialect.name == "sqlite":
        return local_author()
    with engine.connect() as connection:
        return str(connection.scalar(text("SELECT current_user")))


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


_CLASSES = service_classes()


def _kept() -> list[RecordService[Any]]:
    """A service of each listed type, for the search index (reading needs no sessions)."""
    return [cls(None) for cls in _CLASSES.values()  # type: ignore[arg-type]
            if issubclass(cls, RecordService)]


def _build_search_index(connection: Connection) -> None:
    session = Session(bind=connection)
    try:
        search_index.rebuild(session, _kept())
    finally:
        session.close()


# Migration 0006 makes the index empty; the upgrade fills it here (db imports nothing above).
BUILDERS["search_index"] = _build_search_index
