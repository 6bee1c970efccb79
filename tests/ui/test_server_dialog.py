"""File > Open server…: problems shown beside their fields, a password asked and never kept."""

from __future__ import annotations

from typing import Any

from msmedesk.validation.server_address import ServerFields

from msmedesk.ui.backend import ActionFailed, PasswordWanted
from msmedesk.ui.server_dialog import OpenServerDialog


class FakeServer:
    """An opener that wants ``password`` (None: none) and records what it was given."""

    def __init__(self, password: str | None = None, refusal: str = ""):
        self.password = password
        self.refusal = refusal
        self.calls: list[tuple[str, str | None]] = []

    def __call__(self, address: str, password: str | None) -> Any:
        self.calls.append((address, password))
        if self.refusal:
            raise ActionFailed(self.refusal)
        if self.password is not None and password != self.password:
            raise PasswordWanted("msme on db as ana asks for a password.")
        return "backend"


def test_empty_fields_are_named_beside_them_and_nothing_is_opened(qtbot: Any) -> None:
    server = FakeServer()
    dialog = OpenServerDialog(ServerFields(database=""), server)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert server.calls == []
    assert dialog.result() != dialog.DialogCode.Accepted
    assert not dialog.errors["host"].isHidden()
    assert dialog.errors["host"].text().startswith("Server is required")
    assert dialog.errors["database"].text().startswith("Database is required")
    assert dialog.errors["port"].isHidden()


def test_the_password_is_asked_when_the_server_wants_one_and_not_kept(qtbot: Any) -> None:
    server = FakeServer(password="s3cret")
    asked: list[str] = []

    def asker(parent: Any, shown: str) -> str:
        asked.append(shown)
        return "s3cret"

    dialog = OpenServerDialog(ServerFields(host="db", database="msme", user="ana"), server,
                              asker=asker)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.opened == "backend"
    assert asked == ["msme on db as ana asks for a password."]
    assert [p for _, p in server.calls] == [None, "s3cret"]
    assert "s3cret" not in dialog.address
    assert all("s3cret" not in repr(v) for v in vars(dialog).values())


def test_cancelling_the_password_keeps_the_dialog_open(qtbot: Any) -> None:
    server = FakeServer(password="x")
    dialog = OpenServerDialog(ServerFields(host="db", database="msme"), server,
                              asker=lambda parent, shown: None)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.opened is None
    assert dialog.result() != dialog.DialogCode.Accepted


def test_a_server_that_refuses_says_why_and_the_fields_stay(qtbot: Any) -> None:
    server = FakeServer(refusal="The server db cannot be reached: connection refused.")
    dialog = OpenServerDialog(ServerFields(host="db", port="5433", database="msme"), server)
    qtbot.addWidget(dialog)
    dialog.accept()
    assert dialog.errors[""].text() == "The server db cannot be reached: connection refused."
    assert dialog.fields() == ServerFields(host="db", port="5433", database="msme")
    assert server.calls == [("postgresql://db:5433/msme?sslmode=prefer", None)]
