"""The history's revision on a file of the revision before it holding records: every record
stays as it was, each at version 1, and the history starts empty; going back drops only the
versions and the history. (The revisions are read from the revision's file.)"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from migration_rows import file_of_revision, rows, tables_of

from msmedesk.db import header
from msmedesk.db.engine import make_engine, open_data_file
from msmedesk.db.header import inspect_file
from msmedesk.history import StaleRecord
from msmedesk.records import Services

_FILE = next((header.MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_history.py"))
_TEXT = _FILE.read_text(encoding="utf-8")
REVISION = re.search(r"^revision = '(\d+)'", _TEXT, re.M)[1]  # type: ignore[index]
BEFORE = re.search(r"^down_revision = '(\d+)'", _TEXT, re.M)[1]  # type: ignore[index]


def test_upgrading_keeps_every_record_at_version_1_with_an_empty_history(
        tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = _records(file_of_revision(path, BEFORE, sample_file))
    assert "history" not in tables and "version" not in tables["members"]
    before = rows(path, tables)
    assert before["meetings"] and before["members"]

    services = Services(open_data_file(path))  # upgrades it, after a backup
    try:
        assert rows(path, tables) == before  # every row of every table, every column
        assert services.history.all() == ()
        assert {services.meetings.version(r.id) for r in services.meetings.list()} == {1}
        profile, version = services.group.get_versioned()
        assert profile is not None and version == 1
        services.group.save(replace(profile, short_name="The Group"), version=1)
        with pytest.raises(StaleRecord):
            services.group.save(replace(profile, short_name="Again"), version=1)
        assert [c.action for c in services.history.of("group", 1)] == ["changed"]
    finally:
        services.close()
    assert inspect_file(path).schema_version >= int(REVISION)


def test_going_back_a_revision_drops_the_versions_and_the_history_only(
        tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "records.sqlite"
    tables = _records(file_of_revision(path, REVISION, sample_file))
    kept = {t: [c for c in cols if c != "version"] for t, cols in tables.items()
            if t != "history"}
    before = rows(path, kept)
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
        assert "history" not in tables_of(con)
        assert not [t for t in tables_of(con) if "version" in
                    [r[1] for r in con.execute(f'PRAGMA table_info("{t}")')]]
        assert con.execute("PRAGMA user_version").fetchone()[0] == int(BEFORE)
    finally:
        con.close()
    assert rows(path, kept) == before


def _records(tables: dict[str, list[str]]) -> dict[str, list[str]]:
    """The tables of records (the search index's, built from them, left out)."""
    return {t: c for t, c in tables.items() if not t.startswith("search_")}
