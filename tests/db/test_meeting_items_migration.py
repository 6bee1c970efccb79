"""Revision 0004 (meeting items) on a file of revision 0003 holding records: every record
stays as it was, an old meeting reads as before, and the file then keeps the new fields."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from migration_rows import file_of_revision, rows

from msmedesk.db.engine import open_data_file
from msmedesk.db.header import inspect_file
from msmedesk.records import Services


def test_upgrading_a_0003_file_keeps_every_record(tmp_path: Path, sample_file: Path) -> None:
    path = tmp_path / "office" / "records.sqlite"
    path.parent.mkdir()
    tables = file_of_revision(path, "0003", sample_file)
    assert "closing" not in tables["meetings"] and "place" not in tables["presentations"]
    assert "subject" not in tables["proposals"]
    before = rows(path, tables)
    assert before["presentations"] and before["spotlights"]

    services = Services(open_data_file(path))  # upgrades it, after a backup
    try:
        assert rows(path, tables) == before  # every row of every table, every column
        meeting = services.meetings.in_year(2024)[1]
        # An old meeting reads as before: no places, no opening, no closing narrative.
        assert meeting.closing == "" and meeting.proposals_order is None
        assert all(p.order is None and p.opening == "" and p.lead_in == ""
                   for p in meeting.presentations)
        assert all(s.order is None for s in meeting.spotlights)
        # The upgraded file keeps the new fields.
        talks = (replace(meeting.presentations[0], opening="yes", lead_in="First."),
                 replace(meeting.presentations[1], order=2), *meeting.presentations[2:])
        changed = replace(meeting, presentations=talks, proposals_order=1,
                          closing="Then it closed.", closing_order=3,
                          spotlights=(replace(meeting.spotlights[0], order=4),))
        saved = services.meetings.update(changed)
        again = services.meetings.get(saved.id or 0)
        assert again.presentations[1].order == 2 and again.presentations[0].opening == "yes"
        assert again.presentations[0].lead_in == "First." and again.spotlights[0].order == 4
        assert (again.proposals_order, again.closing, again.closing_order) == (
            1, "Then it closed.", 3)
        proposal = services.proposals.all()[0]
        services.proposals.update(replace(proposal, subject="to do it"))
        assert services.proposals.get(proposal.id or 0).subject == "to do it"
    finally:
        services.close()
    assert inspect_file(path).schema_version >= 4
