"""The statements msmedesk sends a server to show a list page and to save a record (issue 17,
item 8), counted with SQLAlchemy's ``before_cursor_execute`` on a throwaway cluster of
its own holding the 2024 sample::

    /work/venv/bin/python benchmarks/count_statements.py [--json results/issue17-statements.json]

For each record type with a list: the statements of ``list()`` (a page, sorted as the tab
opens it), of ``update()`` of its first record with one text changed, as a form saves
it (with the version it read), of ``create()`` of a copy of it (what "Save as new"
and undo of a delete send) and of ``delete()`` of that copy, and how many transactions
each took. The statements'
first words are kept in the JSON, so that a change to their number can be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from cluster import Cluster

HERE = Path(__file__).resolve().parent


def _edited(record: Any) -> Any | None:
    """The record with one of its free texts changed (None: it has none)."""
    names = {f.name for f in fields(record)}
    for name in ("summary", "notes", "title", "description", "topic", "name"):
        if name in names and isinstance(getattr(record, name), str):
            return replace(record, **{name: getattr(record, name) + " (edited)"})
    return None


def _copied(services: Any, service: Any, record: Any) -> Any | None:
    """A new record like ``record`` that the type's checks accept (what it needs made
    first, an annex's number freed or a proposal's document, is made here, uncounted)."""
    from datetime import date

    from msmedesk.domain import Document

    key = service.record_type.key
    changes: dict[str, Any] = {"id": None}
    names = {f.name for f in fields(record)}
    if key == "annexes":  # (numbers run to 6: the record itself taken out, made anew)
        return service.delete(record.id)
    if key == "meetings":  # (a day and kind of its own; its documents are the first's)
        return replace(record, id=None, date=date(2030, 1, 7), convening_notice=None,
                       summary_document=None)
    if key == "proposals":  # (a working document recorded, no proposal yet)
        services.documents.create(Document(symbol="INF/MSME/W/9999",
                                           kind="working-document"))
        return replace(record, id=None, symbol="INF/MSME/W/9999")
    if "name" in names:
        changes["name"] = record.name + " (copy)"
    if "symbol" in names:
        changes["symbol"] = "INF/MSME/W/9998"
    if "acronym" in names and record.acronym:
        changes["acronym"] = record.acronym + "-2"
    return replace(record, **changes)


def count(url: str) -> list[dict[str, Any]]:
    """The counts of each listed type on the server database ``url`` (sample imported)."""
    from sqlalchemy import event

    from msmedesk import archive
    from msmedesk.db.location import read_location
    from msmedesk.db.server import open_server
    from msmedesk.domain import ListQuery
    from msmedesk.records import Services
    from msmedesk.registry import RECORD_TYPES

    engine = open_server(read_location(url)).engine
    services = Services(engine)
    archive.import_archive(services, archive.sample_path())
    seen: list[str] = []
    begun: list[int] = []
    event.listen(engine, "before_cursor_execute",
                 lambda conn, cursor, statement, *rest: seen.append(statement))
    event.listen(engine, "begin", lambda conn: begun.append(1))
    out = []
    for record_type in RECORD_TYPES:
        service = getattr(services, record_type.key, None)
        if service is None or not hasattr(service, "sortable"):
            continue
        seen.clear()
        rows = service.list(ListQuery(limit=64))
        page = list(seen)
        entry: dict[str, Any] = {"kind": record_type.key, "page_rows": len(rows),
                                 "page_statements": len(page)}
        if rows:
            record, version = service.get_versioned(rows[0].id)
            edited = _edited(record)
            if edited is not None:
                seen.clear()
                begun.clear()
                service.update(edited, version=version)
                entry.update(save_statements=len(seen), save_transactions=len(begun),
                             save_kinds=_kinds(seen))
                copy = _copied(services, service, edited)
                if copy is not None:
                    seen.clear()
                    begun.clear()
                    made = service.create(copy)
                    entry.update(create_statements=len(seen),
                                 create_transactions=len(begun), create_kinds=_kinds(seen))
                    seen.clear()
                    begun.clear()
                    service.delete(made.id, version=1)  # (the new one: nothing names it)
                    entry.update(delete_statements=len(seen),
                                 delete_transactions=len(begun), delete_kinds=_kinds(seen))
        out.append(entry)
    services.close()
    return out


def _kinds(statements: list[str]) -> dict[str, int]:
    """How many statements of each kind (SELECT, UPDATE, INSERT, DELETE, WITH ...)."""
    kinds: dict[str, int] = {}
    for statement in statements:
        word = statement.split(None, 1)[0].upper()
        kinds[word] = kinds.get(word, 0) + 1
    return kinds


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    cluster = Cluster()
    try:
        cluster.fresh("counts")
        from msmedesk.db.location import read_location
        from msmedesk.db.server import setup_server

        setup_server(read_location(cluster.url("counts")))
        found = count(cluster.url("counts"))
    finally:
        cluster.stop()
    print("| record type | list page: statements | save: statements (transactions) | "
          "save: kinds | create: statements (transactions) | delete |")
    print("|---|---|---|---|---|---|")
    for e in found:
        kinds = ", ".join(f"{k} {n}" for k, n in e.get("save_kinds", {}).items())
        save = (f"{e['save_statements']} ({e['save_transactions']})"
                if "save_statements" in e else "—")
        create = (f"{e['create_statements']} ({e['create_transactions']})"
                  if "create_statements" in e else "—")
        gone = (f"{e['delete_statements']} ({e['delete_transactions']})"
                if "delete_statements" in e else "—")
        print(f"| {e['kind']} | {e['page_statements']} | {save} | {kinds} | {create} | "
              f"{gone} |")
    if args.json:
        args.json.write_text(json.dumps({"counts": found}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
