"""A server role that may only read: the window opens read-only and says why."""

from __future__ import annotations

import uuid
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



def test_a_reader_on_a_real_server_sees_the_records_and_no_edit_action(
        qtbot: Any, settings: QSettings, answers: Answers, server_url: str,
        sample_file: Path, pg_cluster: Any) -> None:
    """A role granted msmedesk_readers only opens the server read-only, told why; the
    server itself would refuse a write."""
    from sqlalchemy.engine import make_url

    from msmedesk.db.location import read_location
    from msmedesk.db.safety import open_for_reading
    from msmedesk.db.server_roles import grant_statements, role_statements
    from msmedesk.server_backup import restore_server
    from tests.pg import engine_for

    name = make_url(server_url).database or ""
    owner = engine_for(server_url)
    reader = open_for_reading(sample_file)
    try:
        restore_server(reader, owner)
    finally:
        reader.dispose()
        owner.dispose()
    for statement in role_statements():
        pg_cluster.sql(f"DO $$ BEGIN {statement} EXCEPTION WHEN duplicate_object THEN NULL; "
                       "END $$")
    pg_cluster.sql(grant_statements()[0], dbname=name)
    person = f"intern_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f"CREATE ROLE {person} LOGIN IN ROLE msmedesk_readers")

    backend = desk.connect_server(read_location(pg_cluster.url(name, person)))
    window = MainWindow(backend, desk.connect, settings, answers)
    qtbot.addWidget(window)
    try:
        assert backend.readonly and "(read-only)" in window.windowTitle()
        assert window.mode_label.text() == "Read-only: your role may only read these records"
        assert f"GRANT msmedesk_editors TO {person};" in window.mode_label.toolTip()
        for action in (window.act_new, window.act_edit, window.act_delete, window.act_import,
                       window.act_group):
            assert not action.isEnabled(), action.text()
        tab = window.show_tab("members")
        assert tab.model.rowCount() == 76 and not tab.new_button.isEnabled()
    finally:
        window.close()
        backend.close()
