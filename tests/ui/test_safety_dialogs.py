"""The window keeps the records safe: a locked file, a damaged file, restore, settings.

Every question goes through the window's ``Prompts``: ``choose`` is answered by the test
(``SafetyAnswers.choice``), forms and dialogs by ``Answers.fill``.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
import subprocess
import sys
import textwrap
from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QDialogButtonBox

from msmedesk import app as desk
from msmedesk.db import backups, lock
from msmedesk.domain import Member

from msmedesk.ui.backend import ActionFailed, Backend
from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.safety_dialogs import (
    BACKUP_FOLDER_KEY,
    BREAK_LOCK,
    READ_ONLY,
    RESCUE,
    RESTORE,
    RestoreDialog,
    SettingsDialog,
    describe_when,
    open_with_choices,
)

from .helpers import Answers


class SafetyAnswers(Answers):
    """Answers that also answer ``choose`` and remember what was offered."""

    def __init__(self) -> None:
        super().__init__()
        self.choice: str | None = None
        self.offered: list[tuple[str, str, list[tuple[str, str]]]] = []

    def choose(self, parent: Any, title: str, text: str,
               choices: Sequence[tuple[str, str]]) -> str | None:
        self.offered.append((title, text, list(choices)))
        assert self.choice is None or self.choice in dict(choices), (self.choice, choices)
        return self.choice


@pytest.fixture
def answers() -> SafetyAnswers:
    return SafetyAnswers()


@pytest.fixture
def make_window(qtbot: Any, settings: QSettings, answers: SafetyAnswers
                ) -> Iterator[Any]:
    """A window on a backend the test opened (through the choices, as app.run does)."""
    windows: list[MainWindow] = []

    def make(backend: Backend) -> MainWindow:
        window = MainWindow(backend, desk.connect, settings, answers)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.backend.close()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _members(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        con.close()


def _settle(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


# ---------------------------------------------------------------- another writer holds it


HOLDER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from msmedesk.db.lock import acquire_write_lock
    held = acquire_write_lock(Path(sys.argv[1]))
    print("holding", flush=True)
    sys.stdin.read()  # until the test closes our stdin
    held.release()
""")


@pytest.fixture
def held_by_other_process(sample_file: Path) -> Iterator[subprocess.Popen[str]]:
    """A real second process holding the sample file's write lock."""
    proc = subprocess.Popen([sys.executable, "-c", HOLDER, str(sample_file)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
        yield proc
    finally:
        assert proc.stdin is not None
        proc.stdin.close()
        proc.wait(timeout=30)


def test_locked_file_offers_read_only_and_the_window_changes_nothing(
        held_by_other_process: subprocess.Popen[str], sample_file: Path,
        answers: SafetyAnswers, make_window: Any, qtbot: Any) -> None:
    """Another live msmedesk holds the file: read-only is offered, breaking it is not."""
    before_members = _members(sample_file)
    answers.choice = READ_ONLY
    backend = open_with_choices(desk.connect, sample_file, True, answers, None)
    assert backend is not None and backend.readonly
    title, text, choices = answers.offered[0]
    assert f"process {held_by_other_process.pid} on host" in text
    assert "is open in msmedesk" in text
    assert [key for key, _ in choices] == [READ_ONLY]  # a live holder here: never broken

    window = make_window(backend)
    assert "(read-only)" in window.windowTitle()
    assert window.mode_label.text().startswith("Read-only")
    assert not window.mode_label.isHidden()
    for action in (window.act_new, window.act_edit, window.act_delete, window.act_import,
                   window.act_restore, window.act_undo, window.act_redo, window.act_group):
        assert not action.isEnabled(), action.text()
    assert window.act_export.isEnabled() and window.act_backup.isEnabled()
    tab = window.show_tab("members")
    assert tab.model.rowCount() == before_members  # the records are there to read
    assert not tab.new_button.isEnabled() and not tab.delete_button.isEnabled()
    assert tab.new_record() is None and tab.delete_selected() is False

    seen: list[bool] = []

    def look(dialog: Any) -> None:  # View…: the form shows the record, OK is off
        ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
        seen.append(ok.isEnabled())
        assert "read-only" in dialog.windowTitle()
        dialog.reject()

    answers.fill = look
    tab.select_row(0)
    tab.edit_selected()
    assert seen == [False]

    with pytest.raises(ActionFailed, match="read-only"):
        window.backend.load_sample(lambda done, total: True)
    with pytest.raises(Exception):  # noqa: B017 (SQLite's own refusal, whatever its type)
        window.backend.services.members.create(Member(name="Atlantis"))
    window.close()
    assert _members(sample_file) == before_members


def test_locked_file_cancel_opens_nothing(held_by_other_process: subprocess.Popen[str],
                                         sample_file: Path, answers: SafetyAnswers) -> None:
    """Cancel leaves the file to its holder: no backend, the holder's lock untouched."""
    answers.choice = None
    assert open_with_choices(desk.connect, sample_file, True, answers, None) is None
    holder = lock.read_holder(sample_file)
    assert holder is not None and holder.pid == held_by_other_process.pid


def _lock_from_another_host(path: Path) -> None:
    holder = lock.LockHolder("pc-17-elsewhere", 1234, "clerk", datetime(2024, 6, 27, 14, 2))
    lock.lock_path(path).write_bytes(lock._content(holder))


@pytest.mark.parametrize("choice", [None, READ_ONLY, BREAK_LOCK])
def test_lock_from_another_host_is_broken_only_when_chosen(
        sample_file: Path, answers: SafetyAnswers, make_window: Any, choice: str | None
        ) -> None:
    """Another computer's lock: break it is offered, and done only if the user chose it."""
    _lock_from_another_host(sample_file)
    answers.choice = choice
    backend = open_with_choices(desk.connect, sample_file, True, answers, None)
    _title, text, choices = answers.offered[0]
    assert "process 1234 on host pc-17-elsewhere (user clerk, since " in text
    assert [key for key, _ in choices] == [READ_ONLY, BREAK_LOCK]
    holder = lock.read_holder(sample_file)
    assert holder is not None
    if choice is None:
        assert backend is None
        assert holder.host == "pc-17-elsewhere"
        return
    assert backend is not None
    window = make_window(backend)
    if choice == READ_ONLY:
        assert backend.readonly and "(read-only)" in window.windowTitle()
        assert holder.host == "pc-17-elsewhere"  # left as it was
    else:
        assert not backend.readonly and "read-only" not in window.windowTitle()
        assert holder.host != "pc-17-elsewhere"  # ours now
        assert window.act_new.isEnabled() and window.act_restore.isEnabled()


def test_switching_to_a_locked_file_asks_too(
        held_by_other_process: subprocess.Popen[str], sample_file: Path, data_file: Path,
        answers: SafetyAnswers, make_window: Any) -> None:
    """File > Open on a file another msmedesk holds: the same offer, then read-only."""
    window = make_window(desk.connect(data_file))
    answers.choice = READ_ONLY
    window.open_data_file(sample_file)
    assert window.backend.path == sample_file and window.backend.readonly
    assert "(read-only)" in window.windowTitle()
    assert not window.act_new.isEnabled()


# ---------------------------------------------------------------- damage


def _damage_schema(path: Path) -> None:
    _settle(path)
    with path.open("r+b") as fh:
        fh.seek(100)  # past the header: the schema's own b-tree page
        fh.write(b"\xff" * 400)


def _damage_middle(path: Path) -> None:
    """A bad sector in the middle of the outreach records' rows (a table the window reads
    only on its tab): the file opens, the daily backup's check finds it."""
    _settle(path)
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    # (Chosen by table rather than by place alone: what lies mid-file moves with every
    # change of the file's layout, and a page the window reads at once, such as the saved
    # searches', is damage found on opening, which other tests cover.)
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        outreach = [n for (n,) in con.execute(
            "SELECT pageno FROM dbstat WHERE name = 'outreach_events' AND pagetype = 'leaf'")]
    finally:
        con.close()
    n = min(outreach, key=lambda n: abs(n - pages // 2))
    with path.open("r+b") as fh:
        fh.seek((n - 1) * page_size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))


def test_damaged_file_offers_the_newest_backup(sample_file: Path, answers: SafetyAnswers,
                                               make_window: Any) -> None:
    """Opening a damaged file says what is wrong; the newest backup comes back on request."""
    folder = sample_file.parent / "backups"
    made = backups.make_backup(sample_file, "daily", folder,
                               now=datetime.now() - timedelta(days=1))
    members = _members(made)
    _damage_schema(sample_file)
    answers.choice = RESTORE
    backend = open_with_choices(desk.connect, sample_file, False, answers, None)
    title, text, choices = answers.offered[0]
    assert title == "The data file is damaged"
    assert "sample.sqlite is damaged" in text and "What SQLite found" in text
    made_at = datetime.strptime(made.name.split(".")[1], "%Y-%m-%dT%H%M%S")
    assert choices[0] == (RESTORE, f"Restore the newest backup ({describe_when(made_at)})")
    assert backend is not None and not backend.readonly
    window = make_window(backend)
    assert window.show_tab("members").model.rowCount() == members
    kept = [p.name for p in folder.iterdir() if "before-restore" in p.name]
    assert kept  # the damaged file itself was kept first


def test_damaged_file_without_backup_only_cancels(sample_file: Path,
                                                  answers: SafetyAnswers) -> None:
    """No backup: the message says where none was found; nothing but Cancel is offered."""
    _damage_schema(sample_file)
    before = _digest(sample_file)
    answers.choice = None
    assert open_with_choices(desk.connect, sample_file, False, answers, None) is None
    _title, text, choices = answers.offered[0]
    # Only the rescue of what still reads, and Cancel.
    assert choices == [(RESCUE, "Rescue what can be read…")]
    assert "No backup of this file was found" in text
    assert _digest(sample_file) == before


def test_damage_found_by_the_daily_backup_reaches_the_restore_offer(
        sample_file: Path, answers: SafetyAnswers, make_window: Any, qtbot: Any) -> None:
    """Mid-file damage opens fine; the background backup finds it and offers the backup."""
    folder = sample_file.parent / "backups"
    made = backups.make_backup(sample_file, "daily", folder,
                               now=datetime.now() - timedelta(days=1))
    _damage_middle(sample_file)
    answers.choice = RESTORE
    window = make_window(desk.connect(sample_file))
    qtbot.waitUntil(lambda: bool(answers.offered), timeout=20000)
    title, text, choices = answers.offered[0]
    assert title == "The data file is damaged"
    assert [key for key, _ in choices] == [RESTORE, READ_ONLY, RESCUE]
    qtbot.waitUntil(lambda: bool(answers.infos), timeout=20000)
    assert "now holds the records of" in answers.infos[-1]
    assert backups.quick_findings(sample_file) == []
    assert window.show_tab("members").model.rowCount() == _members(made)


def test_a_query_failing_on_damage_gets_the_damage_offer(
        window: MainWindow, answers: SafetyAnswers) -> None:
    """A query that fails with SQLite's damage error: the damage dialog, not a crash box."""
    answers.choice = None
    handled = window.handle_failure(sqlite3.DatabaseError("database disk image is malformed"))
    assert handled
    assert answers.offered and answers.offered[0][0] == "The data file is damaged"
    assert not window.handle_failure(ValueError("something else"))


# ---------------------------------------------------------------- File > Restore from backup


def _daily_made(window: MainWindow, qtbot: Any) -> None:
    """Wait for the day's first backup, which the window makes in the background."""
    qtbot.waitUntil(lambda: any(b.reason == "daily" for b in window.backend.list_backups()),
                    timeout=20000)


def test_restore_from_backup_shows_the_restored_records(
        window: MainWindow, answers: SafetyAnswers, qtbot: Any) -> None:
    """Restore: the list of backups, a plain confirmation, then the tabs show the backup."""
    _daily_made(window, qtbot)
    window.backend.back_up_now(None)
    tab = window.show_tab("members")
    members = tab.model.rowCount()
    tab.select_row(0)
    answers.yes = True
    assert tab.delete_selected()
    assert tab.model.rowCount() == members - 1
    assert window.act_undo.isEnabled()

    listed: list[int] = []

    def pick(dialog: Any) -> None:
        assert isinstance(dialog, RestoreDialog)
        listed.append(dialog.table.rowCount())
        assert "Made with Back up now" in dialog.table.item(0, 1).text()
        assert dialog.table.item(0, 2).text().endswith("KB")
        dialog.select(0)
        dialog.accept()

    answers.fill = pick
    window.restore_from_backup()
    assert listed and listed[0] >= 1
    assert "Replace every record in sample.sqlite" in answers.asked[-1]
    assert "saved as a backup first" in answers.asked[-1]
    tab = window.show_tab("members")
    assert tab.model.rowCount() == members  # the deleted Member is back
    assert not window.act_undo.isEnabled()  # the undo stack is cleared
    assert any("before-restore" in b.reason for b in window.backend.list_backups())
    assert "now holds the records of" in answers.infos[-1]
    # The services are those of the restored file: a new record lands in it.
    saved = window.backend.services.members.create(Member(name="Atlantis"))
    assert window.backend.services.members.get(saved.id).name == "Atlantis"
    assert window.backend.services.members.total() == members + 1


def test_restore_can_be_called_off(window: MainWindow, answers: SafetyAnswers,
                                   qtbot: Any) -> None:
    """Saying no at the confirmation changes nothing."""
    _daily_made(window, qtbot)
    window.backend.back_up_now(None)
    tab = window.show_tab("members")
    tab.select_row(0)
    assert tab.delete_selected()
    members = tab.model.rowCount()
    answers.fill = lambda dialog: dialog.accept()
    answers.yes = False
    window.restore_from_backup()
    assert window.show_tab("members").model.rowCount() == members
    assert window.act_undo.isEnabled()


# ---------------------------------------------------------------- Settings, last backup


def test_settings_choose_the_backup_folder(window: MainWindow, answers: SafetyAnswers,
                                           settings: QSettings, tmp_path: Path,
                                           sample_template_file: Path, qtbot: Any) -> None:
    """Settings: the folder is remembered and used, Back up now puts a backup there."""
    _daily_made(window, qtbot)
    chosen = tmp_path / "elsewhere" / "backups"
    made: list[bool] = []

    def fill(dialog: Any) -> None:
        assert isinstance(dialog, SettingsDialog)
        dialog.folder.setText(str(chosen))
        made.append(dialog.back_up_now())
        dialog.accept()

    answers.fill = fill
    window.open_settings()
    assert made == [True]
    assert settings.value(BACKUP_FOLDER_KEY) == str(chosen)
    assert window.backend.backup_dir == chosen
    assert [b.reason for b in window.backend.list_backups()] == ["manual"]
    assert re.fullmatch(r"Last backup \d\d:\d\d, after your latest change",
                        window.backup_label.text())
    assert str(chosen) in window.backup_label.toolTip()
    # The next file opened backs up there as well.
    other = tmp_path / "other.sqlite"
    other.write_bytes(sample_template_file.read_bytes())
    window.open_data_file(other)
    assert window.backend.path == other and window.backend.backup_dir == chosen


def test_status_bar_and_about_tell_the_last_backup(window: MainWindow, qtbot: Any,
                                                   answers: SafetyAnswers) -> None:
    """The day's first backup, made in the background, shows as "Last backup HH:MM, after
    your latest change": it holds the records as they are."""
    qtbot.waitUntil(lambda: re.fullmatch(r"Last backup \d\d:\d\d, after your latest change",
                                         window.backup_label.text()) is not None,
                    timeout=20000)
    assert [b.reason for b in window.backend.list_backups()] == ["daily"]
    assert str(window.backend.backup_dir) in window.backup_label.toolTip()
    window.about()
    assert window.backup_label.text() in answers.infos[-1]


def test_no_backup_yet_is_said(sample_file: Path, answers: SafetyAnswers,
                               held_by_other_process: subprocess.Popen[str],
                               make_window: Any) -> None:
    """A file open read-only makes no backup; the status bar says there is none yet."""
    answers.choice = READ_ONLY
    window = make_window(open_with_choices(desk.connect, sample_file, True, answers, None))
    assert window.backup_label.text() == "No backup yet"


def test_describe_when() -> None:
    now = datetime(2024, 6, 27, 16, 0)
    assert describe_when(datetime(2024, 6, 27, 14, 2), now) == "today 14:02"
    assert describe_when(datetime(2024, 6, 26, 9, 5), now) == "yesterday 09:05"
    assert describe_when(datetime(2024, 3, 1, 9, 5), now) == "1 March 2024 09:05"
