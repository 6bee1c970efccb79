"""The Meetings tab's first reads through sqlite3: count, a page, a meeting whole.

The SQL is ``records.meetings``' own, as SQLAlchemy compiles it for SQLite (same rows, same
order, same shortened summaries; a test compares the two for every sort).
"""

from __future__ import annotations

import builtins
import sqlite3
from datetime import date
from typing import Any

from msmedesk.domain import ContactRef, ListQuery, Meeting, NotFound, Presentation, Row, Spotlight
from msmedesk.plain.reads import snapshot, years
from msmedesk.plain.values import iso_date, organization_label, short

# A list's sort orders, by column key (``MeetingService._sort_expressions``): the symbols
# sort by their key, the WTO's order (W/2 before W/10).
_SORTS = {
    "date": ("meetings.date",),
    "kind": ("meetings.kind", "meetings.date"),
    "convening_notice": ("(SELECT documents.sort_key FROM documents "
                         "WHERE documents.id = meetings.convening_notice_id)",),
    "summary_document": ("(SELECT documents.sort_key FROM documents "
                         "WHERE documents.id = meetings.summary_document_id)",),
}

_VALUES = ("SELECT meetings.id, meetings.date, meetings.kind, "
           "(SELECT documents.symbol FROM documents "
           "WHERE documents.id = meetings.convening_notice_id), "
           "(SELECT documents.symbol FROM documents "
           "WHERE documents.id = meetings.summary_document_id), "
           "substr(meetings.summary, 1, 200) FROM meetings WHERE meetings.id IN ({})")


class MeetingsReader:
    """Count, page and whole meeting, read as ``MeetingService`` reads them."""

    key = "meetings"
    noun = "meeting"
    columns = ("date", "kind", "convening_notice", "summary_document", "summary")
    sortable = ("date", "kind", "convening_notice", "summary_document")
    default_sort = "date"

    def __init__(self, connection: sqlite3.Connection):
        self._con = connection

    def answers(self, query: ListQuery) -> bool:
        """Whether this reader reads ``query``: the whole list, in any order, on screen."""
        return not query.text.strip() and query.year is None and not query.whole

    def count(self, query: ListQuery, bound: int | None = None) -> int:
        """How many meetings there are; with ``bound``, counted no further than ``bound + 1``
        (the service's bounded count: "more than ``bound``")."""
        params: tuple[int, ...] = ()
        if bound is None:
            sql = "SELECT count(*) FROM meetings"
        else:
            sql = "SELECT count(*) FROM (SELECT 1 FROM meetings LIMIT ?) AS bounded"
            params = (bound + 1,)
        return int(self._con.execute(sql, params).fetchone()[0] or 0)

    def list(self, query: ListQuery) -> builtins.list[Row]:
        """One page of rows, sorted as the service sorts them."""
        key = query.sort if query.sort in _SORTS else self.default_sort
        way = "DESC" if query.descending else "ASC"
        order = ", ".join(f"{term} {way}" for term in _SORTS[key])
        last = "meetings.id DESC" if query.descending else "meetings.id"
        with snapshot(self._con):
            ids = [i for (i,) in self._con.execute(
                f"SELECT meetings.id FROM meetings ORDER BY {order}, {last} LIMIT ? OFFSET ?",
                (query.limit, query.offset))]
            rows = self._values(ids) if ids else {}
        return [Row(i, rows[i]) for i in ids if i in rows]

    def _values(self, ids: builtins.list[int]) -> dict[int, tuple[Any, ...]]:
        sql = _VALUES.format(", ".join("?" * len(ids)))
        return {r[0]: (iso_date(r[1]), r[2], r[3] or "", r[4] or "", short(r[5] or "", 120))
                for r in self._con.execute(sql, ids)}

    def get_versioned(self, record_id: int) -> tuple[Meeting, int]:
        """The whole meeting and its version, in one read (the version first, as the
        service reads them)."""
        with snapshot(self._con):
            found = self._con.execute("SELECT version FROM meetings WHERE id = ?",
                                      (record_id,)).fetchone()
            version = int(found[0] or 0) if found else 0
            return self._meeting(record_id), version

    def _meeting(self, record_id: int) -> Meeting:
        con = self._con
        r = con.execute("SELECT id, date, kind, convening_notice_id, summary_document_id, "
                        "summary, proposals_place, closing, closing_place FROM meetings "
                        "WHERE id = ?", (record_id,)).fetchone()
        if r is None:
            raise NotFound(f"This {self.noun} is no longer in the data file.")
        talks = con.execute(
            "SELECT speaker, organization_id, member_id, topic, contact_id, place, opening, "
            "lead_in FROM presentations WHERE meeting_id = ? ORDER BY meeting_id, position",
            (record_id,)).fetchall()
        org = _labels(con, "SELECT id, acronym, name FROM organizations WHERE id IN ({})",
                      {t[1] for t in talks}, lambda row: organization_label(row[1], row[2]))
        member = _labels(con, "SELECT id, name FROM members WHERE id IN ({})",
                         {t[2] for t in talks}, lambda row: row[1])
        contact = _labels(
            con, "SELECT contacts.id, contacts.name, coalesce((SELECT members.name FROM members "
            "WHERE members.id = contacts.member_id), (SELECT coalesce(organizations.acronym, "
            "organizations.name) FROM organizations WHERE organizations.id = "
            "contacts.organization_id)) FROM contacts WHERE contacts.id IN ({})",
            {t[4] for t in talks}, lambda row: ContactRef(row[1], row[2] or ""))
        spots = con.execute(
            "SELECT business, person, country, introduced_by, description, place FROM "
            "spotlights WHERE meeting_id = ? ORDER BY meeting_id, position",
            (record_id,)).fetchall()
        proposals = [p for (p,) in con.execute(
            "SELECT documents.symbol FROM proposal_meetings JOIN proposals ON proposals.id = "
            "proposal_meetings.proposal_id JOIN documents ON documents.id = "
            "proposals.document_id WHERE proposal_meetings.meeting_id = ?", (record_id,))]
        symbol = _labels(con, "SELECT id, symbol FROM documents WHERE id IN ({})",
                         {r[3], r[4]}, lambda row: row[1])
        return Meeting(
            date=date.fromisoformat(r[1]), kind=r[2], convening_notice=symbol.get(r[3]),
            summary_document=symbol.get(r[4]), summary=r[5],
            presentations=tuple(Presentation(
                speaker=t[0], organization=org.get(t[1]), topic=t[3], member=member.get(t[2]),
                contact=contact.get(t[4]), order=t[5], opening=t[6], lead_in=t[7])
                for t in talks),
            spotlights=tuple(Spotlight(business=s[0], person=s[1], country=s[2],
                                       introduced_by=s[3], description=s[4], order=s[5])
                             for s in spots),
            proposals=tuple(sorted(proposals)), proposals_order=r[6], closing=r[7],
            closing_order=r[8], id=r[0])

    def years(self) -> builtins.list[int]:
        """Years with meetings, newest first."""
        return years(self._con, "meetings", "date")


def _labels(con: sqlite3.Connection, sql: str, wanted: set[Any], label: Any) -> dict[int, Any]:
    ids = sorted(i for i in wanted if i is not None)
    if not ids:
        return {}
    return {row[0]: label(row) for row in con.execute(sql.format(", ".join("?" * len(ids))),
                                                      ids)}
