"""app.py's safety wiring: the opener's options and the failures it turns into plain words."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from msmedesk import app as desk
from msmedesk.db import backups, lock

from msmedesk.ui.backend import ActionFailed, FileDamaged, FileLocked


def test_a_second_window_is_told_who_holds_the_file(sample_file: Path) -> None:
    """A second opener gets FileLocked naming this process; read-only still opens."""
    first = desk.connect(sample_file)
    try:
        with pytest.raises(FileLocked, match=r"is open in msmedesk, process \d+ on host") as exc:
            desk.connect(sample_file)
        assert exc.value.other_host is False
        reader = desk.connect(sample_file, read_only=True)
        try:
            assert reader.readonly
            assert reader.services.members.total() == first.services.members.total()
            with pytest.raises(ActionFailed, match="read-only"):
                reader.import_archive(sample_file, lambda d, t: True)
            with pytest.raises(ActionFailed, match="read-only"):
                reader.restore_backup(sample_file)
        finally:
            reader.close()
    finally:
        first.close()


def test_force_breaks_only_another_hosts_lock(sample_file: Path) -> None:
    holder = lock.LockHolder("far-away-pc", 4242, "clerk", None)
    lock.lock_path(sample_file).write_bytes(lock._content(holder))
    with pytest.raises(FileLocked) as exc:
        desk.connect(sample_file)
    assert exc.value.other_host is True
    backend = desk.connect(sample_file, force=True)
    try:
        assert not backend.readonly
        assert lock.read_holder(sample_file).host != "far-away-pc"
    finally:
        backend.close()


def test_backup_folder_restore_and_list(sample_file: Path, tmp_path: Path) -> None:
    """backup_folder is used; back_up_now, list_backups and restore_backup work together."""
    folder = tmp_path / "chosen"
    backend = desk.connect(sample_file, backup_folder=folder)
    try:
        assert backend.backup_dir == folder
        backend.back_up_now(None)
        listed = backend.list_backups()
        assert [b.reason for b in listed] == ["manual"] and listed[0].size > 0
        assert backend.last_backup() is not None
        members = backend.services.members.total()
        first = backend.services.members.list()[0]
        backend.services.members.delete(first.id)
        summary = backend.restore_backup(listed[0].path)
        assert "now holds the records of" in summary
        assert backend.services.members.total() == members
        assert {b.reason for b in backend.list_backups()} == {"manual", "before-restore"}
        moved = tmp_path / "moved"
        assert backend.set_backup_dir(moved) == moved and backend.backup_dir == moved
        backend.back_up_now(None)
        assert [b.reason for b in backend.list_backups()] == ["manual"]
    finally:
        backend.close()


def test_damage_is_diagnosed_with_the_newest_backup(sample_file: Path) -> None:
    backend = desk.connect(sample_file)
    try:
        made = backups.make_backup(sample_file, "manual", backend.backup_dir)
        damage = backend.diagnose(sqlite3.DatabaseError("database disk image is malformed"))
        assert damage is not None and damage.newest is not None
        assert damage.newest[0] == made and damage.findings
        assert backend.diagnose(ValueError("not damage")) is None
    finally:
        backend.close()


def test_a_damaged_file_is_restored_by_the_opener(sample_file: Path) -> None:
    """FileDamaged names the newest backup; opening with restore= brings it back."""
    made = backups.make_backup(sample_file, "manual", sample_file.parent / "backups")
    con = sqlite3.connect(sample_file)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with sample_file.open("r+b") as fh:
        fh.seek(100)
        fh.write(b"\xff" * 400)
    with pytest.raises(FileDamaged) as exc:
        desk.connect(sample_file, False)
    assert exc.value.damage.newest is not None and exc.value.damage.newest[0] == made
    backend = desk.connect(sample_file, False, restore=made)
    try:
        assert backend.services.members.total() > 0
    finally:
        backend.close()
    kept = list((sample_file.parent / "backups").glob("*.before-restore.damaged"))
    assert kept, "the damaged file is kept byte for byte before it is replaced"


def test_excepthook_lets_the_window_handle_damage(tmp_path: Path) -> None:
    """A damage error goes to the window's handler (logged, no generic message)."""
    shown: list[str] = []
    handled: list[BaseException] = []

    def handle(exc: BaseException) -> bool:
        handled.append(exc)
        return "malformed" in str(exc)

    hook = desk.make_excepthook(tmp_path / desk.ERROR_LOG, shown.append, handle)
    error = sqlite3.DatabaseError("database disk image is malformed")
    hook(type(error), error, None)
    assert handled == [error] and shown == []
    assert "malformed" in (tmp_path / desk.ERROR_LOG).read_text(encoding="utf-8")
    other = RuntimeError("boom")
    hook(type(other), other, None)
    assert len(shown) == 1 and "boom" in shown[0]


def test_the_window_never_backs_up_or_exports_onto_a_data_file_in_use(
        sample_file: Path, tmp_path: Path) -> None:
    """Whatever the save dialog was told: not the open file (any spelling), not a locked one."""
    backend = desk.connect(sample_file, backup_folder=tmp_path / "bk")
    other = tmp_path / "other.sqlite"
    backend.back_up(other)
    second = desk.connect(other, backup_folder=tmp_path / "bk")
    link = tmp_path / "link.sqlite"
    link.symlink_to(sample_file)
    try:
        before = {p: p.read_bytes() for p in (sample_file, other)}
        for dest in (sample_file, link, other):
            with pytest.raises(ActionFailed, match="never writes over it"):
                backend.back_up(dest)
            with pytest.raises(ActionFailed, match="never writes over it"):
                backend.export_archive(dest, lambda done, total: True)
        assert {p: p.read_bytes() for p in before} == before
        assert link.is_symlink()
        # Any other file the save dialog asked about is replaced: its question was --force.
        copy, archive = tmp_path / "copy.sqlite", tmp_path / "all.json"
        copy.write_text("an old copy")
        archive.write_text("an old archive")
        assert "copied" in backend.back_up(copy)
        assert "Wrote" in backend.export_archive(archive, lambda done, total: True)
    finally:
        second.close()
        backend.close()
    assert copy.read_bytes().startswith(b"SQLite format 3")
    assert archive.read_text(encoding="utf-8").startswith("{")
