"""File > Open server… in a window on a data file, Help > About on a server, and a server
that stops answering while the window shows its records."""

from __future__ import annotations

import uuid
from typing import Any

from msmedesk import app as desk
from msmedesk.domain import ListQuery
from msmedesk.server_lost import ServerLost
from msmedesk.validation.server_address import fields_of

from msmedesk.ui.window.files import LAST_SERVER


def _server_fields(url: str) -> dict[str, str]:
    fields = fields_of(url)
    return {"host": fields.host, "port": fields.port, "database": fields.database,
            "user": fields.user}


def test_open_server_replaces_the_data_file_and_about_tells_the_connection(
        qtbot: Any, window: Any, answers: Any, pg_cluster: Any, pg_sample_template: str,
        ) -> None:
    name = f"o_{uuid.uuid4().hex[:10]}"
    url = pg_cluster.create_database(name, template=pg_sample_template)
    window.server_opener = desk.connect_server_text
    file_backend = window.backend
    typed = _server_fields(url)

    def fill(dialog: Any) -> None:
        dialog.host.setText(typed["host"])
        dialog.port.setText(typed["port"])
        dialog.database.setText(typed["database"])
        dialog.user.setText(typed["user"])
        dialog.accept()

    answers.fill = fill
    try:
        window.open_server()
        backend = window.backend
        assert backend is not file_backend and backend.server.startswith(f"{name} on ")
        assert backend.services.meetings.count(ListQuery()) == 4
        # The address is remembered for next time, and never with a password.
        remembered = str(window._settings.value(LAST_SERVER))
        assert remembered.startswith("postgresql://") and ":" not in remembered.split("@")[0][13:]
        window.about()
        about = answers.infos[-1]
        assert f"<b>Database:</b> {name} on " in about
        assert "<b>Server role:</b> postgres" in about
        assert "<b>Encrypted connection:</b> no; sslmode prefer" in about
        assert "Backups go to" not in about
    finally:
        if window.backend is not None:
            window.backend.close()
        pg_cluster.drop_database(name)


def test_a_server_that_refuses_keeps_the_data_file_open(qtbot: Any, window: Any,
                                                        answers: Any, tmp_path: Any) -> None:
    window.server_opener = desk.connect_server_text
    file_backend = window.backend
    seen: list[str] = []

    def fill(dialog: Any) -> None:
        dialog.host.setText(str(tmp_path))  # a socket folder where no server listens
        dialog.port.setText("1")
        dialog.database.setText("msme")
        dialog.accept()
        seen.append(dialog.errors[""].text())

    answers.fill = fill
    window.open_server()
    assert window.backend is file_backend
    assert seen and seen[0].startswith("Cannot reach msme")


def test_a_server_lost_is_said_in_a_sentence_not_as_an_unexpected_problem(
        window: Any, answers: Any) -> None:
    lost = ServerLost("The server holding msme on db does not answer; nothing was saved or "
                      "lost: try again when it is back.")
    assert window.handle_failure(lost) is True
    assert answers.errors[-1].startswith(str(lost))
    assert "View > Refresh" in answers.errors[-1]
