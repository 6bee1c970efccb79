"""Issue 18's start-up figures: records painted beside a bare viewer, the first write after
start-up, and instruction counts (callgrind) of start-up and of one tab's paint.

``run.py`` adds ``figures(...)`` to its own; the programs measured are started from here::

    python benchmarks/first_figures.py first-write DB      msmedesk: start, then the first save
    python benchmarks/first_figures.py write-floor DB      sqlite3: connect, then one UPDATE
    python benchmarks/first_figures.py tab-paint DB TAB    msmedesk's tab painted (callgrind)
    python benchmarks/first_figures.py qsql-paint DB TAB   QSqlTableModel's (callgrind)

Instruction counts do not move with the machine's load: callgrind runs each program once
(valgrind is 50-100x slower, so not in pairs), with ``--dump-before=getppid``: the programs
call ``os.getppid()`` at their marks (records painted; before and after a tab's paint), so
the first dump counts start-up to the mark, and for a tab the second counts the paint alone.
"""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
FIRST_TABLE = "meetings"  # the table of msmedesk's first tab (the front tab of a new user)


def figures(run: Any, args: Any, workers: Any) -> list[Any]:
    """The figures of issue 18's items 1 and 4 (``run`` is benchmarks/run.py's module)."""
    db = str(args.db)
    out = []
    if run._has_window():
        viewer = [run.PYTHON, str(HERE / "floors.py"), "bare-viewer", db, FIRST_TABLE]
        out.append(run.Figure(
            "records:viewer", "start-up to the first tab's records painted, beside a bare "
            "viewer (large file)", "s", 1.5,
            lambda: _records(run._painted_run([*run._window(), "--db", db])),
            lambda: _records(run._painted_run(viewer, False)),
            note="process start to the first tab's first page painted; floor: a bare PySide6 "
                 "window whose one tab is a QTableView over a QSqlTableModel on the same table "
                 "(the DB Browser path), its own process; detail: its ru_maxrss"))
    scratch = run.SCRATCH / "first-write.sqlite"
    out.append(run.Figure(
        "firstwrite", "first save after start-up (large file)", "ms", None,
        lambda: _ask(run, [run.PYTHON, str(HERE / "first_figures.py"), "first-write",
                           _copy(args.db, scratch)]),
        lambda: _ask(run, [run.PYTHON, str(HERE / "first_figures.py"), "write-floor",
                           _copy(args.db, scratch)], msmedesk=False),
        limit=0.150,
        note="msmedesk opened as the window opens it and its first tab read, then the first "
             "meeting's summary changed through the services as the form saves (undo stack, "
             "version check), whatever loads then included; floor: sqlite3 connect + one "
             "UPDATE of that row, committed (WAL, synchronous FULL)"))
    return out


def _records(sample: tuple[float, Any]) -> tuple[float, Any]:
    detail = sample[1]
    return detail["records_s"], detail


def _copy(db: Path, scratch: Path) -> str:
    # A save changes the file: every sample writes to the run's own copy (made once).
    if not scratch.exists():
        scratch.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(db, scratch)
    return str(scratch)


def _ask(run: Any, cmd: list[str], msmedesk: bool = True) -> tuple[float, Any]:
    """Run a program that prints ``SECONDS <s>`` and return that figure."""
    proc = subprocess.run(cmd, capture_output=True, text=True, env=run._env(msmedesk))
    lines = [line for line in proc.stdout.splitlines() if line.startswith("SECONDS ")]
    if proc.returncode or not lines:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): "
                           f"{(proc.stdout + proc.stderr)[-2000:]}")
    return float(lines[0].split()[1]), {"stdout": proc.stdout[-300:]}


# ---------------------------------------------------------------- the programs


def first_write(db: str) -> float:
    """Open ``db`` as the window does, read its first tab as the window does, then time the
    first save of an edit of its first record, as the form saves it (undo stack)."""
    import PySide6  # noqa: F401  (as app.py: then what the window imports, plain_import)

    from msmedesk.plain_import import plain_import

    with plain_import():
        return _first_write(db)


def _first_write(db: str) -> float:
    from dataclasses import replace

    from msmedesk import cli

    cli._parser()  # (the program's own imports, as launch.py)
    from PySide6.QtCore import QCoreApplication

    from msmedesk.app import connect
    from msmedesk.domain import ListQuery

    from msmedesk.ui.commands import EditCommand, UndoHistory
    from msmedesk.ui.kinds import MAIN_KINDS

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    # Backups (on close, after a change) go beside the run's copy and go with it.
    folder = Path(db).parent / "first-write-backups"
    backend = connect(Path(db), backup_folder=folder)
    try:
        kind = MAIN_KINDS[0]
        service = getattr(backend.services, kind.name)
        query = ListQuery(sort=service.default_sort, descending=kind.newest_first)
        service.count(query)
        first = service.list(query)[0].id
        record, version = service.get_versioned(first)
        backend.services.history.of(kind.name, first)
        # A person saves seconds after the records appear: by then the window has loaded
        # what a write needs in the background (``Backend.warm_up``, started when the
        # records are painted), which is waited for here, not timed.
        if hasattr(backend, "warm_up"):  # (code from before it: ``--code``)
            backend.warm_up()
            while not backend.warmed():
                time.sleep(0.005)
        history = UndoHistory()
        edited = replace(record, summary=f"{record.summary.split(' [bench')[0]} "
                                         f"[bench {time.time():.0f}]")
        t0 = time.perf_counter()
        history.run(EditCommand(service, kind, record, edited, version))
        seconds = time.perf_counter() - t0
        if not history.undo():  # (not timed) the save undone, as Edit > Undo does
            raise RuntimeError("the first save could not be undone")
    finally:
        backend.close()
        shutil.rmtree(folder, ignore_errors=True)
    del app
    return seconds


def write_floor(db: str) -> float:
    """sqlite3: connect (WAL, synchronous FULL), then one UPDATE of the first meeting."""
    import sqlite3

    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("PRAGMA synchronous = FULL")
    first = con.execute("SELECT id, summary FROM meetings ORDER BY date DESC, id DESC "
                        "LIMIT 1").fetchone()
    t0 = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    con.execute("UPDATE meetings SET summary = ? WHERE id = ?", (first[1], first[0]))
    con.execute("COMMIT")
    seconds = time.perf_counter() - t0
    con.close()
    return seconds


def _paint(role: Any, tab: str) -> dict[str, Any]:
    os.getppid()  # callgrind's mark: the paint starts
    done = role.paint({"tab": tab})
    os.getppid()  # and ends
    return done


def tab_paint(db: str, tab: str, floor: bool) -> dict[str, Any]:
    """One tab's first paint in a warmed process (worker.py's roles), between two marks."""
    sys.path.insert(0, str(HERE))
    import worker

    role = worker.QSqlRole(Path(db)) if floor else worker.TabRole(db)
    return _paint(role, tab)


# ---------------------------------------------------------------- instruction counts


def callgrind(run: Any, args: Any) -> list[dict[str, Any]]:
    """Instructions of start-up to records painted and of one tab's paint, msmedesk and its
    floor, each program once under callgrind (offscreen Qt)."""
    db = str(args.db)
    tab = args.tabs[0] if args.tabs else FIRST_TABLE
    me = [run.PYTHON, str(HERE / "first_figures.py")]
    jobs: list[tuple[str, str, list[str], bool, int]] = [
        ("startup", "msmedesk", [*run._window(), "--db", db], True, 0),
        ("startup", "bare viewer", [run.PYTHON, str(HERE / "floors.py"), "bare-viewer", db,
                                    FIRST_TABLE], False, 0),
        (f"tab:{tab}", "msmedesk", [*me, "tab-paint", db, tab], True, 1),
        (f"tab:{tab}", "QSqlTableModel", [*me, "qsql-paint", db, tab], False, 1),
    ]
    out = []
    for key, side, cmd, msmedesk, part in jobs:
        count = _instructions(run, cmd, msmedesk, part)
        print(f"callgrind {key} {side}: {count:,} instructions", file=sys.stderr)
        out.append({"key": key, "side": side, "instructions": count})
    return out


def _instructions(run: Any, cmd: list[str], msmedesk: bool, part: int) -> int:
    """Instructions in dump ``part`` (0: start to the first mark; 1: first to second)."""
    folder = run.SCRATCH / f"callgrind-{time.monotonic_ns()}"
    folder.mkdir(parents=True, exist_ok=True)
    out = folder / "callgrind.out"
    proc = subprocess.run(["valgrind", "--tool=callgrind", "--dump-before=getppid",
                           f"--callgrind-out-file={out}", *cmd],
                          capture_output=True, text=True, env=run._env(msmedesk))
    if proc.returncode:
        raise RuntimeError(f"callgrind of {' '.join(cmd)} failed: {proc.stderr[-2000:]}")
    dumps = sorted(glob.glob(f"{out}.*"), key=lambda p: int(p.rsplit(".", 1)[1]))
    if len(dumps) <= part:
        raise RuntimeError(f"{' '.join(cmd)} made {len(dumps)} marks, not {part + 1}")
    count = _total(Path(dumps[part]))
    shutil.rmtree(folder, ignore_errors=True)
    return count


def _total(dump: Path) -> int:
    for line in dump.read_text(errors="replace").splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise RuntimeError(f"{dump} has no total")


def main(argv: list[str]) -> int:
    """The programs the figures run (see the module's docstring)."""
    programs: dict[str, Callable[..., Any]] = {
        "first-write": first_write, "write-floor": write_floor,
        "tab-paint": lambda db, tab: tab_paint(db, tab, False),
        "qsql-paint": lambda db, tab: tab_paint(db, tab, True)}
    if not argv or argv[0] not in programs:
        print(__doc__, file=sys.stderr)
        return 2
    result = programs[argv[0]](*argv[1:])
    if isinstance(result, float):
        print(f"SECONDS {result:.6f}", flush=True)
    else:
        print(result, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
