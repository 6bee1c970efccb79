"""The MSME Package entries, with their Members."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, delete, func, insert, select
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import MemberRow, PackageEntryRow, PackageMemberRow
from msmedesk.domain import NotFound, PackageEntry
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _member_ids
from msmedesk.records.links import _short
from msmedesk.registry import PACKAGE


def _package_members_text(entry_id: Any) -> Any:
    return func.coalesce(
        select(func.group_concat(MemberRow.name, ", "))
        .join(PackageMemberRow, PackageMemberRow.member_id == MemberRow.id)
        .where(PackageMemberRow.entry_id == entry_id).scalar_subquery(), "")


class PackageService(RecordService[PackageEntry]):
    """Implementation of the December 2020 MSME Package, annex by annex and year by year."""

    columns = ("year", "annex", "members", "summary")
    sortable = ("year", "annex")
    default_sort = "year"
    kind_label = PACKAGE.noun

    def _table(self) -> Any:
        return PackageEntryRow

    def _orm(self) -> type:
        return PackageEntryRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"year": (PackageEntryRow.year, PackageEntryRow.annex),
                "annex": (PackageEntryRow.annex, PackageEntryRow.year),
                "members": _package_members_text(PackageEntryRow.id),
                "summary": PackageEntryRow.summary}

    def _search_columns(self) -> list[Any]:
        return [PackageEntryRow.summary, _package_members_text(PackageEntryRow.id)]

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return PackageEntryRow.year == year

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            PackageEntryRow.id, PackageEntryRow.year, PackageEntryRow.annex,
            _package_members_text(PackageEntryRow.id), PackageEntryRow.summary)
            .where(PackageEntryRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], r[3], _short(r[4], 120)) for r in rows}

    def years(self) -> list[int]:
        """Years with package entries, newest first."""
        with self._sessions() as session:
            return sorted(session.scalars(select(func.distinct(PackageEntryRow.year))),
                          reverse=True)

    def _check(self, record: PackageEntry) -> None:
        validation.raise_if(validation.check_package_entry(record))

    def _load(self, session: Session, record_id: int) -> PackageEntry:
        row = session.get(PackageEntryRow, record_id)
        if row is None:
            raise NotFound("This package entry is no longer in the data file.")
        return _load_package(session, [row])[0]

    def _write(self, session: Session, record: PackageEntry, record_id: int | None) -> int:
        member_ids, errors = _member_ids(session, record.members, "members")
        validation.raise_if(errors)
        values = {"annex": record.annex, "year": record.year, "summary": record.summary}
        entry_id = self._insert_main(session, PackageEntryRow, values, record_id, record.id)
        session.execute(delete(PackageMemberRow).where(PackageMemberRow.entry_id == entry_id))
        if member_ids:
            session.execute(insert(PackageMemberRow), [
                {"entry_id": entry_id, "member_id": m, "position": i}
                for i, m in enumerate(dict.fromkeys(member_ids))])
        return entry_id

    def in_year(self, year: int) -> list[PackageEntry]:
        """The year's entries by annex, whole."""
        with self._sessions() as session:
            rows = list(session.scalars(select(PackageEntryRow).where(
                PackageEntryRow.year == year).order_by(PackageEntryRow.annex,
                                                       PackageEntryRow.id)))
            return _load_package(session, rows)


def _load_package(session: Session, rows: Sequence[PackageEntryRow]) -> list[PackageEntry]:
    if not rows:
        return []
    ids = [r.id for r in rows]
    members: dict[int, list[str]] = {i: [] for i in ids}
    for eid, name in session.execute(
            select(PackageMemberRow.entry_id, MemberRow.name)
            .join(MemberRow, MemberRow.id == PackageMemberRow.member_id)
            .where(PackageMemberRow.entry_id.in_(ids))
            .order_by(PackageMemberRow.entry_id, PackageMemberRow.position)):
        members[eid].append(name)
    return [PackageEntry(annex=r.annex, year=r.year, members=tuple(members[r.id]),
                         summary=r.summary, id=r.id) for r in rows]
