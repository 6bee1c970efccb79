"""File > Back up on a server: the server's records into a data file that opens offline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from msmedesk import app as desk
from msmedesk.db.location import read_location
from msmedesk.db.safety import open_for_reading
from msmedesk.records import Services
from msmedesk.server_backup import restore_server
from tests.pg import engine_for

from msmedesk.ui.main_window import MainWindow

from .helpers import Answers


def test_back_up_on_a_server_writes_a_data_file_of_its_records(
        qtbot: Any, settings: QSettings, answers: Answers, server_url: str,
        sample_file: Path, tmp_path: Path) -> None:
    owner, reader = engine_for(server_url), open_for_reading(sample_file)
    try:
        restore_server(reader, owner)
    finally:
        reader.dispose()
        owner.dispose()
    backend = desk.connect_server(read_location(server_url))
    window = MainWindow(backend, desk.connect, settings, answers)
    qtbot.addWidget(window)
    dest = tmp_path / "office-copy.sqlite"
    answers.save_answer = dest
    try:
        window.back_up()
    finally:
        window.close()
        backend.close()
    assert not answers.errors, answers.errors
    assert "as of one moment" in answers.infos[-1] and str(dest) in answers.infos[-1]
    offline = Services(open_for_reading(dest))
    try:
        assert offline.counts()["members"] == 76
    finally:
        offline.close()
