"""Backups hold the day's work (issue 12.7): the decision and the backend's three backups."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from msmedesk import app as desk
from msmedesk import auto_backup
from msmedesk.auto_backup import records_changed
from msmedesk.db import backups
from msmedesk.db.backups import BackupError, list_backups
from msmedesk.db.safety import open_for_writing
from msmedesk.domain import Member
from msmedesk.records import Services

from msmedesk.ui.backend import Backend


def _names(backup: Path) -> set[str]:
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        return {row[0] for row in con.execute("SELECT name FROM members")}
    finally:
        con.close()


def _reasons(folder: Path) -> list[str]:
    return [b.reason for b in list_backups(folder)]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "bk"


@pytest.fixture
def opened(sample_file: Path, folder: Path) -> Iterator[Callable[[], Backend]]:
    """Open the sample file as the window does and wait for the opening's backup work."""
    backends: list[Backend] = []
    told: list[str] = []

    def make() -> Backend:
        backend = desk.connect(sample_file, backup_folder=folder)
        backends.append(backend)
        done = threading.Event()
        backend.start_background(told.append, None, done.set)
        assert done.wait(20), told
        return backend

    yield make
    for backend in backends:
        backend.close()
    assert told == []


def _periodic(backend: Backend) -> bool:
    done = threading.Event()
    told: list[str] = []
    started = backend.periodic_backup(told.append, None, done.set)
    if started:
        assert done.wait(20)
    assert told == []
    return started


def test_the_decision() -> None:
    """Changed when the count moved past what the newest backup holds, or that is unknown."""
    assert records_changed(0, 0) is False
    assert records_changed(5, 5) is False
    assert records_changed(6, 5) is True
    assert records_changed(0, None) is True


def test_periodic_backup_only_after_changes_and_it_holds_them(
        opened: Callable[[], Backend], folder: Path) -> None:
    backend = opened()
    status = backend.backup_status()
    assert (status.reason, status.changed) == ("daily", False)
    assert _periodic(backend) is False  # nothing changed since the day's first backup
    assert _reasons(folder) == ["daily"]
    backend.services.members.create(Member(name="Atlantis"))
    assert backend.backup_status().changed is True
    assert _periodic(backend) is True
    newest = list_backups(folder)[0]
    assert newest.reason == "periodic" and "Atlantis" in _names(newest.path)
    assert backend.backup_status().changed is False
    assert _periodic(backend) is False
    assert _reasons(folder) == ["periodic", "daily"]


def test_close_backs_up_after_changes_only(opened: Callable[[], Backend], folder: Path) -> None:
    opened().close()
    assert _reasons(folder) == ["daily"]  # a session with no change: no backup on close
    backend = opened()  # today's backup is there: the file is compared with it instead
    assert backend.backup_status().changed is False
    backend.services.members.create(Member(name="Atlantis"))
    assert backend.back_up_on_close() is None
    backend.close()
    newest = list_backups(folder)[0]
    assert newest.reason == "on-close" and "Atlantis" in _names(newest.path)
    assert _reasons(folder) == ["on-close", "daily"]


def test_changes_in_no_backup_from_an_earlier_session_count(
        opened: Callable[[], Backend], sample_file: Path, folder: Path) -> None:
    """A session that crashed (or msmedesk import) left changes newer than every backup."""
    backups.make_backup(sample_file, "daily", folder)
    with open_for_writing(sample_file, backup=False) as writer:  # no backup on its close
        Services(writer.engine).members.create(Member(name="Atlantis"))
    backend = opened()
    assert _reasons(folder) == ["daily"]  # today's was made already
    assert backend.backup_status().changed is True
    backend.close()
    newest = list_backups(folder)[0]
    assert newest.reason == "on-close" and "Atlantis" in _names(newest.path)


def test_a_restore_is_a_change(opened: Callable[[], Backend], folder: Path) -> None:
    backend = opened()
    daily = list_backups(folder)[0].path
    backend.services.members.create(Member(name="Atlantis"))
    backend.restore_backup(daily)
    status = backend.backup_status()
    assert (status.reason, status.changed) == ("before-restore", True)
    backend.close()
    newest = list_backups(folder)[0]
    assert newest.reason == "on-close" and "Atlantis" not in _names(newest.path)


def test_a_failed_backup_on_close_is_a_sentence_and_the_file_is_released(
        opened: Callable[[], Backend], sample_file: Path, folder: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    backend = opened()
    backend.services.members.create(Member(name="Atlantis"))

    def full(*_args: object, **_kwargs: object) -> Path:
        raise BackupError(f"Cannot back up {sample_file} to {folder}: the disk is full.")

    monkeypatch.setattr(auto_backup.backups, "make_backup", full)
    failure = backend.back_up_on_close()
    assert failure == (f"No backup of sample.sqlite was made on closing. Cannot back up "
                       f"{sample_file} to {folder}: the disk is full. Your changes are saved "
                       "in sample.sqlite itself.")
    backend.close()
    desk.connect(sample_file, backup_folder=folder).close()  # the lock was given up


def test_never_two_backups_at_once(opened: Callable[[], Backend], folder: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    backend = opened()
    backend.services.members.create(Member(name="Atlantis"))
    release = threading.Event()
    calls: list[str] = []
    real = backups.make_backup

    def slow(path: Path, reason: str = "manual", *args: object, **kwargs: object) -> Path:
        calls.append(reason)
        assert release.wait(20)
        return real(path, reason, *args, **kwargs)

    monkeypatch.setattr(auto_backup.backups, "make_backup", slow)
    done = threading.Event()
    assert backend.periodic_backup(lambda _text: None, None, done.set) is True
    assert backend.backup_status().saving is True
    assert backend.periodic_backup(lambda _text: None, None, None) is False
    release.set()
    assert done.wait(20)
    assert calls == ["periodic"]
    assert backend.backup_status().saving is False


def test_a_failed_periodic_backup_is_told_once(opened: Callable[[], Backend], folder: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """Told in a sentence the first time; then msmedesk keeps trying without asking again."""
    backend = opened()
    backend.services.members.create(Member(name="Atlantis"))

    def full(*_args: object, **_kwargs: object) -> Path:
        raise BackupError(f"Cannot back up sample.sqlite to {folder}: the disk is full.")

    monkeypatch.setattr(auto_backup.backups, "make_backup", full)
    told: list[str] = []
    for _attempt in range(2):
        done = threading.Event()
        assert backend.periodic_backup(told.append, None, done.set) is True
        assert done.wait(20)
    assert told == [f"The automatic backup of sample.sqlite could not be made: Cannot back up "
                    f"sample.sqlite to {folder}: the disk is full. Your changes are saved in "
                    "the data file itself; msmedesk tries again in 30 minutes and when the "
                    "window closes."]
    status = backend.backup_status()
    assert (status.changed, status.saving) == (True, False)
    monkeypatch.undo()
