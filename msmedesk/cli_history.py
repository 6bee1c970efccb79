"""The command line's part of the history: ``export``'s options, ``--history`` among them."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def add_export_parser(sub: Any, parents: list[argparse.ArgumentParser]) -> None:
    """``msmedesk export ARCHIVE.json [--history]``: every record, and with ``--history``
    who changed what (the archive's optional ``history``; a plain export leaves it out)."""
    p = sub.add_parser("export", parents=parents, help="write every record as an archive")
    p.add_argument("archive", metavar="ARCHIVE.json", type=Path)
    p.add_argument("--history", action="store_true",
                   help="add the history of every change (who, when, before and after)")
