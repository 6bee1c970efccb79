"""The benchmark's data generator (benchmarks/generate.py) at a tiny scale: same seed, same
archive; and the archive is one that msmedesk imports whole."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from msmedesk import archive
from msmedesk.records import Services

GENERATOR = Path(__file__).resolve().parents[1] / "benchmarks" / "generate.py"


def _generator():
    spec = importlib.util.spec_from_file_location("msmedesk_benchmark_generate", GENERATOR)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_same_seed_same_archive_and_it_imports(tmp_path: Path, services: Services) -> None:
    gen = _generator()
    first, again = tmp_path / "a.json", tmp_path / "b.json"
    gen.write_archive(gen.generate(seed=7, scale=0.005), first)
    gen.write_archive(gen.generate(seed=7, scale=0.005), again)
    assert first.read_bytes() == again.read_bytes()
    assert gen.generate(seed=8, scale=0.005) != json.loads(first.read_text("utf-8"))

    result = archive.import_archive(services, first)
    data = json.loads(first.read_text("utf-8"))
    assert result.added["meetings"] == len(data["meetings"]) == 100
    assert result.added["outreach"] == len(data["outreach"]) == 300
    assert services.counts()["documents"] == len(data["documents"])
    # Contacts, and presentations naming them, are part of the large data set too.
    assert result.added["contacts"] == len(data["contacts"]) == 10
    named = [p["contact"] for m in data["meetings"] for p in m["presentations"]
             if "contact" in p]
    assert named
    again = archive.import_archive(services, first)
    assert again.total_added == 0 and again.unchanged["contacts"] == 10


def test_the_benchmark_reads_pages_the_size_the_list_reads() -> None:
    """The filter and sort figures ask for the same first page as the window's list."""
    from msmedesk.ui.table_model import PAGE_SIZE

    spec = importlib.util.spec_from_file_location("msmedesk_benchmark_worker",
                                                  GENERATOR.with_name("worker.py"))
    assert spec is not None and spec.loader is not None
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    assert worker.PAGE == PAGE_SIZE


def test_a_larger_scale_spans_more_years_and_its_meetings_stay_one_of_a_kind_a_day() -> None:
    """At --scale 3 (60,000 meetings) the dates, unique per kind, never run out (they did
    from --scale 2: the generator hung), and stay within the years msmedesk reads; scale 10
    spans ten times scale 1's years."""
    from collections import Counter
    from datetime import date, timedelta

    from msmedesk.dates import FIRST_YEAR, LAST_YEAR

    gen = _generator()
    assert gen.year_span(1) == gen.year_span(0.01) == (1995, 2024)  # as earlier figures
    first, last = gen.year_span(10)
    assert last - first + 1 >= 10 * 30 - 1 and FIRST_YEAR < first and last < LAST_YEAR
    assert gen.year_span(3) == (1935, 2024)
    slots = gen._Gen(7, 3).meeting_slots(60_000)
    assert len(slots) == len(set(slots)) == 60_000
    assert slots == sorted(slots)
    busiest = max(Counter(d.year for d, _ in slots).values())
    assert busiest <= 1100  # as busy as scale 1's busiest year (about 1,000), no busier
    # A convening notice is dated two weeks before, a summary a month after its meeting.
    assert FIRST_YEAR <= (slots[0][0] - timedelta(days=14)).year
    assert (slots[-1][0] + timedelta(days=30)) <= date(LAST_YEAR, 12, 31)


def test_the_benchmark_counts_as_far_as_the_list() -> None:
    from msmedesk.ui.table_model import COUNT_BOUND

    spec = importlib.util.spec_from_file_location("msmedesk_benchmark_worker",
                                                  GENERATOR.with_name("worker.py"))
    assert spec is not None and spec.loader is not None
    worker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(worker)
    assert worker.COUNT_BOUND == COUNT_BOUND
