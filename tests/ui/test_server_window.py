"""The window on a PostgreSQL server: ``msmedesk --db postgresql://…`` (app.py's wiring)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from msmedesk import app as desk
from msmedesk.archive import sample_path
from msmedesk.db.location import read_location
from msmedesk.domain import ListQuery

from msmedesk.ui.backend import ActionFailed, PasswordWanted
from msmedesk.ui.main_window import MainWindow

from .helpers import Answers


class Asked(Answers):
    """Answers that also type a password when asked for one."""

    def __init__(self, typed: str | None = "hunter2") -> None:
        super().__init__()
        self.typed = typed
        self.passwords: list[str] = []

    def password(self, parent: Any, title: str, text: str) -> str | None:
        self.passwords.append(text)
        return self.typed


def _window(qtbot: Any, settings: QSettings, answers: Answers, title: str) -> MainWindow:
    window = MainWindow(None, desk.connect, settings, answers, path=Path(title))
    qtbot.addWidget(window)
    return window


def test_the_window_works_on_a_server(qtbot, settings, pg_cluster, pg_sample_template):
    name = f"w_{uuid.uuid4().hex[:10]}"
    address = read_location(pg_cluster.create_database(name, template=pg_sample_template))
    answers = Answers()
    window = _window(qtbot, settings, answers, address.shown())
    try:
        assert desk.open_server_in_window(window, address) is None
        backend = window.backend
        assert backend is not None and backend.server == address.shown()
        assert window.windowTitle() == f"{address.shown()} — msmedesk"
        assert not window.is_showing_empty_state()
        assert backend.services.meetings.count(ListQuery()) == 4
        # No backup copies on a server: the status bar does not say "No backup yet".
        assert window.backup_label.isHidden()
        # No data file to remember: Open recent never offers the server as a path.
        assert settings.value("recent_files", []) in ([], None)
        # Import on a server: the records already there are said so; export writes a file.
        said = backend.import_archive(sample_path(), lambda done, total: True)
        assert said is not None and "already there" in said
        out = Path(pg_cluster.folder) / f"{name}.json"
        assert "Wrote" in (backend.export_archive(out, lambda done, total: True) or "")
        assert out.read_text(encoding="utf-8").count('"INF/MSME/W/53"') >= 1
        with pytest.raises(ActionFailed, match="empty database"):
            backend.load_sample(lambda done, total: True)
    finally:
        if window.backend is not None:
            window.backend.close()
        pg_cluster.drop_database(name)


def test_a_server_that_cannot_be_reached_is_offered_again(qtbot, settings, tmp_path):
    address = read_location(f"postgresql://postgres@/msme?host={tmp_path}&port=1")
    answers = Answers()
    answers.yes = False
    window = _window(qtbot, settings, answers, address.shown())
    problem = desk.open_server_in_window(window, address)
    assert problem is not None and "Cannot reach msme" in problem
    assert answers.asked == [problem]  # said once, with "Try again" offered
    assert window.backend is None


def test_a_password_the_server_asks_is_asked_and_handed_on(qtbot, settings, monkeypatch,
                                                           server_url):
    address = read_location(server_url)
    given: list[str | None] = []
    opened = desk.connect_server

    def server_wants_one(where: Any, *, password: str | None = None,
                         read_only: bool = False) -> Any:
        given.append(password)
        if password is None:  # (the test cluster trusts every role: play the server)
            raise PasswordWanted(f"{where.shown()} asks a password.")
        return opened(where)

    monkeypatch.setattr(desk, "connect_server", server_wants_one)
    answers = Asked()
    window = _window(qtbot, settings, answers, address.shown())
    try:
        assert desk.open_server_in_window(window, address) is None
        assert given == [None, "hunter2"] and len(answers.passwords) == 1
        assert "asks a password" in answers.passwords[0]
    finally:
        if window.backend is not None:
            window.backend.close()
    # Cancel at the prompt: not opened, and said so.
    answers = Asked(typed=None)
    window = _window(qtbot, settings, answers, address.shown())
    assert desk.open_server_in_window(window, address) == f"{address.shown()} was not opened."

