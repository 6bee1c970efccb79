"""The archive on a PostgreSQL server: a bulk import by COPY in one transaction, records
typed afterwards numbered past it, and the same records exported alike from both places."""

from __future__ import annotations

from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.db.engine import open_data_file
from msmedesk.domain import ListQuery, Member, OutreachEvent, PartialDate
from msmedesk.records import Services
from msmedesk.report import write_report
from tests import pg

OUTREACH = {"date": "2023-05", "title": "Event", "kind": "other", "partners": ["ITC"],
            "summary": "A briefing."}


def _large(n: int) -> dict:
    return {"format": "msmedesk-archive", "version": 1,
            "members": [{"name": "Kenya"}, {"name": "Peru"}],
            "organizations": [{"name": "International Trade Centre", "acronym": "ITC"}],
            "outreach": [{**OUTREACH, "title": f"Event {i}"} for i in range(n)]}


def test_a_large_import_on_a_server_then_new_records_follow_it(server_url):
    services = pg.services_for(server_url)
    try:
        result = archive.import_data(services, _large(3000))
        assert result.added["outreach"] == 3000
        assert services.outreach.total() == 3000
        found = services.outreach.list(ListQuery(text="Event 2999"))
        assert services.outreach.get(found[0].id).partners == ("ITC",)
        # The server's sequences were moved past the ids the import gave: a record typed
        # now is saved, not refused as taking an id already used.
        member = services.members.create(Member("Chile"))
        assert member.id == 3
        event = services.outreach.create(OutreachEvent(
            date=PartialDate(2024, 3), title="Another", kind="other"))
        assert event.id == 3001
    finally:
        services.close()


def test_a_cancelled_import_on_a_server_writes_nothing(server_url):
    services = pg.services_for(server_url)
    try:
        with pytest.raises(archive.Cancelled):
            archive.import_data(services, _large(2000), lambda done, total: done < total)
        assert services.is_empty()
    finally:
        services.close()


def test_a_file_and_a_server_with_the_same_records_export_and_report_alike(
        tmp_path: Path, sample_file: Path, pg_cluster: pg.PgCluster,
        pg_sample_template: str) -> None:
    url = pg_cluster.create_database("same_records", template=pg_sample_template)
    on_file, on_server = Services(open_data_file(sample_file)), pg.services_for(url)
    try:
        for name, services in (("file", on_file), ("server", on_server)):
            archive.export_archive(services, tmp_path / f"{name}.json")
            write_report(services, 2024, "md", tmp_path / f"{name}.md")
    finally:
        on_file.close()
        on_server.close()
        pg_cluster.drop_database("same_records")
    assert (tmp_path / "file.json").read_bytes() == (tmp_path / "server.json").read_bytes()
    assert (tmp_path / "file.md").read_text("utf-8") == (tmp_path / "server.md").read_text(
        "utf-8")
