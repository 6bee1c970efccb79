"""How long a save takes on a server, main's code against this branch's (issue 17, item 8):
``update()`` of each listed type's first record with one text changed, as a form saves
it, on a throwaway cluster holding the 2024 sample; alternating pairs (one process of
each code per pair, each on a database of its own), the median of each process's saves::

    /work/main/.venv/bin/python benchmarks/save_latency.py --code /work/main --pairs 5 \
        [--json results/pgsave-save-latency.json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

from cluster import Cluster

HERE = Path(__file__).resolve().parent
_ROUNDS = 20  # saves of each type per process

_WORKER = r"""
import json, statistics, sys, time
sys.path.insert(0, sys.argv[2])
from count_statements import _edited
from msmedesk.db.location import read_location
from msmedesk.db.server import open_server
from msmedesk.domain import ListQuery
from msmedesk.records import Services
from msmedesk.registry import RECORD_TYPES
services = Services(open_server(read_location(sys.argv[1])).engine)
out = {}
for record_type in RECORD_TYPES:
    service = getattr(services, record_type.key, None)
    if service is None or not hasattr(service, "sortable"):
        continue
    rows = service.list(ListQuery(limit=1))
    if not rows:
        continue
    times = []
    first = service.get(rows[0].id)
    for i in range(int(sys.argv[3])):
        record, version = service.get_versioned(rows[0].id)
        edited = _edited(first) if i % 2 == 0 else first  # (a change each time)
        start = time.perf_counter()
        service.update(edited, version=version)
        times.append(time.perf_counter() - start)
    out[record_type.key] = statistics.median(times) * 1000
services.close()
print(json.dumps(out))
"""


def _run(code: Path, url: str) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", _WORKER, url, str(HERE), str(_ROUNDS)],
                          env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(done.stderr[-2000:])
    found: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--code", type=Path, required=True, help="the other code (main's)")
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    here = HERE.parent
    cluster = Cluster()
    try:
        urls = {}
        for name in ("theirs", "ours"):
            cluster.fresh(name)
            from msmedesk import archive
            from msmedesk.db.location import read_location
            from msmedesk.db.server import open_server, setup_server
            from msmedesk.records import Services

            setup_server(read_location(cluster.url(name)))
            services = Services(open_server(read_location(cluster.url(name))).engine)
            archive.import_archive(services, archive.sample_path())
            services.close()
            urls[name] = cluster.url(name)
        pairs: list[dict[str, Any]] = []
        for _ in range(args.pairs):
            pairs.append({"main": _run(args.code, urls["theirs"]),
                          "branch": _run(here, urls["ours"])})
    finally:
        cluster.stop()
    print("| record type | save, main (ms) | save, branch (ms) | ratio branch/main |")
    print("|---|---|---|---|")
    summary = {}
    for kind in pairs[0]["main"]:
        ratios = [p["branch"][kind] / p["main"][kind] for p in pairs]
        ours = statistics.median(p["branch"][kind] for p in pairs)
        theirs = statistics.median(p["main"][kind] for p in pairs)
        summary[kind] = {"main_ms": theirs, "branch_ms": ours,
                         "ratio": statistics.median(ratios)}
        print(f"| {kind} | {theirs:.1f} | {ours:.1f} | {statistics.median(ratios):.2f} |")
    if args.json:
        args.json.write_text(json.dumps({"pairs": pairs, "summary": summary}, indent=1)
                             + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
