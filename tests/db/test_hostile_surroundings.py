"""Hostile surroundings (issue 5.6): read-only file, folder or medium, a missing folder, a
path that is a folder, a full disk. Each gets one plain sentence and exit 1, no partial
write, and the file is still sound.

Permissions mean nothing to root, so where the tests run as root the permission cases run
the command line as the unprivileged user ``nobody``, and the read-only medium and the full
disk are small tmpfs mounts. A full disk is also simulated inside SQLite (max_page_count),
which needs no privileges.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from safety_support import digest, export_json, listing, run_here, sample_file
from sqlalchemy import event

from msmedesk import archive
from msmedesk.checks import check_data_file
from msmedesk.db.engine import DataFileError
from msmedesk.db.safety import describe_failure, open_for_writing, open_read_only
from msmedesk.domain import Member
from msmedesk.records import Services

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
WRITERS = ("import", "sample", "restore")


# ---------------------------------------------------------------- surroundings


@contextlib.contextmanager
def tmpfs(folder: Path, size: str) -> Iterator[Path]:
    """A small tmpfs mounted on ``folder`` (skips the test where that is not possible)."""
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0755", "tmpfs",
                           str(folder)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True)


def _remount_read_only(folder: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)


@contextlib.contextmanager
def read_only_view(source: Path, target: Path | None = None,
                   writable_inside: str | None = None) -> Iterator[Path]:
    """``source`` (a file or folder) made read-only at ``target`` (default: in place).

    As root, permissions are no obstacle, so a read-only bind mount does it (writes fail
    with EROFS); ``writable_inside`` names a file inside a folder that stays writable.
    Otherwise plain permissions do it (writes fail with EACCES).
    """
    target = target or source
    if not IS_ROOT:
        if target != source:
            pytest.skip("a separate view needs root")
        mode = source.stat().st_mode
        os.chmod(source, 0o555 if source.is_dir() else 0o400)
        try:
            yield target
        finally:
            os.chmod(source, mode)
        return
    mounts: list[Path] = []

    def mount(*args: str) -> None:
        done = subprocess.run(["mount", *args], capture_output=True, text=True)
        if done.returncode != 0:
            pytest.skip(f"cannot bind-mount here: {done.stderr.strip()}")

    if target != source:
        target.mkdir(parents=True, exist_ok=True)
    try:
        mount("--bind", str(source), str(target))
        mounts.append(target)
        mount("-o", "remount,ro,bind", str(target))
        if writable_inside:
            mount("--bind", str(source / writable_inside), str(target / writable_inside))
            mounts.append(target / writable_inside)
        yield target
    finally:
        for m in reversed(mounts):
            subprocess.run(["umount", str(m)], capture_output=True)


def _one_sentence(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    if done.args[0] == "check":  # check lists its findings on standard output
        assert done.stderr == "" and done.stdout.count("\n") == 1, done.stdout
        return done.stdout
    assert done.stderr.startswith("msmedesk: ") and done.stderr.count("\n") == 1, done.stderr
    return done.stderr


def _archive(tmp: Path, n: int = 3, prefix: str = "Added") -> Path:
    path = tmp / f"{prefix}.json"
    path.write_text(json.dumps({"format": "msmedesk-archive", "version": 1, "members": [
        {"name": f"{prefix} member {i}", "notes": "n" * 2000} for i in range(n)]}))
    os.chmod(path, 0o644)
    return path


def _give(path: Path, user: int | None) -> None:
    if user is not None:
        os.chown(path, user, user)


# ---------------------------------------------------------------- read-only


def test_read_only_medium(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "ro", "4m") as medium:
        path = sample_file(medium / "d.sqlite")
        backup = sample_file(tmp_path / "b.sqlite")
        _remount_read_only(medium)
        before = (digest(path), listing(medium))
        for command in (["import", str(_archive(tmp_path))], ["sample"],
                        ["restore", str(backup)]):
            err = _one_sentence(run_here(*command, "--db", str(path), "--backup-dir",
                                        str(tmp_path / "bk")))
            assert "read-only" in err
        for command in (["export", str(tmp_path / "a.json")],
                        ["report", "--year", "2024", "--format", "md", "-o",
                         str(tmp_path / "r.md")],
                        ["check"], ["backup", str(tmp_path / "copy.sqlite")]):
            done = run_here(*command, "--db", str(path))
            assert done.returncode == 0, (command, done.stderr)
        with pytest.raises(DataFileError, match="read-only"):
            open_for_writing(path, backup_folder=tmp_path / "bk")
        with open_read_only(path) as opened:
            assert Services(opened.engine).members.total() > 50
        assert (digest(path), listing(medium)) == before
        assert check_data_file(path) == []


def test_read_only_file(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    backup = sample_file(tmp_path / "b.sqlite")
    before = digest(path)
    with read_only_view(path):
        for command in (["import", str(_archive(tmp_path))], ["sample"],
                        ["restore", str(backup)]):
            err = _one_sentence(run_here(*command, "--db", str(path), "--backup-dir",
                                        str(tmp_path / "bk")))
            assert f"{path} is read-only" in err, err
            assert not (tmp_path / "d.sqlite.lock").exists()
        done = run_here("export", str(tmp_path / "a.json"), "--db", str(path))
        assert done.returncode == 0, done.stderr
        assert run_here("check", "--db", str(path)).returncode == 0
        with pytest.raises(DataFileError, match="read-only"):
            open_for_writing(path, backup_folder=tmp_path / "bk")
        with open_read_only(path) as opened:
            assert Services(opened.engine).members.total() > 50
        assert digest(path) == before
    assert check_data_file(path) == []
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("d.")) == \
        ["d.sqlite"]


def test_read_only_folder(tmp_path: Path) -> None:
    real = tmp_path / "real"
    path = sample_file(real / "d.sqlite")
    backup = sample_file(tmp_path / "b.sqlite")
    with read_only_view(real, tmp_path / "view" if IS_ROOT else real,
                        writable_inside="d.sqlite") as folder:
        view = folder / "d.sqlite"
        before = (digest(view), listing(folder))
        for command in (["import", str(_archive(tmp_path))], ["sample"],
                        ["restore", str(backup)]):
            err = _one_sentence(run_here(*command, "--db", str(view), "--backup-dir",
                                        str(tmp_path / "bk")))
            assert "read-only" in err, err
        done = run_here("export", str(tmp_path / "a.json"), "--db", str(view))
        assert done.returncode == 0, done.stderr
        assert run_here("check", "--db", str(view)).returncode == 0
        assert (digest(view), listing(folder)) == before
    assert check_data_file(path) == []


def test_unwritable_backup_folder_refuses_writers(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    locked = tmp_path / "bk"
    locked.mkdir()
    before = export_json(path)
    with read_only_view(locked):
        err = _one_sentence(run_here("import", str(_archive(tmp_path)), "--db", str(path),
                                    "--backup-dir", str(locked)))
        assert f"Cannot back up {path} to {locked}: the folder is read-only" in err, err
        assert listing(locked) == []
    assert export_json(path) == before
    assert not (tmp_path / "d.sqlite.lock").exists()


# ---------------------------------------------------------------- missing and wrong paths


def test_missing_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "folder" / "d.sqlite"
    for command in (["export", str(tmp_path / "a.json")], ["check"],
                    ["report", "--year", "2024", "--format", "md", "-o", str(tmp_path / "r")],
                    ["backup", str(tmp_path / "copy.sqlite")]):
        err = _one_sentence(run_here(*command, "--db", str(missing)))
        assert f"There is no data file at {missing}" in err, err
    assert not (tmp_path / "no").exists()  # readers create nothing
    # Writers create the folders, the file private to the user.
    done = run_here("sample", "--db", str(missing))
    assert done.returncode == 0, done.stderr
    assert check_data_file(missing) == []
    # And a backup or restore into a missing folder creates it.
    dest = tmp_path / "new" / "place" / "copy.sqlite"
    assert run_here("backup", str(dest), "--db", str(missing)).returncode == 0
    target = tmp_path / "other" / "e.sqlite"
    done = run_here("restore", str(dest), "--db", str(target))
    assert done.returncode == 0, done.stderr
    assert export_json(target) == export_json(missing)


def test_path_that_is_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "folder.sqlite"
    folder.mkdir()
    (folder / "keep.txt").write_text("mine")
    path = sample_file(tmp_path / "d.sqlite")
    commands = [["export", str(tmp_path / "a.json")], ["check"], ["sample"],
                ["import", str(_archive(tmp_path))],
                ["report", "--year", "2024", "--format", "md", "-o", str(tmp_path / "r")],
                ["backup", str(tmp_path / "copy.sqlite")], ["restore", str(path)]]
    for command in commands:
        err = _one_sentence(run_here(*command, "--db", str(folder)))
        assert "is a folder" in err, (command, err)
    assert sorted(p.name for p in folder.iterdir()) == ["keep.txt"]
    # A folder given as the backup, the archive or the backup folder.
    err = _one_sentence(run_here("restore", str(folder), "--db", str(path)))
    assert "is a folder" in err
    err = _one_sentence(run_here("import", str(folder), "--db", str(path)))
    assert "is a folder" in err
    blocker = tmp_path / "file"
    blocker.write_text("x")
    err = _one_sentence(run_here("backup", str(blocker / "copy.sqlite"), "--db", str(path)))
    assert "Traceback" not in err
    assert check_data_file(path) == []


# ---------------------------------------------------------------- full disk


def test_full_disk_during_an_import(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as disk:
        path = sample_file(disk / "d.sqlite")
        before, names = export_json(path), listing(disk)
        big = _archive(tmp_path, n=1500, prefix="Big")  # ~3 MB of records
        err = _one_sentence(run_here("import", str(big), "--db", str(path), "--backup-dir",
                                    str(tmp_path / "bk")))
        assert "is full" in err, err
        assert export_json(path) == before
        assert check_data_file(path) == []
        assert listing(disk) == names  # no -wal, lock or half-written file left
        # A smaller import still fits afterwards.
        done = run_here("import", str(_archive(tmp_path, n=2)), "--db", str(path),
                       "--backup-dir", str(tmp_path / "bk"))
        assert done.returncode == 0, done.stderr


def test_full_disk_for_the_backup(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "small", "1m") as disk:
        path = sample_file(disk / "d.sqlite")
        filler = disk / "filler"
        with filler.open("wb") as fh:  # leave less room than one copy of the file
            fh.write(b"\0" * (1024 * 1024 - 2 * path.stat().st_size + 64 * 1024))
        before = export_json(path)
        err = _one_sentence(run_here("import", str(_archive(tmp_path)), "--db", str(path)))
        assert "the disk is full" in err, err
        assert export_json(path) == before
        assert not list((disk / "backups").glob("*.part"))
        err = _one_sentence(run_here("backup", str(disk / "copy.sqlite"), "--db", str(path)))
        assert not (disk / "copy.sqlite").exists()
        assert not list(disk.glob("*.part*"))
        # Quite full: not even the lock file fits.
        with contextlib.suppress(OSError), (disk / "filler2").open("wb") as fh:
            while True:
                fh.write(b"\0" * 4096)
                fh.flush()
        err = _one_sentence(run_here("import", str(_archive(tmp_path)), "--db", str(path)))
        assert "full" in err, err
        assert not (disk / "d.sqlite.lock").exists()
        for filler in disk.glob("filler*"):
            filler.unlink()
        assert export_json(path) == before
        assert check_data_file(path) == []


def test_full_disk_simulated_in_sqlite(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    before = export_json(path)
    opened = open_for_writing(path, backup=False)

    def cap(dbapi, _record) -> None:
        pages = dbapi.execute("PRAGMA page_count").fetchone()[0]
        dbapi.execute(f"PRAGMA max_page_count = {pages + 3}")

    opened.engine.dispose()
    event.listen(opened.engine, "connect", cap)
    services = Services(opened.engine)
    try:
        big = _archive(tmp_path, n=200, prefix="Big")
        with pytest.raises(Exception) as info:
            archive.import_archive(services, big)
        sentence = describe_failure(info.value, path)
        assert sentence == (f"The disk holding {path} is full; nothing was written, and the "
                            "file is as it was.")
        with pytest.raises(Exception) as info:
            for i in range(50):
                services.members.create(Member(name=f"Filler {i}", notes="x" * 50_000))
        assert "is full" in (describe_failure(info.value, path) or "")
    finally:
        opened.close()
    after = export_json(path)
    filled = [m for m in after["members"] if m["name"].startswith("Filler")]
    assert {k: v for k, v in after.items() if k != "members"} == \
        {k: v for k, v in before.items() if k != "members"}
    assert not [m for m in after["members"] if m["name"].startswith("Big")]
    # Every edit that was confirmed is whole; the one that did not fit is absent.
    assert all(m["notes"] == "x" * 50_000 for m in filled)
    assert check_data_file(path) == []
