"""``msmedesk find QUERY``: Find anywhere at the command line, as a table, CSV or JSON.

Reads the data file only (as ``export`` does); a query that cannot be read is one sentence
saying where it went wrong, and exit status 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from msmedesk.domain import FindResults

FORMATS = ("table", "csv", "json")
#: The hits of each type listed unless --limit says otherwise.
DEFAULT_LIMIT = 50


def add_parser(sub: Any, common: argparse.ArgumentParser) -> None:
    """The ``find`` command's arguments."""
    p = sub.add_parser("find", parents=[common],
                       help="find records of every type (the search language of the window)")
    p.add_argument("query", metavar="QUERY",
                   help='what to find, e.g. "member:Mexico year:2024" (quote it for the shell), '
                        "or @NAME, a saved search")
    p.add_argument("--format", choices=FORMATS, default="table",
                   help="table (default), csv or json")
    p.add_argument("--limit", type=int, default=DEFAULT_LIMIT, metavar="N",
                   help=f"at most N records of each type (default {DEFAULT_LIMIT})")


def complete_index(services: Any, writing: Callable[[], AbstractContextManager[Any]]) -> bool:
    """Before a search of a file whose search index lacks records (after a large import):
    complete it first, saying so, rather than give the matches of part of the records;
    whether it did."""
    # Data layer: loaded by the commands that use it.
    from msmedesk.db.lock import DataFileLocked
    from msmedesk.records import search_state

    if search_state.is_complete(services.sessions):
        return False
    print("The search index is being rebuilt after a large import (once); the search "
          "follows.", file=sys.stderr)
    try:
        with writing() as (writer, _opened):
            search_state.complete(writer.sessions, writer.listed())
    except DataFileLocked:
        # (The window that holds the file completes it: the search says so below.)
        return False
    return True


def found_text(results: FindResults, query: str, form: str) -> str:
    """What ``find`` prints for ``results`` in the format ``form``."""
    if form == "json":
        return json.dumps({"query": query, "total": results.total, "groups": [
            {"type": g.kind, "noun": g.noun_plural, "total": g.total,
             "records": [{"id": h.record_id, "label": h.label} for h in g.hits]}
            for g in results.groups]}, ensure_ascii=False, indent=2) + "\n"
    if form == "csv":
        from msmedesk.lists.csv_rows import csv_text

        return csv_text(("Type", "Id", "Record"), [
            (g.noun_plural.capitalize(), h.record_id, h.label)
            for g in results.groups for h in g.hits])
    if not results.groups:
        return f"Nothing found for {query}.\n"
    lines = []
    for g in results.groups:
        shown = len(g.hits)
        count = f"{g.total}" if shown == g.total else f"first {shown} of {g.total}"
        lines.append(f"{g.noun_plural.capitalize()} ({count})")
        lines += [f"  {h.label}" for h in g.hits]
    return "\n".join(lines) + "\n"
