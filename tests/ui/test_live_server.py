"""Two desks on one server: each window shows the other's work within a second.

Two windows in one process, each with its own connection to the same throwaway server
database (as two computers would be), each hearing the other through LISTEN/NOTIFY.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings

from msmedesk import app as desk
from msmedesk.db.location import read_location

from msmedesk.ui.main_window import MainWindow

from .helpers import Answers, fill_with, show_active
from .test_live_lists import notice_text


@pytest.fixture
def shared(server_url: str) -> str:
    """A server database holding the 2024 sample (its history announces each change)."""
    backend = desk.connect_server(read_location(server_url))
    try:
        backend.load_sample(lambda _done, _total: True)
    finally:
        backend.close()
    return server_url


@pytest.fixture
def desks(qtbot: Any, tmp_path: Path, shared: str) -> Iterator[Callable[[], MainWindow]]:
    windows: list[MainWindow] = []

    def open_desk() -> MainWindow:
        n = len(windows)
        settings = QSettings(str(tmp_path / f"desk{n}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(desk.connect_server(read_location(shared)), desk.connect,
                            settings, Answers())
        qtbot.addWidget(window)
        window.resize(1100, 600)
        show_active(qtbot, window)
        windows.append(window)
        return window

    yield open_desk
    for window in windows:
        assert window.backend is not None
        window.backend.close()


def _listening(window: MainWindow) -> bool:
    listener = getattr(window.backend, "watch_others", None)
    owner = getattr(listener, "__self__", None)
    return bool(owner is not None and owner.listening.is_set())


def test_a_change_on_one_desk_shows_on_the_other_within_a_second(
        qtbot: Any, desks: Callable[[], MainWindow]) -> None:
    ana, ben = desks(), desks()
    qtbot.waitUntil(lambda: _listening(ana) and _listening(ben), timeout=5000)
    ana_tab, ben_tab = ana.show_tab("members"), ben.show_tab("members")
    ben_tab.table.verticalScrollBar().setValue(20)
    ben_tab.select_row(30)
    ben_top = ben_tab.model.record_id(ben_tab.table.rowAt(0))
    chosen = ben_tab.selected_id()
    assert chosen is not None

    # Ana changes, in her form, the Member Ben has selected.
    ana_tab.select_id(chosen)
    ana.prompts.fill = fill_with({"notes": "Hosted the June webinar."})  # type: ignore[attr-defined]
    assert ana_tab.edit_selected() is not None
    qtbot.waitUntil(lambda: "Hosted the June webinar." in ben_tab.details.toPlainText(),
                    timeout=5000)
    assert ben_tab.selected_id() == chosen  # Ben's selection and view did not move
    assert ben_tab.model.record_id(ben_tab.table.rowAt(0)) == ben_top
    assert "another desk" in ben.statusBar().currentMessage()
    # Ana's own window took her change in as her own: no word of another desk.
    assert "another desk" not in ana.statusBar().currentMessage()


def test_a_form_open_on_one_desk_is_told_of_the_others_save(
        qtbot: Any, desks: Callable[[], MainWindow]) -> None:
    ana, ben = desks(), desks()
    qtbot.waitUntil(lambda: _listening(ana) and _listening(ben), timeout=5000)
    ana_tab, ben_tab = ana.show_tab("members"), ben.show_tab("members")
    ben_tab.select_row(4)
    chosen = ben_tab.selected_id()
    assert chosen is not None
    seen: dict[str, Any] = {}

    def ben_types(dialog: Any) -> None:
        dialog.show()
        dialog.set_values({**dialog.values(), "notes": "Ben's words"})
        services = ana.backend.services  # type: ignore[union-attr]
        member = services.members.get(chosen)
        services.members.update(replace(member, notes="Ana's words"))
        qtbot.waitUntil(lambda: "Changed on another desk" in notice_text(dialog),
                        timeout=5000)
        seen["notes"] = dialog.values()["notes"]
        dialog.reject()

    ben.prompts.fill = ben_types  # type: ignore[attr-defined]
    ben_tab.edit_selected()
    assert seen["notes"] == "Ben's words"
    assert ana_tab is not None
