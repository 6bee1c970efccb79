"""A server role that may only read: the window opens read-only and says why."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings

from msmedesk import app as desk

from msmedesk.ui.main_window import MainWindow

from .helpers import Answers

REASON = ("Your server role ivo may only read these records; to make changes, an "
          "administrator runs: GRANT msmedesk_editors TO ivo;")


def test_a_role_that_may_only_read_is_told_so_and_offered_no_edit(
        qtbot: Any, settings: QSettings, answers: Answers, sample_file: Path) -> None:
    """The status bar names the role's limit, About gives the administrator's GRANT, and
    no action changes a record."""
    backend = desk.connect(sample_file, read_only=True)
    backend.readonly_reason = REASON
    window = MainWindow(backend, desk.connect, settings, answers)
    qtbot.addWidget(window)
    try:
        assert "(read-only)" in window.windowTitle()
        assert window.mode_label.text() == "Read-only: your role may only read these records"
        assert not window.mode_label.isHidden()
        assert window.mode_label.toolTip() == REASON
        for action in (window.act_new, window.act_edit, window.act_delete, window.act_import,
                       window.act_restore, window.act_group):
            assert not action.isEnabled(), action.text()
        tab = window.show_tab("members")
        assert tab.model.rowCount() > 0 and not tab.new_button.isEnabled()
        window.about()
        assert "GRANT msmedesk_editors TO ivo;" in answers.infos[-1]
    finally:
        window.close()
        backend.close()

