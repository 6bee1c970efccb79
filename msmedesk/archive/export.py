"""Export: a ``RecordSet`` as the archive's JSON, written to a file atomically."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msmedesk.archive.file import ArchiveError
from msmedesk.archive.load import load_records
from msmedesk.archive.record_set import FORMAT, SECTIONS, VERSION, Cancelled, RecordSet, partial_iso
from msmedesk.domain import Presentation
from msmedesk.records import Services


def to_json(records: RecordSet) -> dict[str, Any]:
    """The archive dictionary of a record set."""
    out: dict[str, Any] = {"format": FORMAT, "version": VERSION}
    g = records.group
    if g is not None:
        out["group"] = {
            "name": g.name, "short_name": g.short_name,
            "established": g.established.isoformat() if g.established else None,
            "established_by": g.established_by, "founding_members": g.founding_members,
            "coordinators": [{"name": c.name, "title": c.title, "from": partial_iso(c.start),
                              "to": partial_iso(c.end)} for c in g.coordinators],
        }
        if g.established_at:
            out["group"]["established_at"] = g.established_at
    out["members"] = [{"name": m.name, "list_name": m.list_name or m.name,
                       "sort_name": m.sort_name or m.name, "prose_name": m.prose_name or m.name,
                       "counts_as": m.counts_as, "joined": partial_iso(m.joined),
                       "left": partial_iso(m.left), "notes": m.notes} for m in records.members]
    out["organizations"] = [{"acronym": o.acronym, "name": o.name,
                             "network_member_since": partial_iso(o.network_member_since)}
                            for o in records.organizations]
    docs = []
    for d in records.documents:
        doc: dict[str, Any] = {"symbol": d.symbol, "title": d.title,
                               "date": d.date.isoformat() if d.date else None, "kind": d.kind}
        if d.url:
            doc["url"] = d.url
        docs.append(doc)
    out["documents"] = docs
    out["meetings"] = [{
        "date": m.date.isoformat(), "kind": m.kind, "convening_notice": m.convening_notice,
        "summary_document": m.summary_document, "summary": m.summary,
        "presentations": [_presentation(p) for p in m.presentations],
        "spotlights": [{"business": s.business, "person": s.person, "country": s.country,
                        "introduced_by": s.introduced_by, "description": s.description}
                       for s in m.spotlights],
    } for m in records.meetings]
    out["proposals"] = [{"symbol": p.symbol, "title": p.title, "proponents": list(p.proponents),
                         "submitted": partial_iso(p.submitted), "status": p.status,
                         "discussed_at": [d.isoformat() for d in p.discussed_at],
                         "summary": p.summary} for p in records.proposals]
    out["outreach"] = [{"date": e.date.iso(), "end_date": partial_iso(e.end_date), "kind": e.kind,
                        "title": e.title, "partners": list(e.partners), "summary": e.summary}
                       for e in records.outreach]
    out["package_entries"] = [{"annex": p.annex, "year": p.year, "members": list(p.members),
                               "summary": p.summary} for p in records.package_entries]
    return out


def _presentation(p: Presentation) -> dict[str, Any]:
    out: dict[str, Any] = {"speaker": p.speaker, "organization": p.organization or "",
                           "topic": p.topic}
    if p.member:
        out["member"] = p.member
    return out


def export_archive(services: Services, path: Path, *, replace: bool = False,
                   proceed: Callable[[], bool] | None = None) -> dict[str, int]:
    """Write every record to ``path`` (atomically) and return the counts per section.

    An existing ``path`` is replaced only with ``replace``; ``proceed``, asked once the
    archive is written but before it is put in place, may still stop it (``Cancelled``).
    """
    from msmedesk.safe_write import DestinationRefused, WriteCancelled, write_atomically

    with services.sessions() as session:
        records = load_records(session)
    data = to_json(records)

    def write(tmp: Path) -> None:
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False, indent=1)
            fh.write("\n")

    try:
        # Every record of the office: readable by the user only, like the data file.
        write_atomically(Path(path), write, replace=replace, private=True, proceed=proceed)
    except WriteCancelled:
        raise Cancelled() from None
    except DestinationRefused as exc:
        raise ArchiveError(str(exc)) from None
    except OSError as exc:
        raise ArchiveError(f"Cannot write {path}: {exc.strerror or exc}.") from exc
    return {s: len(data[s]) for s in SECTIONS}
