"""Revision 0006 (the search index) on a file of revision 0005 holding records: every record
stays as it was, and the index is built from them, the same as a new file's."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from migration_rows import file_of_revision, rows

from msmedesk.db.engine import open_data_file
from msmedesk.db.schema import difference
from msmedesk.domain import ListQuery
from msmedesk.records import Services


def _index(path: Path) -> dict[str, list[tuple]]:
    """The index's rows, sorted."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: sorted(con.execute(f"SELECT {c} FROM {t}"))
                for t, c in (("search_text", "rowid, text"), ("search_words", "word, code"))}
    finally:
        con.close()


def test_upgrading_a_0004_file_builds_the_index_from_its_records(tmp_path: Path,
                                                                   sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = file_of_revision(path, "0004", sample_file)
    assert not any(t.startswith("search") for t in tables)
    before = rows(path, tables)

    services = Services(open_data_file(path))  # upgrades it, after a backup
    try:
        assert rows(path, tables) == before  # every row of every table, every column
        assert services.members.count(ListQuery(text="cote")) == 1
        assert [g.kind for g in services.find("kallot").groups] == ["meetings"]
    finally:
        services.close()
    # The index is what a file made new holds (the sample, indexed as it was imported).
    assert _index(path) == _index(sample_file)
    assert _index(path)["search_text"]
    # The full-text table and its shadow tables are msmedesk's own: nothing foreign.
    assert not difference(path)
