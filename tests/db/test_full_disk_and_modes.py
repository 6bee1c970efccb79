"""A full disk gives no half file and the right reason; private files are private (issue 13).

The full disk is a small tmpfs (CI runs as root; elsewhere these tests are skipped, saying
why). Report (every format), export and backup name the OUTPUT's disk; restore says the
disk is full, not that the backup is unsound; an import into a new path leaves nothing.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
from pathlib import Path

import pytest
from safety_support import export_json, run_here, sample_file, write_archive
from test_hostile_surroundings import tmpfs

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def full_disk(folder: Path, size: str = "300k") -> contextlib.AbstractContextManager[Path]:
    """A small tmpfs on ``folder`` to fill (skips the test where it cannot be mounted)."""
    return tmpfs(folder, size)


def fill(folder: Path) -> None:
    """Write to ``folder`` until its disk has no byte left."""
    with contextlib.suppress(OSError), (folder / "filler").open("ab") as fh:
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()


def _one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


@pytest.mark.parametrize("fmt", ["pdf", "docx", "html", "md"])
def test_report_to_a_full_disk(tmp_path: Path, fmt: str, monkeypatch) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    path = sample_file(tmp_path / "d.sqlite")
    with full_disk(tmp_path / "small") as disk:
        fill(disk)
        out = disk / f"r.{fmt}"
        err = _one_line(run_here("report", "--year", "2024", "--db", str(path), "-o",
                                 str(out)))
        assert f"the disk holding {out} is full" in err, err
        assert str(path) not in err  # the data file's disk is not the full one
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_export_and_backup_to_a_full_disk(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    with full_disk(tmp_path / "small") as disk:
        fill(disk)
        for command, out in (("export", disk / "a.json"), ("backup", disk / "b.sqlite")):
            err = _one_line(run_here(command, str(out), "--db", str(path)))
            assert f"the disk holding {out} is full" in err, (command, err)
            assert str(path) not in err
            assert sorted(p.name for p in disk.iterdir()) == ["filler"]


def test_restore_onto_a_full_disk_says_so(tmp_path: Path) -> None:
    backup = sample_file(tmp_path / "good backup.sqlite")
    with full_disk(tmp_path / "small", "1m") as disk:  # (the sample: 700 KB with its index)
        path = sample_file(disk / "d.sqlite")
        before = export_json(path)
        with (disk / "filler").open("wb") as fh:  # room for the lock, not for a copy
            fh.write(b"\0" * (1024 * 1024 - path.stat().st_size - 40 * 1024))
        err = _one_line(run_here("restore", str(backup), "--db", str(path), "--backup-dir",
                                 str(tmp_path / "bk")))
        assert "is full" in err and "not a sound" not in err, err
        assert export_json(path) == before
        assert sorted(p.name for p in disk.iterdir()) == ["d.sqlite", "filler"]


def test_import_into_a_new_path_on_a_full_disk_leaves_nothing(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "a.json",
                            export_json(sample_file(tmp_path / "s.sqlite")))
    with full_disk(tmp_path / "small", "2m") as disk:
        with (disk / "filler").open("wb") as fh:  # room for an empty data file, not more
            fh.write(b"\0" * ((2048 - 600) * 1024))
        err = _one_line(run_here("import", str(archive), "--db", str(disk / "d.sqlite")))
        assert f"the disk holding {disk / 'd.sqlite'} is full; nothing was written" in err, err
        assert sorted(p.name for p in disk.iterdir()) == ["filler"]


# ---------------------------------------------------------------- private files


def test_exported_archive_is_private_and_a_report_keeps_the_umask(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    old = os.umask(0o002)  # a user whose group may read and write what they make
    try:
        assert run_here("export", str(tmp_path / "a.json"), "--db", str(path)).returncode == 0
        done = run_here("report", "--year", "2024", "--db", str(path), "-o",
                        str(tmp_path / "r.md"))
        assert done.returncode == 0, done.stderr
    finally:
        os.umask(old)
    assert os.stat(tmp_path / "a.json").st_mode & 0o777 == 0o600
    assert os.stat(tmp_path / "r.md").st_mode & 0o777 == 0o664  # staff share the drafts


def test_error_log_is_private(tmp_path: Path) -> None:
    from msmedesk.app import make_excepthook

    log = tmp_path / "msmedesk-errors.log"
    shown: list[str] = []
    old = os.umask(0o022)
    try:
        hook = make_excepthook(log, shown.append)
        try:
            raise RuntimeError("SELECT * FROM members")
        except RuntimeError as exc:
            hook(RuntimeError, exc, exc.__traceback__)
    finally:
        os.umask(old)
    assert "SELECT" in log.read_text(encoding="utf-8") and shown
    assert os.stat(log).st_mode & 0o777 == 0o600
    os.chmod(log, 0o644)  # a log an older msmedesk made world-readable
    hook(RuntimeError, RuntimeError("again"), None)
    assert os.stat(log).st_mode & 0o777 == 0o600


def test_settings_file_is_private(tmp_path: Path, qapp) -> None:
    from PySide6.QtCore import QSettings

    from msmedesk.paths import keep_private

    name = tmp_path / "cfg" / "msmedesk.conf"
    old = os.umask(0o022)
    try:
        settings = QSettings(str(name), QSettings.Format.IniFormat)
        keep_private(settings.fileName())
        settings.setValue("recent/files", [str(tmp_path / "secret.sqlite")])
        settings.sync()
    finally:
        os.umask(old)
    assert "secret.sqlite" in name.read_text(encoding="utf-8")
    assert os.stat(name).st_mode & 0o777 == 0o600
