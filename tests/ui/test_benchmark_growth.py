"""benchmarks/growth.py: it finds the statements of a tab's first paint, and which of them
read a table whole (a cost that grows with the file, not with the work: issue 18, item 3)."""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path
from types import ModuleType

GROWTH = Path(__file__).resolve().parents[2] / "benchmarks" / "growth.py"
TABS = ["meetings", "members", "proposals", "outreach", "package", "organizations",
        "documents"]


def _growth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("msmedesk_benchmark_growth", GROWTH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_plan_reads_a_table_whole_unless_an_index_walk_stops_at_the_limit() -> None:
    growth = _growth()
    con = sqlite3.connect(":memory:")
    con.executescript("CREATE TABLE t (id INTEGER PRIMARY KEY, k TEXT, v TEXT);"
                      "CREATE INDEX ix_t_k ON t (k);"
                      "CREATE TABLE u (id INTEGER PRIMARY KEY, t_id INTEGER, w TEXT);")
    assert growth.whole_reads(con, "SELECT id FROM t ORDER BY k, id LIMIT 64") == []
    assert growth.whole_reads(con, "SELECT count(*) FROM (SELECT 1 FROM t LIMIT 1001)") == []
    assert growth.whole_reads(con, "SELECT id FROM t WHERE id IN (1, 2)") == []
    # No LIMIT; a sort of every row before the LIMIT; a scan once per row.
    assert growth.whole_reads(con, "SELECT id FROM t") == ["t"]
    assert growth.whole_reads(con, "SELECT id FROM t ORDER BY v LIMIT 64") == ["t"]
    assert growth.whole_reads(
        con, "SELECT id, (SELECT max(w) FROM u WHERE u.t_id = t.id) FROM t "
             "WHERE id IN (1, 2) LIMIT 64") == ["u"]


def test_each_tab_s_first_paint_reads_bounded_pages_except_the_proposals_by_symbol(
        sample_file: Path) -> None:
    """On a file, every statement of a tab's first paint walks an index or reads rows by
    their keys, except one: the proposals' page in symbol order reads every proposal (the
    symbol's sort key is the document's; see benchmarks/results/README.md, "Issue 18,
    item 3"). The first record's details and the year list come after the paint."""
    growth = _growth()
    statements = growth.first_paint_statements(sample_file, TABS)
    found = growth.measure(sample_file, statements)
    for tab in TABS:
        sqls = [s["sql"] for s in found[tab]]
        assert any("LIMIT 1001" in s for s in sqls), (tab, sqls)  # the bounded count
        assert any("LIMIT 64" in s for s in sqls), (tab, sqls)  # the first page
        whole = {s["sql"]: s["whole"] for s in found[tab] if s["whole"]}
        if tab == "proposals":
            [(sql, tables)] = whole.items()
            assert tables == ["proposals"] and "ORDER BY documents.sort_key" in sql
        else:
            assert whole == {}, tab
        # What follows the paint is logged apart: the first record's details.
        after = [s["sql"] for s in found[tab + " after"]]
        assert any(".version FROM" in s for s in after), (tab, after)


def test_grown_names_the_statements_whose_steps_grew_between_two_files() -> None:
    growth = _growth()
    small = {"tabs": {"t": [{"sql": "SELECT 1", "steps": 8000},
                            {"sql": "SELECT a", "steps": 100_000}]}}
    large = {"tabs": {"t": [{"sql": "SELECT 1", "steps": 8000},
                            {"sql": "SELECT b", "steps": 300_000}]}}
    assert growth.grown(small, large) == [("t", "SELECT b", 100_000, 300_000)]
    assert growth.grown(large, large) == []
