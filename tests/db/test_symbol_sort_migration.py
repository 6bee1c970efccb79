"""Revision 0005 (symbol sort) on a file of revision 0004 holding records: every record
stays as it was, and every symbol gets the key that sorts it as the WTO numbers them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from migration_rows import file_of_revision, rows

from msmedesk.db.engine import open_data_file
from msmedesk.db.header import inspect_file
from msmedesk.domain import ListQuery
from msmedesk.records import Services
from msmedesk.symbol_order import symbol_sort_key


def test_upgrading_a_0004_file_keys_every_symbol(tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = file_of_revision(path, "0004", sample_file)
    assert "sort_key" not in tables["documents"]
    assert "symbol_sort_key" not in tables["annexes"]
    con = sqlite3.connect(path)
    con.executemany("INSERT INTO documents (symbol, title, kind, about) VALUES (?, '', "
                    "'other', '')", [("INF/MSME/W/1000",), ("INF/MSME/W/999",)])
    con.commit()
    con.close()
    before = rows(path, tables)
    assert any(symbol for (_id, _n, _t, symbol) in before["annexes"])

    services = Services(open_data_file(path))  # upgrades it, after a backup
    try:
        assert rows(path, tables) == before  # every row of every table, every column
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        keyed = con.execute("SELECT symbol, sort_key FROM documents").fetchall()
        annexes = con.execute("SELECT symbol, symbol_sort_key FROM annexes").fetchall()
        con.close()
        assert len(keyed) > 10 and all(key == symbol_sort_key(s) for s, key in keyed)
        assert all(key == (symbol_sort_key(s) if s else None) for s, key in annexes)
        listed = [r.values[0] for r in services.documents.list(ListQuery(sort="symbol"))]
        assert listed.index("INF/MSME/W/999") + 1 == listed.index("INF/MSME/W/1000")
    finally:
        services.close()
    assert inspect_file(path).schema_version >= 5
