"""Import and export beside the OUTSIDE floor (issue 18): ``floor_io.py`` (plain json +
sqlite3, its own process) on the archive ``gen_scale_archive.py`` writes, at each scale asked.

run.py adds these figures with ``--outside 1 3 10`` (beside its own floors.py figures, which
stay): ``import:outside`` and ``export:outside`` at scale 1, ``...:x3`` and ``...:x10`` at
the others. Each scale's archive is written once (kept in ``ARCHIVES`` for the next run);
msmedesk's export reads a file msmedesk imported, the floor's a file the floor imported.

``python io_outside.py table RESULTS.json ...`` prints the table of time per row by scale
(issue 18 item 3: within 1.2 × of scale 1's).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

#: The outside checks' own scripts (``/work/shared/bench`` unless told otherwise).
BENCH = Path(os.environ.get("MSMEDESK_OUTSIDE_BENCH", "/work/shared/bench"))
#: Where each scale's archive is written once.
ARCHIVES = Path(os.environ.get("MSMEDESK_OUTSIDE_ARCHIVES", "/tmp/msmedesk-outside"))
TARGETS = {"import": 2.5, "export": 2.0}

Sample = Callable[[], tuple[float, Any]]


def archive_for(scale: float) -> Path:
    """The outside archive of ``scale``, written by gen_scale_archive.py if missing."""
    path = ARCHIVES / f"scale{scale:g}.json"
    if not path.exists():
        ARCHIVES.mkdir(parents=True, exist_ok=True)
        part = path.with_suffix(".part")
        subprocess.run([sys.executable, str(BENCH / "gen_scale_archive.py"), str(part),
                        "--scale", f"{scale:g}"], check=True)
        part.replace(path)
    return path


def rows_of(archive: Path) -> int:
    """The archive's rows: its records and their nested rows (presentations, spotlights)."""
    data = json.loads(archive.read_text(encoding="utf-8"))
    nested = sum(len(m.get("presentations", ())) + len(m.get("spotlights", ()))
                 for m in data.get("meetings", ()))
    return nested + sum(len(v) for k, v in data.items() if isinstance(v, list))


def figures(scales: list[float], scratch: Path, msmedesk: list[str],
            timed: Callable[..., tuple[float, Any]], unlink: Callable[..., Callable[[], None]],
            figure: Callable[..., Any]) -> list[Any]:
    """The import and export figures beside floor_io.py at each of ``scales``.

    ``msmedesk``: the command; ``timed(cmd, cleanup, msmedesk)``: a whole process's wall
    time; ``unlink(*paths)``: a cleanup; ``figure(...)``: run.py's ``Figure``.
    """
    floor = [sys.executable, str(BENCH / "floor_io.py")]
    out = []
    for scale in scales:
        archive = archive_for(scale)
        rows = rows_of(archive)
        tag = "" if scale == 1 else f":x{scale:g}"
        a_db, b_db = scratch / f"outside{tag}-a.sqlite", scratch / f"outside{tag}-b.sqlite"
        a_json, b_json = scratch / f"outside{tag}-a.json", scratch / f"outside{tag}-b.json"
        note = f"scale {scale:g} of gen_scale_archive.py, {rows} rows; floor: floor_io.py"
        out.append(figure(f"import:outside{tag}", f"import, outside floor, scale {scale:g}",
                          "s", TARGETS["import"],
                          _sample([*msmedesk, "import", str(archive), "--db", str(a_db)],
                                  timed, unlink(a_db), True, rows),
                          _sample([*floor, "import", str(archive), str(b_db)], timed,
                                  unlink(b_db), False, rows),
                          note=f"{note} import into a new file"))
        # The files exported: each side's own import of the archive, made once, before.
        sources = {}

        def source(side: str, a_db: Path = a_db, b_db: Path = b_db,
                   archive: Path = archive, sources: dict[str, Path] = sources) -> str:
            if side not in sources:
                path = scratch / f"{(a_db if side == 'a' else b_db).stem}-src.sqlite"
                unlink(path)()
                cmd = ([*msmedesk, "import", str(archive), "--db", str(path)] if side == "a"
                       else [*floor, "import", str(archive), str(path)])
                timed(cmd, None, side == "a")
                sources[side] = path
            return str(sources[side])

        out.append(figure(f"export:outside{tag}", f"export, outside floor, scale {scale:g}",
                          "s", TARGETS["export"],
                          _lazy(lambda a_json=a_json, source=source: (
                              [*msmedesk, "export", str(a_json), "--db", source("a")]),
                              timed, unlink(a_json), True, rows),
                          _lazy(lambda b_json=b_json, source=source: (
                              [*floor, "export", source("b"), str(b_json)]),
                              timed, unlink(b_json), False, rows),
                          note=f"{note} export (each side's own import of the archive)"))
    return out


def _sample(cmd: list[str], timed: Callable[..., tuple[float, Any]],
            cleanup: Callable[[], None], msmedesk: bool, rows: int) -> Sample:
    return _lazy(lambda: cmd, timed, cleanup, msmedesk, rows)


def _lazy(cmd: Callable[[], list[str]], timed: Callable[..., tuple[float, Any]],
          cleanup: Callable[[], None], msmedesk: bool, rows: int) -> Sample:
    def sample() -> tuple[float, Any]:
        seconds, detail = timed(cmd(), cleanup, msmedesk)
        return seconds, {**detail, "rows": rows}
    return sample


def table(paths: list[str]) -> str:
    """Time per 1,000 rows by scale, from run.py's result files, against scale 1's."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in paths:
        for fig in json.loads(Path(path).read_text(encoding="utf-8"))["figures"]:
            if ":outside" in fig["key"]:
                op, _, tag = fig["key"].partition(":outside")
                found[(op, tag.lstrip(":") or "x1")] = fig
    lines = ["| op | scale | rows | msmedesk s | floor s | ratio | s per 1,000 rows | "
             "per row vs scale 1 |", "|---|---|---|---|---|---|---|---|"]
    for (op, tag), fig in sorted(found.items(), key=lambda kv: (kv[0][0], float(kv[0][1][1:]))):
        rows = fig["details"]["msmedesk"][0]["rows"]
        a, b = fig["msmedesk"]["median"], fig["floor"]["median"]
        per = a / rows * 1000
        base = found.get((op, "x1"))
        first = (base["msmedesk"]["median"] / base["details"]["msmedesk"][0]["rows"] * 1000
                 if base else per)
        lines.append(f"| {op} | {tag[1:]} | {rows:,} | {a:.2f} | {b:.2f} | "
                     f"{fig['ratio_median']:.2f} | {per:.4f} | {per / first:.2f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:2] != ["table"]:
        raise SystemExit("usage: io_outside.py table RESULTS.json ...")
    print(table(sys.argv[2:]))
