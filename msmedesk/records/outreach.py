"""The outreach events, with their partners."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import OrganizationRow, OutreachRow, PartnerRow
from msmedesk.domain import NotFound, OutreachEvent, PartialDate
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _organization_id, _pd, _pd_text, _year_range, _years_of
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

    columns = ("date", "kind", "title", "partners")
    sortable = ("date", "kind", "title")
    default_sort = "date"
    kind_label = OUTREACH.noun

    def _table(self) -> Any:
        return OutreachRow

    def _orm(self) -> type:
        return OutreachRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"date": OutreachRow.date, "kind": (OutreachRow.kind, OutreachRow.date),
                "title": OutreachRow.title, "partners": _partners_text(OutreachRow.id)}

    def _search_columns(self) -> list[Any]:
        return [OutreachRow.title, OutreachRow.summary, OutreachRow.kind, OutreachRow.date]

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

    def _check(self, record: OutreachEvent) -> None:
        validation.raise_if(validation.check_outreach(record))

    def _load(self, session: Session, record_id: int) -> OutreachEvent:
        row = session.get(OutreachRow, record_id)
        if row is None:
            raise NotFound("This outreach event is no longer in the data file.")
        return _load_outreach(session, [row])[0]

    def _write(self, session: Session, record: OutreachEvent, record_id: int | None) -> int:
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
        values = {"date": record.date.iso(), "end_date": _pd_text(record.end_date),
                  "kind": record.kind, "title": record.title.strip(), "summary": record.summary}
        event_id = self._insert_main(session, OutreachRow, values, record_id, record.id)
        session.execute(delete(PartnerRow).where(PartnerRow.event_id == event_id))
        if partner_ids:
            session.execute(insert(PartnerRow), [{"event_id": event_id, "organization_id": o,
                                                  "position": i}
                                                 for i, o in enumerate(partner_ids)])
        return event_id

    def in_year(self, year: int) -> list[OutreachEvent]:
        """The year's events in date order, whole."""
        with self._sessions() as session:
            rows = list(session.scalars(select(OutreachRow).where(
                _year_range(OutreachRow.date, year)).order_by(OutreachRow.date, OutreachRow.id)))
            return _load_outreach(session, rows)


def _load_outreach(session: Session, rows: Sequence[OutreachRow]) -> list[OutreachEvent]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    partners: dict[int, list[str]] = {i: [] for i in ids}
    for eid, acronym, name in session.execute(
            select(PartnerRow.event_id, OrganizationRow.acronym, OrganizationRow.name)
            .join(OrganizationRow, OrganizationRow.id == PartnerRow.organization_id)
            .where(PartnerRow.event_id.in_(ids))
            .order_by(PartnerRow.event_id, PartnerRow.position)):
        partners[eid].append(acronym or name)
    return [OutreachEvent(date=PartialDate.parse(r.date), end_date=_pd(r.end_date), kind=r.kind,
                          title=r.title, partners=tuple(partners[r.id]), summary=r.summary,
                          id=r.id) for r in rows]
