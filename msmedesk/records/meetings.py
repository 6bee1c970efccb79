"""The meetings, with their presentations and the documents and proposals they took up."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date
from itertools import chain
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, or_, select, true
from sqlalchemy.orm import Session

from msmedesk import symbol_rules, validation
from msmedesk.db.models import (
    DiscussionRow,
    DocumentRow,
    MeetingRow,
    PresentationRow,
    ProposalRow,
    SpotlightRow,
)
from msmedesk.domain import ContactRef, Meeting, PartialDate, Presentation, Spotlight
from msmedesk.records.base import RecordService
from msmedesk.records.contacts import contact_id, read_contacts
from msmedesk.records.helpers import (
    _clean_symbol,
    _d,
    _known_symbol_id,
    _member_id,
    _organization_id,
    _symbol_id,
    _year_range,
    _years_of,
)
from msmedesk.records.links import _short
from msmedesk.records.one_trip import Unforeseen
from msmedesk.records.rows import Ids, Labels, among, columns
from msmedesk.records.statements import AnySelect
from msmedesk.registry import MEETINGS
from msmedesk.validation import FieldError


class MeetingService(RecordService[Meeting]):
    """Meetings with their presentations, spotlights and proposals discussed."""

    columns = ("date", "kind", "convening_notice", "summary_document", "summary")
    sortable = ("date", "kind", "convening_notice", "summary_document")
    default_sort = "date"
    label_columns = ("date", "convening_notice")
    kind_label = MEETINGS.noun
    record_type = MEETINGS
    one_trip = True

    def _table(self) -> Any:
        return MeetingRow

    def _orm(self) -> type:
        return MeetingRow

    def _sort_expressions(self) -> dict[str, Any]:
        # By the symbols' key: the WTO's order (W/2 before W/10).
        cn = select(DocumentRow.sort_key).where(DocumentRow.id == MeetingRow.convening_notice_id)
        sd = select(DocumentRow.sort_key).where(
            DocumentRow.id == MeetingRow.summary_document_id)
        return {"date": MeetingRow.date, "kind": (MeetingRow.kind, MeetingRow.date),
                "convening_notice": cn.scalar_subquery(),
                "summary_document": sd.scalar_subquery()}

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

    def _shortened_column(self) -> Any:
        return MeetingRow.summary

    def years(self) -> list[int]:
        """Years with meetings, newest first."""
        with self._sessions() as session:
            return _years_of(session, MeetingRow.date)

    def _check(self, record: Meeting) -> None:
        validation.raise_if(validation.check_meeting(record))

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, Meeting]:
        return read_meetings(session, ids)

    def _write(self, session: Session, record: Meeting, record_id: int | None) -> int:
        notice, summary, *rest = self._checks(session, record, record_id)
        resolved = (notice or _symbol_id(session, record.convening_notice, "convening-notice"),
                    summary or _symbol_id(session, record.summary_document, "summary-report"),
                    *rest)
        meeting_id = self._insert_main(session, MeetingRow, self._values(record, resolved),
                                       record_id, record.id)
        for table, key, rows in self._children(record, resolved, meeting_id):
            session.execute(delete(table).where(key == meeting_id))
            if rows:
                session.execute(insert(table), rows)
        return meeting_id

    def _values(self, record: Meeting, resolved: Any) -> dict[str, Any]:
        if (resolved[0] is None and record.convening_notice) or (
                resolved[1] is None and record.summary_document):
            raise Unforeseen("a new symbol: its document is recorded the long way")
        return meeting_values(record, *resolved[:2])

    def _children(self, record: Meeting, resolved: Any, record_id: int
                  ) -> list[tuple[Any, Any, list[dict[str, Any]]]]:
        _notice, _summary, talks, proposal_ids = resolved
        return [(PresentationRow, PresentationRow.meeting_id, [
                    presentation_values(record_id, i, p, *ids)
                    for i, (p, ids) in enumerate(zip(record.presentations, talks, strict=True))]),
                (SpotlightRow, SpotlightRow.meeting_id,
                 spotlight_values(record_id, record.spotlights)),
                (DiscussionRow, DiscussionRow.meeting_id,
                 [{"meeting_id": record_id, "proposal_id": p} for p in proposal_ids])]

    def _checks(self, session: Any, record: Meeting, record_id: int | None) -> Any:
        """The meeting's checks; its documents' ids, presentations' and proposals' ids
        (a symbol not recorded yet is recorded here, as a document of its own)."""
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
        talks, talk_errors = _presentation_ids(session, record.presentations)
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
        known = (_known_symbol_id(session, record.convening_notice),
                 _known_symbol_id(session, record.summary_document))
        validation.raise_if(errors)
        return (*known, talks, proposal_ids)

    def in_year(self, year: int, kind: str | None = None) -> list[Meeting]:
        """The year's meetings (of one kind if given), in date order, whole."""
        with self._sessions() as session:
            return meetings_where(session, _year_range(MeetingRow.date, year),
                                  true() if kind is None else MeetingRow.kind == kind)

    def choices(self) -> list[tuple[date, str]]:
        """(date, kind) of every meeting, newest first, for pickers."""
        with self._sessions() as session:
            rows = session.execute(select(MeetingRow.date, MeetingRow.kind)
                                   .order_by(MeetingRow.date.desc()))
            return [(date.fromisoformat(d), k) for d, k in rows]


def meetings_where(session: Session, *where: ColumnElement[bool]) -> list[Meeting]:
    """The meetings ``where`` selects, whole, by date and kind."""
    ids = list(session.scalars(select(MeetingRow.id).where(*where)
                               .order_by(MeetingRow.date, MeetingRow.kind)))
    found = read_meetings(session, ids)
    return [found[i] for i in ids]


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


Talk = tuple[int | None, int | None, int | None]  # a presentation's organization, Member, contact


def _presentation_ids(session: Session, talks: Sequence[Presentation]
                      ) -> tuple[list[Talk], list[FieldError]]:
    """The (organization id, member id, contact id) of each presentation, or the errors."""
    out: list[Talk] = []
    errors: list[FieldError] = []
    for i, p in enumerate(talks):
        org_id = member_id = contact = None
        if p.organization:
            org_id = _organization_id(session, p.organization)
            if org_id is None:
                errors.append(FieldError(f"presentations[{i}].organization",
                                         f'"{p.organization}" is not a recorded organization'))
        if p.member:
            member_id = _member_id(session, p.member)
            if member_id is None:
                errors.append(FieldError(f"presentations[{i}].member",
                                         f'"{p.member}" is not a recorded Member'))
        if p.contact is not None:
            contact = contact_id(session, p.contact)
            if contact is None:
                errors.append(FieldError(f"presentations[{i}].contact",
                                         f'"{p.contact.name}" of {p.contact.of} is not a '
                                         "recorded contact"))
        out.append((org_id, member_id, contact))
    return out, errors


def meeting_values(m: Meeting, notice_id: int | None, summary_id: int | None
                   ) -> dict[str, Any]:
    """The stored values of a meeting's row (its id aside), its documents' ids given."""
    return {"date": m.date.isoformat(), "kind": m.kind, "convening_notice_id": notice_id,
            "summary_document_id": summary_id, "summary": m.summary,
            "proposals_place": m.proposals_order, "closing": m.closing,
            "closing_place": m.closing_order}


def presentation_values(meeting_id: int, position: int, p: Presentation,
                        organization_id: int | None, member_id: int | None,
                        contact: int | None = None) -> dict[str, Any]:
    """The stored values of a presentation's row, its organization's, Member's and contact's
    ids given."""
    return {"meeting_id": meeting_id, "position": position, "speaker": p.speaker.strip(),
            "organization_id": organization_id, "member_id": member_id, "topic": p.topic,
            "contact_id": contact, "place": p.order, "opening": p.opening,
            "lead_in": p.lead_in}


def spotlight_values(meeting_id: int, spotlights: Sequence[Spotlight]) -> list[dict[str, Any]]:
    """The stored values of a meeting's spotlights' rows, in order."""
    return [{"meeting_id": meeting_id, "position": i, "business": s.business.strip(),
             "person": s.person.strip(), "country": s.country.strip(),
             "introduced_by": s.introduced_by.strip(), "description": s.description,
             "place": s.order}
            for i, s in enumerate(spotlights)]


def _contact_refs(session: Session, ids: set[int], every: bool) -> dict[int | None, ContactRef]:
    """The contacts of ``ids`` as a presentation names them, by id (with ``every``, all of
    them are read in one go rather than listed one by one in the query)."""
    if not ids:
        return {}  # (most files: no presentation names a contact, and no query is made)
    found = read_contacts(session, None if every else sorted(ids))
    return {c.id: ContactRef(c.name, c.of) for c in found}


def read_meetings(session: Session, ids: Ids = None, labels: Labels | None = None, *,
                  with_ids: bool = True) -> dict[int, Meeting]:
    """The meetings of ``ids`` (None: every one) by id, whole, in a handful of queries."""
    labels = labels or Labels(session)
    rows = list(session.execute(columns(MeetingRow, ids)))
    talk_rows = list(session.execute(columns(PresentationRow, ids, PresentationRow.meeting_id)
                                     .order_by(PresentationRow.meeting_id,
                                               PresentationRow.position)))
    org = labels.organizations(None if ids is None else (r.organization_id for r in talk_rows))
    member = labels.members(None if ids is None else (r.member_id for r in talk_rows))
    contact = _contact_refs(session, {r.contact_id for r in talk_rows} - {None}, ids is None)
    talks: dict[int, list[Presentation]] = {}
    for r in talk_rows:
        talks.setdefault(r.meeting_id, []).append(Presentation(
            speaker=r.speaker, organization=org.get(r.organization_id), topic=r.topic,
            member=member.get(r.member_id), contact=contact.get(r.contact_id),
            order=r.place, opening=r.opening, lead_in=r.lead_in))
    spots: dict[int, list[Spotlight]] = {}
    for r in session.execute(columns(SpotlightRow, ids, SpotlightRow.meeting_id)
                             .order_by(SpotlightRow.meeting_id, SpotlightRow.position)):
        spots.setdefault(r.meeting_id, []).append(Spotlight(
            business=r.business, person=r.person, country=r.country,
            introduced_by=r.introduced_by, description=r.description, order=r.place))
    links = session.execute(select(DiscussionRow.meeting_id, DiscussionRow.proposal_id).where(
        true() if ids is None else among(DiscussionRow.meeting_id, ids))).all()
    proposal = labels.proposals(None if ids is None else (p for _m, p in links))
    discussed: dict[int, list[str]] = {}
    for mid, pid in links:
        discussed.setdefault(mid, []).append(proposal[pid])
    symbol = labels.symbols(None if ids is None else chain.from_iterable(
        (r.convening_notice_id, r.summary_document_id) for r in rows))
    return {r.id: Meeting(date=date.fromisoformat(r.date), kind=r.kind,
                          convening_notice=symbol.get(r.convening_notice_id),
                          summary_document=symbol.get(r.summary_document_id), summary=r.summary,
                          presentations=tuple(talks.get(r.id, ())),
                          spotlights=tuple(spots.get(r.id, ())),
                          proposals=tuple(sorted(discussed.get(r.id, ()))),
                          proposals_order=r.proposals_place, closing=r.closing,
                          closing_order=r.closing_place,
                          id=r.id if with_ids else None) for r in rows}
