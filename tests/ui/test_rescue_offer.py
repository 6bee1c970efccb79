"""The window offers "Rescue what can be read…" for a damaged file: a new file is made of
what still reads, the report is shown, and the rescued file is opened on request."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from msmedesk import app as desk

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.safety_dialogs import RESCUE, open_with_choices

from .helpers import Answers

RESCUE_LABEL = "Rescue what can be read…"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _garble_schema_entry(path: Path) -> None:
    """One index's SQL in the schema no longer parses: the window refuses the file."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    data = bytearray(path.read_bytes())
    at = data.find(b"CREATE INDEX ix_members_joined")
    assert at > 0
    data[at:at + 12] = b"CREATE INDEZ"
    path.write_bytes(bytes(data))


def _lose_an_outreach_page(path: Path) -> None:
    """A bad sector over the last leaf of the outreach events (the file still opens, and
    the tab in front reads no row of it)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = con.execute("SELECT rootpage FROM sqlite_master "
                       "WHERE name = 'outreach_events'").fetchone()[0]
    con.close()
    data = path.read_bytes()
    size = int.from_bytes(data[16:18], "big")
    at = (root - 1) * size
    assert data[at] == 0x05  # an interior page: its right-most child is the last leaf
    leaf = int.from_bytes(data[at + 8:at + 12], "big")
    with path.open("r+b") as fh:
        fh.seek((leaf - 1) * size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(size)))


def test_refused_on_opening_the_dialogs_rescue_button_makes_and_opens_a_new_file(
        sample_file: Path, tmp_path: Path, qtbot: Any) -> None:
    _garble_schema_entry(sample_file)
    before = _digest(sample_file)
    answers = Answers()  # the damage question itself is the real dialog
    rescued = tmp_path / "rescued.sqlite"
    answers.save_answer = rescued
    offered: list[list[str]] = []
    done = False

    def press_rescue() -> None:
        # The first question: press Rescue; should it come back (the rescue failed),
        # Cancel, so that a failure ends the test instead of waiting for a click.
        box = QApplication.activeModalWidget()
        if isinstance(box, QMessageBox):
            offered.append([b.text() for b in box.buttons()])
            if len(offered) == 1:
                next(b for b in box.buttons() if b.text() == RESCUE_LABEL).click()
            else:
                box.escapeButton().click()
        if not done:
            QTimer.singleShot(20, press_rescue)

    QTimer.singleShot(0, press_rescue)
    try:
        backend = open_with_choices(desk.connect, sample_file, False, answers, None)
    finally:
        done = True
    try:
        assert offered and RESCUE_LABEL in offered[0], answers.errors
        assert not answers.errors, answers.errors
        assert backend is not None and backend.path == rescued and not backend.readonly
        assert backend.services.members.total() == 76
    finally:
        if backend is not None:
            backend.close()
    report = answers.asked[0]
    assert "Members: saved 76 of 76" in report and "Meetings: saved 4 of 4" in report
    assert report.endswith("Open the rescued file now?")
    assert _digest(sample_file) == before


class Choosing(Answers):
    """Answers that answer ``choose`` with ``choice`` and remember what was offered."""

    def __init__(self, choice: str | None) -> None:
        super().__init__()
        self.choice = choice
        self.offered: list[list[str]] = []

    def choose(self, parent: Any, title: str, text: str,
               choices: Sequence[tuple[str, str]]) -> str | None:
        self.offered.append([key for key, _label in choices])
        return self.choice if self.choice in dict(choices) else None


def test_damage_found_by_the_backup_offers_rescue_and_switches_to_the_rescued_file(
        sample_file: Path, tmp_path: Path, qtbot: Any, settings: QSettings) -> None:
    _lose_an_outreach_page(sample_file)
    answers = Choosing(RESCUE)
    rescued = tmp_path / "rescued.sqlite"
    answers.save_answer = rescued
    window = MainWindow(desk.connect(sample_file), desk.connect, settings, answers)
    qtbot.addWidget(window)
    try:
        qtbot.waitUntil(lambda: window.backend.path == rescued, timeout=30000)
        assert RESCUE in answers.offered[0]
        assert window.show_tab("members").model.rowCount() == 76
        assert 0 < window.show_tab("outreach").model.rowCount() < 18
        assert "Outreach events: saved" in answers.asked[0] and "of 18" in answers.asked[0]
    finally:
        window.backend.close()


def test_a_taken_name_or_a_cancel_leaves_no_file(sample_file: Path, tmp_path: Path) -> None:
    _garble_schema_entry(sample_file)
    taken = tmp_path / "taken.sqlite"
    shutil.copyfile(sample_file, taken)
    answers = Choosing(RESCUE)
    answers.save_answer = taken
    assert open_with_choices(desk.connect, sample_file, False, answers, None) is None
    assert answers.errors and "taken.sqlite already exists" in answers.errors[0]
    assert _digest(taken) == _digest(sample_file)
    answers = Choosing(RESCUE)
    answers.save_answer = tmp_path / "cancelled.sqlite"
    answers.cancel = True
    assert open_with_choices(desk.connect, sample_file, False, answers, None) is None
    assert not answers.asked and not (tmp_path / "cancelled.sqlite").exists()
