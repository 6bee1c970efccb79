"""Every backup real, no half-written data file (issue 13, items 2, 5 and 12).

A backup is verified before it is kept: SQLite's integrity check on the copy, then the
rows of every table against the source. A damaged source is refused with the way to rescue
it. A data file being created (an import into a new path) is built under a hidden name and
linked into place whole; a file killed with its records in its ``-wal`` is recovered.
"""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from safety_support import (
    PYTHON,
    REPO,
    corrupt_middle_page,
    digest,
    export_json,
    run_here,
    sample_file,
    write_archive,
)

from msmedesk.checks import check_data_file
from msmedesk.db import files, health
from msmedesk.db.backups import list_backups, make_backup
from msmedesk.db.engine import DataFileError, copy_database, inspect_file
from msmedesk.db.health import DataFileDamaged


def _one_line(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 1, (done.stdout, done.stderr)
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in done.stderr, done.stderr
    return lines[0]


def _hidden(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith("."))


# ---------------------------------------------------------------- backups verified


def test_backup_of_a_damaged_file_is_refused_and_the_good_copy_kept(tmp_path: Path) -> None:
    damaged = sample_file(tmp_path / "damaged.sqlite")
    corrupt_middle_page(damaged)
    good = sample_file(tmp_path / "good-copy.sqlite")
    before = digest(good)
    err = _one_line(run_here("backup", str(good), "--force", "--db", str(damaged)))
    assert "damaged.sqlite is damaged" in err and "no backup was made" in err, err
    rescued = damaged.with_name("damaged-rescued.sqlite")
    assert f"msmedesk rescue {damaged} {rescued}" in err, err
    assert digest(good) == before
    assert check_data_file(good) == []
    assert _hidden(tmp_path) == []  # no half-made copy left either
    # Nor under a new name: nothing appears.
    err = _one_line(run_here("backup", str(tmp_path / "new.sqlite"), "--db", str(damaged)))
    assert "msmedesk rescue" in err
    assert not (tmp_path / "new.sqlite").exists()


def test_a_copy_that_lacks_rows_is_not_kept(tmp_path: Path, monkeypatch) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    real = files.table_counts

    def one_more_meeting(con: sqlite3.Connection) -> dict[str, int]:
        counts = real(con)
        if "meetings" in counts and con.execute("PRAGMA query_only").fetchone()[0]:
            counts["meetings"] += 1  # the source (read query-only) claims a row the copy lacks
        return counts

    monkeypatch.setattr(files, "table_counts", one_more_meeting)
    dest = tmp_path / "copy.sqlite"
    with pytest.raises(DataFileError, match="holds 4 rows of meetings where the file holds 5"):
        copy_database(path, dest)
    assert not dest.exists()
    with pytest.raises(DataFileError):
        make_backup(path, "manual", tmp_path / "bk")
    assert list_backups(tmp_path / "bk") == []
    err = _one_line(run_here("backup", str(dest), "--db", str(path)))
    assert "was not kept" in err and not dest.exists()


def test_automatic_backup_of_a_damaged_file_names_the_rescue(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    corrupt_middle_page(path)
    with pytest.raises(DataFileDamaged):
        make_backup(path, "daily", tmp_path / "bk")
    assert list_backups(tmp_path / "bk") == []
    assert _hidden(tmp_path / "bk") == []
    assert "msmedesk rescue" in health.rescue_hint(path)


def test_window_back_up_refuses_a_damaged_file(tmp_path: Path) -> None:
    from msmedesk.app import FileDamaged, connect

    path = sample_file(tmp_path / "d.sqlite")
    backend = connect(path, backup_folder=tmp_path / "bk")
    try:
        corrupt_middle_page(path)
        dest = tmp_path / "copy.sqlite"
        with pytest.raises(FileDamaged, match="no backup was made"):
            backend.back_up(dest)
        assert not dest.exists()
    finally:
        backend.close()


# ---------------------------------------------------------------- a new file appears whole


def _dangling_archive(tmp_path: Path) -> Path:
    data = export_json(sample_file(tmp_path / "src" / "s.sqlite"))
    data["proposals"][0]["proponents"] = ["Atlantis"]
    return write_archive(tmp_path / "dangling.json", data)


def test_refused_import_into_a_missing_path_leaves_no_file(tmp_path: Path) -> None:
    archive = _dangling_archive(tmp_path)
    target = tmp_path / "new" / "folder" / "d.sqlite"
    err = _one_line(run_here("import", str(archive), "--db", str(target)))
    assert "Atlantis" in err
    assert not (tmp_path / "new").exists()  # neither the file nor the folders it made
    flat = tmp_path / "d.sqlite"
    _one_line(run_here("import", str(archive), "--db", str(flat)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dangling.json", "src"]


def test_import_into_a_new_path_is_whole_and_private(tmp_path: Path, monkeypatch) -> None:
    from msmedesk import archive as archive_module

    archive = write_archive(tmp_path / "a.json",
                            export_json(sample_file(tmp_path / "src" / "s.sqlite")))
    target = tmp_path / "d.sqlite"
    real, seen = archive_module.import_data, []

    def watched(*args, **kwargs):
        seen.append(os.path.lexists(target))  # while it is being filled
        return real(*args, **kwargs)

    monkeypatch.setattr(archive_module, "import_data", watched)
    old = os.umask(0)
    try:
        done = run_here("import", str(archive), "--db", str(target))
    finally:
        os.umask(old)
    assert done.returncode == 0, done.stderr
    assert seen == [False]  # the file got its name only once complete
    assert os.stat(target).st_mode & 0o777 == 0o600
    assert not Path(f"{target}-wal").exists()  # checkpointed before it got its name
    assert export_json(target) == json.loads(archive.read_text())
    assert _hidden(tmp_path) == []


def test_second_import_into_one_new_path_is_refused_not_lost(tmp_path: Path,
                                                              monkeypatch) -> None:
    from msmedesk import archive as archive_module

    data = export_json(sample_file(tmp_path / "src" / "s.sqlite"))
    archive = write_archive(tmp_path / "a.json", data)
    target = tmp_path / "d.sqlite"
    first = sample_file(tmp_path / "first.sqlite")
    real = archive_module.import_data

    def meanwhile(*args, **kwargs):
        result = real(*args, **kwargs)
        os.link(first, target)  # the other import put its file in place first
        return result

    monkeypatch.setattr(archive_module, "import_data", meanwhile)
    before = digest(first)
    err = _one_line(run_here("import", str(archive), "--db", str(target)))
    assert "appeared while it was being created here" in err and "nothing was written" in err, err
    assert digest(target) == before  # the first one's file, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json", "d.sqlite",
                                                          "first.sqlite", "src"]


_KILLED_IMPORT = """
import os, signal, sys
from pathlib import Path
from msmedesk import archive, cli
real = archive.import_data
def import_then_die(*args, **kwargs):
    result = real(*args, **kwargs)
    os.kill(os.getpid(), signal.SIGKILL)
archive.import_data = import_then_die
cli.main(["import", sys.argv[1], "--db", sys.argv[2]])
"""


def test_import_into_a_new_path_killed_leaves_nothing(tmp_path: Path) -> None:
    archive = write_archive(tmp_path / "a.json",
                            export_json(sample_file(tmp_path / "src" / "s.sqlite")))
    target = tmp_path / "d.sqlite"
    done = subprocess.run([PYTHON, "-c", _KILLED_IMPORT, str(archive), str(target)],
                          capture_output=True, text=True, cwd=REPO, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    # Nothing, or a sound file: never a file that msmedesk calls foreign.
    if target.exists():
        assert check_data_file(target) == []
    else:
        assert not Path(f"{target}-wal").exists()
        assert not inspect_file(target).exists


_KILLED_OLD_STYLE = """
import os, signal, sqlite3, sys
from pathlib import Path
from msmedesk import archive
from msmedesk.db.engine import _migrate, make_engine
from msmedesk.records import Services
path = Path(sys.argv[1])
# How msmedesk created a file before: an empty file switched to WAL, then migrated
# and filled, all of it in the -wal; then the process was killed.
con = sqlite3.connect(path)
con.execute("PRAGMA journal_mode = WAL")
engine = make_engine(path)
_migrate(engine)
archive.import_archive(Services(engine), archive.sample_path())
os.kill(os.getpid(), signal.SIGKILL)
"""


@pytest.mark.parametrize("main_file", ["foreign header", "empty"])
def test_file_killed_with_its_records_in_the_wal_is_recovered(tmp_path: Path,
                                                              main_file: str) -> None:
    path = tmp_path / "d.sqlite"
    done = subprocess.run([PYTHON, "-c", _KILLED_OLD_STYLE, str(path)], capture_output=True,
                          text=True, cwd=REPO, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert Path(f"{path}-wal").stat().st_size > 100_000
    if main_file == "empty":
        path.write_bytes(b"")
    expected = export_json(sample_file(tmp_path / "s.sqlite"))
    check = run_here("check", "--db", str(path))
    assert "another program" not in check.stdout + check.stderr
    assert check.returncode == 0, check.stdout
    assert export_json(path) == expected
    assert not Path(f"{path}-wal").exists()  # recovered into the file itself
    done = run_here("import", str(write_archive(tmp_path / "a.json", expected)), "--db",
                    str(path))
    assert done.returncode == 0, done.stderr


def test_a_wal_that_is_not_ours_is_not_called_another_programs(tmp_path: Path) -> None:
    path = tmp_path / "d.sqlite"
    script = ("import os, signal, sqlite3, sys\n"
              "con = sqlite3.connect(sys.argv[1])\n"
              "con.execute('PRAGMA journal_mode = WAL')\n"
              "con.execute('create table t(x)'); con.commit()\n"
              "os.kill(os.getpid(), signal.SIGKILL)\n")
    subprocess.run([PYTHON, "-c", script, str(path)], capture_output=True, timeout=60)
    path.write_bytes(b"\0" * 4096)  # the header lost too
    before = digest(path), digest(Path(f"{path}-wal"))
    err = _one_line(run_here("export", str(tmp_path / "a.json"), "--db", str(path)))
    assert "another program" not in err and "keep both files" in err, err
    assert (digest(path), digest(Path(f"{path}-wal"))) == before
    assert not (tmp_path / "a.json").exists()


if sys.platform == "win32":  # pragma: no cover - kill -9 and hard links as on POSIX
    pytestmark = pytest.mark.skip("POSIX only")


_GROW_THEN_DIE = """
import os, signal, sqlite3, sys
con = sqlite3.connect(sys.argv[1])
con.execute("PRAGMA wal_autocheckpoint = 0")  # everything stays in the -wal
con.execute("UPDATE meetings SET summary = summary || ' ' || ? ", ["grown " * 12000])
con.commit()
os.kill(os.getpid(), signal.SIGKILL)
"""


def _write_first_page_from_wal(path: Path) -> None:
    """Do what a checkpoint does first, and no more: the -wal's newest page 1 into the file."""
    wal = Path(f"{path}-wal").read_bytes()
    page_size = int.from_bytes(wal[8:12], "big")
    newest = None
    for at in range(32, len(wal) - 24 - page_size + 1, 24 + page_size):
        if int.from_bytes(wal[at:at + 4], "big") == 1:
            newest = wal[at + 24:at + 24 + page_size]
    assert newest is not None
    with path.open("r+b") as fh:
        fh.write(newest)


def test_a_file_killed_in_the_middle_of_a_checkpoint_is_read_with_its_wal(
        tmp_path: Path) -> None:
    """Killed after a checkpoint wrote the new first page (which counts the pages the
    file is growing to) but not the pages at the end: the -wal completes the file, so it
    is read whole, not called damaged."""
    path = sample_file(tmp_path / "d.sqlite")
    done = subprocess.run([PYTHON, "-c", _GROW_THEN_DIE, str(path)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == -signal.SIGKILL, done.stderr
    short = path.stat().st_size
    _write_first_page_from_wal(path)
    header = path.read_bytes()[:100]
    claimed = int.from_bytes(header[28:32], "big") * int.from_bytes(header[16:18], "big")
    assert path.stat().st_size == short < claimed  # the state a cut checkpoint leaves
    check = run_here("check", "--db", str(path))
    assert check.returncode == 0, check.stdout + check.stderr
    meetings = export_json(path)["meetings"]
    assert meetings and all(m["summary"].endswith("grown ") for m in meetings)
