"""``check`` on symbols: a document on two meetings is an error, another series a warning."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from safety_support import run_here

from msmedesk.checks import check_data_file, check_with_warnings
from msmedesk.db.engine import open_data_file
from msmedesk.domain import Meeting
from msmedesk.records import Services
from msmedesk.validation import ValidationError


def _raw(path: Path, *statements: str) -> None:
    """Write behind the program's back, as a file from before the rule (or a hand edit)."""
    con = sqlite3.connect(path)
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


# The convening notice of 10 December also on 19 March: a pair the program now refuses.
PAIR = ("UPDATE meetings SET convening_notice_id = (SELECT id FROM documents WHERE symbol = "
        "'INF/MSME/CN/28') WHERE date = '2024-03-19'")
PAIR_LINE = ("Rule broken: INF/MSME/CN/28 is the convening notice of both the meeting of "
             "19 March 2024 and the meeting of 10 December 2024; a document belongs to one "
             "meeting (or to the meetings of one day)")


def test_a_file_holding_a_shared_notice_opens_and_check_names_the_pair(sample_file):
    _raw(sample_file, PAIR)
    assert check_data_file(sample_file) == [PAIR_LINE]
    done = run_here("check", "--db", str(sample_file))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [PAIR_LINE]
    # It opens (the upgrade path of every opening), its records read, and other records
    # can still be written while the pair waits for staff to mend it.
    services = Services(open_data_file(sample_file))
    try:
        march, july, *_ = services.meetings.in_year(2024)
        assert march.convening_notice == "INF/MSME/CN/28"
        services.meetings.update(Meeting(july.date, convening_notice=july.convening_notice,
                                         summary="Edited.", id=july.id))
        with pytest.raises(ValidationError, match="already the convening notice of the "
                                                  "meeting of 10 December 2024"):
            services.meetings.update(Meeting(march.date, convening_notice="INF/MSME/CN/28",
                                             summary="Edited.", id=march.id))
        # Mended: March gets its own notice back, and the file is sound again.
        services.meetings.update(Meeting(march.date, convening_notice="INF/MSME/CN/25/Rev.1",
                                         summary_document=march.summary_document,
                                         id=march.id))
    finally:
        services.close()
    assert check_data_file(sample_file) == []


def test_a_shared_summary_on_the_same_day_is_no_finding(sample_file):
    _raw(sample_file, "INSERT INTO meetings (date, kind, summary_document_id, summary) VALUES "
                      "('2024-12-10', 'thematic', (SELECT id FROM documents WHERE symbol = "
                      "'INF/MSME/R/46'), '')",
         "INSERT INTO meetings (date, kind, summary_document_id, summary) VALUES "
         "('2024-12-11', 'thematic', (SELECT id FROM documents WHERE symbol = "
         "'INF/MSME/R/45'), '')")
    assert check_data_file(sample_file) == [
        "Rule broken: INF/MSME/R/45 is the summary of both the meeting of 18 October 2024 and "
        "the meeting of 11 December 2024; a document belongs to one meeting (or to the "
        "meetings of one day)"]


def test_symbols_of_another_series_are_warnings_and_exit_0(sample_file):
    done = run_here("check", "--db", str(sample_file))
    assert (done.returncode, done.stdout) == (0, f"{sample_file} is sound.\n")  # no warning
    _raw(sample_file,
         "UPDATE documents SET symbol = 'INF/MSME/X' WHERE symbol = 'INF/MSME/CN/27'",
         "INSERT INTO meetings (date, kind, convening_notice_id, summary) VALUES "
         "('2024-10-18', 'thematic', (SELECT id FROM documents WHERE symbol = "
         "'INF/MSME/R/45'), '')",
         "UPDATE documents SET symbol = 'INF/TGE/COM/11' WHERE symbol = 'INF/MSME/W/55'")
    found = check_with_warnings(sample_file)
    assert found.problems == ()
    assert found.warnings == (
        "Warning: The open-ended meeting of 18 October 2024: INF/MSME/X is not a convening "
        "notice (INF/MSME/CN/…)",
        "Warning: The thematic meeting of 18 October 2024: INF/MSME/R/45 is not a convening "
        "notice (INF/MSME/CN/…)",
        "Warning: The proposal INF/TGE/COM/11: INF/TGE/COM/11 is not a proposal "
        "(INF/MSME/W/…)")
    done = run_here("check", "--db", str(sample_file))
    assert done.returncode == 0
    assert done.stdout.splitlines() == [*found.warnings, f"{sample_file} is sound, apart from "
                                                         "the 3 warnings above."]


def test_errors_and_warnings_together_exit_1(sample_file):
    _raw(sample_file, PAIR,
         "UPDATE documents SET symbol = 'INF/MSME/X' WHERE symbol = 'INF/MSME/R/44'")
    done = run_here("check", "--db", str(sample_file))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == PAIR_LINE
    assert lines[1].startswith("Warning: The open-ended meeting of 1 July 2024: INF/MSME/X is "
                               "not a summary")
    assert len(lines) == 2 and "sound" not in done.stdout
