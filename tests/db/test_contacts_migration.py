"""Revision 0002 (contacts) on a file of revision 0001 holding records: every record stays
as it was, and the file then takes contacts."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from migration_rows import columns, rows, tables_of

from msmedesk.db.engine import SCHEMA_VERSION, make_engine, open_data_file
from msmedesk.db.files import migrate
from msmedesk.db.header import inspect_file
from msmedesk.domain import Contact
from msmedesk.records import Services


def _file_of_revision_0001(path: Path, records_from: Path) -> dict[str, list[str]]:
    """A data file made by revision 0001, holding the records of ``records_from`` (every
    column 0001 has); returns its tables and their columns."""
    engine = make_engine(path)
    try:
        migrate(engine, "0001")
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    try:
        tables = {t: columns(con, t) for t in tables_of(con)}
        con.execute("ATTACH DATABASE ? AS src", (str(records_from),))
        for table, cols in tables.items():
            names = ", ".join(cols)
            # A kind added later (0003's "publication") is "other" in a file of 0001.
            chosen = names if table != "outreach_events" else names.replace(
                "kind", "CASE WHEN kind = 'publication' THEN 'other' ELSE kind END")
            con.execute(f'INSERT INTO main."{table}" ({names}) SELECT {chosen} '
                        f'FROM src."{table}"')
        con.commit()
        con.execute("DETACH DATABASE src")
    finally:
        con.close()
    return tables


def test_upgrading_a_0001_file_keeps_every_record(tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = _file_of_revision_0001(path, sample_file)
    assert "contacts" not in tables and "contact_id" not in tables["presentations"]
    assert inspect_file(path).schema_version == 1
    before = rows(path, tables)
    assert len(before["members"]) == 76 and before["presentations"]

    services = Services(open_data_file(path))  # upgrades it, after a backup
    try:
        assert rows(path, tables) == before  # every row of every table, every column
        with services.engine.connect() as c:
            assert c.exec_driver_sql("SELECT count(*) FROM contacts").scalar() == 0
            assert c.exec_driver_sql("SELECT count(*) FROM presentations "
                                     "WHERE contact_id IS NOT NULL").scalar() == 0
        assert services.members.membership_at_end(2024) == 103
        # The upgraded file takes contacts, and names them on presentations.
        member = services.members.list()[0]
        ana = services.contacts.create(Contact("Ana López", member.values[0]))
        assert services.contacts.get(ana.id or 0) == ana
    finally:
        services.close()
    assert inspect_file(path).schema_version == SCHEMA_VERSION  # (the newest revision)
    assert [p for p in path.parent.iterdir() if "before-upgrade" in p.name]
