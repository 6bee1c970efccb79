"""What a tab's first paint asks SQLite, and which of it grows with the file (issue 18, item 3).

Paints each tab as the benchmark's ``tab`` worker does (benchmarks/worker.py), logs every
statement SQLite runs meanwhile (the sqlite3 trace callback: the lists read through the
DB-API connection, past SQLAlchemy's events), then runs each one again alone: its time,
its rows, its SQLite virtual machine steps (a progress handler: the work done, which a
loaded machine does not blur) and its EXPLAIN QUERY PLAN. A statement reads a table
*whole* when its plan scans the table and nothing stops the scan at the page: no LIMIT,
a sort of every row before the LIMIT (``USE TEMP B-TREE FOR ORDER BY``), an index SQLite
builds for the statement (``AUTOMATIC``), or a scan inside a correlated subquery (once per
row). Run it on a copy of a file at two scales: a
statement whose steps grow with the file is a cost of the file, not of the work.

    python benchmarks/growth.py --db COPY.sqlite [--tabs proposals ...] [--json OUT.json]
    python benchmarks/growth.py --grown SMALL.json LARGE.json   # what grew between them
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

STEP = 100  # virtual machine instructions between two calls of the progress handler
RUNS = 5  # each statement is run this many times alone; its time is the median


@contextmanager
def _traced(log: list[str]) -> Iterator[None]:
    """Every sqlite3 connection opened meanwhile logs its statements into ``log``."""
    opened = sqlite3.connect

    def connect(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        con: sqlite3.Connection = opened(*args, **kwargs)
        con.set_trace_callback(log.append)
        return con

    sqlite3.connect = connect  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = opened


def _reads(log: list[str]) -> list[str]:
    """The statements of ``log`` that read records (not the opening's pragmas or schema)."""
    return [s for s in log if s.lstrip().upper().startswith(("SELECT", "WITH"))
            and "sqlite_master" not in s]


def first_paint_statements(db: Path, tabs: list[str], settle: float = 0.5
                           ) -> dict[str, list[str]]:
    """The record-reading statements of each tab's first paint on ``db`` (key ``tab``),
    and of what follows it (key ``tab + " after"``: the first record's details, the year
    list, the membership panel), read within ``settle`` seconds of the paint."""
    import worker
    from PySide6.QtWidgets import QVBoxLayout, QWidget

    log: list[str] = []
    found: dict[str, list[str]] = {}
    # (The engine connects at its first read, in the first paint: trace until the last.)
    with _traced(log):
        role = worker.TabRole(db)
        for tab in tabs:
            log.clear()
            role.paint({"tab": tab})
            found[tab] = _reads(log)
            # The benchmark's paint closes its tab at once; here it stays, as in the
            # window, for what it reads just after its first paint.
            log.clear()
            tab_widget = _tab(role, tab)
            host = QWidget()
            QVBoxLayout(host).addWidget(tab_widget)
            host.resize(*worker.WINDOW_SIZE)
            host.show()
            end = time.perf_counter() + settle
            while time.perf_counter() < end:
                role.app.processEvents()
            found[tab + " after"] = [s for s in _reads(log) if s not in found[tab]]
            host.close()
            host.deleteLater()
    return found


def _tab(role: Any, name: str) -> Any:
    """A record tab as the window builds it (as worker.TabRole.paint does), first row
    selected."""
    from msmedesk.ui.choices import ServiceChoices
    from msmedesk.ui.commands import UndoHistory
    from msmedesk.ui.kinds import ALL_KINDS
    from msmedesk.ui.membership import MembershipPanel
    from msmedesk.ui.prompts import Prompts
    from msmedesk.ui.record_tab import RecordTab

    kind = next(k for k in ALL_KINDS if k.name == name)
    services = role.services
    extra = MembershipPanel(services.members) if name == "members" else None
    tab = RecordTab(kind, getattr(services, name), UndoHistory(), Prompts(),
                    lambda: ServiceChoices(services), extra)
    if getattr(tab, "stale", False):
        tab.refresh()
    tab.ensure_selection()
    return tab


def whole_reads(con: sqlite3.Connection, sql: str) -> list[str]:
    """The tables ``sql`` reads whole (see the module's docstring), from its query plan."""
    tables = {name for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")}
    rows = list(con.execute("EXPLAIN QUERY PLAN " + sql))
    parent = {r[0]: r[1] for r in rows}
    detail = {r[0]: r[3] for r in rows}
    sorted_whole = any(d.startswith("USE TEMP B-TREE FOR") and "RIGHT PART" not in d
                       for d in detail.values())
    limited = " LIMIT " in f" {sql.upper()} "
    found = []
    for node, text in detail.items():
        words = text.split()
        if words[0] not in ("SCAN", "SEARCH") or words[1] not in tables:
            continue
        if words[0] == "SEARCH" and len(words) > 2 and "AUTOMATIC" not in words:
            continue  # along a key or index: the rows asked for (an automatic index is
            # built from the whole table, and a bare "SEARCH t" is one)
        up, correlated = parent[node], False
        while up:
            correlated |= detail.get(up, "").startswith("CORRELATED")
            up = parent.get(up, 0)
        if words[0] == "SEARCH" or correlated or not limited or sorted_whole:
            found.append(words[1])
    return found


def steps(con: sqlite3.Connection, sql: str) -> int:
    """The virtual machine instructions (to the nearest ``STEP``) ``sql`` takes, all rows."""
    count = 0

    def tick() -> int:
        nonlocal count
        count += 1
        return 0

    con.set_progress_handler(tick, STEP)
    try:
        con.execute(sql).fetchall()
    finally:
        con.set_progress_handler(None, STEP)
    return count * STEP


def measure(db: Path, statements: dict[str, list[str]]) -> dict[str, list[dict[str, Any]]]:
    """Each statement alone on ``db`` (read only): ms, rows, steps, plan, tables read whole."""
    con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    out: dict[str, list[dict[str, Any]]] = {}
    try:
        for tab, sqls in statements.items():
            out[tab] = []
            for sql in sqls:
                times = []
                for _ in range(RUNS):
                    t0 = time.perf_counter()
                    rows = len(con.execute(sql).fetchall())
                    times.append(time.perf_counter() - t0)
                out[tab].append({
                    "sql": " ".join(sql.split()), "ms": statistics.median(times) * 1000,
                    "rows": rows, "steps": steps(con, sql),
                    "plan": [r[3] for r in con.execute("EXPLAIN QUERY PLAN " + sql)],
                    "whole": whole_reads(con, sql)})
    finally:
        con.close()
    return out


def grown(small: dict[str, Any], large: dict[str, Any], at_least: float = 1.5
          ) -> list[tuple[str, str, int, int]]:
    """The statements whose steps grew ``at_least`` times from the ``small`` file's results
    to the ``large`` one's (--json outputs), as (tab, sql, steps, steps): a statement is
    paired with the one at its place in the same tab (their literal ids differ)."""
    out = []
    for tab, found in large["tabs"].items():
        for before, after in zip(small["tabs"].get(tab, []), found, strict=False):
            if after["steps"] > max(before["steps"], STEP) * at_least:
                out.append((tab, after["sql"], before["steps"], after["steps"]))
    return out


def main(argv: list[str] | None = None) -> int:
    """Print (and with --json keep) what each tab's first paint reads on a copy of a file."""
    import worker

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="a COPY of a data file")
    parser.add_argument("--tabs", nargs="*", default=[t for t in worker.TABLES])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--grown", nargs=2, type=Path, metavar=("SMALL.json", "LARGE.json"),
                        help="instead: the statements whose steps grew between two runs")
    args = parser.parse_args(argv)
    if args.grown:
        small, large = (json.loads(p.read_text("utf-8")) for p in args.grown)
        for tab, sql, before, after in grown(small, large):
            print(f"{tab}: {before:,} -> {after:,} steps  {sql[:100]}")
        return 0
    if args.db is None:
        parser.error("--db (a copy of a data file) or --grown")
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    results = measure(args.db, first_paint_statements(args.db, args.tabs))
    for tab, found in results.items():
        print(f"{tab}:")
        for s in found:
            whole = f"  READS WHOLE: {', '.join(s['whole'])}" if s["whole"] else ""
            print(f"  {s['ms']:8.2f} ms {s['steps']:>10,} steps {s['rows']:>5} rows  "
                  f"{s['sql'][:90]}{whole}")
    if args.json:
        args.json.write_text(json.dumps({"db": str(args.db), "tabs": results}, indent=1),
                             "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
