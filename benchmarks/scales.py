"""Costs that grow with the work, not the file (issue 18): the runner's figures at several
scales of the benchmark data, side by side, each beside its scale-1 figure.

Measure each scale with the runner (its own JSON per scale), then tabulate them::

    python benchmarks/generate.py --scale 10 --out /tmp/s10.json          # and 1, 3
    python benchmarks/run.py --db /tmp/s10.sqlite --only records tab filter sort \\
        --json benchmarks/results/scale-10.json
    python benchmarks/scales.py benchmarks/results/scale-1.json benchmarks/results/scale-3.json \\
        benchmarks/results/scale-10.json

The table gives each figure's median (msmedesk), its median ratio to its floor in that run,
and the median at the largest scale over the median at the first (the target: at most 1.2).
Both are shown because a shared machine's load moves medians between runs; the ratio to
the floor, measured in alternating pairs, does not move with it.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

TARGET = 1.2  # scale 10 at most this many times scale 1


def _figures(path: Path) -> tuple[str, dict[str, dict[str, Any]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return str(data.get("db", path.stem)), {f["key"]: f for f in data["figures"]}


def _shown(seconds: float, unit: str) -> str:
    return f"{seconds * 1000:.1f} ms" if unit in ("s", "ms") and seconds < 1 else f"{seconds:.2f} s"


def table(paths: list[Path], names: list[str]) -> str:
    """The markdown table of the runs at ``paths`` (named ``names``, e.g. "scale 1")."""
    runs = [_figures(p)[1] for p in paths]
    keys = [k for k in runs[0] if all(k in r for r in runs[1:])]
    head = " | ".join(f"{n}: median (ratio to floor)" for n in names)
    lines = [f"| figure | {head} | {names[-1]} / {names[0]} | ≤ {TARGET} |",
             "|---" * (len(names) + 3) + "|"]
    for key in keys:
        cells = []
        for run in runs:
            f = run[key]
            ratio = f.get("ratio_median")
            cells.append(f"{_shown(f['msmedesk']['median'], f['unit'])}"
                         + (f" ({ratio:.2f})" if ratio is not None else ""))
        growth = runs[-1][key]["msmedesk"]["median"] / runs[0][key]["msmedesk"]["median"]
        verdict = "pass" if growth <= TARGET else "FAIL"
        lines.append(f"| {runs[0][key]['title']} | {' | '.join(cells)} | {growth:.2f} | "
                     f"{verdict} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("runs", nargs="+", type=Path, help="the runner's JSONs, smallest first")
    parser.add_argument("--names", nargs="*", default=None,
                        help="a name for each run (default: its file's name)")
    args = parser.parse_args(argv)
    names = args.names or [p.stem for p in args.runs]
    print(table(args.runs, names), end="")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
