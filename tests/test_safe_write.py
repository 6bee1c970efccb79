"""The safe writer: a unique temporary file renamed into place, nothing left on failure,
no file replaced unasked, and the files that are never written over whatever is asked."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from msmedesk import safe_write
from msmedesk.safe_write import (
    DestinationRefused,
    WriteCancelled,
    choose_destination,
    refusal,
    write_atomically,
)


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_each_write_goes_through_its_own_temporary_file_in_the_folder(tmp_path: Path) -> None:
    """Unique hidden names beside the destination, never DEST.part; only DEST is left."""
    dest = tmp_path / "r.md"
    used: list[Path] = []

    def write(text: str):
        def fill(tmp: Path) -> None:
            used.append(tmp)
            assert not dest.exists() or dest.read_text() != text  # not yet in place
            tmp.write_text(text)
        return fill

    write_atomically(dest, write("first"))
    write_atomically(dest, write("second"), replace=True)
    assert dest.read_text() == "second"
    assert len(set(used)) == 2
    assert all(t.parent == tmp_path and t.name.startswith(".") for t in used)
    assert all(t.name != "r.md.part" for t in used)
    assert _listing(tmp_path) == ["r.md"]


def test_a_user_file_named_like_a_fixed_temporary_name_is_left_alone(tmp_path: Path) -> None:
    """A file the user keeps as DEST.part is neither removed nor written."""
    mine = tmp_path / "copy.sqlite.part"
    mine.write_text("my notes")
    write_atomically(tmp_path / "copy.sqlite", lambda tmp: tmp.write_text("copy"))
    assert mine.read_text() == "my notes"


def test_a_failure_midway_leaves_the_destination_as_it_was(tmp_path: Path) -> None:
    """Half written, then the disk fails: DEST untouched, no temporary file remains."""
    dest = tmp_path / "archive.json"
    dest.write_text("the old archive")

    def half(tmp: Path) -> None:
        with tmp.open("w") as fh:
            fh.write("{\"half\": ")
            fh.flush()
            raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        write_atomically(dest, half, replace=True)
    assert dest.read_text() == "the old archive"
    assert _listing(tmp_path) == ["archive.json"]


def test_an_interrupted_write_leaves_nothing(tmp_path: Path) -> None:
    """Ctrl+C while writing: the name never holds half a file."""
    def interrupted(tmp: Path) -> None:
        tmp.write_text("half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomically(tmp_path / "r.docx", interrupted)
    assert _listing(tmp_path) == []


def test_an_existing_file_is_not_replaced_without_replace(tmp_path: Path) -> None:
    """Without replace, a file found at DEST when the write ends stays as it is."""
    dest = tmp_path / "important.docx"

    def appears(tmp: Path) -> None:
        tmp.write_text("report")
        dest.write_text("the user's letter")  # made by someone else meanwhile

    with pytest.raises(DestinationRefused, match="important.docx"):
        write_atomically(dest, appears)
    assert dest.read_text() == "the user's letter"
    assert _listing(tmp_path) == ["important.docx"]


def test_proceed_can_still_stop_the_write(tmp_path: Path) -> None:
    """A cancel that comes before the rename writes nothing."""
    with pytest.raises(WriteCancelled):
        write_atomically(tmp_path / "a.json", lambda tmp: tmp.write_text("{}"),
                         proceed=lambda: False)
    assert _listing(tmp_path) == []


def _sqlite_file(path: Path, name: str) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (name TEXT)")
    con.execute("INSERT INTO t VALUES (?)", (name,))
    con.commit()
    con.close()


def test_a_replaced_sqlite_file_leaves_no_wal_or_shm_to_mix_in(tmp_path: Path) -> None:
    """The old file's -wal (changes not yet folded in) does not go into the new file."""
    dest = tmp_path / "d.sqlite"
    _sqlite_file(dest, "old")
    writer = sqlite3.connect(dest)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("INSERT INTO t VALUES ('only in the wal')")
    writer.commit()
    saved = {s: Path(f"{dest}{s}").read_bytes() for s in ("-wal", "-shm")}
    writer.close()  # closing folds the WAL in; put it back as a crash would leave it
    for suffix, data in saved.items():
        Path(f"{dest}{suffix}").write_bytes(data)
    source = tmp_path / "new.sqlite"
    _sqlite_file(source, "new")

    write_atomically(dest, lambda tmp: tmp.write_bytes(source.read_bytes()), replace=True)
    assert _listing(tmp_path) == ["d.sqlite", "new.sqlite"]
    con = sqlite3.connect(dest)
    try:
        assert [n for (n,) in con.execute("SELECT name FROM t")] == ["new"]
    finally:
        con.close()


def test_a_folder_gets_a_name_not_yet_taken(tmp_path: Path) -> None:
    """DEST a folder: the default name inside it, or NAME-2, NAME-3 when taken."""
    (tmp_path / "y.sqlite").write_text("kept")
    assert choose_destination(tmp_path, "y.sqlite", replace=False) == tmp_path / "y-2.sqlite"
    (tmp_path / "y-2.sqlite").write_text("kept too")
    assert choose_destination(tmp_path, "y.sqlite", replace=True) == tmp_path / "y-3.sqlite"
    assert choose_destination(tmp_path, "new.json", replace=False) == tmp_path / "new.json"


def test_the_data_file_is_refused_under_every_spelling(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths, symlinks and hard links to the data file are the data file."""
    data = tmp_path / "y.sqlite"
    _sqlite_file(data, "x")
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.sqlite").symlink_to(data)
    os.link(data, tmp_path / "hard.sqlite")
    monkeypatch.chdir(tmp_path / "sub")
    for spelling in (Path("../y.sqlite"), tmp_path / "link.sqlite", tmp_path / "hard.sqlite",
                     tmp_path / "sub" / ".." / "y.sqlite"):
        reason = refusal(spelling, data)
        assert reason is not None and "the data file being read" in reason, spelling
        with pytest.raises(DestinationRefused):
            choose_destination(spelling, "y.sqlite", replace=True, data_file=data)
    assert refusal(tmp_path / "other.sqlite", data) is None


def test_a_data_file_open_for_writing_is_refused(sample_file: Path, tmp_path: Path) -> None:
    """A data file whose lock is held (here by this process) is refused, also by a link."""
    from msmedesk.db.safety import open_for_writing

    os.link(sample_file, tmp_path / "hard-link.sqlite")
    opened = open_for_writing(sample_file, backup_folder=tmp_path / "bk", backup=False)
    try:
        for dest in (sample_file, tmp_path / "hard-link.sqlite"):
            reason = refusal(dest, data_file=None)
            assert reason is not None and "open in msmedesk, process" in reason, dest
    finally:
        opened.close()
    assert refusal(sample_file, data_file=None) is None


def test_a_stale_lock_does_not_refuse(sample_file: Path) -> None:
    """A lock file whose process is gone is no holder."""
    from msmedesk.db import lock

    gone = lock.LockHolder(lock._host(), 2**22 + 12345, "clerk", None)
    lock.lock_path(sample_file).write_bytes(lock._content(gone))
    assert refusal(sample_file) is None


def test_temporary_files_abandoned_long_ago_are_swept(tmp_path: Path) -> None:
    """A killed run's temporary file goes at the next write there; others stay."""
    old = tmp_path / ".r.0123456789abcdef.partial.md"
    fresh = tmp_path / ".r.fedcba9876543210.partial.md"
    users = tmp_path / ".notes.partial.md"
    for path in (old, fresh, users):
        path.write_text("x")
    long_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (long_ago, long_ago))
    os.utime(users, (long_ago, long_ago))
    write_atomically(tmp_path / "a.md", lambda tmp: tmp.write_text("a"))
    assert _listing(tmp_path) == sorted([fresh.name, users.name, "a.md"])
    assert safe_write._TEMP_RE.match(fresh.name)
