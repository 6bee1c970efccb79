"""The Group's own profile (a single record) and its coordinators."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from msmedesk import validation
from msmedesk.db.models import CoordinatorRow, GroupRow
from msmedesk.domain import Coordinator, DocumentSymbol, GroupProfile
from msmedesk.history import local_author
from msmedesk.records import history
from msmedesk.records.helpers import _d, _pd, _pd_text
from msmedesk.registry import GROUP
from msmedesk.registry.archive_dict import to_archive
from msmedesk.validation import FieldError


class GroupService:
    """The Group's own profile (a single record)."""

    record_type = GROUP

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions
        self.author = local_author()  # who changes it, as the history says (Services sets it)

    def table(self) -> type[GroupRow]:
        """The ORM class of the profile's row."""
        return GroupRow

    def get(self) -> GroupProfile | None:
        """The profile, or None when none has been recorded."""
        with self._sessions() as session:
            return read_group(session)

    def get_versioned(self) -> tuple[GroupProfile | None, int]:
        """The profile (None: none recorded) and its version (0: none), in one read."""
        with self._sessions() as session:
            # The version first, as RecordService.get_versioned reads it (why: there).
            version = int(session.scalar(select(GroupRow.version)) or 0)
            return read_group(session), version

    def save(self, profile: GroupProfile, *, version: int | None = None) -> GroupProfile:
        """Store the profile, replacing the one recorded; with ``version`` (the one its form
        read: 0 for none), refused (``StaleRecord``) when another desk saved it since."""
        errors = validation.check_group(profile)
        if not errors and not profile.name.strip():
            errors.append(FieldError("name", "is required", "group"))
        if profile.established_by and validation.check_symbol(profile.established_by):
            errors.append(FieldError("established_by",
                                     validation.check_symbol(profile.established_by) or "",
                                     "group"))
        validation.raise_if(errors)
        if profile.established_by:
            # Stored as parsed (no stray underscore or spaces), as every other symbol is.
            profile = replace(profile,
                              established_by=DocumentSymbol.parse(profile.established_by).text)
        with self._sessions.begin() as session:
            stored = _claim(session, version)
            old = read_group(session)
            write_group(session, profile, version=stored + 1)
            history.write(session, author=self.author,
                          action="changed" if old is not None else "created", kind=GROUP.key,
                          record_id=1, label=profile.name,
                          before=None if old is None else to_archive(GROUP, old),
                          after=to_archive(GROUP, read_group(session)), version=stored + 1)
        result = self.get()
        assert result is not None
        return result


def read_group(session: Session) -> GroupProfile | None:
    """The Group's stored profile, or None."""
    row = session.get(GroupRow, 1, populate_existing=True)  # (written by Core meanwhile)
    if row is None:
        return None
    coordinators = tuple(
        Coordinator(name=c.name, title=c.title, start=_pd(c.start_date), end=_pd(c.end_date))
        for c in session.scalars(select(CoordinatorRow).order_by(CoordinatorRow.position)))
    return GroupProfile(name=row.name, short_name=row.short_name,
                        established=_d(row.established), established_by=row.established_by,
                        established_at=row.established_at,
                        founding_members=row.founding_members, coordinators=coordinators,
                        founders=row.founders)


def _claim(session: Session, version: int | None) -> int:
    """The profile's stored version (0: none), checked against ``version`` (None: no
    check) and its row taken for the transaction."""
    stored = session.execute(update(GroupRow).where(GroupRow.id == 1).values(
        version=GroupRow.version).returning(GroupRow.version)).scalar()
    found = int(stored or 0)
    if version is not None and found != version:
        raise history.stale(session, GROUP, 1, version, found)
    return found


def write_group(session: Session, profile: GroupProfile, *, version: int = 1) -> None:
    """Replace the stored profile within the caller's transaction (at ``version``)."""
    session.execute(delete(CoordinatorRow))
    session.execute(delete(GroupRow))
    session.execute(insert(GroupRow).values(
        id=1, name=profile.name, short_name=profile.short_name,
        established=profile.established.isoformat() if profile.established else None,
        established_by=profile.established_by, established_at=profile.established_at,
        founding_members=profile.founding_members, founders=profile.founders.strip(),
        version=version))
    if profile.coordinators:
        session.execute(insert(CoordinatorRow), [
            {"position": i, "name": c.name, "title": c.title, "start_date": _pd_text(c.start),
             "end_date": _pd_text(c.end)} for i, c in enumerate(profile.coordinators)])
