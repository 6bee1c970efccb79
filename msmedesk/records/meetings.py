"""The meetings, with their presentations and the documents and proposals they took up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, or_, select
from sqlalchemy.orm import Session

from msmedesk import symbol_rules, validation
from msmedesk.db.models import (
    DiscussionRow,
    DocumentRow,
    MeetingRow,
    MemberRow,
    OrganizationRow,
    PresentationRow,
    ProposalRow,
    SpotlightRow,
)
from msmedesk.domain import Meeting, NotFound, PartialDate, Presentation, Spotlight
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import (
    _clean_symbol,
    _d,
    _organization_id,
    _symbol_id,
    _year_range,
    _years_of,
)
from msmedesk.records.links import _short
from msmedesk.records.statements import AnySelect
from msmedesk.registry import MEETINGS
from msmedesk.validation import FieldError


class MeetingService(RecordService[Meeting]):
    """Meetings with their presentations, spotlights and proposals discussed."""

    columns = ("date", "kind", "convening_notice", "summary_document", "summary")
    sortable = ("date", "kind", "convening_notice", "summary_document")
    default_sort = "date"
    kind_label = MEETINGS.noun

    def _table(self) -> Any:
        return MeetingRow

    def _orm(self) -> type:
        return MeetingRow

    def _sort_expressions(self) -> dict[str, Any]:
        cn = select(DocumentRow.symbol).where(DocumentRow.id == MeetingRow.convening_notice_id)
        sd = select(DocumentRow.symbol).where(DocumentRow.id == MeetingRow.summary_document_id)
        return {"date": MeetingRow.date, "kind": (MeetingRow.kind, MeetingRow.date),
                "convening_notice": cn.scalar_subquery(),
                "summary_document": sd.scalar_subquery()}

    def _search_columns(self) -> list[Any]:
        symbols = (select(func.group_concat(DocumentRow.symbol, " "))
                   .where(DocumentRow.id.in_([MeetingRow.convening_notice_id,
                                              MeetingRow.summary_document_id]))
                   .scalar_subquery())
        return [MeetingRow.date, MeetingRow.kind, MeetingRow.summary,
                func.coalesce(symbols, "")]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _year_range(MeetingRow.date, year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        def build(page: Any) -> AnySelect:
            cn = select(DocumentRow.symbol).where(
                DocumentRow.id == MeetingRow.convening_notice_id)
            sd = select(DocumentRow.symbol).where(
                DocumentRow.id == MeetingRow.summary_document_id)
            return select(MeetingRow.id, MeetingRow.date, MeetingRow.kind,
                          cn.scalar_subquery(), sd.scalar_subquery(),
                          func.substr(MeetingRow.summary, 1, 200)
                          ).where(MeetingRow.id.in_(page))

        rows = self._page_rows(session, build, ids)
        return {r[0]: (_d(r[1]), r[2], r[3] or "", r[4] or "", _short(r[5] or "", 120))
                for r in rows}

    def years(self) -> list[int]:
        """Years with meetings, newest first."""
        with self._sessions() as session:
            return _years_of(session, MeetingRow.date)

    def _check(self, record: Meeting) -> None:
        validation.raise_if(validation.check_meeting(record))

    def _load(self, session: Session, record_id: int) -> Meeting:
        row = session.get(MeetingRow, record_id)
        if row is None:
            raise NotFound("This meeting is no longer in the data file.")
        return _load_meetings(session, [row])[0]

    def _write(self, session: Session, record: Meeting, record_id: int | None) -> int:
        errors: list[FieldError] = []
        clash = session.scalar(select(MeetingRow.id).where(
            MeetingRow.date == record.date.isoformat(), MeetingRow.kind == record.kind,
            MeetingRow.id != (record_id or -1)))
        if clash is not None:
            kind = record.kind
            article = "an" if kind[:1] in "aeiou" else "a"
            errors.append(FieldError("date", f"there is already {article} {kind} meeting on "
                                             f"{PartialDate.from_date(record.date).long()}"))
        errors += _documents_of_other_meetings(session, record, record_id)
        talks, talk_errors = _presentation_values(session, record.presentations)
        errors += talk_errors
        proposal_ids = []
        for i, symbol in enumerate(record.proposals):
            found = session.scalar(select(ProposalRow.id).join(
                DocumentRow, DocumentRow.id == ProposalRow.document_id)
                .where(DocumentRow.symbol == _clean_symbol(symbol)))
            if found is None:
                errors.append(FieldError(f"proposals[{i}]", f"{symbol} is not a recorded "
                                                            "proposal"))
            else:
                proposal_ids.append(found)
        validation.raise_if(errors)
        values = {"date": record.date.isoformat(), "kind": record.kind,
                  "convening_notice_id": _symbol_id(session, record.convening_notice,
                                                    "convening-notice"),
                  "summary_document_id": _symbol_id(session, record.summary_document,
                                                    "summary-report"),
                  "summary": record.summary}
        meeting_id = self._insert_main(session, MeetingRow, values, record_id, record.id)
        session.execute(delete(PresentationRow).where(PresentationRow.meeting_id == meeting_id))
        session.execute(delete(SpotlightRow).where(SpotlightRow.meeting_id == meeting_id))
        session.execute(delete(DiscussionRow).where(DiscussionRow.meeting_id == meeting_id))
        if talks:
            session.execute(insert(PresentationRow), [
                {**t, "meeting_id": meeting_id, "position": i} for i, t in enumerate(talks)])
        if record.spotlights:
            session.execute(insert(SpotlightRow), [
                {"meeting_id": meeting_id, "position": i, "business": s.business.strip(),
                 "person": s.person.strip(), "country": s.country.strip(),
                 "introduced_by": s.introduced_by.strip(),
                 "description": s.description} for i, s in enumerate(record.spotlights)])
        if proposal_ids:
            session.execute(insert(DiscussionRow), [
                {"meeting_id": meeting_id, "proposal_id": p} for p in proposal_ids])
        return meeting_id

    def in_year(self, year: int, kind: str | None = None) -> list[Meeting]:
        """The year's meetings (of one kind if given), in date order, whole."""
        with self._sessions() as session:
            stmt = select(MeetingRow).where(_year_range(MeetingRow.date, year))
            if kind is not None:
                stmt = stmt.where(MeetingRow.kind == kind)
            rows = list(session.scalars(stmt.order_by(MeetingRow.date, MeetingRow.kind)))
            return _load_meetings(session, rows)

    def choices(self) -> list[tuple[date, str]]:
        """(date, kind) of every meeting, newest first, for pickers."""
        with self._sessions() as session:
            rows = session.execute(select(MeetingRow.date, MeetingRow.kind)
                                   .order_by(MeetingRow.date.desc()))
            return [(date.fromisoformat(d), k) for d, k in rows]


def _documents_of_other_meetings(session: Session, record: Meeting, record_id: int | None
                                 ) -> list[FieldError]:
    """A convening notice or summary that a meeting of another date already has.

    A document belongs to one meeting (or to the meetings of one day: an open-ended
    meeting and its thematic session); one query over the documents' symbol index and the
    meetings' document indexes, not a look at every meeting.
    """
    mine = [(name, _clean_symbol(value)) for name in symbol_rules.ROLES
            if (value := getattr(record, name))]
    if not mine:
        return []
    is_notice = MeetingRow.convening_notice_id == DocumentRow.id
    rows = session.execute(
        select(DocumentRow.symbol, MeetingRow.date, is_notice)
        .join(MeetingRow, or_(is_notice, MeetingRow.summary_document_id == DocumentRow.id))
        .where(DocumentRow.symbol.in_({s for _, s in mine}),
               MeetingRow.date != record.date.isoformat(), MeetingRow.id != (record_id or -1))
        .order_by(MeetingRow.date)).all()
    errors: list[FieldError] = []
    for name, symbol in mine:
        found = next((r for r in rows if r[0] == symbol), None)
        if found is not None:
            role = symbol_rules.ROLES["convening_notice" if found[2] else "summary_document"]
            other = symbol_rules.meeting_name(date.fromisoformat(found[1]))
            errors.append(FieldError(name, f"{symbol} is already the {role} of {other}"))
    return errors


def _presentation_values(session: Session, talks: Sequence[Presentation]
                         ) -> tuple[list[dict[str, Any]], list[FieldError]]:
    out: list[dict[str, Any]] = []
    errors: list[FieldError] = []
    for i, p in enumerate(talks):
        org_id = member_id = None
        if p.organization:
            org_id = _organization_id(session, p.organization)
            if org_id is None:
                errors.append(FieldError(f"presentations[{i}].organization",
                                         f'"{p.organization}" is not a recorded organization'))
        if p.member:
            member_id = session.scalar(select(MemberRow.id).where(MemberRow.name == p.member))
            if member_id is None:
                errors.append(FieldError(f"presentations[{i}].member",
                                         f'"{p.member}" is not a recorded Member'))
        out.append({"speaker": p.speaker.strip(), "organization_id": org_id,
                    "member_id": member_id, "topic": p.topic})
    return out, errors


def _load_meetings(session: Session, rows: Sequence[MeetingRow]) -> list[Meeting]:
    """Whole meetings for ORM rows, with few queries however many rows."""
    if not rows:
        return []
    ids = [r.id for r in rows]
    # Keyed by id or None: a meeting without a notice or summary looks up None.
    symbols: dict[int | None, str] = dict(session.execute(
        select(DocumentRow.id, DocumentRow.symbol).where(
        DocumentRow.id.in_({r.convening_notice_id for r in rows}
                           | {r.summary_document_id for r in rows}))).all())
    talks: dict[int, list[Presentation]] = {i: [] for i in ids}
    for mid, speaker, acronym, oname, mname, topic in session.execute(
            select(PresentationRow.meeting_id, PresentationRow.speaker, OrganizationRow.acronym,
                   OrganizationRow.name, MemberRow.name, PresentationRow.topic)
            .outerjoin(OrganizationRow, OrganizationRow.id == PresentationRow.organization_id)
            .outerjoin(MemberRow, MemberRow.id == PresentationRow.member_id)
            .where(PresentationRow.meeting_id.in_(ids))
            .order_by(PresentationRow.meeting_id, PresentationRow.position)):
        talks[mid].append(Presentation(speaker=speaker, organization=acronym or oname,
                                       topic=topic, member=mname))
    spots: dict[int, list[Spotlight]] = {i: [] for i in ids}
    for s in session.scalars(select(SpotlightRow).where(SpotlightRow.meeting_id.in_(ids))
                             .order_by(SpotlightRow.meeting_id, SpotlightRow.position)):
        spots[s.meeting_id].append(Spotlight(business=s.business, person=s.person,
                                             country=s.country, introduced_by=s.introduced_by,
                                             description=s.description))
    discussed: dict[int, list[str]] = {i: [] for i in ids}
    for mid, symbol in session.execute(
            select(DiscussionRow.meeting_id, DocumentRow.symbol)
            .join(ProposalRow, ProposalRow.id == DiscussionRow.proposal_id)
            .join(DocumentRow, DocumentRow.id == ProposalRow.document_id)
            .where(DiscussionRow.meeting_id.in_(ids)).order_by(DocumentRow.symbol)):
        discussed[mid].append(symbol)
    return [Meeting(date=date.fromisoformat(r.date), kind=r.kind,
                    convening_notice=symbols.get(r.convening_notice_id),
                    summary_document=symbols.get(r.summary_document_id), summary=r.summary,
                    presentations=tuple(talks[r.id]), spotlights=tuple(spots[r.id]),
                    proposals=tuple(discussed[r.id]), id=r.id) for r in rows]
