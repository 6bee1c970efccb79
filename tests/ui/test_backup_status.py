"""The window's backups hold the day's work (issue 12.7): on close, every 30 minutes, and the
status bar saying what the newest backup holds."""

from __future__ import annotations

import re
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from msmedesk import app as desk
from msmedesk import auto_backup
from msmedesk.db import backups
from msmedesk.db.backups import BackupError, list_backups

from msmedesk.ui.backend import BackupEntry, BackupStatus
from msmedesk.ui.backup_status import backup_status_text
from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.safety_dialogs import RestoreDialog

from .helpers import Answers, fill_with

TIME = r"\d\d:\d\d"


def _names(backup: Path) -> set[str]:
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        return {row[0] for row in con.execute("SELECT name FROM members")}
    finally:
        con.close()


def _opened(window: MainWindow, qtbot: Any) -> None:
    """Wait for the opening's backup (the day's first, in the background) to be shown."""
    qtbot.waitUntil(lambda: re.fullmatch(f"Last backup {TIME}, after your latest change",
                                         window.backup_label.text()) is not None,
                    timeout=20000)


def _add_member(window: MainWindow, answers: Answers, name: str) -> None:
    answers.fill = fill_with({"name": name}, keep=False)
    window.show_tab("members").new_record()


def _reasons(window: MainWindow) -> list[str]:
    return [b.reason for b in window.backend.list_backups()]


def _periodic(window: MainWindow, qtbot: Any) -> bool:
    before = len(window.backend.list_backups())
    started = window.periodic_backup()
    if started:
        qtbot.waitUntil(lambda: not window.backend.backup_status().saving
                        and len(window.backend.list_backups()) > before, timeout=20000)
    return started


def test_an_edit_then_close_makes_a_backup_holding_the_edit(
        window: MainWindow, answers: Answers, qtbot: Any) -> None:
    _opened(window, qtbot)
    folder = window.backend.backup_dir
    _add_member(window, answers, "Atlantis")
    window.close()
    newest = list_backups(folder)[0]
    assert newest.reason == "on-close"
    assert "Atlantis" in _names(newest.path)
    assert answers.errors == []
    assert not window.isVisible()


def test_the_window_keeps_running_and_says_so_while_the_backup_on_close_is_made(
        window: MainWindow, answers: Answers, qtbot: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _opened(window, qtbot)
    _add_member(window, answers, "Atlantis")
    release = threading.Event()
    real = backups.make_backup

    def slow(*args: Any, **kwargs: Any) -> Path:
        # Released by a timer of the window's thread: only a window whose events keep
        # running meanwhile (it paints, it is not stuck) gets there.
        assert release.wait(20)
        return real(*args, **kwargs)

    seen: list[str] = []

    def look() -> None:
        seen.append(window.backup_label.text())
        release.set()

    monkeypatch.setattr(auto_backup.backups, "make_backup", slow)
    QTimer.singleShot(100, look)
    window.close()
    assert seen == ["Saving a backup…"]
    assert answers.errors == []
    assert window.backend is not None and _reasons(window)[0] == "on-close"


def test_a_close_without_changes_makes_no_backup(window: MainWindow, answers: Answers,
                                                 qtbot: Any) -> None:
    _opened(window, qtbot)
    folder = window.backend.backup_dir
    window.close()
    assert [b.reason for b in list_backups(folder)] == ["daily"]


def test_the_periodic_handler_backs_up_after_changes_only(
        window: MainWindow, answers: Answers, qtbot: Any) -> None:
    _opened(window, qtbot)
    assert window.backup_timer.isActive()
    assert window.backup_timer.interval() == 30 * 60 * 1000
    assert _periodic(window, qtbot) is False
    assert _reasons(window) == ["daily"]
    _add_member(window, answers, "Atlantis")
    assert _periodic(window, qtbot) is True
    newest = window.backend.list_backups()[0]
    assert newest.reason == "periodic" and "Atlantis" in _names(newest.path)
    assert _periodic(window, qtbot) is False
    assert _reasons(window) == ["periodic", "daily"]


def test_the_periodic_timer_fires_on_its_own(sample_file: Path, settings: Any,
                                             answers: Answers, qtbot: Any) -> None:
    window = MainWindow(desk.connect(sample_file), desk.connect, settings, answers,
                        backup_interval_ms=50)
    qtbot.addWidget(window)
    _opened(window, qtbot)
    _add_member(window, answers, "Atlantis")
    qtbot.waitUntil(lambda: "periodic" in _reasons(window), timeout=20000)
    window.close()


def test_the_status_bar_says_what_the_newest_backup_holds(
        window: MainWindow, answers: Answers, qtbot: Any,
        monkeypatch: pytest.MonkeyPatch) -> None:
    label = window.backup_label
    _opened(window, qtbot)
    _add_member(window, answers, "Atlantis")
    assert re.fullmatch(f"Last backup {TIME}, before today's changes", label.text())
    # While a backup is being made, the status bar says so.
    release = threading.Event()
    real = backups.make_backup

    def slow(*args: Any, **kwargs: Any) -> Path:
        assert release.wait(20)
        return real(*args, **kwargs)

    monkeypatch.setattr(auto_backup.backups, "make_backup", slow)
    assert window.periodic_backup() is True
    assert label.text() == "Saving a backup…"
    release.set()
    qtbot.waitUntil(lambda: label.text() != "Saving a backup…", timeout=20000)
    assert re.fullmatch(f"Last backup {TIME}, after your latest change", label.text())
    _add_member(window, answers, "Lemuria")
    assert re.fullmatch(f"Last backup {TIME}, before your latest changes", label.text())
    window.about()
    assert "before your latest changes" in answers.infos[-1]


def test_status_text_in_each_state() -> None:
    now = datetime(2024, 6, 27, 18, 0)
    morning = datetime(2024, 6, 27, 9, 5)
    assert backup_status_text(BackupStatus(None), now) == "No backup yet"
    assert backup_status_text(BackupStatus(morning, "daily", changed=False), now) == \
        "Last backup 09:05, after your latest change"
    assert backup_status_text(BackupStatus(morning, "daily", changed=True), now) == \
        "Last backup 09:05, before today's changes"
    assert backup_status_text(BackupStatus(morning.replace(hour=17, minute=42), "periodic",
                                           changed=True), now) == \
        "Last backup 17:42, before your latest changes"
    older = datetime(2024, 6, 3, 17, 42)
    assert backup_status_text(BackupStatus(older, "on-close", changed=False), now) == \
        "Last backup 3 June 17:42, after your latest change"
    # The day's first backup of an older day holds nothing of today's either.
    assert backup_status_text(BackupStatus(older, "daily", changed=True), now) == \
        "Last backup 3 June 17:42, before your latest changes"
    assert backup_status_text(BackupStatus(datetime(2023, 12, 1, 8, 0), "manual",
                                           changed=True), now) == \
        "Last backup 1 December 2023 08:00, before your latest changes"
    assert backup_status_text(BackupStatus(morning, "daily", saving=True), now) == \
        "Saving a backup…"
    assert backup_status_text(BackupStatus(morning, "daily", known=False), now) == \
        "Last backup 09:05"


def test_a_failed_backup_on_close_is_told_and_the_window_closes(
        window: MainWindow, answers: Answers, qtbot: Any, sample_file: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    _opened(window, qtbot)
    _add_member(window, answers, "Atlantis")

    def full(*_args: Any, **_kwargs: Any) -> Path:
        raise BackupError("Cannot back up the data file: the disk is full.")

    monkeypatch.setattr(auto_backup.backups, "make_backup", full)
    window.close()
    assert not window.isVisible()
    assert answers.errors == ["No backup of sample.sqlite was made on closing. Cannot back up "
                              "the data file: the disk is full. Your changes are saved in "
                              "sample.sqlite itself."]
    desk.connect(sample_file).close()  # the lock was given up


def test_restore_list_names_the_new_reasons(window: MainWindow, qtbot: Any) -> None:
    made = datetime(2024, 6, 27, 17, 42)
    entries = [BackupEntry(Path(f"/b/x.{reason}.sqlite"), made, reason, 2048)
               for reason in ("on-close", "periodic", "daily")]
    dialog = RestoreDialog(window, window.backend, entries)
    qtbot.addWidget(dialog)
    assert [dialog.table.item(row, 1).text() for row in range(3)] == [
        "Automatic, when the window closed after changes",
        "Automatic, while changes were being made (every 30 minutes)",
        "Automatic (first opening of the day)"]
