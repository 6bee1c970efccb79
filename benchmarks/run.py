"""The benchmark runner (issue 6): each figure of msmedesk beside its floor.

Every figure is measured as pairs, msmedesk (A) then its floor (B), alternating
A B A B ... (``--pairs``, at least five; the in-program figures of a few milliseconds take
at least ``QUICK_PAIRS``), after one unrecorded warm-up of each. A figure
reports the median, min and max of each side and the median of the per-pair ratios A/B,
and passes when that ratio is within its target (and, for the filter, under 50 ms).

msmedesk and its floor never share a process: whole-program figures (start-up, peak
memory, import, export) start a new process per sample; in-program figures (tab first
paint, filter, sort, report) ask one long-lived worker process per side
(``benchmarks/worker.py``). Qt runs with ``QT_QPA_PLATFORM=offscreen``.

    /work/venv/bin/python benchmarks/generate.py        # once: benchmarks/data/big.{json,sqlite}
    /work/venv/bin/python benchmarks/run.py             # table on stdout, JSON in results/
    /work/venv/bin/python benchmarks/run.py --only filter sort --pairs 7 --json out.json
    /work/venv/bin/python benchmarks/run.py --server          # on PostgreSQL (issue 17)

``--server`` measures the same figures on a PostgreSQL server of the run's own
(``benchmarks/run_server.py``), each beside plain psycopg.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import first_figures

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
RESULTS = HERE / "results"
PYTHON = sys.executable
FILTER_TEXT = "digital"  # typed one keystroke at a time on the outreach tab
FIND_TEXT = "mexico"  # typed one keystroke at a time in Find anywhere
RARE_TEXT = "xylophone"  # the same, for a word in no record (only "x" matches any)
SORT_COLUMNS = ("date", "kind", "title")
QUICK_PAIRS = 25  # the least pairs of an in-program figure (tab paint, filter, sort)
PAINT_MARK = "BENCHMARK painted "  # printed by launch.py (msmedesk) and floors.py
RECORDS_MARK = "BENCHMARK records "  # the front tab's rows painted (msmedesk only)
MSMEDESK_ROLES = ("svc", "tab", "report", "report-floor")  # workers that import msmedesk


CODE: Path | None = None  # --code: an other copy of the msmedesk package to measure
# This run's own scratch folder: two runs at once must not remove each other's files.
SCRATCH = DATA / "scratch" / f"run-{os.getpid()}"


def _env(msmedesk: bool = True) -> dict[str, str]:
    """The environment of a measured process: offscreen Qt, settings kept apart."""
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    # The window's settings (tab in front, geometry) and per-user folders: the benchmark's
    # own, so that every run starts alike and a developer's own are left alone.
    home = DATA / "home"
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    # An installed program runs from compiled bytecode (pip compiles on install); a
    # development shell that sets PYTHONDONTWRITEBYTECODE would make every start compile
    # msmedesk from source, so measured processes may write and use __pycache__ (the
    # warm-up run writes it).
    for name in ("MSMEDESK_DB", "MSMEDESK_BACKUP_DIR", "PYTHONPATH", "PYTHONDONTWRITEBYTECODE"):
        env.pop(name, None)
    if msmedesk and CODE is not None:
        env["PYTHONPATH"] = str(CODE)
    return env


def _window() -> list[str]:
    """msmedesk's window started by benchmarks/launch.py: it reports its paints and closes."""
    return [PYTHON, str(HERE / "launch.py")]


def _msmedesk() -> list[str]:
    script = Path(PYTHON).with_name("msmedesk")
    return [str(script)] if script.exists() else [PYTHON, "-m", "msmedesk"]


# ---------------------------------------------------------------- measuring


@dataclass
class Side:
    """One side of a figure: its samples."""

    label: str
    samples: list[float] = field(default_factory=list)
    details: list[Any] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        s = self.samples
        return {"label": self.label, "samples": s, "median": statistics.median(s),
                "min": min(s), "max": max(s)}


@dataclass
class Figure:
    """A figure measured beside its floor."""

    key: str
    title: str
    unit: str  # "s", "ms" or "MB": how the table shows values (JSON keeps seconds / MB)
    target: float | None  # the largest median ratio A/B that passes (None: reported only)
    sample_a: Callable[[], tuple[float, Any]]
    sample_b: Callable[[], tuple[float, Any]]
    limit: float | None = None  # an absolute ceiling on A's median, in base units
    # Pairs at the least, whatever --pairs says: a figure of a few milliseconds moves 10 to
    # 30 % from sample to sample on this machine, and its pairs cost well under a second.
    min_pairs: int = 0
    a: Side = field(default_factory=lambda: Side("msmedesk"))
    b: Side = field(default_factory=lambda: Side("floor"))
    note: str = ""


class Worker:
    """A measuring process (benchmarks/worker.py) answering one task per line."""

    def __init__(self, role: str, *args: str):
        self.role = role
        # Qt's chatter (and any traceback) goes to a log beside the scratch files.
        self.log_path = SCRATCH / f"worker-{role}.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self.log = self.log_path.open("w", encoding="utf-8")
        self.proc = subprocess.Popen([PYTHON, str(HERE / "worker.py"), role, *args],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=self.log, text=True,
                                     env=_env(role in MSMEDESK_ROLES), cwd=HERE)
        ready = self._read()
        if not ready.get("ready"):
            raise RuntimeError(f"worker {role} did not start: {ready}")

    def _read(self) -> dict[str, Any]:
        assert self.proc.stdout is not None
        while True:
            line = self.proc.stdout.readline()
            if not line:
                self.log.flush()
                tail = self.log_path.read_text(encoding="utf-8", errors="replace")[-2000:]
                raise RuntimeError(f"worker {self.role} stopped (exit {self.proc.wait()}): "
                                   f"{tail}")
            line = line.strip()
            if line.startswith("{"):
                return json.loads(line)
            print(f"  [{self.role}] {line}", file=sys.stderr)

    def ask(self, **task: Any) -> tuple[float, Any]:
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps(task) + "\n")
        self.proc.stdin.flush()
        answer = self._read()
        if "error" in answer:
            raise RuntimeError(f"worker {self.role}: {answer['error']}")
        return float(answer["seconds"]), answer

    def close(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            try:
                self.proc.stdin.write('{"op": "quit"}\n')
                self.proc.stdin.flush()
                self.proc.wait(timeout=30)
            except (BrokenPipeError, subprocess.TimeoutExpired):
                self.proc.kill()
                self.proc.wait()
        self.log.close()


class Workers:
    """Workers started on first use, one per (role, args)."""

    def __init__(self) -> None:
        self._all: dict[tuple[str, ...], Worker] = {}

    def get(self, role: str, *args: str) -> Worker:
        key = (role, *args)
        if key not in self._all:
            self._all[key] = Worker(role, *args)
        return self._all[key]

    def close(self, role: str | None = None) -> None:
        for key in list(self._all):
            if role is None or key[0] == role:
                self._all.pop(key).close()


def _timed_run(cmd: list[str], cleanup: Callable[[], None] | None = None,
               msmedesk: bool = True) -> tuple[float, Any]:
    """Wall time of a whole process."""
    if cleanup:
        cleanup()
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_env(msmedesk))
    out, err = proc.communicate()
    seconds = time.perf_counter() - t0
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}): {err.decode()[-2000:]}")
    return seconds, {"stdout": out.decode()[-500:]}


def _painted_run(cmd: list[str], msmedesk: bool = True) -> tuple[float, Any]:
    """Process start to its first painted window (it prints the time), and its ru_maxrss.

    msmedesk paints its window, then opens the data file and paints the records of the
    front tab (a second mark), then exits: ru_maxrss is the window open on the file. A
    program without the second mark (the bare window; older code) has its records at
    its first paint.
    """
    t_wall = time.time()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env=_env(msmedesk))
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    out = proc.stdout.read().decode() if proc.stdout else ""
    err = proc.stderr.read().decode() if proc.stderr else ""
    marks = [line for line in out.splitlines() if line.startswith(PAINT_MARK)]
    if proc.returncode or not marks:
        raise RuntimeError(f"{' '.join(cmd)} did not report a first paint "
                           f"(exit {proc.returncode}): {(out + err)[-2000:]}")
    painted = float(marks[0][len(PAINT_MARK):].split()[0])
    records = [float(line[len(RECORDS_MARK):].split()[0]) for line in out.splitlines()
               if line.startswith(RECORDS_MARK)]
    return painted - t_wall, {"maxrss_mb": usage.ru_maxrss / 1024,
                              "records_s": (records[0] if records else painted) - t_wall}


# ---------------------------------------------------------------- the figures


def figures(args: argparse.Namespace, workers: Workers) -> list[Figure]:
    db, archive = str(args.db), str(args.archive)
    scratch = SCRATCH
    scratch.mkdir(parents=True, exist_ok=True)
    out: list[Figure] = []

    def unlink(*paths: Path) -> Callable[[], None]:
        def clean() -> None:
            for p in paths:
                for suffix in ("", "-wal", "-shm", ".part"):
                    Path(str(p) + suffix).unlink(missing_ok=True)
        return clean

    # -- start-up and peak memory: one set of runs gives both.
    if _has_window():
        startup_runs: dict[str, list[tuple[float, Any]]] = {"a": [], "b": []}

        def start_a() -> tuple[float, Any]:
            result = _painted_run([*_window(), "--db", db])
            startup_runs["a"].append(result)
            return result

        def start_b() -> tuple[float, Any]:
            result = _painted_run([PYTHON, str(HERE / "floors.py"), "bare-window"], False)
            startup_runs["b"].append(result)
            return result

        out.append(Figure("startup", "start-up to first paint (large file)", "s", 1.5,
                          start_a, start_b,
                          note="process start to the main window painted; floor: bare PySide6 "
                               "window with four empty table tabs"))
        out.append(Figure("records", "start-up to the records painted (large file)", "s", None,
                          _replay(startup_runs, "a", "records_s"),
                          _replay(startup_runs, "b", "records_s"),
                          note="process start to the front tab's rows painted, from the "
                               "start-up runs above; floor: the bare window's first paint"))
        out.append(Figure("memory", "peak memory, window open (large file)", "MB", 1.6,
                          _replay(startup_runs, "a", "maxrss_mb"),
                          _replay(startup_runs, "b", "maxrss_mb"),
                          note="ru_maxrss of the start-up runs above (each ends once its "
                               "records are painted); floor: the bare window"))

    # -- each tab's first paint.
    if _has_window():
        for tab in args.tabs:
            out.append(Figure(
                f"tab:{tab}", f"first paint of the {tab} tab", "ms", 2.0,
                lambda tab=tab: workers.get("tab", db).ask(op="paint", tab=tab),
                lambda tab=tab: workers.get("qsql", db).ask(op="paint", tab=tab),
                min_pairs=QUICK_PAIRS,
                note="floor: QSqlTableModel (default lazy fetch) in a QTableView, same table"))

    # -- filter and sort on the largest tab.
    out.append(Figure("filter", f'filter keystroke, outreach ("{FILTER_TEXT}")', "ms", 1.5,
                      lambda: workers.get("svc", db).ask(op="filter", text=FILTER_TEXT),
                      lambda: workers.get("sql", db).ask(op="filter", text=FILTER_TEXT),
                      limit=0.050, min_pairs=QUICK_PAIRS,
                      note="count + first page of 64 (newest first) per typed prefix; floor: the "
                           "same LIKE "
                           "queries through plain sqlite3"))
    out.append(Figure("filter:rare", f'filter keystroke, outreach ("{RARE_TEXT}", found nowhere)',
                      "ms", None,
                      lambda: workers.get("svc", db).ask(op="filter", text=RARE_TEXT),
                      lambda: workers.get("sql", db).ask(op="filter", text=RARE_TEXT),
                      min_pairs=QUICK_PAIRS,
                      note="the worst case of a search: every row read; floor as above (its "
                           "page read along the date index, as SQLite plans it)"))
    out.append(Figure("find", f'Find anywhere, first results ("{FIND_TEXT}" typed)', "ms",
                      None,
                      lambda: workers.get("svc", db).ask(op="find", text=FIND_TEXT),
                      lambda: workers.get("sql", db).ask(op="find", text=FIND_TEXT),
                      limit=0.100, min_pairs=QUICK_PAIRS,
                      note="Services.find per typed prefix: each type's count and first 20 "
                           "records, labelled; floor: the same index queries (count and first "
                           "20 ids of each type) through plain sqlite3"))
    for column in SORT_COLUMNS:
        out.append(Figure(f"sort:{column}", f"sort outreach by {column}", "ms", 2.0,
                          lambda c=column: workers.get("svc", db).ask(op="sort", column=c),
                          lambda c=column: workers.get("sql", db).ask(op="sort", column=c),
                          min_pairs=QUICK_PAIRS,
                          note="count + first page of 64, as a header click does; floor: the same "
                               "ORDER BY ... LIMIT through "
                               "plain sqlite3"))

    # -- import and export of the large archive.
    a_db, b_db = scratch / "import-a.sqlite", scratch / "import-b.sqlite"
    out.append(Figure("import", "import the large archive", "s", 3.0,
                      lambda: _timed_run([*_msmedesk(), "import", archive, "--db", str(a_db)],
                                         unlink(a_db)),
                      lambda: _timed_run([PYTHON, str(HERE / "floors.py"), "import", archive,
                                          str(b_db)], unlink(b_db), False),
                      note="msmedesk import into a new file; floor: json + sqlite3 executemany "
                           "in one transaction on a minimal schema"))
    a_json, b_json = scratch / "export-a.json", scratch / "export-b.json"
    out.append(Figure("export", "export the large file", "s", 3.0,
                      lambda: _timed_run([*_msmedesk(), "export", str(a_json), "--db", db],
                                         unlink(a_json)),
                      lambda: _timed_run([PYTHON, str(HERE / "floors.py"), "export", db,
                                          str(b_json)], unlink(b_json), False),
                      note="msmedesk export; floor: sqlite3 + json.dump of the same archive"))
    if args.outside:  # beside the outside checks' floor_io.py (issue 18), in its own module
        import io_outside

        out += io_outside.figures(args.outside, scratch, _msmedesk(), _timed_run, unlink, Figure)

    # -- the report of the busiest year.
    if _has_report():
        year = str(args.year)
        out.append(Figure("report", f"report {year}, time per page", "ms", 2.0,
                          lambda: workers.get("report", db, year).ask(op="report"),
                          lambda: workers.get("report-floor", db, year).ask(op="report"),
                          note="build from the data file + paint to PDF, per page; floor: the "
                               "same Qt painting fed from a report built beforehand"))
    out += first_figures.figures(sys.modules[__name__], args, workers)  # issue 18
    return [f for f in out if _selected(f.key, args.only)]


def _replay(runs: dict[str, list[tuple[float, Any]]], side: str, name: str
            ) -> Callable[[], tuple[float, Any]]:
    """A figure taken from the details of the start-up runs (the same runs, in order)."""
    index = {"n": 0}

    def sample() -> tuple[float, Any]:
        done = runs[side]
        i = index["n"]
        index["n"] += 1
        if i >= len(done):
            raise RuntimeError(f"{name} is taken from the start-up runs: measure both")
        value = done[i][1][name]
        return value, {name: value}

    return sample


def _selected(key: str, only: list[str] | None) -> bool:
    return not only or any(key == o or key.startswith(o + ":") for o in only)


def _package_dir() -> Path:
    if CODE is not None:
        return CODE / "msmedesk"
    import importlib.util

    spec = importlib.util.find_spec("msmedesk")
    assert spec is not None and spec.submodule_search_locations
    return Path(list(spec.submodule_search_locations)[0])


def _has_window() -> bool:
    return (_package_dir() / "app.py").exists()


def _has_report() -> bool:
    return all((_package_dir() / "report" / name).exists()
               for name in ("build.py", "pdf_render.py"))


# ---------------------------------------------------------------- running and reporting


def measure(fig: Figure, pairs: int, warmup: int) -> None:
    for _ in range(warmup):
        fig.sample_a()
        fig.sample_b()
    for _ in range(max(pairs, fig.min_pairs)):
        for side, sample in ((fig.a, fig.sample_a), (fig.b, fig.sample_b)):
            value, detail = sample()
            side.samples.append(value)
            side.details.append(detail)


def _ratios(fig: Figure) -> list[float]:
    return [a / b for a, b in zip(fig.a.samples, fig.b.samples, strict=True) if b > 0]


def result(fig: Figure) -> dict[str, Any]:
    ratios = _ratios(fig)
    ratio = statistics.median(ratios)
    a_median = statistics.median(fig.a.samples)
    passed = (fig.target is None or ratio <= fig.target) and (
        fig.limit is None or a_median < fig.limit)
    return {"key": fig.key, "title": fig.title, "unit": "MB" if fig.unit == "MB" else "s",
            "msmedesk": fig.a.summary(), "floor": fig.b.summary(),
            "pairs": len(ratios), "ratio_median": ratio,
            "ratio_of_medians": a_median / statistics.median(
                fig.b.samples), "ratios": ratios, "target": fig.target,
            "limit": fig.limit, "pass": passed, "note": fig.note,
            "details": {"msmedesk": fig.a.details, "floor": fig.b.details}}


def _show(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value * 1000:.1f}"
    if unit == "MB":
        return f"{value:.0f}"
    return f"{value:.2f}"


def table(results: list[dict[str, Any]], units: dict[str, str]) -> str:
    lines = ["| figure | unit | msmedesk median (min–max) | floor median (min–max) | "
             "ratio | target | |",
             "|---|---|---|---|---|---|---|"]
    for r in results:
        u = units[r["key"]]
        a, b = r["msmedesk"], r["floor"]
        target = ("—" if r["target"] is None else f"≤ {r['target']:g}") + (
            f", < {_show(r['limit'], u)} {u}" if r["limit"] is not None else "")
        verdict = "info" if r["target"] is None else "pass" if r["pass"] else "FAIL"
        lines.append(f"| {r['title']} | {u} | {_show(a['median'], u)} ({_show(a['min'], u)}–"
                     f"{_show(a['max'], u)}) | {_show(b['median'], u)} ({_show(b['min'], u)}–"
                     f"{_show(b['max'], u)}) | {r['ratio_median']:.2f} | {target} | "
                     f"{verdict} |")
    return "\n".join(lines)


def _machine() -> dict[str, Any]:
    info: dict[str, Any] = {"python": platform.python_version(), "platform": platform.platform(),
                            "cpus": os.cpu_count(), "loadavg": os.getloadavg(),
                            "qt_platform": "offscreen"}
    try:
        import PySide6
        import sqlalchemy

        info["pyside6"] = PySide6.__version__
        info["sqlalchemy"] = sqlalchemy.__version__
    except ImportError:
        pass
    try:
        info["git"] = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"],
                                     capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(HERE.parent), "status", "--porcelain", "--",
                                "msmedesk"], capture_output=True, text=True).stdout
        info["msmedesk_uncommitted_changes"] = bool(dirty.strip())
    except OSError:
        pass
    return info


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="msmedesk beside its floors (issue 6)")
    parser.add_argument("--db", type=Path, default=DATA / "big.sqlite")
    parser.add_argument("--archive", type=Path, default=DATA / "big.json")
    parser.add_argument("--year", type=int, default=None,
                        help="the report's year (default: the busiest year of the data file)")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1)
    parser.add_argument("--only", nargs="*", default=None,
                        help="figure keys: startup records memory tab filter find sort import "
                             "export report firstwrite; callgrind: instruction counts instead")
    parser.add_argument("--tabs", nargs="*", default=["meetings", "members", "proposals",
                                                       "outreach", "package", "organizations",
                                                       "documents"])
    parser.add_argument("--code", type=Path, default=None,
                        help="measure the msmedesk package in this folder (PYTHONPATH) instead "
                             "of the installed one, e.g. a copy from before a change")
    parser.add_argument("--json", type=Path, default=None,
                        help="where to write the results (default results/<timestamp>.json)")
    parser.add_argument("--label", default="", help="a note stored with the results")
    parser.add_argument("--outside", nargs="*", type=float, default=[], metavar="SCALE",
                        help="import and export also beside the outside floor_io.py on "
                             "gen_scale_archive.py's archive of each SCALE (io_outside.py)")
    parser.add_argument("--server", action="store_true",
                        help="measure on a PostgreSQL server the run starts (needs only its "
                             "binaries): tab, filter, sort, import and export beside psycopg")
    args = parser.parse_args(argv)
    global CODE
    if args.code is not None:
        CODE = args.code.resolve()
        if not (CODE / "msmedesk" / "__init__.py").exists():
            parser.error(f"{args.code} holds no msmedesk package")
    if args.pairs < 5:
        parser.error("--pairs must be at least 5")
    for path in (args.archive,) if args.server else (args.db, args.archive):
        if not path.exists():
            parser.error(f"{path} is missing: run benchmarks/generate.py first")
    if args.year is None and not args.server:
        args.year = _busiest_year(args.db)
    if args.only and {"memory", "records"} & set(args.only) and "startup" not in args.only:
        args.only.append("startup")  # both are read from the start-up runs

    workers = Workers()
    started = datetime.now()
    machine = _machine()
    results, units, skipped = [], {}, []
    cluster = None
    try:
        if args.server:
            from cluster import Cluster
            from run_server import prepare, server_figures

            cluster = Cluster()
            machine["server"] = prepare(cluster, str(args.archive))
            figs = [f for f in server_figures(args, workers, cluster)
                    if _selected(f.key.removeprefix("server:"), args.only)]
        else:
            figs = figures(args, workers)
        for name, present in (("window figures (start-up, tabs, memory)", _has_window()),
                              ("report figure", _has_report())):
            if not present:
                skipped.append(f"{name}: not measured (the code is not there yet)")
        if args.only and "callgrind" in args.only:
            machine["callgrind"] = first_figures.callgrind(sys.modules[__name__], args)
        for fig in figs:
            load = os.getloadavg()[0]
            t0 = time.perf_counter()
            measure(fig, args.pairs, args.warmup)
            res = result(fig)
            res["loadavg_before"] = load
            res["seconds_spent"] = time.perf_counter() - t0
            results.append(res)
            units[fig.key] = fig.unit
            print(f"{fig.key}: ratio {res['ratio_median']:.2f} "
                  f"({'pass' if res['pass'] else 'FAIL'}; load {load:.2f})", file=sys.stderr)
            if fig.key.removeprefix("server:") == f"tab:{args.tabs[-1]}":
                workers.close("tab")
                workers.close("qsql")
                workers.close("pgpaint")
    finally:
        workers.close()
        shutil.rmtree(SCRATCH, ignore_errors=True)
        if cluster is not None:
            cluster.stop()
    machine["loadavg_after"] = os.getloadavg()
    report = {"started": started.isoformat(timespec="seconds"), "label": args.label,
              "pairs": args.pairs, "warmup": args.warmup, "db": str(args.db),
              "archive": str(args.archive), "year": args.year, "machine": machine,
              "code": str(CODE) if CODE else "installed msmedesk",
              "skipped": skipped, "figures": results}
    out = args.json or RESULTS / f"{started.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"msmedesk benchmarks, {started:%Y-%m-%d %H:%M}, {args.pairs} pairs "
          f"(A B A B ...), load average {machine['loadavg'][0]:.2f} → "
          f"{machine['loadavg_after'][0]:.2f} on {machine['cpus']} CPUs, Qt offscreen\n")
    print(table(results, units))
    for line in skipped:
        print(f"\n- {line}")
    print(f"\nJSON: {out}")
    return 0 if all(r["pass"] for r in results) else 1


def _busiest_year(db: Path) -> int:
    import sqlite3

    con = sqlite3.connect(f"file:{db.as_posix()}?mode=ro", uri=True)
    try:
        row = con.execute(
            "SELECT y FROM (SELECT substr(date, 1, 4) AS y FROM meetings UNION ALL "
            "SELECT substr(date, 1, 4) FROM outreach_events) GROUP BY y "
            "ORDER BY count(*) DESC, y DESC LIMIT 1").fetchone()
    finally:
        con.close()
    return int(row[0]) if row else datetime.now().year


if __name__ == "__main__":
    raise SystemExit(main())
