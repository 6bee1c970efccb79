"""The MSME Package entries, with their Members."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.dates import shown_text
from msmedesk.db.models import MemberRow, PackageEntryRow, PackageMemberRow
from msmedesk.domain import PackageEntry
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _member_ids
from msmedesk.records.links import _short
from msmedesk.records.rows import Ids, Labels, columns
from msmedesk.registry import PACKAGE


def _package_members_text(entry_id: Any) -> Any:
    return func.coalesce(
        select(func.group_concat(MemberRow.name, ", "))
        .join(PackageMemberRow, PackageMemberRow.member_id == MemberRow.id)
        .where(PackageMemberRow.entry_id == entry_id).scalar_subquery(), "")


class PackageService(RecordService[PackageEntry]):
    """Implementation of the December 2020 MSME Package, annex by annex and year by year."""

    record_type = PACKAGE
    one_trip = True
    named = False  # (no other record names one: no foreign key to its table)
    sortable = ("year", "annex")
    default_sort = "year"

    def _table(self) -> Any:
        return PackageEntryRow

    def _orm(self) -> type:
        return PackageEntryRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"year": (PackageEntryRow.year, PackageEntryRow.annex),
                "annex": (PackageEntryRow.annex, PackageEntryRow.year),
                "members": _package_members_text(PackageEntryRow.id),
                "summary": PackageEntryRow.summary}

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return PackageEntryRow.year == year


    def label(self, values: tuple[Any, ...]) -> str:
        """ "Annex 5, 2024 — Mexico, Peru": an entry by its annex, year and Members."""
        # (a list's values hold the Members joined; a whole record's, a tuple of names)
        year, annex, members = values[0], values[1], shown_text(values[2])
        return f"Annex {annex}, {year}" + (f" — {members}" if members else "")

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            PackageEntryRow.id, PackageEntryRow.year, PackageEntryRow.annex,
            _package_members_text(PackageEntryRow.id), PackageEntryRow.summary)
            .where(PackageEntryRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], r[3], _short(r[4], 120)) for r in rows}

    def _shortened_column(self) -> Any:
        return PackageEntryRow.summary

    def years(self) -> list[int]:
        """Years with package entries, newest first."""
        with self._sessions() as session:
            return sorted(session.scalars(select(func.distinct(PackageEntryRow.year))),
                          reverse=True)

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, PackageEntry]:
        return read_package(session, ids)

    def _write(self, session: Session, record: PackageEntry, record_id: int | None) -> int:
        member_ids = self._checks(session, record, record_id)
        entry_id = self._insert_main(session, PackageEntryRow, package_values(record),
                                     record_id, record.id)
        session.execute(delete(PackageMemberRow).where(PackageMemberRow.entry_id == entry_id))
        if member_ids:
            session.execute(insert(PackageMemberRow), package_member_values(entry_id,
                                                                            member_ids))
        return entry_id

    def _checks(self, session: Any, record: PackageEntry, record_id: int | None
                ) -> list[int]:
        member_ids, errors = _member_ids(session, record.members, "members")
        validation.raise_if(errors)
        return member_ids

    def _values(self, record: PackageEntry, resolved: Any) -> dict[str, Any]:
        return package_values(record)

    def _children(self, record: PackageEntry, resolved: list[int], record_id: int
                  ) -> list[tuple[Any, Any, list[dict[str, Any]]]]:
        return [(PackageMemberRow, PackageMemberRow.entry_id,
                 package_member_values(record_id, resolved))]

    def in_year(self, year: int) -> list[PackageEntry]:
        """The year's entries by annex, whole."""
        with self._sessions() as session:
            return package_in_year(session, year)


def package_values(p: PackageEntry) -> dict[str, Any]:
    """The stored values of a package entry's row (its id aside)."""
    return {"annex": p.annex, "year": p.year, "summary": p.summary}


def package_member_values(entry_id: int, member_ids: Iterable[int]) -> list[dict[str, Any]]:
    """The stored values of an entry's Members' rows, in order, each Member once."""
    return [{"entry_id": entry_id, "member_id": m, "position": i}
            for i, m in enumerate(dict.fromkeys(member_ids))]


def read_package(session: Session, ids: Ids = None, labels: Labels | None = None, *,
                 with_ids: bool = True) -> dict[int, PackageEntry]:
    """The package entries of ``ids`` (None: every one) by id, whole, in a few queries."""
    labels = labels or Labels(session)
    links = list(session.execute(columns(PackageMemberRow, ids, PackageMemberRow.entry_id)
                                 .order_by(PackageMemberRow.entry_id, PackageMemberRow.position)))
    member = labels.members(None if ids is None else (r.member_id for r in links))
    members: dict[int, list[str]] = {}
    for r in links:
        members.setdefault(r.entry_id, []).append(member[r.member_id])
    return {r.id: PackageEntry(annex=r.annex, year=r.year, members=tuple(members.get(r.id, ())),
                               summary=r.summary, id=r.id if with_ids else None)
            for r in session.execute(columns(PackageEntryRow, ids))}


def package_in_year(session: Session, year: int) -> list[PackageEntry]:
    """The entries of ``year``, whole, by annex."""
    ids = list(session.scalars(select(PackageEntryRow.id).where(PackageEntryRow.year == year)
                               .order_by(PackageEntryRow.annex, PackageEntryRow.id)))
    found = read_package(session, ids)
    return [found[i] for i in ids]
