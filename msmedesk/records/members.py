"""The Members: their service, rows and membership over the years."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import (
    DocumentRow,
    MemberRow,
    PackageEntryRow,
    PackageMemberRow,
    PresentationRow,
    ProponentRow,
    ProposalRow,
)
from msmedesk.domain import LinkGroup, Member, MembershipYear, sort_key
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _name_clash, _pd, _pd_text, _year_range
from msmedesk.records.links import _count, _link_group, _short
from msmedesk.records.rows import Ids, columns
from msmedesk.registry import MEMBERS
from msmedesk.validation import FieldError, ValidationError


class MemberService(RecordService[Member]):
    """Membership entries."""

    record_type = MEMBERS
    one_trip = True
    default_sort = "name"
    refusal_advice = "remove it there first, or record the date it left instead."

    def _table(self) -> Any:
        return MemberRow

    def _orm(self) -> type:
        return MemberRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"name": MemberRow.sort_key, "list_name": MemberRow.list_name,
                "counts_as": MemberRow.counts_as, "joined": MemberRow.joined,
                "left": MemberRow.left_date}

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _in_group_at_end(year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            MemberRow.id, MemberRow.name, MemberRow.list_name, MemberRow.counts_as,
            MemberRow.joined, MemberRow.left_date).where(MemberRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2] or r[1], r[3], _pd(r[4]), _pd(r[5])) for r in rows}

    def years(self) -> list[int]:
        """Years from the first recorded joining to now, newest first."""
        with self._sessions() as session:
            first = session.scalar(select(func.min(func.substr(MemberRow.joined, 1, 4))))
        start = int(first) if first else date.today().year
        return list(range(max(start, date.today().year), start - 1, -1))

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, Member]:
        return read_members(session, ids)

    def _write(self, session: Session, record: Member, record_id: int | None) -> int:
        self._checks(session, record, record_id)
        return self._insert_main(session, MemberRow, member_values(record), record_id,
                                 record.id)

    def _values(self, record: Member, resolved: Any) -> dict[str, Any]:
        return member_values(record)

    def _checks(self, session: Any, record: Member, record_id: int | None) -> None:
        clash = session.scalar(select(MemberRow.id).where(MemberRow.name == record.name.strip(),
                                                          MemberRow.id != (record_id or -1)))
        if clash is not None:
            raise ValidationError([FieldError("name", f'"{record.name}" is already a Member')])
        validation.raise_if(_name_clash(session, "name", record.name,
                                        against=("name", "acronym")))

    def _uses(self, session: Session, record_id: int) -> list[str]:
        proposals = session.scalar(select(func.count()).where(ProponentRow.member_id == record_id))
        entries = session.scalar(select(func.count()).where(PackageMemberRow.member_id
                                                            == record_id))
        talks = session.scalar(select(func.count()).where(PresentationRow.member_id == record_id))
        return [_count(n, one, many) for n, one, many in (
            (proposals, "proposal as a proponent", "proposals as a proponent"),
            (entries, "package entry", "package entries"),
            (talks, "presentation", "presentations")) if n]

    def names(self) -> list[str]:
        """All Member names, in membership-footnote order (for pickers)."""
        with self._sessions() as session:
            return list(session.scalars(select(MemberRow.name).order_by(MemberRow.sort_key)))

    def links(self, record_id: int) -> tuple[LinkGroup, ...]:
        """The proposals and package entries that name this Member."""
        with self._sessions() as session:
            proposals = (
                select(DocumentRow.symbol, ProposalRow.title)
                .join(ProposalRow, ProposalRow.document_id == DocumentRow.id)
                .join(ProponentRow, ProponentRow.proposal_id == ProposalRow.id)
                .where(ProponentRow.member_id == record_id).order_by(DocumentRow.sort_key))
            entries = (
                select(PackageEntryRow.year, PackageEntryRow.annex, PackageEntryRow.summary)
                .join(PackageMemberRow, PackageMemberRow.entry_id == PackageEntryRow.id)
                .where(PackageMemberRow.member_id == record_id)
                .order_by(PackageEntryRow.year.desc(), PackageEntryRow.annex))
            return (
                _link_group(session, "Proposals", proposals,
                            lambda r: f"{r[0]} {r[1]}".strip()),
                _link_group(session, "Package entries", entries,
                            lambda r: f"{r[0]}, Annex {r[1]}: {_short(r[2])}"),
            )

    def at_end_of(self, year: int) -> list[Member]:
        """The entries in the Group at the end of ``year``, in footnote order."""
        with self._sessions() as session:
            return members_where(session, _in_group_at_end(year))

    def membership_at_end(self, year: int) -> int:
        """Sum of ``counts_as`` over the entries in the Group at the end of ``year``."""
        with self._sessions() as session:
            return int(session.scalar(select(func.coalesce(func.sum(MemberRow.counts_as), 0))
                                      .where(_in_group_at_end(year))) or 0)

    def joiners(self, year: int) -> list[Member]:
        """The entries that joined during ``year``, in footnote order."""
        with self._sessions() as session:
            return members_where(session, _year_range(MemberRow.joined, year))

    def by_year(self) -> list[MembershipYear]:
        """Membership at the end of each year with records, and that year's joiners."""
        # One query, then every year in Python (a query per year cost a tenth of a second
        # on the Members tab of a large file); the same rule as _in_group_at_end.
        with self._sessions() as session:
            rows = session.execute(select(MemberRow.joined, MemberRow.left_date,
                                          MemberRow.counts_as, MemberRow.name)
                                   .order_by(MemberRow.sort_key)).all()
        joiners: dict[int, list[str]] = {}
        for j, _left, _counts, n in rows:
            if j is not None:
                joiners.setdefault(int(j[:4]), []).append(n)
        if not joiners:
            return []
        # An entry counts in the years from the one it joined (or the first) up to, not
        # including, the one it left: added where it starts, taken off where it stops.
        first, last = min(joiners), max(max(joiners), date.today().year)
        delta = [0] * (last - first + 2)
        for j, left, counts, _n in rows:
            start = first if j is None else max(first, int(j[:4]))
            stop = last + 1 if left is None else min(last + 1, int(left[:4]))
            if start < stop:
                delta[start - first] += counts
                delta[stop - first] -= counts
        out = []
        total = 0
        for year in range(first, last + 1):
            total += delta[year - first]
            out.append(MembershipYear(year, total, tuple(joiners.get(year, ()))))
        return out


def _in_group_at_end(year: int) -> ColumnElement[bool]:
    # Joined on or before the year (or before records began) and not left by its end.
    return and_(or_(MemberRow.joined.is_(None), MemberRow.joined < f"{year + 1:04d}"),
                or_(MemberRow.left_date.is_(None), MemberRow.left_date >= f"{year + 1:04d}"))


def read_members(session: Session, ids: Ids = None, *, with_ids: bool = True
                 ) -> dict[int, Member]:
    """The Members of ``ids`` (None: every one) by id, in one query."""
    return {r.id: Member(name=r.name, list_name=r.list_name, sort_name=r.sort_name,
                         prose_name=r.prose_name, counts_as=r.counts_as, joined=_pd(r.joined),
                         left=_pd(r.left_date), notes=r.notes, id=r.id if with_ids else None)
            for r in session.execute(columns(MemberRow, ids))}


def members_where(session: Session, where: ColumnElement[bool]) -> list[Member]:
    """The Members ``where`` selects, in membership-footnote order."""
    ids = list(session.scalars(select(MemberRow.id).where(where)
                               .order_by(MemberRow.sort_key, MemberRow.name)))
    found = read_members(session, ids)
    return [found[i] for i in ids]


def member_values(m: Member) -> dict[str, Any]:
    """The stored values of a Member's row (its id aside)."""
    # Names are stored stripped, as the archive reader gives them, so that an export
    # matches its own re-import.
    name, sort_name = m.name.strip(), m.sort_name.strip()
    return {"name": name, "list_name": m.list_name.strip(), "sort_name": sort_name,
            "prose_name": m.prose_name.strip(), "sort_key": sort_key(sort_name or name),
            "counts_as": m.counts_as, "joined": _pd_text(m.joined), "left_date": _pd_text(m.left),
            "notes": m.notes}
