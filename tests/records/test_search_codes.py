"""The search index's row numbers tell the record type, the record and the field, so that a
match is a record without reading a stored row (issue 16, the index's cost): the index
keeps each text once, and a match, a save and a delete go by the numbers alone."""

from __future__ import annotations

import dataclasses
import importlib.util
import sqlite3
from pathlib import Path

from msmedesk.domain import ListQuery, Organization, OutreachEvent, PartialDate
from msmedesk.records import search_codes
from msmedesk.registry import RECORD_TYPES

WORKER = Path(__file__).resolve().parents[2] / "benchmarks" / "worker.py"


def test_the_index_keeps_each_text_once_under_a_number_that_tells_its_record(
        sample_file: Path) -> None:
    con = sqlite3.connect(sample_file)
    try:
        tables = {n for (n,) in con.execute("SELECT name FROM sqlite_master WHERE type = "
                                            "'table' AND name LIKE 'search%'")}
        # No table beside the full-text one repeats the text (its own content table).
        assert "search_rows" not in tables
        columns = [r[1] for r in con.execute("PRAGMA table_info(search_text)")]
        assert columns == ["text"]
        found = {(search_codes.field_of("members", n), search_codes.record_of(n), t)
                 for n, t in con.execute(
                     "SELECT rowid, text FROM search_text WHERE rowid BETWEEN ? AND ?",
                     search_codes.kind_range("members"))}
        member = con.execute("SELECT id FROM members WHERE name = 'Côte d''Ivoire'"
                             ).fetchone()[0]
    finally:
        con.close()
    assert ("name", member, "cote d'ivoire") in found


def test_a_field_of_more_values_than_places_is_found_whole(services) -> None:
    many = tuple(f"Partner number {i}" for i in range(search_codes.PLACES + 40))
    for name in (*many, "Someone else"):
        services.organizations.create(Organization(name))
    event = services.outreach.create(OutreachEvent(PartialDate(2024, 6), "A fair",
                                                   partners=many))
    for last in ("partner number 5", f"partner number {search_codes.PLACES + 39}"):
        assert services.outreach.count(ListQuery(text=f'partner:"{last}"')) == 1
    services.outreach.update(dataclasses.replace(event, partners=("Someone else",)))
    assert services.outreach.count(ListQuery(text="partner:number")) == 0
    assert services.outreach.count(ListQuery(text="partner:someone")) == 1


def test_the_benchmark_floor_numbers_the_types_as_the_index_does() -> None:
    spec = importlib.util.spec_from_file_location("msmedesk_benchmark_worker", WORKER)
    assert spec is not None and spec.loader is not None
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    listed = {t.key for t in RECORD_TYPES if not t.single}
    assert worker._KIND_NO == {k: search_codes.kind_no(k) for k in listed}
