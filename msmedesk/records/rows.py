"""What every type's reader and writer of rows shares: plain column selects, the labels rows
refer to by id, and the rules that turn a label back into the id it stands for.

Each type's one reader (``read_members`` ...) and its row values (``member_values`` ...) live
in that type's module; the services and the archive both use them.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Select, select
from sqlalchemy.orm import Session

from msmedesk.db.models import DocumentRow, MeetingRow, MemberRow, OrganizationRow, ProposalRow

#: which records a reader reads: their ids, or None for every one.
Ids = Collection[int] | None


def columns(table: Any, ids: Ids = None, key: Any = None) -> Select[Any]:
    """SELECT every column of ``table`` (of the rows whose ``key``, the id by default, is in
    ``ids``): rows that read like the ORM objects (``r.name``) but are plain tuples;
    building 300,000 ORM objects cost seconds of an export."""
    stmt = select(*table.__table__.columns)
    return stmt if ids is None else stmt.where(among(table.id if key is None else key, ids))


def among(column: Any, ids: Collection[int]) -> ColumnElement[bool]:
    """``column IN ids``; ``column = id`` for one id (the record opened), which SQLAlchemy
    need not render anew for each call as it does an IN's list."""
    found: ColumnElement[bool] = (column == next(iter(ids)) if len(ids) == 1
                                  else column.in_(ids))
    return found


def organization_label(acronym: str | None, name: str) -> str:
    """How a record names an organization: by its acronym, else its name."""
    return acronym or name


class _Unknown(dict):  # type: ignore[type-arg]
    """Labels not read yet: None for each."""

    def __missing__(self, key: Any) -> None:
        return None


class Labels:
    """The names, symbols and dates that rows refer to by id, read in as few queries as can be.

    Asked for every id (``None``), a table's labels are read once and kept for every reader
    that shares this object (an export reads the organizations once, not once per type);
    asked for a few ids (one record opened), only those are read.
    """

    def __init__(self, session: Session) -> None:
        self._session = session
        self._whole: dict[str, dict[int, Any]] = {}

    def know(self, name: str, labels: dict[int, Any]) -> None:
        """Keep every label of one kind ("members", "organizations", "symbols",
        "proposals", "meeting_dates") that the caller has read already."""
        self._whole[name] = labels

    def _read(self, name: str, stmt: Any, key: Any,
              label: Callable[[Any], Any], wanted: Iterable[int | None] | None
              ) -> dict[int, Any]:
        whole = self._whole.get(name)
        if whole is not None:
            return whole
        if wanted is not None:
            keys = {i for i in wanted if i is not None}
            if not keys:
                return {}
            stmt = stmt.where(among(key, keys))
        found = {r[0]: label(r) for r in self._session.execute(stmt)}
        if getattr(self._session, "gathering", False):
            # (A save's reads gathered on a server, one_trip: the labels come with the
            # next batch; the record read meanwhile is thrown away.)
            found = _Unknown(found)
        if wanted is None:
            self._whole[name] = found
        return found

    def members(self, wanted: Iterable[int | None] | None) -> dict[int, str]:
        """Members' names by id."""
        return self._read("members", select(MemberRow.id, MemberRow.name), MemberRow.id,
                          lambda r: r[1], wanted)

    def organizations(self, wanted: Iterable[int | None] | None) -> dict[int, str]:
        """Organizations' labels (acronym, else name) by id."""
        return self._read("organizations", select(OrganizationRow.id, OrganizationRow.acronym,
                                                  OrganizationRow.name),
                          OrganizationRow.id, lambda r: organization_label(r[1], r[2]), wanted)

    def symbols(self, wanted: Iterable[int | None] | None) -> dict[int, str]:
        """Documents' symbols by id."""
        return self._read("symbols", select(DocumentRow.id, DocumentRow.symbol), DocumentRow.id,
                          lambda r: r[1], wanted)

    def proposals(self, wanted: Iterable[int | None] | None) -> dict[int, str]:
        """Proposals' symbols by the proposal's id."""
        return self._read("proposals", select(ProposalRow.id, DocumentRow.symbol).join(
            DocumentRow, DocumentRow.id == ProposalRow.document_id), ProposalRow.id,
            lambda r: r[1], wanted)

    def meeting_dates(self, wanted: Iterable[int | None] | None) -> dict[int, date]:
        """Meetings' dates by id."""
        return self._read("meeting_dates", select(MeetingRow.id, MeetingRow.date), MeetingRow.id,
                          lambda r: date.fromisoformat(r[1]), wanted)


def prefer_open_ended(meetings: Iterable[tuple[str, int]]) -> int | None:
    """The id among the (kind, id) of one day's meetings that a date stands for.

    A proposal names a meeting by its date; when several kinds met that day, the
    open-ended meeting (else the first recorded) is the one meant.
    """
    ranked = sorted(meetings, key=lambda kind_id: (kind_id[0] != "open-ended", kind_id[1]))
    return ranked[0][1] if ranked else None


def organization_index(organizations: Iterable[tuple[int, str, str | None]]) -> dict[str, int]:
    """Organizations' ids by every label that names them, from their (id, name, acronym).

    A label may be one organization's acronym and another's name (a file written before
    that was refused): the acronym wins.
    """
    rows = list(organizations)
    index = {name: i for i, name, _acronym in rows}
    index.update((acronym, i) for i, _name, acronym in rows if acronym)
    return index


def proponent_ids(name: str, member: Callable[[str], int | None],
                  organization: Callable[[str], int | None]) -> tuple[int | None, int | None]:
    """(member id, organization id) of a proponent named ``name``: a Member's name first,
    else an organization's label; (None, None) when it names neither."""
    member_id = member(name)
    return (member_id, None) if member_id is not None else (None, organization(name))
