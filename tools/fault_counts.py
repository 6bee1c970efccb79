#!/usr/bin/env python3
"""Run each kill -9 group of the fault-injection suite N times and print the count table.

    tools/fault_counts.py [-n N] [--seed S] [--group NAME ...] [--show-wrong]

prints "group | tried | handled right | wrong" (issue 13's closing note wants it before and
after the fix). The rounds are those of tests/db/test_fault_kills.py (tests/db/
fault_rounds.py); they run the msmedesk of this checkout. Replay a run with its --seed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    """Run the groups and print the table; exits 1 when any round was handled wrong."""
    # This checkout's msmedesk, here and in the commands the rounds start.
    os.environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p)
    sys.path[:0] = [str(REPO), str(REPO / "tests" / "db")]
    from fault_rounds import GROUPS, run_group

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=10, help="rounds per group (default 10)")
    parser.add_argument("--seed", type=int, default=None, help="replay a run")
    parser.add_argument("--group", action="append", choices=GROUPS, help="only these groups")
    parser.add_argument("--show-wrong", action="store_true", help="say what each wrong round left")
    args = parser.parse_args(argv)
    seed = args.seed if args.seed is not None else time.time_ns() % 1_000_000
    rows = []
    for group in args.group or GROUPS:
        with tempfile.TemporaryDirectory(prefix="msmedesk-faults-") as work:
            try:
                outcomes = run_group(group, Path(work), args.n, random.Random(seed))
            except RuntimeError as exc:  # the group could not even start
                print(f"{group}: {exc}", file=sys.stderr)
                rows.append((group, args.n, 0, args.n))
                continue
        right = sum(o.right for o in outcomes)
        rows.append((group, len(outcomes), right, len(outcomes) - right))
        if args.show_wrong:
            for n, o in enumerate(outcomes):
                if not o.right:
                    print(f"  {group} round {n}: {o.detail}", file=sys.stderr)
    print(f"seed {seed}")
    print("| group | tried | handled right | wrong |")
    print("|---|---|---|---|")
    for group, tried, right, wrong in rows:
        print(f"| {group} | {tried} | {right} | {wrong} |")
    return 1 if any(row[3] for row in rows) else 0


if __name__ == "__main__":
    sys.exit(main())
