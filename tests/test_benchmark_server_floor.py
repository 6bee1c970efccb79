"""The server's tab floor (benchmarks/worker_pg.py) reads what each tab shows: the same
records in the same first order, with the same texts, as the tab's own first page."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

from msmedesk.domain import ListQuery
from tests import pg

from msmedesk.ui.kinds import ALL_KINDS

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _floor() -> Any:
    sys.path.insert(0, str(BENCHMARKS))  # (worker_pg imports worker beside it)
    try:
        import worker_pg
    finally:
        sys.path.remove(str(BENCHMARKS))
    return worker_pg


def _text(value: Any) -> str:
    iso = getattr(value, "iso", None)  # (a list's partial dates, the floor's ISO text)
    return "" if value is None else iso() if callable(iso) else str(value)


def _same(floor: str, shown: str) -> None:
    """The floor's text is the one shown (which the list shortens for the screen: "…")."""
    if shown.endswith("…"):
        assert floor.startswith(shown[:-1].rstrip()) and len(floor) > len(shown) - 1
    else:
        assert floor == shown


@pytest.mark.parametrize("tab", ["meetings", "members", "proposals", "outreach", "package",
                                 "organizations", "documents"])
def test_the_tab_floor_reads_the_rows_and_texts_the_tab_shows(tab, pg_cluster,
                                                               pg_sample_template):
    url = pg_cluster.create_database(f"floor_{tab}", template=pg_sample_template)
    worker_pg = _floor()
    services = pg.services_for(url)
    connection = worker_pg._connect(url)
    try:
        kind = next(k for k in ALL_KINDS if k.name == tab)
        service = getattr(services, tab)
        shown = service.list(ListQuery(sort=service.default_sort,
                                       descending=kind.newest_first, limit=64))
        floor = connection.execute(worker_pg.TAB_PAGES[tab]).fetchall()[:64]
        assert shown  # (the sample holds records of every tab's type)
        assert [r[0] for r in floor] == [r.id for r in shown]
        for row, record in zip(floor, shown, strict=True):
            assert len(row) - 1 == len(record.values)
            for value, seen in zip(row[1:], record.values, strict=True):
                _same(_text(value), _text(seen))
    finally:
        connection.close()
        services.close()
        pg_cluster.drop_database(f"floor_{tab}")
