"""Symbol fields that know their series, a status line that keeps its place, and the
question before a symbol of another series is saved."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import json  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import date  # noqa: E402
from importlib import resources  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from msmedesk.domain import Meeting  # noqa: E402
from msmedesk.symbol_rules import CONVENING_NOTICE  # noqa: E402

from msmedesk.ui.forms import RecordDialog, StaticChoices, open_form  # noqa: E402
from msmedesk.ui.symbol_field import WARNING_COLOUR, SymbolEdit, symbol_status  # noqa: E402

SAMPLE = json.loads((resources.files("msmedesk") / "resources" / "sample-2024.json")
                    .read_text(encoding="utf-8"))
CHOICES = StaticChoices(members=[m["name"] for m in SAMPLE["members"]],
                        organizations=[o.get("acronym") or o["name"]
                                       for o in SAMPLE["organizations"]],
                        meetings=[], proposals=[p["symbol"] for p in SAMPLE["proposals"]])
FLAG = "⚠ Not a convening notice (those are INF/MSME/CN/…)"
QUESTION = "INF/MSME/X is not a convening notice (INF/MSME/CN/…). Save it anyway?"


class Save:
    """A ``save`` that records what it was given."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def __call__(self, record: Any) -> Any:
        self.calls.append(record)
        return replace(record, id=record.id or 7)


def _meeting_form(qtbot: Any, save: Any = None, record: Any = None
                  ) -> tuple[RecordDialog, Any]:
    save = save or Save()
    dialog = open_form(None, "meetings", CHOICES, save, record)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, save


def _answer(dialog: RecordDialog, answer: bool) -> list[str]:
    asked: list[str] = []

    def ask(question: str) -> bool:
        asked.append(question)
        return answer

    dialog.ask_save_anyway = ask  # type: ignore[method-assign]
    return asked


# ---------------------------------------------------------------- the field


def test_a_symbol_of_another_series_is_flagged_not_called_valid(qtbot: Any) -> None:
    edit = SymbolEdit(example="INF/MSME/CN/25", series=CONVENING_NOTICE)
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "INF/MSME/X")
    assert edit.status_text() == FLAG
    assert WARNING_COLOUR in edit.status.styleSheet()
    assert edit.series_problem() == "INF/MSME/X is not a convening notice (INF/MSME/CN/…)"
    assert edit.accessibleDescription() == FLAG
    edit.clear()
    qtbot.keyClicks(edit, "INF/MSME/CN/28")
    assert edit.status_text() == "✓ valid symbol"
    assert WARNING_COLOUR not in edit.status.styleSheet() and edit.series_problem() == ""
    assert symbol_status("INF/MSME/X", series=CONVENING_NOTICE) == (FLAG, True)


def test_the_meeting_and_proposal_forms_know_their_series(qtbot: Any) -> None:
    dialog, _save = _meeting_form(qtbot)
    for key, text, words in (("convening_notice", "INF/MSME/R/43", "Not a convening notice"),
                             ("summary_document", "INF/MSME/CN/28", "Not a summary")):
        qtbot.keyClicks(dialog.widget_for(key), text)
        assert words in dialog.widget_for(key).status_text()
    proposal = open_form(None, "proposals", CHOICES, Save())
    qtbot.addWidget(proposal)
    qtbot.keyClicks(proposal.widget_for("symbol"), "INF/TGE/COM/11")
    assert "Not a proposal (those are INF/MSME/W/…)" in proposal.widget_for("symbol").status_text()
    proposal.widget_for("symbol").setText("INF/MSME/W/58-INF/TGE/COM/11")
    assert proposal.widget_for("symbol").status_text() == "✓ valid symbol"


def test_nothing_below_moves_when_the_verdict_appears(qtbot: Any) -> None:
    # A click aimed at the summary document must land on it, verdict or not.
    dialog, _save = _meeting_form(qtbot)
    notice = dialog.widget_for("convening_notice")
    below = [dialog.widget_for(k) for k in ("summary_document", "summary")]

    def places() -> list[tuple[int, int, int]]:
        QApplication.processEvents()
        return [(w.mapTo(dialog, w.rect().topLeft()).y(), w.height(), dialog.height())
                for w in below]

    empty = places()
    assert notice.status.isVisible() and notice.status.height() > 0  # present, though empty
    qtbot.keyClicks(notice, "INF/MSME/X")
    assert notice.status_text() == FLAG
    assert places() == empty
    notice.setText("INF MSME")
    assert notice.status_text().startswith("Not a WTO document symbol")
    assert places() == empty
    notice.clear()
    assert places() == empty


def test_a_long_verdict_stays_on_its_one_line(qtbot: Any) -> None:
    dialog, _save = _meeting_form(qtbot)
    notice = dialog.widget_for("convening_notice")
    QApplication.processEvents()
    width, height = dialog.width(), notice.status.height()
    notice.setText("INF MSME/CN/25 " * 6)
    QApplication.processEvents()
    assert (dialog.width(), notice.status.height()) == (width, height)
    assert notice.status.toolTip() == notice.status_text()  # read whole in the tooltip


# ---------------------------------------------------------------- the question at OK


def test_going_back_writes_nothing(qtbot: Any) -> None:
    dialog, save = _meeting_form(qtbot)
    dialog.set_values({"date": "2025-03-04", "convening_notice": "INF/MSME/X"})
    asked = _answer(dialog, False)
    dialog.accept()
    assert asked == [QUESTION]
    assert save.calls == [] and dialog.isVisible() and dialog.saved is None
    assert dialog.focusWidget() is dialog.widget_for("convening_notice")
    assert dialog.values()["convening_notice"] == "INF/MSME/X"  # what was typed is kept


def test_save_anyway_saves_the_symbol_as_typed(qtbot: Any) -> None:
    dialog, save = _meeting_form(qtbot)
    dialog.set_values({"date": "2025-03-04", "convening_notice": "INF/MSME/X",
                       "summary_document": "INF/MSME/R/50"})
    asked = _answer(dialog, True)
    dialog.accept()
    assert asked == [QUESTION]  # the summary fits its series: asked once
    assert [m.convening_notice for m in save.calls] == ["INF/MSME/X"]
    assert dialog.result() == RecordDialog.DialogCode.Accepted


def test_the_question_is_a_real_box_whose_default_is_go_back(qtbot: Any) -> None:
    dialog, save = _meeting_form(qtbot)
    dialog.set_values({"date": "2025-03-04", "convening_notice": "INF/MSME/X"})
    seen: list[tuple[str, list[str]]] = []

    def press_enter() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press_enter)
            return
        seen.append((box.text(), [b.text() for b in box.buttons()]))
        box.defaultButton().click()  # what Enter does

    QTimer.singleShot(0, press_enter)
    dialog.accept()
    assert seen == [(QUESTION, ["Save anyway", "Go back"])]
    assert save.calls == []


def test_a_symbol_the_record_already_had_is_not_asked_about_again(qtbot: Any) -> None:
    stored = Meeting(date(2025, 3, 4), convening_notice="INF/MSME/X", id=3)
    dialog, save = _meeting_form(qtbot, record=stored)
    assert dialog.widget_for("convening_notice").status_text() == FLAG  # still flagged
    asked = _answer(dialog, False)
    dialog.accept()
    assert asked == [] and len(save.calls) == 1


# ---------------------------------------------------------------- a document of one meeting


@pytest.mark.parametrize("key, symbol, other", [
    ("convening_notice", "INF/MSME/CN/28", "the convening notice of the meeting of "
                                           "10 December 2024"),
    ("summary_document", "INF/MSME/R/43", "the summary of the meeting of 19 March 2024"),
])
def test_another_meetings_document_is_refused_beside_the_field(qtbot: Any, sample_services: Any,
                                                               key: str, symbol: str,
                                                               other: str) -> None:
    before = sample_services.meetings.total()
    dialog, _save = _meeting_form(qtbot, save=sample_services.meetings.create)
    dialog.set_values({"date": "2025-03-04", key: symbol})
    dialog.accept()
    assert dialog.error_text(key) == f"{symbol} is already {other}."
    assert dialog.isVisible() and sample_services.meetings.total() == before
    assert dialog.widget_for(key).status.message() == "✓ valid symbol"
    assert dialog.widget_for(key).status.text() == ""  # the error speaks, in its place
