"""benchmarks/launch.py: the window as the benchmarks start it reports its paints and closes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

LAUNCH = Path(__file__).resolve().parents[2] / "benchmarks" / "launch.py"


def test_the_launcher_prints_both_paints_in_order_then_closes_the_window(
        sample_file: Path, tmp_path: Path) -> None:
    """benchmarks/run.py reads these two marks; the window closes and releases the file."""
    from msmedesk.db.lock import is_held

    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run([sys.executable, str(LAUNCH), "--db", str(sample_file)],
                            env=environ, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    marks = [line.split() for line in result.stdout.splitlines()]
    assert [m[:2] for m in marks] == [["BENCHMARK", "painted"], ["BENCHMARK", "records"]]
    assert float(marks[0][2]) <= float(marks[1][2])
    assert not is_held(sample_file)
