"""Issue 13, item 8: reading never writes.

``check``, ``export``, ``report`` and ``backup`` leave the data file and its folder as they
were, read-only or not: a read-only connection used to leave ``-wal`` and ``-shm`` files
beside a 0400 file, and ``check`` and ``backup`` failed in a 0555 folder. Root ignores mode
bits, so as root the file or folder is made read-only through a read-only bind mount.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path
from urllib.parse import quote

import pytest
from safety_support import digest, listing, newer_program, run_here, sample_file
from test_hostile_surroundings import IS_ROOT, read_only_view

from msmedesk.checks import check_with_warnings
from msmedesk.db import header
from msmedesk.db.backups import list_backups
from msmedesk.db.safety import open_for_reading, open_for_writing, open_read_only
from msmedesk.records import Services

# A member committed by a writer that the readers must see.
ATLANTIS = ("INSERT INTO members (name, list_name, sort_name, prose_name, sort_key, counts_as, "
            "notes) VALUES ('Atlantis', 'Atlantis', 'Atlantis', 'Atlantis', 'atlantis', 1, '')")


def readers(out: Path) -> list[list[str]]:
    """Every reading command, each writing (if anything) into ``out``."""
    return [["check"], ["export", str(out / "a.json")],
            ["report", "--year", "2024", "--format", "md", "-o", str(out / "r.md")],
            ["backup", str(out / "copy.sqlite")]]


def state(folder: Path, path: Path) -> tuple:
    """What must not change: the folder's names, the file's bytes and its mtime."""
    return listing(folder), digest(path), path.stat().st_mtime_ns


def members_in(path: Path) -> int:
    """How many members ``path`` holds, read from the file alone (SQLite's immutable mode)."""
    con = sqlite3.connect(f"file:{quote(str(path))}?mode=ro&immutable=1", uri=True)
    try:
        return con.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        con.close()


def run_readers(path: Path, out: Path, members: int | None = None) -> None:
    """Run every reader; each succeeds and the backup and export hold ``members`` members
    (default: those of the main file alone)."""
    members = members_in(path) if members is None else members
    for command in readers(out):
        done = run_here(*command, "--db", str(path))
        assert done.returncode == 0, (command, done.stdout, done.stderr)
    assert members_in(out / "copy.sqlite") == members
    assert len(json.loads((out / "a.json").read_text(encoding="utf-8"))["members"]) == members


def test_readers_leave_a_writable_file_and_folder_as_they_were(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "office" / "d.sqlite")
    out = tmp_path / "out"
    out.mkdir()
    before = state(path.parent, path)
    run_readers(path, out)
    with open_read_only(path) as opened:
        assert Services(opened.engine).members.total() > 50
    assert state(path.parent, path) == before


def test_readers_leave_a_read_only_file_as_it_was(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "office" / "d.sqlite")
    out = tmp_path / "out"
    out.mkdir()
    with read_only_view(path):
        before = state(path.parent, path)
        run_readers(path, out)
        assert state(path.parent, path) == before
    assert listing(path.parent) == ["d.sqlite"]  # no -wal or -shm left for a later import
    done = run_here("import", str(out / "a.json"), "--db", str(path), "--backup-dir",
                    str(tmp_path / "bk"))
    assert done.returncode == 0, done.stderr


def test_readers_work_in_a_read_only_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    sample_file(real / "d.sqlite")
    out = tmp_path / "out"
    out.mkdir()
    with read_only_view(real, tmp_path / "view" if IS_ROOT else real) as folder:
        view = folder / "d.sqlite"
        before = state(folder, view)
        run_readers(view, out)
        assert state(folder, view) == before


def test_a_live_wal_is_read_with_its_last_commit(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "office" / "d.sqlite")
    writer = sqlite3.connect(path)
    try:
        writer.execute("PRAGMA journal_mode = WAL")
        writer.execute("PRAGMA wal_autocheckpoint = 0")  # the commit stays in the -wal
        writer.execute(ATLANTIS)
        writer.commit()
        assert Path(str(path) + "-wal").stat().st_size > 0
        out = tmp_path / "out"
        out.mkdir()
        before = state(path.parent, path)
        run_readers(path, out, members_in(path) + 1)
        names = [m["name"] for m in json.loads((out / "a.json").read_text())["members"]]
        assert "Atlantis" in names
        assert state(path.parent, path) == before
    finally:
        writer.close()


def test_a_crash_left_wal_is_read_and_left_alone(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "office" / "d.sqlite")
    writer = sqlite3.connect(path)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute(ATLANTIS)
    writer.commit()
    # As after kill -9: the -wal and the file stay, the -shm is gone.
    kept = tmp_path / "kept"
    kept.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(str(path) + suffix, str(kept / "d.sqlite") + suffix)
    writer.close()
    path = kept / "d.sqlite"
    out = tmp_path / "out"
    out.mkdir()
    before = state(kept, path)
    run_readers(path, out, members_in(path) + 1)
    names = [m["name"] for m in json.loads((out / "a.json").read_text())["members"]]
    assert "Atlantis" in names
    assert state(kept, path) == before


def test_an_older_schema_is_read_through_a_migrated_copy(tmp_path: Path,
                                                         monkeypatch) -> None:
    today = header.SCHEMA_VERSION
    newer_program(tmp_path / "program", monkeypatch)
    path = sample_file(tmp_path / "office" / "old.sqlite")
    out = tmp_path / "out"
    out.mkdir()
    before = state(path.parent, path)
    run_readers(path, out)
    engine = open_for_reading(path)
    try:
        assert Services(engine).members.total() == members_in(path)
    finally:
        engine.dispose()
    with open_read_only(path) as opened:
        assert Services(opened.engine).members.total() == members_in(path)
    assert check_with_warnings(path).problems == ()
    assert state(path.parent, path) == before
    assert header.inspect_file(path).schema_version == today
    # Opened for writing, it is upgraded, after a backup in the old schema.
    open_for_writing(path, backup_folder=tmp_path / "bk").close()
    assert header.inspect_file(path).schema_version == today + 1
    kept = [b for b in list_backups(tmp_path / "bk", path) if b.reason == "before-upgrade"]
    assert len(kept) == 1 and header.inspect_file(kept[0].path).schema_version == today


@pytest.mark.skipif(IS_ROOT, reason="as root, mode bits are no obstacle (the bind-mount "
                    "tests above cover read-only files and folders)")
def test_readers_leave_a_0400_file_in_a_0555_folder_as_it_was(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "office" / "d.sqlite")
    out = tmp_path / "out"
    out.mkdir()
    os.chmod(path, 0o400)
    os.chmod(path.parent, 0o555)
    try:
        before = state(path.parent, path)
        run_readers(path, out)
        assert state(path.parent, path) == before
    finally:
        os.chmod(path.parent, 0o755)
        os.chmod(path, 0o600)
