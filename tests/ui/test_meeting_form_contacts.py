"""The meeting form keeps what it does not show of a presentation: its recorded contact."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import replace  # noqa: E402
from datetime import date  # noqa: E402
from typing import Any  # noqa: E402

from msmedesk.domain import ContactRef, Meeting, Presentation  # noqa: E402
from tests.ui.test_forms import CHOICES, FakeSave  # noqa: E402

from msmedesk.ui.forms import open_form  # noqa: E402


def test_editing_a_meetings_summary_keeps_its_presentations_contacts(qtbot: Any) -> None:
    record = Meeting(date(2024, 3, 19), id=3, presentations=(
        Presentation(speaker="Ana López", organization="ITC", topic="SME Outlook",
                     contact=ContactRef("Ana López", "ITC")),
        Presentation(speaker="Someone", topic="Logistics")))
    save = FakeSave()
    dialog = open_form(None, "meetings", CHOICES, save, record)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.widget_for("summary").set_value("Shorter.")
    dialog.accept()
    assert save.calls == [replace(record, summary="Shorter.")]
