"""Fixtures for the window's tests: offscreen Qt, private settings, scripted answers.

Data files come from the shared conftest (a migrated template copied per test, with or
without the 2024 sample). Forms are driven through ``Answers.fill`` (helpers.py).
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable, Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QSettings, QStandardPaths  # noqa: E402

from msmedesk import app as desk  # noqa: E402

from msmedesk.ui.main_window import MainWindow  # noqa: E402

from .helpers import Answers  # noqa: E402

QStandardPaths.setTestModeEnabled(True)


@pytest.fixture
def settings(tmp_path: Path) -> QSettings:
    """Settings of this test's own, in an INI file under tmp_path."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def answers() -> Answers:
    """The scripted prompts the test's windows use."""
    return Answers()


@pytest.fixture
def open_window(qtbot: Any, settings: QSettings, answers: Answers
                ) -> Iterator[Callable[[Path], MainWindow]]:
    """Open a window on a data file, wired the way app.py wires it."""
    windows: list[MainWindow] = []

    def make(path: Path) -> MainWindow:
        window = MainWindow(desk.connect(path), desk.connect, settings, answers)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.backend.close()


@pytest.fixture
def window(open_window: Callable[[Path], MainWindow], sample_file: Path) -> MainWindow:
    """A window on a data file holding the 2024 sample."""
    return open_window(sample_file)


@pytest.fixture
def empty_window(open_window: Callable[[Path], MainWindow], data_file: Path) -> MainWindow:
    """A window on a new, empty data file."""
    return open_window(data_file)


@pytest.fixture(autouse=True)
def _contacts_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    """TEMPORARY (branch i14-ui): contacts parse through their own parser until CORE's
    generic ``validation.parse`` covers every registry type; delete at the merge."""
    from msmedesk.validation import PARSERS
    from msmedesk.validation.contacts import parse_contact

    monkeypatch.setitem(PARSERS, "contacts", parse_contact)
