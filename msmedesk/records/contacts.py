"""The contacts: the people the office deals with, their service, and their rows.

A contact belongs to exactly one Member or organization, which the archive and the forms
name by its ``of``: the Member's name, or the organization's acronym (or its name), as
proponents and speakers name them. ``read_contacts`` and ``write_contact`` are the one
reader and writer of contact rows, for the service and the archive alike.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, func, insert, select, true, update
from sqlalchemy.orm import Session

from msmedesk.db.models import ContactRow, MeetingRow, MemberRow, OrganizationRow, PresentationRow
from msmedesk.domain import Contact, ContactRef, LinkGroup, NotFound, PartialDate
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _organization_id
from msmedesk.records.links import _count, _link_group, _short
from msmedesk.records.rows import organization_index
from msmedesk.registry.contacts import CONTACTS
from msmedesk.validation import FieldError, raise_if

# A refusal names at most this many contacts or presentations, then says how many more.
NAMED = 5


def _member_name() -> Any:
    return select(MemberRow.name).where(MemberRow.id == ContactRow.member_id).scalar_subquery()


def _organization_label() -> Any:
    return (select(func.coalesce(OrganizationRow.acronym, OrganizationRow.name))
            .where(OrganizationRow.id == ContactRow.organization_id).scalar_subquery())


def _of() -> Any:
    """The contact's ``of`` in SQL: its Member's name or its organization's label."""
    return func.coalesce(_member_name(), _organization_label())


class ContactService(RecordService[Contact]):
    """The people the office deals with: delegates, focal points, speakers ..."""

    record_type = CONTACTS
    default_sort = "name"
    label_columns = ("name", "of")
    # A contact names its Member or organization: one of those is not deleted while it has
    # contacts, and the refusal names them (``naming``).
    refers_to = ("members", "organizations")

    def _table(self) -> Any:
        return ContactRow

    def _orm(self) -> type:
        return ContactRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"name": ContactRow.name, "title": (ContactRow.title, ContactRow.name),
                "of": (_of(), ContactRow.name), "role": (ContactRow.role, ContactRow.name),
                "email": ContactRow.email}

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return true()  # a contact has no year: every year shows them all

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            ContactRow.id, ContactRow.name, ContactRow.title, _of(), ContactRow.role,
            ContactRow.email).where(ContactRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], r[3] or "", r[4], r[5]) for r in rows}

    def _read(self, session: Session, ids: Collection[int] | None) -> dict[int, Contact]:
        found = read_contacts(session, None if ids is None else list(ids))
        return {c.id: c for c in found if c.id is not None}

    def _load(self, session: Session, record_id: int) -> Contact:
        found = read_contacts(session, [record_id])
        if not found:
            raise NotFound("This contact is no longer in the data file.")
        return found[0]

    def _write(self, session: Session, record: Contact, record_id: int | None) -> int:
        return write_contact(session, record, record_id)

    def _uses(self, session: Session, record_id: int) -> list[str]:
        talks = session.execute(
            select(MeetingRow.date, PresentationRow.topic)
            .join(MeetingRow, MeetingRow.id == PresentationRow.meeting_id)
            .where(PresentationRow.contact_id == record_id)
            .order_by(MeetingRow.date, PresentationRow.position)).all()
        if not talks:
            return []
        named = "; ".join(" – ".join(x for x in (PartialDate.parse(d).long(), _short(t, 60)) if x)
                          for d, t in talks[:NAMED])
        more = f"; and {len(talks) - NAMED} more" if len(talks) > NAMED else ""
        return [f"{_count(len(talks), 'presentation', 'presentations')} ({named}{more})"]

    def naming(self, session: Session, key: str, record_id: int) -> str:
        """The contacts of the Member or organization ``record_id`` (``key``: which)."""
        if key == "members":
            return contact_uses(session, member_id=record_id)
        return contact_uses(session, organization_id=record_id)

    def links(self, record_id: int) -> tuple[LinkGroup, ...]:
        """The presentations this contact gave, newest first."""
        with self._sessions() as session:
            talks = (select(MeetingRow.date, PresentationRow.topic)
                     .join(MeetingRow, MeetingRow.id == PresentationRow.meeting_id)
                     .where(PresentationRow.contact_id == record_id)
                     .order_by(MeetingRow.date.desc(), PresentationRow.position))
            return (_link_group(session, "Presentations", talks, lambda r: " – ".join(
                x for x in (PartialDate.parse(r[0]).long(), _short(r[1])) if x)),)

    def refs(self) -> list[ContactRef]:
        """Every contact as a presentation names it, by name (for pickers)."""
        with self._sessions() as session:
            return [ContactRef(n, o) for n, o in session.execute(
                select(ContactRow.name, _of()).order_by(ContactRow.name, ContactRow.id))]

    def uses_of(self, *, member_id: int | None = None,
                organization_id: int | None = None) -> str:
        """The contacts of a Member or organization as a clause ("2 contacts (Ana López,
        Juan Pérez)"), or "" when it has none: what stands in the way of deleting it."""
        with self._sessions() as session:
            return contact_uses(session, member_id=member_id, organization_id=organization_id)


def contact_uses(session: Session, *, member_id: int | None = None,
                 organization_id: int | None = None) -> str:
    """The contacts of a Member or organization as a clause naming them, or "" if none.

    The one statement of the rule that a Member or organization with contacts is not
    deleted before the user has been told which contacts are of it.
    """
    names = list(session.scalars(select(ContactRow.name)
                                 .where(_owner(member_id, organization_id))
                                 .order_by(ContactRow.name, ContactRow.id)))
    if not names:
        return ""
    more = f" and {len(names) - NAMED} more" if len(names) > NAMED else ""
    return f"{_count(len(names), 'contact', 'contacts')} ({', '.join(names[:NAMED])}{more})"


def _owner(member_id: int | None, organization_id: int | None) -> ColumnElement[bool]:
    """Contacts of that Member (when ``member_id`` is given) or else of that organization."""
    if member_id is not None:
        return ContactRow.member_id == member_id
    return ContactRow.organization_id == organization_id


def read_contacts(session: Session, ids: list[int] | None = None) -> list[Contact]:
    """The contacts with ``ids`` (every contact when None), by name."""
    stmt = (select(ContactRow.id, ContactRow.name, _of(), ContactRow.title, ContactRow.email,
                   ContactRow.phone, ContactRow.role, ContactRow.notes)
            .order_by(ContactRow.name, ContactRow.id))
    if ids is not None:
        stmt = stmt.where(ContactRow.id.in_(ids))
    return [Contact(name=n, of=o or "", title=t, email=e, phone=p, role=r, notes=notes, id=i)
            for i, n, o, t, e, p, r, notes in session.execute(stmt)]


def owner_ids(session: Session, of: str) -> tuple[int | None, int | None]:
    """(member_id, organization_id) of the Member or organization that ``of`` names, or
    (None, None) when it names neither."""
    label = of.strip()
    member_id = session.scalar(select(MemberRow.id).where(MemberRow.name == label))
    if member_id is not None:
        return member_id, None
    return None, _organization_id(session, label)


def contact_id(session: Session, ref: ContactRef) -> int | None:
    """The id of the contact a presentation names, or None when there is no such contact."""
    member_id, organization_id = owner_ids(session, ref.of)
    if member_id is None and organization_id is None:
        return None
    return session.scalar(select(ContactRow.id).where(
        ContactRow.name == ref.name.strip(), _owner(member_id, organization_id)))


def write_contact(session: Session, record: Contact, record_id: int | None = None) -> int:
    """Store a contact (checked already) as a new row, or over ``record_id``; its id.

    Refuses, naming the field, an ``of`` that is no recorded Member or organization, and a
    second contact of one name of the same Member or organization.
    """
    name, of = record.name.strip(), record.of.strip()
    member_id, organization_id = owner_ids(session, of)
    if member_id is None and organization_id is None:
        raise_if([FieldError("of", f'"{of}" is not a recorded Member or organization')])
    clash = session.scalar(select(ContactRow.id).where(
        ContactRow.name == name, _owner(member_id, organization_id),
        ContactRow.id != (record_id or -1)))
    if clash is not None:
        raise_if([FieldError("name", f'"{name}" is already a contact of {of}; two contacts '
                                     "of one name must belong to different Members or "
                                     "organizations")])
    values = {"name": name, "title": record.title.strip(), "member_id": member_id,
              "organization_id": organization_id, "email": record.email.strip(),
              "phone": record.phone.strip(), "role": record.role, "notes": record.notes}
    if record_id is not None:
        session.execute(update(ContactRow).where(ContactRow.id == record_id).values(**values))
        return record_id
    if record.id is not None and session.get(ContactRow, record.id) is None:
        values["id"] = record.id  # undo brings a deleted contact back under its id
    new_id: int = session.execute(insert(ContactRow).values(**values)
                                  .returning(ContactRow.id)).scalar_one()
    return new_id


def insert_contacts(session: Session, contacts: list[Contact]) -> None:
    """Insert an import's new contacts (checked already, their Members and organizations
    in the data file), in one statement."""
    members = dict(session.execute(select(MemberRow.name, MemberRow.id)).all())
    organizations = organization_index(session.execute(select(
        OrganizationRow.id, OrganizationRow.name, OrganizationRow.acronym)).all())
    rows = []
    for c in contacts:
        of = c.of.strip()
        member_id = members.get(of)
        rows.append({"name": c.name.strip(), "title": c.title.strip(), "member_id": member_id,
                     "organization_id": None if member_id is not None else organizations[of],
                     "email": c.email.strip(), "phone": c.phone.strip(), "role": c.role,
                     "notes": c.notes})
    session.execute(insert(ContactRow), rows)
