"""Names in the forms (issue 13): an invisible character, or a name that already stands for
another record, is shown beside the field and nothing is saved."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from msmedesk.domain import Member, Organization  # noqa: E402

from msmedesk.ui.forms import StaticChoices, open_form  # noqa: E402


def _form(qtbot: Any, services: Any, kind: str) -> Any:
    save = {"members": services.members.create,
            "organizations": services.organizations.create}[kind]
    dialog = open_form(None, kind, StaticChoices(), save)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_member_named_as_an_organizations_acronym_is_refused_beside_the_name(qtbot,
                                                                              services):
    services.organizations.create(Organization(name="International Trade Centre",
                                               acronym="ITC"))
    dialog = _form(qtbot, services, "members")
    qtbot.keyClicks(dialog.widget_for("name"), "ITC")
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.saved is None
    assert dialog.error_text("name") == (
        '"ITC" is the acronym of the organization "International Trade Centre"; one '
        "name cannot stand for two records.")
    assert services.members.names() == []


def test_an_acronym_that_is_a_members_name_is_refused_beside_the_acronym(qtbot, services):
    services.members.create(Member(name="Canada"))
    dialog = _form(qtbot, services, "organizations")
    qtbot.keyClicks(dialog.widget_for("name"), "Canadian Trade Agency")
    qtbot.keyClicks(dialog.widget_for("acronym"), "Canada")
    dialog.accept()
    assert dialog.saved is None
    assert dialog.error_text("acronym").startswith('"Canada" is the name of the Member')
    assert dialog.error_text("name") == ""
    assert services.organizations.labels() == []


def test_a_pasted_zero_width_space_is_named_beside_the_name(qtbot, services):
    services.members.create(Member(name="Canada"))
    dialog = _form(qtbot, services, "members")
    QApplication.clipboard().setText("Canada\u200b")
    dialog.widget_for("name").setFocus()
    qtbot.keyClick(dialog.widget_for("name"), Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.widget_for("name").text() == "Canada\u200b"
    dialog.accept()
    assert dialog.saved is None
    assert dialog.error_text("name") == "Name contains an invisible character (U+200B)"
    assert services.members.names() == ["Canada"]
