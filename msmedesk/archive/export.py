"""Export: a ``RecordSet`` as the archive's JSON, written to a file atomically."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any, TextIO

from msmedesk.archive import saved
from msmedesk.archive.file import ArchiveError
from msmedesk.archive.history import KEY, history_to_json
from msmedesk.archive.load import load_records
from msmedesk.archive.record_set import (
    FORMAT,
    SECTIONS,
    VERSION,
    Cancelled,
    RecordSet,
    collector_paused,
)
from msmedesk.history import Change
from msmedesk.records import Services
from msmedesk.registry import GROUP, by_section
from msmedesk.registry.archive_dict import archive_writer, to_archive


def to_json(records: RecordSet, changes: Sequence[Change] | None = None) -> dict[str, Any]:
    """The archive dictionary of a record set (with ``changes``: its optional history)."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    if records.group is not None:
        out["group"] = to_archive(GROUP, records.group)
    for section in SECTIONS:
        kind = by_section(section)
        found = records.section(section)
        if found or kind.when_empty != "when_set":  # (an optional section only when it has any)
            write = archive_writer(kind)
            out[section] = [write(r) for r in found]
    if records.saved:  # (optional: only when there are saved searches)
        out[saved.KEY] = saved.saved_to_json(records.saved)
    if changes is not None:  # (optional: only when asked for, export --history)
        out[KEY] = history_to_json(changes)
    return out


def export_archive(services: Services, path: Path, *, replace: bool = False,
                   proceed: Callable[[], bool] | None = None,
                   history: bool = False) -> dict[str, int]:
    """Write every record to ``path`` (atomically) and return the counts per section;
    ``history``: the history of every change too (a plain export leaves it out).

    An existing ``path`` is replaced only with ``replace``; ``proceed``, asked once the
    archive is written but before it is put in place, may still stop it (``Cancelled``).
    """
    from msmedesk.safe_write import DestinationRefused, WriteCancelled, write_atomically

    # Paused as an import pauses it: reading 140,000 records set off full collections
    # that found nothing to free, about a quarter of a large export.
    with collector_paused(), services.sessions() as session:
        data = to_json(load_records(session), services.history.all() if history else None)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as fh:
            write_json(fh, data)

    try:
        # Every record of the office: readable by the user only, like the data file.
        write_atomically(Path(path), write, replace=replace, private=True, proceed=proceed)
    except WriteCancelled:
        raise Cancelled() from None
    except DestinationRefused as exc:
        raise ArchiveError(str(exc)) from None
    except OSError as exc:
        raise ArchiveError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    return {s: len(data.get(s, ())) for s in SECTIONS}


def write_json(fh: TextIO, data: Mapping[str, Any]) -> None:
    """The archive's JSON, a record to a line: the keys of the archive each on a line of
    their own, then each record of a section on one line.

    Python's JSON encoder in C writes only without indentation; indented (as exports were
    written before), the whole archive went through its encoder in Python, most of an
    export's time. The same JSON, read back the same; a line per record reads well still.
    """
    encode = json.JSONEncoder(ensure_ascii=False).encode
    fh.write("{")
    for i, (key, value) in enumerate(data.items()):
        fh.write(f"{',' if i else ''}\n {encode(key)}: ")
        if isinstance(value, list) and value:
            fh.write("[")
            for j, item in enumerate(value):
                fh.write(f"{',' if j else ''}\n  {encode(item)}")
            fh.write("\n ]")
        else:
            fh.write(encode(value))
    fh.write("\n}\n")
