"""The outreach events, with their partners."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import OrganizationRow, OutreachRow, PartnerRow
from msmedesk.domain import OutreachEvent
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import (
    _organization_id,
    _partial,
    _pd,
    _pd_text,
    _year_range,
    _years_of,
)
from msmedesk.records.rows import Ids, Labels, columns
from msmedesk.registry import OUTREACH
from msmedesk.validation import FieldError


def _partners_text(event_id: Any) -> Any:
    return func.coalesce(
        select(func.group_concat(func.coalesce(OrganizationRow.acronym, OrganizationRow.name),
                                 ", "))
        .join(PartnerRow, PartnerRow.organization_id == OrganizationRow.id)
        .where(PartnerRow.event_id == event_id).scalar_subquery(), "")


class OutreachService(RecordService[OutreachEvent]):
    """Outreach events with their partner organizations."""

    record_type = OUTREACH
    one_trip = True
    named = False  # (no other record names one: no foreign key to its table)
    sortable = ("date", "kind", "title")
    default_sort = "date"
    label_columns = ("date", "title")

    def _table(self) -> Any:
        return OutreachRow

    def _orm(self) -> type:
        return OutreachRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"date": OutreachRow.date, "kind": (OutreachRow.kind, OutreachRow.date),
                "title": OutreachRow.title, "partners": _partners_text(OutreachRow.id)}

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _year_range(OutreachRow.date, year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            OutreachRow.id, OutreachRow.date, OutreachRow.kind, OutreachRow.title,
            _partners_text(OutreachRow.id)).where(OutreachRow.id.in_(page)), ids)
        return {r[0]: (_pd(r[1]), r[2], r[3], r[4]) for r in rows}

    def years(self) -> list[int]:
        """Years with outreach events, newest first."""
        with self._sessions() as session:
            return _years_of(session, OutreachRow.date)

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, OutreachEvent]:
        return read_outreach(session, ids)

    def _write(self, session: Session, record: OutreachEvent, record_id: int | None) -> int:
        partner_ids = self._checks(session, record, record_id)
        event_id = self._insert_main(session, OutreachRow, outreach_values(record), record_id,
                                     record.id)
        session.execute(delete(PartnerRow).where(PartnerRow.event_id == event_id))
        if partner_ids:
            session.execute(insert(PartnerRow), partner_values(event_id, partner_ids))
        return event_id

    def _values(self, record: OutreachEvent, resolved: Any) -> dict[str, Any]:
        return outreach_values(record)

    def _children(self, record: OutreachEvent, resolved: list[int], record_id: int
                  ) -> list[tuple[Any, Any, list[dict[str, Any]]]]:
        return [(PartnerRow, PartnerRow.event_id, partner_values(record_id, resolved))]

    def _checks(self, session: Any, record: OutreachEvent, record_id: int | None
                ) -> list[int]:
        errors: list[FieldError] = []
        partner_ids: list[int] = []
        for i, label in enumerate(record.partners):
            found = _organization_id(session, label)
            if found is None:
                errors.append(FieldError(f"partners[{i}]",
                                         f'"{label}" is not a recorded organization'))
            elif found not in partner_ids:
                partner_ids.append(found)
        validation.raise_if(errors)
        return partner_ids

    def in_year(self, year: int) -> list[OutreachEvent]:
        """The year's events in date order, whole."""
        with self._sessions() as session:
            return outreach_where(session, _year_range(OutreachRow.date, year))


def outreach_values(e: OutreachEvent) -> dict[str, Any]:
    """The stored values of an outreach event's row (its id aside)."""
    return {"date": e.date.iso(), "end_date": _pd_text(e.end_date), "kind": e.kind,
            "title": e.title.strip(), "summary": e.summary, "role": e.role,
            "position": e.position, "place": e.place.strip()}


def partner_values(event_id: int, organization_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The stored values of an event's partners' rows, in order, each organization once."""
    return [{"event_id": event_id, "organization_id": o, "position": i}
            for i, o in enumerate(dict.fromkeys(organization_ids))]


def read_outreach(session: Session, ids: Ids = None, labels: Labels | None = None, *,
                  with_ids: bool = True) -> dict[int, OutreachEvent]:
    """The outreach events of ``ids`` (None: every one) by id, whole, in a few queries."""
    labels = labels or Labels(session)
    links = list(session.execute(columns(PartnerRow, ids, PartnerRow.event_id)
                                 .order_by(PartnerRow.event_id, PartnerRow.position)))
    org = labels.organizations(None if ids is None else (r.organization_id for r in links))
    partners: dict[int, list[str]] = {}
    for r in links:
        partners.setdefault(r.event_id, []).append(org[r.organization_id])
    return {r.id: OutreachEvent(date=_partial(r.date), end_date=_pd(r.end_date), kind=r.kind,
                                title=r.title, partners=tuple(partners.get(r.id, ())),
                                summary=r.summary, id=r.id if with_ids else None,
                                role=r.role, position=r.position, place=r.place)
            for r in session.execute(columns(OutreachRow, ids))}


def outreach_where(session: Session, where: ColumnElement[bool]) -> list[OutreachEvent]:
    """The outreach events ``where`` selects, whole, in date order."""
    ids = list(session.scalars(select(OutreachRow.id).where(where)
                               .order_by(OutreachRow.date, OutreachRow.id)))
    found = read_outreach(session, ids)
    return [found[i] for i in ids]
