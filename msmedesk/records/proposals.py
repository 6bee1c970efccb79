"""The proposals, with their proponents."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, insert, literal, or_, select
from sqlalchemy.engine import Row as ResultRow  # domain.Row is a list's row
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import (
    DiscussionRow,
    DocumentRow,
    MeetingRow,
    MemberRow,
    OrganizationRow,
    ProponentRow,
    ProposalRow,
)
from msmedesk.domain import ListQuery, NotFound, PartialDate, Proposal
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import (
    _organization_id,
    _pd,
    _pd_text,
    _symbol_id,
    _year_range,
    _years_of,
)
from msmedesk.records.statements import AnySelect
from msmedesk.registry import PROPOSALS
from msmedesk.validation import FieldError


def _proponents_text(proposal_id: Any) -> Any:
    member = (select(func.group_concat(MemberRow.name, ", "))
              .join(ProponentRow, ProponentRow.member_id == MemberRow.id)
              .where(ProponentRow.proposal_id == proposal_id))
    org = (select(func.group_concat(func.coalesce(OrganizationRow.acronym, OrganizationRow.name),
                                    ", "))
           .join(ProponentRow, ProponentRow.organization_id == OrganizationRow.id)
           .where(ProponentRow.proposal_id == proposal_id))
    return func.trim(func.coalesce(member.scalar_subquery(), "") + literal(" ")
                     + func.coalesce(org.scalar_subquery(), ""))


class ProposalService(RecordService[Proposal]):
    """Proposals with their proponents and the meetings that discussed them."""

    columns = ("symbol", "title", "proponents", "submitted", "status")
    sortable = ("symbol", "title", "submitted", "status")
    default_sort = "symbol"
    kind_label = PROPOSALS.noun

    def _table(self) -> Any:
        return ProposalRow

    def _orm(self) -> type:
        return ProposalRow

    def _joined(self, stmt: AnySelect, query: ListQuery | None = None) -> AnySelect:
        if query is not None and query.sort in ("symbol", "", None) and not query.descending:
            # By symbol A to Z, SQLite walks the documents' symbol index from the start and
            # looks each one up among the proposals: proposals are working documents
            # ("INF/MSME/W/..."), which sort after the convening notices and summary reports
            # ("CN", "R"), so it passes 38,000 documents on a large file before the first
            # proposal. "+ 0" keeps the proposals' document_id index out of the join, so it
            # reads the 10,000 proposals, each document by its key, and sorts them: 9 ms
            # to 3. Z to A, the index walk finds the proposals at once and stays.
            return stmt.join(DocumentRow, DocumentRow.id == ProposalRow.document_id + 0)
        return stmt.join(DocumentRow, DocumentRow.id == ProposalRow.document_id)

    def _sort_expressions(self) -> dict[str, Any]:
        return {"symbol": DocumentRow.symbol, "title": ProposalRow.title,
                "submitted": ProposalRow.submitted, "status": ProposalRow.status,
                "proponents": _proponents_text(ProposalRow.id)}

    def _search_columns(self) -> list[Any]:
        return [DocumentRow.symbol, ProposalRow.title, ProposalRow.summary,
                _proponents_text(ProposalRow.id)]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        discussed = exists().where(DiscussionRow.proposal_id == ProposalRow.id,
                                   DiscussionRow.meeting_id == MeetingRow.id,
                                   _year_range(MeetingRow.date, year))
        return or_(_year_range(ProposalRow.submitted, year), discussed)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            ProposalRow.id, DocumentRow.symbol, ProposalRow.title,
            _proponents_text(ProposalRow.id), ProposalRow.submitted, ProposalRow.status)
            .join(DocumentRow, DocumentRow.id == ProposalRow.document_id)
            .where(ProposalRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], r[3], _pd(r[4]), r[5]) for r in rows}

    def years(self) -> list[int]:
        """Years in which proposals were submitted, newest first."""
        with self._sessions() as session:
            return _years_of(session, ProposalRow.submitted)

    def _check(self, record: Proposal) -> None:
        validation.raise_if(validation.check_proposal(record))

    def _load(self, session: Session, record_id: int) -> Proposal:
        row = session.get(ProposalRow, record_id)
        if row is None:
            raise NotFound("This proposal is no longer in the data file.")
        return _load_proposals(session, [row])[0]

    def _write(self, session: Session, record: Proposal, record_id: int | None) -> int:
        errors: list[FieldError] = []
        document_id = _symbol_id(session, record.symbol, "working-document")
        clash = session.scalar(select(ProposalRow.id).where(
            ProposalRow.document_id == document_id, ProposalRow.id != (record_id or -1)))
        if clash is not None:
            errors.append(FieldError("symbol", f"{record.symbol} is already a recorded proposal"))
        proponents: list[dict[str, Any]] = []
        for i, name in enumerate(record.proponents):
            member_id = session.scalar(select(MemberRow.id).where(MemberRow.name == name))
            org_id = None if member_id else _organization_id(session, name)
            if member_id is None and org_id is None:
                errors.append(FieldError(f"proponents[{i}]",
                                         f'"{name}" is not a recorded Member or organization'))
            elif any(p["member_id"] == member_id and p["organization_id"] == org_id
                     for p in proponents):
                # An organization named once by its acronym and once by its name.
                errors.append(FieldError(f"proponents[{i}]", f'"{name}" is already a proponent '
                                                             "of this proposal"))
            proponents.append({"member_id": member_id, "organization_id": org_id,
                               "position": i})
        meeting_ids: list[int] = []
        for i, when in enumerate(record.discussed_at):
            # A proposal names a meeting by its date; as the importer does, prefer the
            # open-ended meeting of that day when several kinds met.
            found = list(session.scalars(select(MeetingRow.id).where(
                MeetingRow.date == when.isoformat())
                .order_by(MeetingRow.kind != "open-ended", MeetingRow.id)))
            if not found:
                errors.append(FieldError(f"discussed_at[{i}]", "there is no meeting on "
                                         f"{PartialDate.from_date(when).long()}"))
            else:
                meeting_ids.append(found[0])
        validation.raise_if(errors)
        values = {"document_id": document_id, "title": record.title,
                  "submitted": _pd_text(record.submitted), "status": record.status,
                  "summary": record.summary}
        proposal_id = self._insert_main(session, ProposalRow, values, record_id, record.id)
        session.execute(delete(ProponentRow).where(ProponentRow.proposal_id == proposal_id))
        session.execute(delete(DiscussionRow).where(DiscussionRow.proposal_id == proposal_id))
        if proponents:
            session.execute(insert(ProponentRow), [{**p, "proposal_id": proposal_id}
                                                   for p in proponents])
        if meeting_ids:
            session.execute(insert(DiscussionRow), [{"proposal_id": proposal_id,
                                                     "meeting_id": m} for m in meeting_ids])
        return proposal_id

    def all(self) -> list[Proposal]:
        """Every proposal, whole, by symbol."""
        with self._sessions() as session:
            # Plain rows that read like ORM objects (r.title): 10,000 ORM objects cost a
            # second of every report on a large file.
            rows = session.execute(select(*ProposalRow.__table__.columns)).all()
            return sorted(_load_proposals(session, rows), key=lambda p: p.symbol)


def _load_proposals(session: Session,
                    rows: Sequence[ProposalRow | ResultRow[*tuple[Any, ...]]]) -> list[Proposal]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    symbols = dict(session.execute(select(DocumentRow.id, DocumentRow.symbol).where(
        DocumentRow.id.in_([r.document_id for r in rows]))).all())
    proponents: dict[int, list[str]] = {i: [] for i in ids}
    for pid, mname, acronym, oname in session.execute(
            select(ProponentRow.proposal_id, MemberRow.name, OrganizationRow.acronym,
                   OrganizationRow.name)
            .outerjoin(MemberRow, MemberRow.id == ProponentRow.member_id)
            .outerjoin(OrganizationRow, OrganizationRow.id == ProponentRow.organization_id)
            .where(ProponentRow.proposal_id.in_(ids))
            .order_by(ProponentRow.proposal_id, ProponentRow.position)):
        proponents[pid].append(mname or acronym or oname)
    discussed: dict[int, list[date]] = {i: [] for i in ids}
    for pid, when in session.execute(
            select(DiscussionRow.proposal_id, MeetingRow.date)
            .join(MeetingRow, MeetingRow.id == DiscussionRow.meeting_id)
            .where(DiscussionRow.proposal_id.in_(ids)).order_by(MeetingRow.date)):
        discussed[pid].append(date.fromisoformat(when))
    return [Proposal(symbol=symbols[r.document_id], title=r.title,
                     proponents=tuple(proponents[r.id]), submitted=_pd(r.submitted),
                     status=r.status, discussed_at=tuple(dict.fromkeys(discussed[r.id])),
                     summary=r.summary, id=r.id) for r in rows]
