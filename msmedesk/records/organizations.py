"""The organizations: their service and rows."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import (
    MeetingRow,
    OrganizationRow,
    OutreachRow,
    PartnerRow,
    PresentationRow,
    ProponentRow,
)
from msmedesk.domain import LinkGroup, Organization, PartialDate
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _name_clash, _pd, _pd_text
from msmedesk.records.links import _count, _link_group, _short
from msmedesk.records.rows import Ids, columns
from msmedesk.registry import ORGANIZATIONS
from msmedesk.validation import FieldError


class OrganizationService(RecordService[Organization]):
    """Organizations and the Trade4MSMEs Network."""

    record_type = ORGANIZATIONS
    one_trip = True
    default_sort = "name"
    label_columns = ("acronym", "name")
    label_joiner = " — "

    def _table(self) -> Any:
        return OrganizationRow

    def _orm(self) -> type:
        return OrganizationRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"acronym": OrganizationRow.acronym, "name": OrganizationRow.name,
                "network_member_since": OrganizationRow.network_member_since}

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return OrganizationRow.network_member_since < f"{year + 1:04d}"

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            OrganizationRow.id, OrganizationRow.acronym, OrganizationRow.name,
            OrganizationRow.network_member_since).where(OrganizationRow.id.in_(page)), ids)
        return {r[0]: (r[1] or "", r[2], _pd(r[3])) for r in rows}

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, Organization]:
        return read_organizations(session, ids)

    def _write(self, session: Session, record: Organization, record_id: int | None) -> int:
        self._checks(session, record, record_id)
        return self._insert_main(session, OrganizationRow, organization_values(record),
                                 record_id, record.id)

    def _values(self, record: Organization, resolved: Any) -> dict[str, Any]:
        return organization_values(record)

    def _checks(self, session: Any, record: Organization, record_id: int | None) -> None:
        errors = []
        other = OrganizationRow.id != (record_id or -1)
        if session.scalar(select(OrganizationRow.id).where(
                OrganizationRow.name == record.name.strip(), other)) is not None:
            errors.append(FieldError("name", f'"{record.name}" is already recorded'))
        if record.acronym and session.scalar(select(OrganizationRow.id).where(
                OrganizationRow.acronym == record.acronym.strip(), other)) is not None:
            errors.append(FieldError("acronym", f'"{record.acronym}" is already used by '
                                                "another organization"))
        errors += _name_clash(session, "name", record.name, against=("member", "acronym"),
                              organization_id=record_id)
        if not any(e.field == "acronym" for e in errors):
            errors += _name_clash(session, "acronym", record.acronym,
                                  against=("member", "name"), organization_id=record_id)
        validation.raise_if(errors)

    def _uses(self, session: Session, record_id: int) -> list[str]:
        talks = session.scalar(select(func.count()).where(PresentationRow.organization_id
                                                          == record_id))
        events = session.scalar(select(func.count()).where(PartnerRow.organization_id
                                                           == record_id))
        props = session.scalar(select(func.count()).where(ProponentRow.organization_id
                                                          == record_id))
        return [_count(n, one, many) for n, one, many in (
            (talks, "presentation", "presentations"),
            (events, "outreach event as a partner", "outreach events as a partner"),
            (props, "proposal as a proponent", "proposals as a proponent")) if n]

    def labels(self) -> list[str]:
        """Acronyms (or names) of all organizations, for pickers."""
        with self._sessions() as session:
            rows = session.execute(select(OrganizationRow.acronym, OrganizationRow.name)
                                   .order_by(func.coalesce(OrganizationRow.acronym,
                                                           OrganizationRow.name)))
            return [a or n for a, n in rows]

    def network(self, year: int) -> list[Organization]:
        """Members of the Trade4MSMEs Network at the end of ``year``."""
        with self._sessions() as session:
            return organizations_where(session, OrganizationRow.network_member_since
                                       < f"{year + 1:04d}")

    def links(self, record_id: int) -> tuple[LinkGroup, ...]:
        """The presentations and outreach events of this organization."""
        with self._sessions() as session:
            talks = (
                select(MeetingRow.date, PresentationRow.speaker, PresentationRow.topic)
                .join(PresentationRow, PresentationRow.meeting_id == MeetingRow.id)
                .where(PresentationRow.organization_id == record_id)
                .order_by(MeetingRow.date.desc()))
            events = (
                select(OutreachRow.date, OutreachRow.title)
                .join(PartnerRow, PartnerRow.event_id == OutreachRow.id)
                .where(PartnerRow.organization_id == record_id)
                .order_by(OutreachRow.date.desc()))
            return (
                _link_group(session, "Presentations", talks, lambda r: " – ".join(
                    x for x in (PartialDate.parse(r[0]).long(), r[1], _short(r[2])) if x)),
                _link_group(session, "Outreach events", events,
                            lambda r: f"{PartialDate.parse(r[0]).long()} – {r[1]}"),
            )


def read_organizations(session: Session, ids: Ids = None, *, with_ids: bool = True
                       ) -> dict[int, Organization]:
    """The organizations of ``ids`` (None: every one) by id, in one query."""
    return {r.id: Organization(name=r.name, acronym=r.acronym,
                               network_member_since=_pd(r.network_member_since),
                               id=r.id if with_ids else None, short_name=r.short_name)
            for r in session.execute(columns(OrganizationRow, ids))}


def organizations_where(session: Session, where: ColumnElement[bool] | None = None
                        ) -> list[Organization]:
    """The organizations ``where`` selects, by name."""
    ids = list(session.scalars(select(OrganizationRow.id).where(true() if where is None else where)
                               .order_by(OrganizationRow.name)))
    found = read_organizations(session, ids)
    return [found[i] for i in ids]


def organization_values(o: Organization) -> dict[str, Any]:
    """The stored values of an organization's row (its id aside)."""
    return {"name": o.name.strip(), "acronym": o.acronym.strip() if o.acronym else None,
            "network_member_since": _pd_text(o.network_member_since),
            "short_name": o.short_name.strip() if o.short_name and o.short_name.strip()
            else None}
