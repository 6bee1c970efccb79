"""Peak memory of the bare window, layer by layer up to msmedesk (issue 6's memory figure).

The runner's memory figure compares msmedesk's window on the large file with a bare
PySide6 window. This script shows where the difference goes: the bare window again, then
the same window in a process that has also loaded each layer of msmedesk's data access in
turn and run one count on the large file through it::

    bare       the bare window (benchmarks/floors.py bare-window), the runner's floor
    core       + SQLAlchemy Core: an engine and one count
    orm        + SQLAlchemy's ORM: the same count through a Session
    models     + msmedesk's typed models (msmedesk.db.models), mappers configured
    msmedesk   the program itself, as the runner starts it (benchmarks/launch.py: its
               records painted)

Each is a new process, run ``--runs`` times; the table gives the median ru_maxrss and its
ratio to the bare window::

    /work/venv/bin/python benchmarks/memory_layers.py [--runs 5] [--code DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAYERS = ("bare", "core", "orm", "models", "msmedesk")


def child(layer: str, db: str) -> int:
    """The data layers up to ``layer`` loaded, one count run, then the bare window."""
    # Loaded before PySide6 is imported, as the runner's floor has no data layer to
    # compare with: what the data layer costs is the same either way.
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{db}")
    count = text("SELECT count(*) FROM meetings")
    if layer == "core":
        with engine.connect() as connection:
            connection.execute(count).scalar()
    else:
        from sqlalchemy.orm import Session

        if layer == "models":
            from sqlalchemy import func, select
            from sqlalchemy.orm import configure_mappers

            from msmedesk.db.models import MeetingRow

            configure_mappers()
            count = select(func.count()).select_from(MeetingRow)
        with Session(engine) as session:
            session.execute(count).scalar()
    sys.path.insert(0, str(HERE))
    import floors

    return floors.bare_window()


def _peak_mb(cmd: list[str], env: dict[str, str]) -> float:
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(cmd)} failed")
    return usage.ru_maxrss / 1024


def main(argv: list[str]) -> int:
    if argv[:1] == ["child"]:
        return child(argv[1], argv[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, default=HERE / "data" / "big.sqlite")
    parser.add_argument("--code", type=Path, default=None,
                        help="measure the msmedesk package in this folder, as run.py --code")
    args = parser.parse_args(argv)
    if not args.db.exists():
        raise SystemExit(f"{args.db} is missing: run benchmarks/generate.py first.")
    sys.path.insert(0, str(HERE))
    import run  # the runner's own environment and program

    if args.code is not None:
        run.CODE = args.code.resolve()

    commands = {layer: [sys.executable, str(Path(__file__).resolve()), "child", layer,
                        str(args.db)] for layer in LAYERS[1:-1]}
    commands["bare"] = [sys.executable, str(HERE / "floors.py"), "bare-window"]  # the floor
    commands["msmedesk"] = [*run._window(), "--db", str(args.db)]
    env = run._env(True)
    peaks: dict[str, list[float]] = {layer: [] for layer in LAYERS}
    for layer in LAYERS:  # one unrecorded run each: bytecode written, files cached
        _peak_mb(commands[layer], env)
    for _ in range(args.runs):  # interleaved, so that a change of the machine hits all
        for layer in LAYERS:
            peaks[layer].append(_peak_mb(commands[layer], env))
    bare = statistics.median(peaks["bare"])
    print("| layer | peak MB (median) | min–max | ratio to the bare window |")
    print("|---|---|---|---|")
    for layer in LAYERS:
        values = peaks[layer]
        print(f"| {layer} | {statistics.median(values):.1f} | {min(values):.1f}–"
              f"{max(values):.1f} | {statistics.median(values) / bare:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
