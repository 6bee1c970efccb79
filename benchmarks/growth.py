"""What a tab's first paint asks SQLite, and which of it grows with the file (issue 18, item 3).

Paints each tab as the benchmark's ``tab`` worker does (benchmarks/worker.py), logs every
statement SQLite runs meanwhile (the sqlite3 trace callback: the lists read through the
DB-API connection, past SQLAlchemy's events), then runs each one again alone: its time,
its rows, its SQLite virtual machine steps (a progress handler: the work done, which a
loaded machine does not blur) and its EXPLAIN QUERY PLAN. A statement reads a table
*whole* when its plan scans the table and nothing stops the scan at the page: no LIMIT,
a sort of every row before the LIMIT (``USE TEMP B-TREE FOR ORDER BY``), or a scan inside
a correlated subquery (once per row). Run it on a copy of a file at two scales: a
statement whose steps grow with the file is a cost of the file, not of the work.

    python benchmarks/growth.py --db COPY.sqlite [--tabs proposals ...] [--json OUT.json]
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
        con = opened(*args, **kwargs)
        con.set_trace_callback(log.append)
        return con

    sqlite3.connect = connect  # type: ignore[assignment]
    try:
        yield
    finally:
        sqlite3.connect = opened  # type: ignore[assignment]


def first_paint_statements(db: Path, tabs: list[str]) -> dict[str, list[str]]:
    """The record-reading statements each tab's first paint runs on ``db``, tab by tab."""
    import worker

    log: list[str] = []
    found: dict[str, list[str]] = {}
    # (The engine connects at its first read, in the first paint: trace until the last.)
    with _traced(log):
        role = worker.TabRole(db)
        for tab in tabs:
            log.clear()
            role.paint({"tab": tab})
            found[tab] = [s for s in log if s.lstrip().upper().startswith(("SELECT", "WITH"))
                          and "sqlite_master" not in s]
    return found


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
        if words[0] != "SCAN" or words[1] not in tables:
            continue
        up, correlated = parent[node], False
        while up:
            correlated |= detail.get(up, "").startswith("CORRELATED")
            up = parent.get(up, 0)
        if correlated or not limited or sorted_whole:
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


def main(argv: list[str] | None = None) -> int:
    """Print (and with --json keep) what each tab's first paint reads on a copy of a file."""
    import worker

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a COPY of a data file")
    parser.add_argument("--tabs", nargs="*", default=[t for t in worker.TABLES])
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
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
