"""The floors of the in-program figures on a server (issue 17): plain psycopg, no msmedesk.

- ``pgsql``: the filter and sort figures' queries written by hand (as ``worker.SqlRole``
  writes them for sqlite3), each a count and then the page with its values in one query.
  The filter reads the same search index the program does on a server: the trigram table
  ``search_text`` (``LIKE '%word%'``, pg_trgm's GIN index) for three characters or more,
  the words table's range for one or two.
- ``pgpaint``: a tab's first paint: the rows the tab shows (256, as QSqlTableModel fetches),
  in the list's first order, with the columns the list shows (a proposal's symbol and
  proponents, a package entry's Members ...), one SELECT written by hand (``TAB_PAGES``)
  read through psycopg into a QStandardItemModel in a QTableView. (Qt's own PostgreSQL
  driver is not part of PySide6's wheels on every system; psycopg is what msmedesk uses.)
  Until issue 18 it read ``SELECT * FROM table LIMIT 256``: other columns, in no order, no
  join nor sort, which is not what a user sees.
"""

from __future__ import annotations

import time
from typing import Any

from worker import _OUTREACH_SORTS, PAGE, _PaintRole, _prefixes

# The search index's numbers (msmedesk/records/search_codes.py; this worker does not
# import msmedesk): the type in the top byte, the record in the 40 bits above the field.
_OUTREACH_NO = 4
_RECORD = "(code >> 16) & 1099511627775"
_FIRST = _OUTREACH_NO << 56
_LAST = _FIRST + (1 << 56) - 1
# Outreach's page with the values its list shows, partners named as the list names them.
_PAGE = """
SELECT e.id, e.date, e.kind, e.title,
       coalesce((SELECT string_agg(coalesce(o.acronym, o.name), ', ' ORDER BY p.position)
                 FROM outreach_partners p JOIN organizations o ON o.id = p.organization_id
                 WHERE p.event_id = e.id), '')
FROM outreach_events e {where} ORDER BY {order} LIMIT {limit}
"""


# Each tab's first rows as its list shows them (``records/<type>.py``'s list columns and
# first sort), written by hand: names a row shows looked up by key.
_PARTNERS = """coalesce((SELECT string_agg(coalesce(o.acronym, o.name), ', ')
  FROM {links} l JOIN organizations o ON o.id = l.organization_id
  WHERE l.{key} = {row}.id), '')"""
_MEMBERS = """coalesce((SELECT string_agg(m.name, ', ')
  FROM {links} l JOIN members m ON m.id = l.member_id WHERE l.{key} = {row}.id), '')"""
TAB_PAGES = {
    "meetings": """SELECT e.id, e.date, e.kind, c.symbol, r.symbol, substr(e.summary, 1, 200)
        FROM meetings e LEFT JOIN documents c ON c.id = e.convening_notice_id
        LEFT JOIN documents r ON r.id = e.summary_document_id
        ORDER BY e.date DESC, e.id DESC LIMIT 256""",
    "members": """SELECT id, name, coalesce(nullif(list_name, ''), name), counts_as, joined,
        left_date FROM members
        ORDER BY sort_key, id LIMIT 256""",
    "proposals": f"""SELECT p.id, d.symbol, p.title,
        trim({_MEMBERS.format(links="proposal_proponents", key="proposal_id", row="p")}
             || ' ' || {_PARTNERS.format(links="proposal_proponents", key="proposal_id",
                                         row="p")}), p.submitted, p.status
        FROM proposals p JOIN documents d ON d.id = p.document_id
        ORDER BY d.sort_key, p.id LIMIT 256""",
    "outreach": f"""SELECT e.id, e.date, e.kind, e.title,
        {_PARTNERS.format(links="outreach_partners", key="event_id", row="e")}
        FROM outreach_events e ORDER BY e.date DESC, e.id DESC LIMIT 256""",
    "package": f"""SELECT e.id, e.year, e.annex,
        {_MEMBERS.format(links="package_entry_members", key="entry_id", row="e")}, e.summary
        FROM package_entries e ORDER BY e.year DESC, e.annex DESC, e.id DESC LIMIT 256""",
    "organizations": """SELECT id, acronym, name, network_member_since FROM organizations
        ORDER BY name, id LIMIT 256""",
    "documents": """SELECT id, symbol, title, date, kind FROM documents
        ORDER BY sort_key, id LIMIT 256""",
}


def _conninfo(url: str) -> str:
    """psycopg's connection text of the address the program was given."""
    from urllib.parse import parse_qs, urlsplit

    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    fields = {"user": parts.username or "", "dbname": parts.path.lstrip("/"),
              "host": query.get("host", parts.hostname or ""), "port": query.get("port", "")}
    return " ".join(f"{k}={v}" for k, v in fields.items() if v)


def _connect(url: str) -> Any:
    import psycopg

    return psycopg.connect(_conninfo(url), autocommit=True)


class PgSqlRole:
    """The floor of the filter and sort figures on a server."""

    def __init__(self, db: str):
        self.con = _connect(db)

    def _where(self, text: str) -> tuple[str, list[Any]]:
        folded = text.strip().casefold()
        if not folded:
            return "", []
        if len(folded) >= 3:
            escaped = folded.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            sub = (f"SELECT {_RECORD} FROM search_text WHERE code BETWEEN {_FIRST} AND "
                   f"{_LAST} AND text LIKE %s")
            return f"WHERE e.id IN ({sub})", [f"%{escaped}%"]
        sub = (f"SELECT {_RECORD} FROM search_words WHERE word >= %s AND word < %s AND "
               f"code BETWEEN {_FIRST} AND {_LAST}")
        return f"WHERE e.id IN ({sub})", [folded, folded[:-1] + chr(ord(folded[-1]) + 1)]

    def filter(self, task: dict[str, Any]) -> dict[str, Any]:
        times = []
        for prefix in _prefixes(task["text"]):
            t0 = time.perf_counter()
            where, params = self._where(prefix)
            count = self.con.execute(f"SELECT count(*) FROM outreach_events e {where}",
                                     params).fetchone()[0]
            rows = self.con.execute(_PAGE.format(where=where, order="e.date DESC, e.id DESC",
                                                 limit=PAGE), params).fetchall()
            times.append(time.perf_counter() - t0)
        return {"seconds": sum(times) / len(times), "keystrokes": times, "count": count,
                "rows": len(rows)}

    def sort(self, task: dict[str, Any]) -> dict[str, Any]:
        desc = " DESC" if task.get("descending") else ""
        order = ", ".join(f"{part}{desc}" for part in _OUTREACH_SORTS[task["column"]].split(", "))
        t0 = time.perf_counter()
        count = self.con.execute("SELECT count(*) FROM outreach_events e").fetchone()[0]
        rows = self.con.execute(_PAGE.format(where="", order=f"{order}, e.id{desc}",
                                             limit=PAGE)).fetchall()
        return {"seconds": time.perf_counter() - t0, "rows": len(rows), "count": count}


class PgPaintRole(_PaintRole):
    """The floor of a tab's first paint on a server: psycopg rows in a plain QTableView."""

    def __init__(self, db: str):
        super().__init__()
        self.con = _connect(db)

    def paint(self, task: dict[str, Any]) -> dict[str, Any]:
        from PySide6.QtGui import QStandardItem, QStandardItemModel
        from PySide6.QtWidgets import QTableView

        t0 = time.perf_counter()
        cursor = self.con.execute(TAB_PAGES[task["tab"]])
        names = [c.name for c in cursor.description or ()]
        model = QStandardItemModel(0, len(names))
        model.setHorizontalHeaderLabels(names)
        for row in cursor:
            model.appendRow([QStandardItem("" if v is None else str(v)) for v in row])
        view = QTableView()
        view.setModel(model)
        t1 = self._paint_once(None, view)
        return {"seconds": t1 - t0, "rows": model.rowCount()}


ROLES: dict[str, Any] = {"pgsql": PgSqlRole, "pgpaint": PgPaintRole}
