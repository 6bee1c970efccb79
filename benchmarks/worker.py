"""A long-lived measuring process for the figures that run inside one program.

``benchmarks/run.py`` starts one worker per side (msmedesk or floor) and per job, so that
msmedesk and its floor never share a process (nor a SQLite library, nor a Qt state), and
asks it for one sample at a time, alternating the two sides::

    python benchmarks/worker.py ROLE DB          then one JSON task per line on stdin

Each answer is one JSON line: ``{"seconds": ...}`` plus details. Roles:

- ``svc``: msmedesk's services (``RecordService.count`` / ``list``), as the views use them.
- ``sql``: the same queries written by hand for plain ``sqlite3``.
- ``tab``: msmedesk's record tab of a record type, painted for the first time.
- ``qsql``: ``QSqlTableModel`` with its default lazy fetch in a ``QTableView``, same table.
- ``report``: the draft report of a year, built from the data file and painted to PDF.
- ``report-floor``: the same report built once beforehand, painted again from memory.

On a server (issue 17) ``DB`` is the database's address (``postgresql://...``): ``svc`` and
``tab`` open it as the program does; their floors are ``pgsql`` and ``pgpaint``
(``benchmarks/worker_pg.py``), plain psycopg.
"""

from __future__ import annotations

import inspect
import json
import os
import sqlite3
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

PAGE = 64  # rows of the first page a view asks for (ui.table_model.PAGE_SIZE; a test checks)
# A list counts its rows up to this bound on a keystroke or a click, and says "more than
# 1,000" above it (ui.table_model.COUNT_BOUND; a test checks). The floors count every row,
# as they did for the earlier figures (a floor whose LIKE scan stops at the bound reads
# "digital"'s first 1,001 matches in a fraction of what msmedesk's trigram index costs).
COUNT_BOUND = 1000

# Outreach (the largest tab): what its service searches, orders and shows.
_OUTREACH_SEARCH = ("title", "summary", "kind", "date")
_OUTREACH_SORTS = {"date": "e.date", "kind": "e.kind, e.date", "title": "e.title"}
_OUTREACH_PAGE = """
SELECT e.id, e.date, e.kind, e.title,
       coalesce((SELECT group_concat(coalesce(o.acronym, o.name), ', ')
                 FROM outreach_partners p JOIN organizations o ON o.id = p.organization_id
                 WHERE p.event_id = e.id), '')
FROM outreach_events e {where} ORDER BY {order} LIMIT {limit}
"""

# Find anywhere: the first results of each type (Services.find's default) and, for the
# floor, each type's table and the column its list is sorted by.
FIND_LIMIT = 20
_FIND_TYPES = {"meetings": ("meetings", "date"), "members": ("members", "sort_key"),
               "proposals": ("proposals", "id"), "outreach": ("outreach_events", "date"),
               "package": ("package_entries", "year"), "contacts": ("contacts", "name"),
               "organizations": ("organizations", "name"), "documents": ("documents", "symbol"),
               "annexes": ("annexes", "number")}
# The search index's number of each type (its place in the registry's tab order, as
# msmedesk/records/search_codes.py numbers them; this worker does not import msmedesk).
_KIND_NO = {"meetings": 1, "members": 2, "proposals": 3, "outreach": 4, "contacts": 5,
            "package": 6, "organizations": 7, "documents": 8, "annexes": 9}


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _prefixes(text: str) -> list[str]:
    return [text[:i] for i in range(1, len(text) + 1)]


class SqlRole:
    """The floor of the filter and sort figures: hand-written SQL through plain sqlite3."""

    def __init__(self, db: Path):
        self.con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)

    def _where(self, text: str) -> tuple[str, list[str]]:
        if not text.strip():
            return "", []
        clause = " OR ".join(f"e.{c} LIKE ? ESCAPE '\\'" for c in _OUTREACH_SEARCH)
        return f"WHERE ({clause})", [_like(text.strip())] * len(_OUTREACH_SEARCH)

    def filter(self, task: dict[str, Any]) -> dict[str, Any]:
        times = []
        for prefix in _prefixes(task["text"]):
            t0 = time.perf_counter()
            where, params = self._where(prefix)
            count = self.con.execute(f"SELECT count(*) FROM outreach_events e {where}",
                                     params).fetchone()[0]
            rows = self.con.execute(_OUTREACH_PAGE.format(
                where=where, order="e.date DESC, e.id DESC", limit=PAGE), params).fetchall()
            times.append(time.perf_counter() - t0)
        return {"seconds": sum(times) / len(times), "keystrokes": times, "count": count,
                "rows": len(rows)}

    def find(self, task: dict[str, Any]) -> dict[str, Any]:
        """Find anywhere's first results per typed prefix: for each type, its count and
        first ids through the search index (trigrams, or the words table for one or two
        characters), by hand."""
        times = []
        for prefix in _prefixes(task["text"]):
            folded = prefix.casefold()
            t0 = time.perf_counter()
            total = 0
            for kind, (table, order) in _FIND_TYPES.items():
                # A row's number tells its type and record (records/search_codes.py).
                first = _KIND_NO[kind] << 56
                last = first + (1 << 56) - 1
                if len(folded) >= 3:
                    sub = ("SELECT (rowid >> 16) & 1099511627775 FROM search_text WHERE "
                           "search_text MATCH ? AND rowid BETWEEN ? AND ?")
                    params: list[Any] = ['"' + folded + '"', first, last]
                else:
                    sub = ("SELECT (code >> 16) & 1099511627775 FROM search_words WHERE "
                           "word >= ? AND word < ? AND code BETWEEN ? AND ?")
                    params = [folded, folded[:-1] + chr(ord(folded[-1]) + 1), first, last]
                count = self.con.execute(f"SELECT count(*) FROM {table} WHERE id IN ({sub})",
                                         params).fetchone()[0]
                if count:
                    self.con.execute(f"SELECT id FROM {table} WHERE id IN ({sub}) "
                                     f"ORDER BY {order} LIMIT {FIND_LIMIT}", params).fetchall()
                total += count
            times.append(time.perf_counter() - t0)
        return {"seconds": sum(times) / len(times), "keystrokes": times, "count": total}

    def sort(self, task: dict[str, Any]) -> dict[str, Any]:
        desc = " DESC" if task.get("descending") else ""
        order = ", ".join(f"{part}{desc}" for part in _OUTREACH_SORTS[task["column"]].split(", "))
        t0 = time.perf_counter()
        count = self.con.execute("SELECT count(*) FROM outreach_events e").fetchone()[0]
        rows = self.con.execute(_OUTREACH_PAGE.format(where="", order=f"{order}, e.id{desc}",
                                                      limit=PAGE)).fetchall()
        return {"seconds": time.perf_counter() - t0, "rows": len(rows), "count": count}


def _opened(db: Path | str) -> Any:
    """An engine on the data file ``db``, or on the server database it names (a URL)."""
    if str(db).startswith("postgresql:"):
        from msmedesk.db.location import read_location
        from msmedesk.db.server import open_server

        return open_server(read_location(str(db)), readonly=True).engine
    from msmedesk.db.engine import open_data_file

    return open_data_file(Path(db), create=False, readonly=True)


class ServiceRole:
    """msmedesk's services on the data file (or server), as the window asks them for pages."""

    def __init__(self, db: Path | str):
        from msmedesk.records import ListQuery, Services

        self.ListQuery = ListQuery
        self.counted = "matches" in ListQuery.__dataclass_fields__
        self.services = Services(_opened(db))
        # As the window's list counts (older code, measured through --code, counts all).
        self.bound: dict[str, int] = (
            {"bound": COUNT_BOUND}
            if "bound" in inspect.signature(self.services.outreach.count).parameters else {})

    def filter(self, task: dict[str, Any]) -> dict[str, Any]:
        service = self.services.outreach
        times = []
        for prefix in _prefixes(task["text"]):
            t0 = time.perf_counter()
            # The outreach tab's own query: newest first, one page.
            query = self.ListQuery(text=prefix, sort="date", descending=True, limit=PAGE)
            count = service.count(query, **self.bound)
            # As the window's list asks: the page with the count just made (older code,
            # measured through --code, has no such field).
            rows = service.list(replace(query, matches=count) if self.counted else query)
            times.append(time.perf_counter() - t0)
        return {"seconds": sum(times) / len(times), "keystrokes": times, "count": count,
                "rows": len(rows)}

    def find(self, task: dict[str, Any]) -> dict[str, Any]:
        """Find anywhere's first results (``Services.find``) per typed prefix."""
        times = []
        for prefix in _prefixes(task["text"]):
            t0 = time.perf_counter()
            found = self.services.find(prefix, limit=FIND_LIMIT)
            times.append(time.perf_counter() - t0)
        return {"seconds": sum(times) / len(times), "keystrokes": times,
                "count": sum(g.total for g in found.groups)}

    def sort(self, task: dict[str, Any]) -> dict[str, Any]:
        # What the table model does on a header click: count again, then the first page.
        query = self.ListQuery(sort=task["column"], descending=bool(task.get("descending")),
                               limit=PAGE)
        t0 = time.perf_counter()
        count = self.services.outreach.count(query, **self.bound)
        rows = self.services.outreach.list(query)
        return {"seconds": time.perf_counter() - t0, "rows": len(rows), "count": count}


# ---------------------------------------------------------------- first paint of a tab

# The record types of the window's tabs and their tables (for QSqlTableModel).
TABLES = {"meetings": "meetings", "members": "members", "proposals": "proposals",
          "outreach": "outreach_events", "package": "package_entries",
          "organizations": "organizations", "documents": "documents"}
WINDOW_SIZE = (1200, 800)


class _PaintRole:
    """Shared harness: build a widget in a top-level window, show it, time its first paint."""

    def __init__(self) -> None:
        from PySide6.QtWidgets import QApplication, QTableView

        self.app = QApplication.instance() or QApplication(sys.argv[:1])
        # Warm Qt up once (style, fonts, first window) so that no sample pays for it.
        self._paint_once(QTableView, QTableView())

    def _paint_once(self, view_of: Any, widget: Any) -> float:
        """Seconds from now (the widget just built) to its table's first finished paint."""
        from PySide6.QtCore import QEvent, QObject
        from PySide6.QtWidgets import QTableView, QVBoxLayout, QWidget

        host = QWidget()
        host.resize(*WINDOW_SIZE)
        QVBoxLayout(host).addWidget(widget)
        view = widget if isinstance(widget, QTableView) else view_of(widget)
        seen = {"paint": False}

        class Spy(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    seen["paint"] = True
                return False

        spy = Spy()
        view.viewport().installEventFilter(spy)
        host.show()
        while not seen["paint"]:
            self.app.processEvents()
        t1 = time.perf_counter()
        view.viewport().removeEventFilter(spy)
        host.close()
        host.deleteLater()
        # Without a running event loop processEvents() leaves deferred deletes alone: send
        # them, or every sample's widgets would stay alive for the later samples to walk.
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        self.app.processEvents()
        return t1


class TabRole(_PaintRole):
    """msmedesk's record tab over its service, as the main window builds it."""

    def __init__(self, db: Path | str):
        from msmedesk.records import Services

        self.services = Services(_opened(db))
        super().__init__()

    def paint(self, task: dict[str, Any]) -> dict[str, Any]:
        from msmedesk.ui.choices import ServiceChoices
        from msmedesk.ui.commands import UndoHistory
        from msmedesk.ui.kinds import ALL_KINDS
        from msmedesk.ui.membership import MembershipPanel
        from msmedesk.ui.prompts import Prompts
        from msmedesk.ui.record_tab import RecordTab

        kind = next(k for k in ALL_KINDS if k.name == task["tab"])
        services = self.services
        t0 = time.perf_counter()
        extra = MembershipPanel(services.members) if kind.name == "members" else None
        tab = RecordTab(kind, getattr(services, kind.name), UndoHistory(), Prompts(),
                        lambda: ServiceChoices(services), extra)
        # What the window does when a tab comes to the front: read it if it has not been
        # read (a tab reads nothing until first shown), then select its first row.
        if getattr(tab, "stale", False):
            tab.refresh()
        tab.ensure_selection()
        t1 = self._paint_once(lambda w: w.table, tab)
        return {"seconds": t1 - t0, "rows": tab.model.rowCount()}


class QSqlRole(_PaintRole):
    """The floor: QSqlTableModel with its default lazy fetch in a plain QTableView."""

    def __init__(self, db: Path):
        super().__init__()
        from PySide6.QtSql import QSqlDatabase

        self.db = QSqlDatabase.addDatabase("QSQLITE")
        self.db.setDatabaseName(str(db))
        self.db.setConnectOptions("QSQLITE_OPEN_READONLY")
        if not self.db.open():
            raise RuntimeError(self.db.lastError().text())

    def paint(self, task: dict[str, Any]) -> dict[str, Any]:
        from PySide6.QtSql import QSqlTableModel
        from PySide6.QtWidgets import QTableView

        t0 = time.perf_counter()
        model = QSqlTableModel(None, self.db)
        model.setTable(TABLES[task["tab"]])
        model.select()
        view = QTableView()
        view.setModel(model)
        t1 = self._paint_once(None, view)
        return {"seconds": t1 - t0, "rows": model.rowCount()}


# ---------------------------------------------------------------- the report


class ReportRole:
    """The draft report of a year: built from the data file, then painted to a PDF."""

    def __init__(self, db: Path, year: str):
        from PySide6.QtGui import QGuiApplication

        from msmedesk.db.engine import open_data_file
        from msmedesk.records import Services

        self.services = Services(open_data_file(db, create=False, readonly=True))
        self.year = int(year)
        self.app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
        self.out = Path(os.environ.get("TMPDIR", "/tmp")) / f"msmedesk-bench-{os.getpid()}.pdf"

    def _report(self) -> Any:
        from msmedesk.report.build import build_report

        return build_report(self.services, self.year)

    def report(self, task: dict[str, Any]) -> dict[str, Any]:
        from msmedesk.report.pdf_render import render_pdf

        t0 = time.perf_counter()
        pages = render_pdf(self._report(), self.out)
        seconds = time.perf_counter() - t0
        self.out.unlink(missing_ok=True)
        return {"seconds": seconds / pages, "pages": pages, "total": seconds}


class ReportFloorRole(ReportRole):
    """The floor: the same painting, fed a report built once beforehand (from memory)."""

    def __init__(self, db: Path, year: str):
        super().__init__(db, year)
        self.built = self._report()

    def report(self, task: dict[str, Any]) -> dict[str, Any]:
        from msmedesk.report.pdf_render import render_pdf

        t0 = time.perf_counter()
        pages = render_pdf(self.built, self.out)
        seconds = time.perf_counter() - t0
        self.out.unlink(missing_ok=True)
        return {"seconds": seconds / pages, "pages": pages, "total": seconds}


ROLES = {"sql": SqlRole, "svc": ServiceRole, "tab": TabRole, "qsql": QSqlRole,
         "report": ReportRole, "report-floor": ReportFloorRole}


def main(argv: list[str]) -> int:
    # (A server's address stays text: Path would fold its "//".)
    role_name, db = argv[0], argv[1] if argv[1].startswith("postgresql:") else Path(argv[1])
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if role_name in ("pgsql", "pgpaint"):
        import worker_pg

        ROLES.update(worker_pg.ROLES)
    role = ROLES[role_name](db, *argv[2:])
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        task = json.loads(line)
        if task.get("op") == "quit":
            break
        try:
            answer = getattr(role, task["op"])(task)
        except Exception as exc:  # reported to the runner, which stops on it
            answer = {"error": f"{type(exc).__name__}: {exc}"}
        print(json.dumps(answer), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
