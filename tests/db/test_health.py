"""``msmedesk check``: SQLite's integrity and foreign-key checks plus the domain rules."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest

from msmedesk.checks import check_data_file


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _companions(path: Path) -> list[str]:
    return [s for s in ("-wal", "-shm", "-journal") if Path(str(path) + s).exists()]


def _raw(path: Path, *statements: str) -> None:
    """Write behind the program's back, foreign keys off, as a hand edit would."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA foreign_keys = OFF")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


def test_a_sound_file_has_no_findings_and_is_left_as_it_was(sample_file):
    before = _digest(sample_file)
    assert check_data_file(sample_file) == []
    assert check_data_file(sample_file) == []
    assert _digest(sample_file) == before
    assert _companions(sample_file) == []


def test_an_empty_file_is_sound(data_file):
    assert check_data_file(data_file) == []


def test_a_broken_foreign_key_is_a_finding(sample_file):
    _raw(sample_file, "INSERT INTO proposal_proponents (proposal_id, position, member_id) "
                      "VALUES (1, 5, 9999)")
    findings = check_data_file(sample_file)
    assert len(findings) == 1
    assert findings[0].startswith("Broken reference: proposal_proponents row ")
    assert "members" in findings[0]
    assert "\n" not in findings[0]


def test_broken_domain_rules_are_findings(sample_file):
    # Rules that only Python checks: the symbol grammar (the database refuses only spaces
    # and semicolons), an end before the start, a proposal without proponents.
    _raw(sample_file,
         "UPDATE documents SET symbol = 'bad/symbol!' WHERE symbol = 'G/MA/357'",
         "UPDATE outreach_events SET end_date = '2024-06-01' WHERE date = '2024-06-27' "
         "AND kind = 'award'",
         "DELETE FROM proposal_proponents WHERE proposal_id = "
         "(SELECT p.id FROM proposals p JOIN documents d ON d.id = p.document_id "
         "WHERE d.symbol = 'INF/MSME/W/53')")
    findings = check_data_file(sample_file)
    assert len(findings) == 3, findings
    assert all(f.startswith("Rule broken: ") for f in findings)
    text = "\n".join(findings)
    assert '.symbol: "bad/symbol!" is not a WTO document symbol' in text
    assert ".end_date: 2024-06-01 is before the date 2024-06-27" in text
    assert ".proponents: needs at least one proponent" in text
    for finding in findings:
        record = finding.removeprefix("Rule broken: ").split(".")[0]
        assert record.split("[")[0] in ("documents", "outreach", "proposals")


def test_damage_is_a_finding(sample_file):
    data = bytearray(sample_file.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    # Scribble over the middle of a few b-tree pages (past the schema on page 1).
    for n in range(2, len(data) // page, 3):
        data[n * page + 8:n * page + 64] = b"\xa5" * 56
    sample_file.write_bytes(bytes(data))
    findings = check_data_file(sample_file)
    assert findings
    assert all(f.startswith("Damage: ") for f in findings), findings


@pytest.mark.parametrize("content", [b"", b"hello, world\n" * 20])
def test_not_a_data_file_is_one_finding(tmp_path, content):
    path = tmp_path / "x.sqlite"
    path.write_bytes(content)
    findings = check_data_file(path)
    assert findings == [f"{path} is not an msmedesk data file."]
    assert path.read_bytes() == content


def test_a_missing_file_is_a_finding(tmp_path):
    assert check_data_file(tmp_path / "missing.sqlite") == [
        f"There is no data file at {tmp_path / 'missing.sqlite'}."]
    assert not (tmp_path / "missing.sqlite").exists()


def test_a_saved_search_the_language_cannot_read_is_a_finding(sample_file):
    # Kept by hand (or by a program that knew another field): the file opens, check names it.
    _raw(sample_file,
         "INSERT INTO saved_searches (name, scope, query) VALUES ('Old', 'meetings', "
         "'colour:red')",
         "INSERT INTO saved_searches (name, scope, query) VALUES ('Fine', 'meetings', "
         "'year:2024')")
    findings = check_data_file(sample_file)
    assert len(findings) == 1, findings
    assert findings[0].startswith("Rule broken: saved_searches[")
    assert ".query: There is no field “colour”" in findings[0]
