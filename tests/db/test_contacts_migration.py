"""Revision 0002 (contacts) on a file of revision 0001 holding records: every record stays
as it was, and the file then takes contacts."""

from __future__ import annotations

from pathlib import Path

from migration_rows import file_of_revision, rows

from msmedesk.db.engine import SCHEMA_VERSION, open_data_file
from msmedesk.db.header import inspect_file
from msmedesk.domain import Contact
from msmedesk.records import Services


def _publication_as_other(table: str, names: str) -> str:
    # A kind added later (0003's "publication") is "other" in a file of 0001.
    return names if table != "outreach_events" else names.replace(
        "kind", "CASE WHEN kind = 'publication' THEN 'other' ELSE kind END")


def test_upgrading_a_0001_file_keeps_every_record(tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = file_of_revision(path, "0001", sample_file, _publication_as_other)
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
