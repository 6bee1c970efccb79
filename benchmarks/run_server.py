"""The server figures (issue 17): ``benchmarks/run.py --server``.

The runner starts a throwaway PostgreSQL cluster of its own (``benchmarks/cluster.py``),
makes the msmedesk schema once in an empty database (``msmedesk setup-server``, kept as the
template every import starts from), imports the large archive into it with ``msmedesk
import --db URL`` (the time is kept in the results), then measures the same figures as on
a file, each beside the same job done through plain psycopg:

- ``server:tab:NAME``: a tab's first paint (``worker.py tab`` on the server; floor
  ``worker_pg.py pgpaint``: the rows the tab shows, by hand);
- ``server:filter``, ``server:filter:rare``, ``server:sort:COLUMN``: the outreach tab's
  count and first page per keystroke or header click (``worker.py svc``; floor ``pgsql``);
- ``server:import``: ``msmedesk import`` into a new, set-up database (floor: json and
  psycopg's executemany into an empty one, minimal schema, one transaction);
- ``server:export``: ``msmedesk export --db URL`` (floor: psycopg and json.dump).

The targets are those of the same figures on a file. The cluster is stopped and removed at
the end.
"""

from __future__ import annotations

import argparse
import subprocess
import time
from collections.abc import Callable
from typing import Any

from cluster import Cluster
from run import (
    FILTER_TEXT,
    HERE,
    PYTHON,
    QUICK_PAIRS,
    RARE_TEXT,
    SCRATCH,
    SORT_COLUMNS,
    Figure,
    Workers,
    _env,
    _msmedesk,
    _timed_run,
)

TEMPLATE = "bench_empty"  # the msmedesk schema, no records: what every import starts from
BIG = "bench_big"  # the large archive, imported once: what the in-program figures read


def prepare(cluster: Cluster, archive: str) -> dict[str, Any]:
    """The template and the large database; how long each took (msmedesk's own commands)."""
    cluster.fresh(TEMPLATE)
    spent = {}
    for key, command in (("setup_server_s", ["setup-server", cluster.url(TEMPLATE)]),
                         ("import_big_s", ["import", archive, "--db", cluster.url(BIG)])):
        if key == "import_big_s":
            cluster.fresh(BIG, TEMPLATE)
        t0 = time.perf_counter()
        done = subprocess.run([*_msmedesk(), *command], capture_output=True, text=True,
                              env=_env())
        if done.returncode:
            raise RuntimeError(f"msmedesk {command[0]} failed: {done.stderr[-2000:]}")
        spent[key] = time.perf_counter() - t0
    return spent


def server_figures(args: argparse.Namespace, workers: Workers, cluster: Cluster
                   ) -> list[Figure]:
    """The figures of a server, each beside its psycopg floor."""
    url, archive = cluster.url(BIG), str(args.archive)
    SCRATCH.mkdir(parents=True, exist_ok=True)
    out: list[Figure] = []
    for tab in args.tabs:
        out.append(Figure(
            f"server:tab:{tab}", f"server: first paint of the {tab} tab", "ms", 2.0,
            lambda tab=tab: workers.get("tab", url).ask(op="paint", tab=tab),
            lambda tab=tab: workers.get("pgpaint", url).ask(op="paint", tab=tab),
            min_pairs=QUICK_PAIRS,
            note="floor: the tab's first 256 rows as its list shows them (its columns, its "
                 "first order; worker_pg.TAB_PAGES) by hand through psycopg in a "
                 "QStandardItemModel and a QTableView"))
    for key, text, target, limit, what in (
            ("server:filter", FILTER_TEXT, 1.5, 0.050, ""),
            ("server:filter:rare", RARE_TEXT, None, None, ", found nowhere")):
        out.append(Figure(
            key, f'server: filter keystroke, outreach ("{text}"{what})', "ms", target,
            lambda text=text: workers.get("svc", url).ask(op="filter", text=text),
            lambda text=text: workers.get("pgsql", url).ask(op="filter", text=text),
            limit=limit, min_pairs=QUICK_PAIRS,
            note="count + first page of 64 (newest first) per typed prefix; floor: the same "
                 "search index (search_text LIKE through pg_trgm, search_words for one or two "
                 "characters) by hand through psycopg, the page and its values in one query"))
    for column in SORT_COLUMNS:
        out.append(Figure(
            f"server:sort:{column}", f"server: sort outreach by {column}", "ms", 2.0,
            lambda c=column: workers.get("svc", url).ask(op="sort", column=c),
            lambda c=column: workers.get("pgsql", url).ask(op="sort", column=c),
            min_pairs=QUICK_PAIRS,
            note="count + first page of 64; floor: the same ORDER BY ... LIMIT through "
                 "psycopg"))

    def fresh(name: str, template: str | None) -> Callable[[], None]:
        return lambda: (cluster.fresh(name, template), None)[1]

    out.append(Figure(
        "server:import", "server: import the large archive", "s", 3.0,
        lambda: _timed_run([*_msmedesk(), "import", archive, "--db",
                            cluster.url("import_a")], fresh("import_a", TEMPLATE)),
        lambda: _timed_run([PYTHON, str(HERE / "floors.py"), "import-server", archive,
                            cluster.conninfo("import_b")], fresh("import_b", None), False),
        note="msmedesk import into a new database set up by setup-server; floor: json + "
             "psycopg executemany in one transaction on a minimal schema in an empty one"))
    a_json, b_json = SCRATCH / "export-a.json", SCRATCH / "export-b.json"
    out.append(Figure(
        "server:export", "server: export the large database", "s", 3.0,
        lambda: _timed_run([*_msmedesk(), "export", str(a_json), "--db", url],
                           lambda: a_json.unlink(missing_ok=True)),
        lambda: _timed_run([PYTHON, str(HERE / "floors.py"), "export-server",
                            cluster.conninfo(BIG), str(b_json)],
                           lambda: b_json.unlink(missing_ok=True), False),
        note="msmedesk export --db URL; floor: psycopg + json.dump of the same archive"))
    return out
