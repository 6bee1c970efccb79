"""The floors of the in-program figures on a server (issue 17): plain psycopg, no msmedesk.

- ``pgsql``: the filter and sort figures' queries written by hand (as ``worker.SqlRole``
  writes them for sqlite3), each a count and then the page with its values in one query.
  The filter reads the same search index the program does on a server: the trigram table
  ``search_text`` (``LIKE '%word%'``, pg_trgm's GIN index) for three characters or more,
  the words table's range for one or two.
- ``pgpaint``: a tab's first paint: the table's first rows (256, as QSqlTableModel fetches)
  read through psycopg into a QStandardItemModel in a QTableView. (Qt's own PostgreSQL
  driver is not part of PySide6's wheels on every system; psycopg is what msmedesk uses.)
"""

from __future__ import annotations

import time
from typing import Any

from worker import _OUTREACH_SORTS, PAGE, TABLES, _PaintRole, _prefixes

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
        cursor = self.con.execute(f"SELECT * FROM {TABLES[task['tab']]} LIMIT 256")
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
