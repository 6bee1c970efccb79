"""msmedesk's window as the benchmarks start it: it reports its paints, then closes.

Takes the program's own arguments (``--db FILE``) and starts the window through
``msmedesk.app.run`` with two callbacks: at the window's first paint it prints
``BENCHMARK painted <time.time()>``, when the front tab's records are painted
``BENCHMARK records <time.time()>``, and then it closes the window as the user would
(which releases the data file)::

    /work/venv/bin/python benchmarks/launch.py --db benchmarks/data/big.sqlite
"""

from __future__ import annotations

import os
import sys
import time
from typing import TYPE_CHECKING

# msmedesk before PySide6, as the program imports them (cli, then app, which imports
# PySide6): what is imported after PySide6 is read by it (msmedesk/plain_import.py).
from msmedesk import cli

if TYPE_CHECKING:
    from msmedesk.ui.main_window import MainWindow

PAINT_MARK = "BENCHMARK painted "
RECORDS_MARK = "BENCHMARK records "


def painted(window: MainWindow) -> None:
    """Print the time of the window's first paint."""
    print(f"{PAINT_MARK}{time.time():.6f}", flush=True)


def records_painted(window: MainWindow) -> None:
    """Print the time the records were painted, then close the window a turn later."""
    from PySide6.QtCore import QTimer  # (loaded by then; see the imports above)

    now = time.time()
    os.getppid()  # callgrind's mark (first_figures.py: --dump-before=getppid)
    print(f"{RECORDS_MARK}{now:.6f}", flush=True)
    # Closed once what the window does after its first records is done (the details a
    # turn later; what a write needs, loaded in a worker thread: ``Backend.warm_up``), so
    # that the peak memory measured is that of the window as it stays.
    def close_when_warm() -> None:
        backend = window.backend
        if backend is None or not hasattr(backend, "warmed") or backend.warmed():
            window.close()
        else:
            QTimer.singleShot(10, window, close_when_warm)

    QTimer.singleShot(0, window, close_when_warm)


def main(argv: list[str]) -> int:
    """Start the window on the data file the arguments name, as ``msmedesk`` does."""
    # The program's own parser and data-file rule (--db, MSMEDESK_DB), and its import cost;
    # the arguments parsed before app (and PySide6) is imported, as ``msmedesk`` does: with
    # PySide6's import in place, argparse's imports would keep their source (200 kB).
    args = cli._parser().parse_args(argv)
    from msmedesk.app import run

    return run(cli._db_path(args), getattr(args, "backup_dir", None),
               on_painted=painted, on_records_painted=records_painted)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
