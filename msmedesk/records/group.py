"""The Group's own profile (a single record) and its coordinators."""

from __future__ import annotations

from dataclasses import replace

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session, sessionmaker

from msmedesk import validation
from msmedesk.db.models import CoordinatorRow, GroupRow
from msmedesk.domain import Coordinator, DocumentSymbol, GroupProfile
from msmedesk.records.helpers import _d, _pd, _pd_text
from msmedesk.registry import GROUP
from msmedesk.validation import FieldError


class GroupService:
    """The Group's own profile (a single record)."""

    record_type = GROUP

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions

    def table(self) -> type[GroupRow]:
        """The ORM class of the profile's row."""
        return GroupRow

    def get(self) -> GroupProfile | None:
        """The profile, or None when none has been recorded."""
        with self._sessions() as session:
            return read_group(session)

    def save(self, profile: GroupProfile) -> GroupProfile:
        """Store the profile, replacing the one recorded."""
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
            write_group(session, profile)
        result = self.get()
        assert result is not None
        return result


def read_group(session: Session) -> GroupProfile | None:
    """The Group's stored profile, or None."""
    row = session.get(GroupRow, 1)
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


def write_group(session: Session, profile: GroupProfile) -> None:
    """Replace the stored profile within the caller's transaction."""
    session.execute(delete(CoordinatorRow))
    session.execute(delete(GroupRow))
    session.execute(insert(GroupRow).values(
        id=1, name=profile.name, short_name=profile.short_name,
        established=profile.established.isoformat() if profile.established else None,
        established_by=profile.established_by, established_at=profile.established_at,
        founding_members=profile.founding_members, founders=profile.founders.strip()))
    if profile.coordinators:
        session.execute(insert(CoordinatorRow), [
            {"position": i, "name": c.name, "title": c.title, "start_date": _pd_text(c.start),
             "end_date": _pd_text(c.end)} for i, c in enumerate(profile.coordinators)])
