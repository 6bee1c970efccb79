"""Damage found and explained (issue 5.4): check, and opening a damaged file."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from safety_support import (
    cli_in_process,
    corrupt_middle_page,
    digest,
    export_json,
    listing,
    sample_file,
    settle,
)
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from msmedesk.archive import sample_path
from msmedesk.checks import check_data_file
from msmedesk.db.backups import latest_backup, list_backups, make_backup, restore
from msmedesk.db.health import DataFileDamaged, is_damage_error
from msmedesk.db.lock import lock_path
from msmedesk.db.safety import diagnose, open_for_writing, open_read_only
from msmedesk.records import Services


def _corrupt_first_page(path: Path) -> None:
    settle(path)
    with path.open("r+b") as fh:
        fh.seek(100)  # past the header: the schema table's own b-tree page
        fh.write(b"\xff" * 400)


@pytest.mark.parametrize("state", ["settled", "wal-open", "backup-copy"])
def test_check_twice_on_a_sound_file_finds_and_changes_nothing(tmp_path: Path, capsys,
                                                               state: str) -> None:
    path = sample_file(tmp_path / "d" / "d.sqlite")
    writer = None
    if state == "wal-open":  # the window has it open meanwhile
        writer = open_for_writing(path, backup=False)
        Services(writer.engine).members.total()
    elif state == "backup-copy":  # a backup: rollback journal, not WAL
        made = make_backup(path, "manual", tmp_path / "bk")
        path.unlink()
        made.rename(path)
    folder = path.parent
    before = (digest(path), listing(folder))
    for _ in range(2):
        code, out, err = cli_in_process(capsys, "check", "--db", str(path))
        assert (code, err) == (0, "")
        assert out == f"{path} is sound.\n"
    assert (digest(path), listing(folder)) == before
    if writer is not None:
        writer.close()


def test_page_damage_in_the_middle_is_found_one_line_each(tmp_path: Path, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    corrupt_middle_page(path)
    before = (digest(path), listing(tmp_path))
    findings = check_data_file(path)
    assert findings and all("\n" not in f for f in findings)
    assert any(f.startswith("Damage:") for f in findings)
    code, out, err = cli_in_process(capsys, "check", "--db", str(path))
    assert code == 1
    assert out.splitlines() == findings
    assert (digest(path), listing(tmp_path)) == before  # check only reads


def test_damage_in_the_middle_is_found_by_the_days_backup_on_open(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    good = make_backup(path, "manual", tmp_path / "bk", now=datetime(2024, 3, 18, 9, 0))
    corrupt_middle_page(path)
    before = (digest(path), listing(tmp_path / "bk"))
    with pytest.raises(DataFileDamaged) as info:
        open_for_writing(path, backup_folder=tmp_path / "bk")
    assert str(info.value).startswith(f"{path} is damaged: ")
    assert info.value.findings
    # Nothing changed: no damaged copy among the backups, no lock left.
    assert (digest(path), listing(tmp_path / "bk")) == before
    assert not lock_path(path).exists()
    # What the window offers: the newest backup, restored.
    newest, when = latest_backup(tmp_path / "bk", path)
    assert newest == good and when == datetime(2024, 3, 18, 9, 0)
    restore(newest, path, tmp_path / "bk")
    with open_for_writing(path, backup_folder=tmp_path / "bk") as opened:
        assert Services(opened.engine).members.total() > 50
    assert check_data_file(path) == []


def test_damaged_schema_page_is_refused_on_every_open(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    make_backup(path, "daily", tmp_path / "bk")  # today's backup: only the cheap check runs
    _corrupt_first_page(path)
    before = digest(path)
    for opener in (lambda: open_for_writing(path, backup_folder=tmp_path / "bk"),
                   lambda: open_read_only(path)):
        with pytest.raises(DataFileDamaged):
            opener()
    assert digest(path) == before
    assert not lock_path(path).exists()
    assert check_data_file(path)


def test_damage_met_later_is_recognised_and_diagnosed(tmp_path: Path) -> None:
    # With today's backup made, a file damaged since opens; the damage shows on the first
    # read of the damaged page, and the window then asks for a diagnosis.
    path = sample_file(tmp_path / "d.sqlite")
    make_backup(path, "daily", tmp_path / "bk")
    corrupt_middle_page(path, kinds=(0x0D,))  # a page of a table's rows
    with open_for_writing(path, backup_folder=tmp_path / "bk") as opened:
        failure = None
        with opened.engine.connect() as connection:
            tables = connection.execute(text("SELECT name FROM sqlite_master WHERE type = "
                                             "'table'")).scalars().all()
            for table in tables:
                try:
                    connection.execute(text(f'SELECT * FROM "{table}"')).fetchall()
                except DatabaseError as exc:
                    failure = exc
                    break
        assert failure is not None
        assert is_damage_error(failure)
    assert diagnose(path)
    assert not is_damage_error(ValueError("malformed JSON"))
    assert not is_damage_error(sqlite3.OperationalError("database is locked"))


def test_readers_on_a_damaged_file_say_so_in_one_sentence(tmp_path: Path, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    backup = make_backup(path, "manual", tmp_path / "bk")
    corrupt_middle_page(path)
    code, out, err = cli_in_process(capsys, "export", str(tmp_path / "a.json"), "--db", str(path),)
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "damaged" in err
    code, out, err = cli_in_process(capsys, "import", str(sample_path()), "--db", str(path),
                          "--backup-dir", str(tmp_path / "bk"))
    assert code == 1 and "damaged" in err and err.count("\n") == 1
    assert f"msmedesk restore {backup}" in err
    assert not (tmp_path / "a.json").exists()
    assert [b.path for b in list_backups(tmp_path / "bk")] == [backup]


def test_a_sound_file_survives_the_window_flow_unchanged(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    before = export_json(path)
    with open_for_writing(path, backup_folder=tmp_path / "bk") as opened:
        assert diagnose(path) == []
        assert opened.last_backup() is not None
    assert export_json(path) == before
