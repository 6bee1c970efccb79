"""The saved searches' revision on a file of the revision before it holding records: every
record stays as it was, and the upgraded file keeps saved searches; going back drops only
them. (The revisions are read from the revision's file, which the merges may renumber.)"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from migration_rows import file_of_revision, rows, tables_of

from msmedesk.db import header
from msmedesk.db.engine import make_engine, open_data_file
from msmedesk.db.header import inspect_file
from msmedesk.records import Services

_FILE = next((header.MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_saved_searches.py"))
_TEXT = _FILE.read_text(encoding="utf-8")
REVISION = re.search(r"^revision = '(\d+)'", _TEXT, re.M)[1]  # type: ignore[index]
BEFORE = re.search(r"^down_revision = '(\d+)'", _TEXT, re.M)[1]  # type: ignore[index]


def test_upgrading_a_file_of_the_revision_before_keeps_every_record(
        tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = _records(file_of_revision(path, BEFORE, sample_file))
    assert "saved_searches" not in tables
    before = rows(path, tables)
    assert before["meetings"] and before["members"]

    services = Services(open_data_file(path))  # upgrades it, after a backup
    try:
        assert rows(path, tables) == before  # every row of every table, every column
        assert services.saved_searches.all() == []
        kept = services.saved_searches.create("Mexico", "meetings", "Mexico")
        assert services.saved_searches.list("meetings") == [kept]
    finally:
        services.close()
    assert inspect_file(path).schema_version >= int(REVISION)


def test_going_back_a_revision_drops_the_saved_searches_only(tmp_path: Path,
                                                          sample_file: Path) -> None:
    path = tmp_path / "records.sqlite"
    tables = _records(file_of_revision(path, REVISION, sample_file))
    before = rows(path, {t: c for t, c in tables.items() if t != "saved_searches"})
    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(header.MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, BEFORE)
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    try:
        assert "saved_searches" not in tables_of(con)
        assert con.execute("PRAGMA user_version").fetchone()[0] == int(BEFORE)
    finally:
        con.close()
    assert rows(path, {t: c for t, c in tables.items() if t != "saved_searches"}) == before


def _records(tables: dict[str, list[str]]) -> dict[str, list[str]]:
    """The tables of records (the search index's, built from them, left out)."""
    return {t: c for t, c in tables.items() if not t.startswith("search_")}
