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
