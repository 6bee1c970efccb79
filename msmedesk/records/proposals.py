"""The proposals, with their proponents."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, delete, exists, func, insert, literal, or_, select, true
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
from msmedesk.domain import ListQuery, PartialDate, Proposal
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import (
    _clean_symbol,
    _known_symbol_id,
    _member_id,
    _organization_id,
    _pd,
    _pd_text,
    _symbol_id,
    _year_range,
    _years_of,
)
from msmedesk.records.one_trip import Unforeseen
from msmedesk.records.rows import Ids, Labels, among, columns, prefer_open_ended, proponent_ids
from msmedesk.records.statements import AnySelect
from msmedesk.registry import PROPOSALS
from msmedesk.symbol_order import symbol_sort_key
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

    record_type = PROPOSALS
    one_trip = True
    sortable = ("symbol", "title", "submitted", "status")
    default_sort = "symbol"
    label_columns = ("symbol", "title")
    label_joiner = " — "

    def _table(self) -> Any:
        return ProposalRow

    def _orm(self) -> type:
        return ProposalRow

    def _joined(self, stmt: AnySelect, query: ListQuery | None = None) -> AnySelect:
        if query is not None and query.sort in ("symbol", "", None) and not query.descending:
            # By symbol A to Z, SQLite walks the documents' sort key index from the start and
            # looks each one up among the proposals: proposals are working documents
            # ("INF/MSME/W/..."), which sort after the convening notices and summary reports
            # ("CN", "R"), so it passes 38,000 documents on a large file before the first
            # proposal. "+ 0" keeps the proposals' document_id index out of the join, so it
            # reads the 10,000 proposals, each document by its key, and sorts them: 9 ms
            # to 3. Z to A, the index walk finds the proposals at once and stays.
            return stmt.join(DocumentRow, DocumentRow.id == ProposalRow.document_id + 0)
        return stmt.join(DocumentRow, DocumentRow.id == ProposalRow.document_id)

    def _sort_expressions(self) -> dict[str, Any]:
        return {"symbol": DocumentRow.sort_key, "title": ProposalRow.title,
                "submitted": ProposalRow.submitted, "status": ProposalRow.status,
                "proponents": _proponents_text(ProposalRow.id)}

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

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, Proposal]:
        return read_proposals(session, ids)

    def _write(self, session: Session, record: Proposal, record_id: int | None) -> int:
        resolved = self._checks(session, record, record_id)
        if resolved[0] is None and record.symbol:
            resolved = (_symbol_id(session, record.symbol, "working-document"), *resolved[1:])
        proposal_id = self._insert_main(session, ProposalRow,
                                        self._values(record, resolved), record_id,
                                        record.id)
        for table, key, rows in self._children(record, resolved, proposal_id):
            session.execute(delete(table).where(key == proposal_id))
            if rows:
                session.execute(insert(table), rows)
        return proposal_id

    def _values(self, record: Proposal, resolved: Any) -> dict[str, Any]:
        if resolved[0] is None and record.symbol:
            raise Unforeseen("a new symbol: its document is recorded the long way")
        return proposal_values(record, resolved[0])

    def _children(self, record: Proposal, resolved: Any, record_id: int
                  ) -> list[tuple[Any, Any, list[dict[str, Any]]]]:
        _document_id, proponents, meeting_ids = resolved
        return [(ProponentRow, ProponentRow.proposal_id,
                 [{**p, "proposal_id": record_id} for p in proponents]),
                (DiscussionRow, DiscussionRow.proposal_id,
                 [{"proposal_id": record_id, "meeting_id": m} for m in meeting_ids])]

    def _checks(self, session: Any, record: Proposal, record_id: int | None) -> Any:
        """The proposal's checks; its document's id, proponents' and meetings' rows."""
        errors: list[FieldError] = []
        # (The document by its symbol, in the same read as the others: a new symbol is
        # recorded by the save, after the checks, and no proposal has it yet.)
        document_id = _known_symbol_id(session, record.symbol)
        clash = session.scalar(select(ProposalRow.id).join(
            DocumentRow, DocumentRow.id == ProposalRow.document_id).where(
            DocumentRow.symbol == _clean_symbol(record.symbol),
            ProposalRow.id != (record_id or -1)) if record.symbol else select(
            ProposalRow.id).where(ProposalRow.document_id.is_(None),
                                  ProposalRow.id != (record_id or -1)))
        if clash is not None:
            errors.append(FieldError("symbol", f"{record.symbol} is already a recorded proposal"))
        proponents: list[dict[str, Any]] = []
        for i, name in enumerate(record.proponents):
            member_id, org_id = proponent_ids(name, lambda n: _member_id(session, n),
                                              lambda n: _organization_id(session, n))
            if member_id is None and org_id is None:
                errors.append(FieldError(f"proponents[{i}]",
                                         f'"{name}" is not a recorded Member or organization'))
            elif any(p["member_id"] == member_id and p["organization_id"] == org_id
                     for p in proponents):
                # An organization named once by its acronym and once by its name.
                errors.append(FieldError(f"proponents[{i}]", f'"{name}" is already a proponent '
                                                             "of this proposal"))
            proponents.append(proponent_values(0, i, member_id, org_id))
        # A date names the meeting this proposal is already linked to on that day (a thematic
        # session, say, listed it); only a new date falls to the day's open-ended meeting.
        # Saving the proposal for another reason must not move it to another meeting.
        linked: dict[str, list[int]] = {}
        if record_id is not None:
            for day, meeting in session.execute(
                    select(MeetingRow.date, MeetingRow.id).join(
                        DiscussionRow, DiscussionRow.meeting_id == MeetingRow.id).where(
                        DiscussionRow.proposal_id == record_id).order_by(MeetingRow.id)):
                linked.setdefault(day, []).append(meeting)
        meeting_ids: list[int] = []
        for i, when in enumerate(record.discussed_at):
            already = linked.get(when.isoformat())
            found = already.pop(0) if already else prefer_open_ended(
                session.execute(select(MeetingRow.kind, MeetingRow.id)
                                .where(MeetingRow.date == when.isoformat())).all())
            if found is None:
                errors.append(FieldError(f"discussed_at[{i}]", "there is no meeting on "
                                         f"{PartialDate.from_date(when).long()}"))
            else:
                meeting_ids.append(found)
        validation.raise_if(errors)
        return document_id, proponents, meeting_ids

    def all(self) -> list[Proposal]:
        """Every proposal, whole, by symbol."""
        with self._sessions() as session:
            return sorted(read_proposals(session).values(),
                          key=lambda p: symbol_sort_key(p.symbol))


def proposal_values(p: Proposal, document_id: int | None) -> dict[str, Any]:
    """The stored values of a proposal's row (its id aside), its document's id given."""
    return {"document_id": document_id, "title": p.title, "submitted": _pd_text(p.submitted),
            "status": p.status, "summary": p.summary, "subject": p.subject}


def proponent_values(proposal_id: int, position: int, member_id: int | None,
                     organization_id: int | None) -> dict[str, Any]:
    """The stored values of a proponent's row: a Member or an organization."""
    return {"proposal_id": proposal_id, "position": position, "member_id": member_id,
            "organization_id": organization_id}


def read_proposals(session: Session, ids: Ids = None, labels: Labels | None = None, *,
                   with_ids: bool = True) -> dict[int, Proposal]:
    """The proposals of ``ids`` (None: every one) by id, whole, in a handful of queries."""
    labels = labels or Labels(session)
    rows = list(session.execute(columns(ProposalRow, ids)))
    backers = list(session.execute(columns(ProponentRow, ids, ProponentRow.proposal_id)
                                   .order_by(ProponentRow.proposal_id, ProponentRow.position)))
    member = labels.members(None if ids is None else (r.member_id for r in backers))
    org = labels.organizations(None if ids is None else (r.organization_id for r in backers))
    proponents: dict[int, list[str]] = {}
    for r in backers:
        proponents.setdefault(r.proposal_id, []).append(
            member[r.member_id] if r.member_id else org[r.organization_id])
    links = session.execute(select(DiscussionRow.proposal_id, DiscussionRow.meeting_id).where(
        true() if ids is None else among(DiscussionRow.proposal_id, ids))).all()
    when = labels.meeting_dates(None if ids is None else (m for _p, m in links))
    discussed: dict[int, set[date]] = {}
    for pid, mid in links:
        discussed.setdefault(pid, set()).add(when[mid])
    symbol = labels.symbols(None if ids is None else (r.document_id for r in rows))
    return {r.id: Proposal(symbol=symbol[r.document_id], title=r.title,
                           proponents=tuple(proponents.get(r.id, ())),
                           submitted=_pd(r.submitted), status=r.status,
                           discussed_at=tuple(sorted(discussed.get(r.id, ()))),
                           summary=r.summary, subject=r.subject,
                           id=r.id if with_ids else None) for r in rows}
