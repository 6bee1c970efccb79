"""Backups and restore (issue 5.3): when they are made, rotation, restore, privacy."""

from __future__ import annotations

import os
import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from safety_support import (
    cli_in_process,
    corrupt_middle_page,
    digest,
    empty_file,
    export_json,
    sample_file,
)

from msmedesk.checks import check_data_file
from msmedesk.db import connect, header
from msmedesk.db.backups import (
    BackupError,
    backup_on_open,
    latest_backup,
    list_backups,
    make_backup,
    restore,
    rotate,
)
from msmedesk.db.lock import acquire_write_lock, lock_path
from msmedesk.db.safety import open_for_writing
from msmedesk.domain import Member
from msmedesk.records import Services


def _add_member(path: Path, name: str) -> None:
    with open_for_writing(path, backup=False) as opened:
        Services(opened.engine).members.create(Member(name=name))


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# ---------------------------------------------------------------- making backups


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o277])
def test_backup_is_private_checked_and_complete(tmp_path: Path, umask: int) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    old = os.umask(umask)
    try:
        made = make_backup(path, "manual", tmp_path / "bk")
    finally:
        os.umask(old)
    assert _mode(made) == 0o600
    assert _mode(tmp_path / "bk") & 0o077 == 0
    assert made.name.startswith("d.") and made.name.endswith(".manual.sqlite")
    assert check_data_file(made) == []
    assert export_json(made) == export_json(path)
    # One file on its own: no WAL, no leftovers.
    assert sorted(p.name for p in (tmp_path / "bk").iterdir()) == [made.name]


def test_backup_of_a_live_file_holds_every_committed_change(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    with open_for_writing(path, backup=False) as opened:
        Services(opened.engine).members.create(Member(name="Atlantis"))
        made = make_backup(path, "manual", tmp_path / "bk")  # while the writer is open
    names = {m["name"] for m in export_json(made)["members"]}
    assert "Atlantis" in names


def test_backups_go_where_the_user_says(tmp_path: Path, monkeypatch) -> None:
    path = sample_file(tmp_path / "data" / "d.sqlite")
    monkeypatch.delenv("MSMEDESK_BACKUP_DIR", raising=False)
    assert make_backup(path).parent == tmp_path / "data" / "backups"
    monkeypatch.setenv("MSMEDESK_BACKUP_DIR", str(tmp_path / "env"))
    assert make_backup(path).parent == tmp_path / "env"
    assert make_backup(path, folder=tmp_path / "explicit").parent == tmp_path / "explicit"


def test_backup_on_open_is_made_at_most_once_a_day(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    morning = datetime(2024, 3, 19, 9, 0, 0)
    first = backup_on_open(path, folder, now=morning)
    assert first is not None and ".2024-03-19T090000.daily." in first.name
    assert backup_on_open(path, folder, now=morning + timedelta(hours=8)) is None
    assert backup_on_open(path, folder, now=morning + timedelta(days=1)) is not None
    assert backup_on_open(tmp_path / "missing.sqlite", folder) is None


def test_opening_for_writing_makes_the_days_backup(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    with open_for_writing(path, backup_folder=tmp_path / "bk") as opened:
        assert opened.daily_backup is not None
        assert opened.last_backup()[0] == opened.daily_backup
    with open_for_writing(path, backup_folder=tmp_path / "bk") as opened:
        assert opened.daily_backup is None
    assert len(list_backups(tmp_path / "bk")) == 1
    # A new file has nothing to back up.
    with open_for_writing(tmp_path / "new.sqlite", backup_folder=tmp_path / "bk") as opened:
        assert opened.daily_backup is None


def test_backups_made_in_the_same_second_keep_their_order(tmp_path: Path) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    when = datetime(2024, 3, 19, 9, 0, 0)
    made = [make_backup(path, reason, tmp_path / "bk", now=when)
            for reason in ("daily", "before-import", "before-import", "before-restore")]
    assert len(set(made)) == 4
    assert [b.path for b in list_backups(tmp_path / "bk")] == made[::-1]
    assert latest_backup(tmp_path / "bk") == (made[-1], when)


def test_cli_import_backs_up_first_and_every_time(tmp_path: Path, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    archive = tmp_path / "a.json"
    assert cli_in_process(capsys, "export", str(archive), "--db", str(path))[0] == 0
    for _ in range(2):
        code, _, err = cli_in_process(capsys, "import", str(archive), "--db", str(path),
                            "--backup-dir", str(folder))
        assert code == 0, err
    reasons = sorted(b.reason for b in list_backups(folder, path))
    # The day's first open backup stands for the first import's; the second has its own.
    assert reasons == ["before-import", "daily"]
    for b in list_backups(folder):
        assert _mode(b.path) == 0o600


def test_cli_writer_refuses_when_no_backup_can_be_made(tmp_path: Path, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    before = digest(path)
    archive = tmp_path / "a.json"
    archive.write_text('{"format": "msmedesk-archive", "version": 1, "members": '
                       '[{"name": "Atlantis"}]}')
    code, _, err = cli_in_process(capsys, "import", str(archive), "--db", str(path),
                                  "--backup-dir", str(blocker / "sub"))
    assert code == 1
    assert err.startswith(f"msmedesk: Cannot create the backup folder {blocker / 'sub'}")
    assert err.count("\n") == 1
    assert digest(path) == before
    assert not lock_path(path).exists()


def test_upgrade_backup_goes_to_the_backup_folder(tmp_path: Path, monkeypatch) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    before = export_json(path)

    def migrate(engine, target="head"):
        with engine.begin() as connection:
            connection.exec_driver_sql(f"PRAGMA user_version = {current + 1}")

    current = header.SCHEMA_VERSION
    monkeypatch.setattr(header, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(connect, "migrate", migrate)  # (the step that upgrades)
    with open_for_writing(path, backup_folder=tmp_path / "bk"):
        pass
    upgrade = [b for b in list_backups(tmp_path / "bk") if b.reason == "before-upgrade"]
    assert len(upgrade) == 1
    with sqlite3.connect(upgrade[0].path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == current
    assert export_json(upgrade[0].path) == before
    # Never rotated away.
    assert upgrade[0].path not in rotate(tmp_path / "bk", daily=0, monthly=0)
    assert upgrade[0].path.exists()


# ---------------------------------------------------------------- rotation


def _fake(folder: Path, of: str, when: datetime, reason: str = "daily") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{of}.{when:%Y-%m-%dT%H%M%S}.{reason}.sqlite"
    path.write_bytes(b"")
    return path


def test_rotation_keeps_7_daily_and_12_monthly(tmp_path: Path) -> None:
    folder = tmp_path / "bk"
    start = datetime(2023, 1, 1, 8, 0, 0)
    made = []
    for day in range(0, 500, 1):
        for hour in (8, 17):
            made.append(_fake(folder, "d", start + timedelta(days=day, hours=hour - 8)))
    newest = start + timedelta(days=499, hours=9)
    made.append(_fake(folder, "d", newest - timedelta(hours=1), "before-import"))
    other = _fake(folder, "other", start)
    foreign = folder / "notes.txt"
    foreign.write_text("mine")
    upgrade = _fake(folder, "d", start, "before-upgrade")

    removed = rotate(folder, of=tmp_path / "d.sqlite")
    kept = {b.path for b in list_backups(folder, "d")} - {upgrade}
    assert set(removed) | kept == set(made)
    last_day = newest.date()
    # Every backup of the newest day...
    assert {p for p in made if f"{last_day:%Y-%m-%d}T" in p.name} <= kept
    # ...and the newest of each of the 7 latest days and of the 12 latest months.
    by_day: dict = {}
    by_month: dict = {}
    for p in sorted(made):
        stamp = datetime.strptime(p.name.split(".")[1], "%Y-%m-%dT%H%M%S")
        by_day[stamp.date()] = p
        by_month[(stamp.year, stamp.month)] = p
    expected = {by_day[d] for d in sorted(by_day)[-7:]} | {by_month[m] for m in
                                                            sorted(by_month)[-12:]}
    expected |= {p for p in made if f"{last_day:%Y-%m-%d}T" in p.name}
    assert kept == expected
    # 7 daily, the 2 other backups of the newest day, 11 more months (the newest month's
    # newest backup is also the newest daily one).
    assert len(kept) == 7 + 2 + 11
    assert other.exists() and foreign.exists() and upgrade.exists()
    # Rotating again removes nothing more.
    assert rotate(folder, of="d") == []


def test_rotation_counts_days_that_have_backups(tmp_path: Path) -> None:
    # Opened once a month: the 7 daily backups reach back 7 months, not 7 days.
    folder = tmp_path / "bk"
    made = [_fake(folder, "d", datetime(2024, m, 5, 9, 0)) for m in range(1, 13)]
    rotate(folder)
    assert all(p.exists() for p in made)
    made.append(_fake(folder, "d", datetime(2025, 1, 5, 9, 0)))
    rotate(folder)
    assert not made[0].exists() and all(p.exists() for p in made[1:])


def test_periodic_and_on_close_backups_rotate_like_the_others(tmp_path: Path) -> None:
    """Every backup of the latest day is kept; of an older day, the newest: the one made
    when the window closed, which holds that day's work."""
    path = sample_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    monday, tuesday = datetime(2024, 6, 24), datetime(2024, 6, 25)
    made = {}
    for day in (monday, tuesday):
        for reason, hour in (("daily", 9), ("periodic", 11), ("periodic", 15), ("on-close", 17)):
            made[day.date(), hour] = make_backup(path, reason, folder,
                                                 now=day.replace(hour=hour))
    assert [b.reason for b in list_backups(folder)] == ["on-close", "periodic", "periodic",
                                                        "daily", "on-close"]
    assert {p for p in made.values() if p.exists()} == {
        made[monday.date(), 17], *(made[tuesday.date(), h] for h in (9, 11, 15, 17))}


# ---------------------------------------------------------------- restore


def test_restore_puts_the_backup_back_and_keeps_the_current_file(tmp_path: Path,
                                                                 capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    original = export_json(path)
    backup = make_backup(path, "manual", folder)
    _add_member(path, "Atlantis")
    changed = export_json(path)
    assert changed != original

    code, out, err = cli_in_process(capsys, "restore", str(backup), "--db", str(path),
                                    "--backup-dir", str(folder))
    assert code == 0, err
    assert export_json(path) == original
    assert check_data_file(path) == []
    kept = [b for b in list_backups(folder) if b.reason == "before-restore"]
    assert len(kept) == 1 and export_json(kept[0].path) == changed
    assert str(kept[0].path) in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bk", "d.sqlite"]
    assert _mode(path) == 0o600
    assert backup.exists()  # the backup itself is left as it was
    # And the restored file opens for writing as usual.
    _add_member(path, "Lemuria")


def test_restore_into_a_missing_file(tmp_path: Path) -> None:
    source = sample_file(tmp_path / "d.sqlite")
    backup = make_backup(source, "manual", tmp_path / "bk")
    target = tmp_path / "new" / "e.sqlite"
    assert restore(backup, target, tmp_path / "bk") is None
    assert export_json(target) == export_json(source)


def test_restore_refuses_the_unfinished_copy_of_an_interrupted_write(tmp_path: Path) -> None:
    """A hidden temporary left by a killed backup is never put in place, sound or not."""
    source = sample_file(tmp_path / "d.sqlite")
    backup = make_backup(source, "manual", tmp_path / "bk")
    unfinished = tmp_path / ".copy.45586821e2e70ac5.partial.sqlite"
    os.link(backup, unfinished)  # as sound as a backup: only its name says it was not done
    target = sample_file(tmp_path / "e.sqlite")
    before = target.read_bytes()
    with pytest.raises(BackupError, match="unfinished copy of an interrupted write"):
        restore(unfinished, target, tmp_path / "bk")
    assert target.read_bytes() == before


def test_restore_leaves_no_wal_of_the_old_file(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    backup = make_backup(path, "manual", tmp_path / "bk")
    # A writer crashed with changes still in its -wal: they must not leak into the
    # restored file (nor be lost: the before-restore backup has them).
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("UPDATE members SET notes = 'in the wal' WHERE id = 1")
    con.commit()
    wal_bytes = Path(str(path) + "-wal").read_bytes()
    con.close()
    Path(str(path) + "-wal").write_bytes(wal_bytes)  # as a crash would leave it
    restore(backup, path, tmp_path / "bk")
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(str(path) + suffix).exists()
    assert export_json(path) == export_json(backup)
    kept = [b for b in list_backups(tmp_path / "bk") if b.reason == "before-restore"][0]
    notes = {m["name"]: m.get("notes") for m in export_json(kept.path)["members"]}
    assert "in the wal" in notes.values()


@pytest.mark.parametrize("kind", ["json", "garbage", "foreign-sqlite", "damaged", "truncated",
                                  "empty", "folder"])
def test_restore_refuses_what_is_not_a_sound_backup(tmp_path: Path, kind: str,
                                                    capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    bad = tmp_path / "bad.sqlite"
    if kind == "json":
        bad.write_text('{"format": "msmedesk-archive"}')
    elif kind == "garbage":
        bad.write_bytes(os.urandom(8192))
    elif kind == "foreign-sqlite":
        with sqlite3.connect(bad) as con:
            con.execute("CREATE TABLE t (x)")
        con.close()
    elif kind == "damaged":
        sample_file(bad)
        corrupt_middle_page(bad)
    elif kind == "truncated":
        sample_file(bad)
        with bad.open("r+b") as fh:
            fh.truncate(bad.stat().st_size // 2)
    elif kind == "empty":
        bad.write_bytes(b"")
    else:
        bad.mkdir()
    before, listing = digest(path), sorted(p.name for p in tmp_path.iterdir())
    with pytest.raises(BackupError) as info:
        restore(bad, path, tmp_path / "bk")
    assert "\n" not in str(info.value)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == listing
    code, _, err = cli_in_process(capsys, "restore", str(bad), "--db", str(path), "--backup-dir",
                        str(tmp_path / "bk"))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert digest(path) == before


def test_restore_refuses_while_a_reader_has_the_file_open(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    backup = make_backup(path, "manual", tmp_path / "bk")
    reader = sqlite3.connect(path)
    reader.execute("PRAGMA journal_mode = WAL")
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM members").fetchone()
    try:
        before = digest(path)
        with pytest.raises(BackupError, match="in use"):
            restore(backup, path, tmp_path / "bk")
        assert digest(path) == before
    finally:
        reader.close()
    restore(backup, path, tmp_path / "bk")


def test_restore_uses_the_lock_this_process_holds(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    backup = make_backup(path, "manual", tmp_path / "bk")
    with acquire_write_lock(path) as lock:
        restore(backup, path, tmp_path / "bk")
        assert lock.held
    assert not lock_path(path).exists()


def test_restore_of_a_damaged_file_keeps_its_bytes(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    backup = make_backup(path, "manual", tmp_path / "bk")
    corrupt_middle_page(path)
    damaged = path.read_bytes()
    kept = restore(backup, path, tmp_path / "bk")
    assert kept is not None and kept.read_bytes() == damaged
    assert _mode(kept) == 0o600
    assert check_data_file(path) == []
    # The raw copy is never offered as a backup.
    assert kept not in [b.path for b in list_backups(tmp_path / "bk")]
    assert latest_backup(tmp_path / "bk")[0] == backup


def test_half_made_copies_of_a_killed_backup_are_cleared_later(tmp_path: Path) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    folder.mkdir()
    old = folder / "d.2024-03-19T090000.daily.sqlite.part"
    fresh = folder / "d.2024-03-19T090001.daily.sqlite.part"
    other = folder / "e.2024-03-19T090000.daily.sqlite.part"
    for p in (old, fresh, other):
        p.write_bytes(b"half")
    os.utime(old, (1, 1))
    os.utime(other, (1, 1))
    make_backup(path, "manual", folder)
    assert not old.exists()
    assert fresh.exists() and other.exists()  # maybe still being written; not ours


def test_window_restores_while_keeping_its_lock(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    original = export_json(path)
    with open_for_writing(path, backup_folder=folder) as opened:
        Services(opened.engine).members.create(Member(name="Atlantis"))
        kept = opened.restore(opened.daily_backup)
        assert opened.lock.held and lock_path(path).exists()
        assert Services(opened.engine).members.total() == len(original["members"])
        Services(opened.engine).members.create(Member(name="Lemuria"))  # still writable
        with pytest.raises(BackupError):
            opened.restore(tmp_path / "missing.sqlite")
        assert Services(opened.engine).members.total() == len(original["members"]) + 1
    assert "Atlantis" in {m["name"] for m in export_json(kept)["members"]}
    assert not lock_path(path).exists()
