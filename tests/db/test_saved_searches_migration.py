"""Revision 0005 (saved searches) on a file of revision 0004 holding records: every record
stays as it was, and the upgraded file keeps saved searches; going back drops only them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config
from migration_rows import file_of_revision, rows, tables_of

from msmedesk.db import header
from msmedesk.db.engine import make_engine, open_data_file
from msmedesk.db.header import inspect_file
from msmedesk.records import Services


def test_upgrading_a_0004_file_keeps_every_record(tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = file_of_revision(path, "0004", sample_file)
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
    assert inspect_file(path).schema_version >= 5


def test_going_back_to_0004_drops_the_saved_searches_only(tmp_path: Path,
                                                          sample_file: Path) -> None:
    path = tmp_path / "records.sqlite"
    tables = file_of_revision(path, "0005", sample_file)
    before = rows(path, {t: c for t, c in tables.items() if t != "saved_searches"})
    engine = make_engine(path)
    config = Config()
    config.set_main_option("script_location", str(header.MIGRATIONS))
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0004")
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    try:
        assert "saved_searches" not in tables_of(con)
        assert con.execute("PRAGMA user_version").fetchone()[0] == 4
    finally:
        con.close()
    assert rows(path, {t: c for t, c in tables.items() if t != "saved_searches"}) == before
