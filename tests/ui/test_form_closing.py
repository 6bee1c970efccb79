"""Nothing typed is thrown away without asking: Escape, Cancel and quitting a changed form."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox, QPushButton  # noqa: E402

from msmedesk.domain import Member  # noqa: E402

from msmedesk.ui import forms, unsaved  # noqa: E402
from msmedesk.ui.forms import KINDS, RowDialog, open_form  # noqa: E402
from msmedesk.ui.main_window import MainWindow  # noqa: E402
from msmedesk.ui.widgets import TextArea, TextLine  # noqa: E402

from .helpers import Answers  # noqa: E402
from .test_forms import CHOICES, FakeSave  # noqa: E402


class Asked:
    """Answers the discard question as the test says, and remembers what was asked."""

    def __init__(self, discard: bool):
        self.discard = discard
        self.subjects: list[str] = []

    def __call__(self, _parent: Any, subject: str) -> bool:
        self.subjects.append(subject)
        return self.discard


@pytest.fixture
def keep(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """The user answers Keep editing."""
    asked = Asked(discard=False)
    monkeypatch.setattr(unsaved, "ask_discard", asked)
    return asked


@pytest.fixture
def discard(monkeypatch: pytest.MonkeyPatch) -> Asked:
    """The user answers Discard."""
    asked = Asked(discard=True)
    monkeypatch.setattr(unsaved, "ask_discard", asked)
    return asked


def _open(qtbot: Any, kind: str, record: Any = None) -> tuple[forms.RecordDialog, FakeSave]:
    save = FakeSave()
    dialog = open_form(None, kind, CHOICES, save, record)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, save


CANCELS: dict[str, Callable[[Any, forms.FormDialog], None]] = {
    "Escape": lambda qtbot, d: qtbot.keyClick(d.focusWidget() or d, Qt.Key.Key_Escape),
    "Cancel": lambda qtbot, d: qtbot.mouseClick(
        d.buttons.button(d.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton),
}


@pytest.mark.parametrize("how", list(CANCELS))
def test_a_changed_form_asks_and_keep_editing_keeps_the_typing(
        qtbot: Any, keep: Asked, how: str) -> None:
    """Escape or Cancel on a form with typing asks first; Keep editing leaves it all there."""
    dialog, save = _open(qtbot, "organizations")
    name = dialog.widget_for("name")
    name.setFocus()
    qtbot.keyClicks(name, "Universal Postal Union")
    CANCELS[how](qtbot, dialog)
    assert keep.subjects == ["the new organization"]
    assert dialog.isVisible()
    assert dialog.values()["name"] == "Universal Postal Union"
    assert save.calls == []


@pytest.mark.parametrize("how", list(CANCELS))
def test_discard_closes_the_changed_form_without_saving(
        qtbot: Any, discard: Asked, how: str) -> None:
    """Answering Discard closes the form; nothing is saved."""
    dialog, save = _open(qtbot, "members", Member(id=4, name="Canada"))
    qtbot.keyClicks(dialog.widget_for("notes"), "joined early")
    CANCELS[how](qtbot, dialog)
    assert discard.subjects == ["the Member Canada"]
    assert not dialog.isVisible()
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert save.calls == []


def _first_text_field(dialog: forms.FormDialog) -> Any:
    return next(f.editor for f in dialog.fields.values()
                if isinstance(f.editor, TextLine | TextArea))


@pytest.mark.parametrize("kind", KINDS)
def test_every_form_asks_only_once_something_is_typed(qtbot: Any, keep: Asked,
                                                      kind: str) -> None:
    """Opened and left as it was, a form closes on Escape at once; with typing it asks."""
    dialog, _save = _open(qtbot, kind)
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_Escape)
    assert keep.subjects == []
    assert not dialog.isVisible()
    dialog, _save = _open(qtbot, kind)
    text = _first_text_field(dialog)
    qtbot.keyClicks(text, "x")
    qtbot.keyClick(text, Qt.Key.Key_Escape)
    assert keep.subjects == [forms.form_subject(kind, None)]
    assert dialog.isVisible()


def test_only_changes_that_could_be_kept_are_asked_about(qtbot: Any, keep: Asked) -> None:
    """Changes are measured against what the form opened with (typing, then undoing it,
    is no change); a read-only view, which cannot save, closes without asking."""
    dialog, _save = _open(qtbot, "members", Member(id=4, name="Canada"))
    name = dialog.widget_for("name")
    qtbot.keyClick(name, Qt.Key.Key_End)
    qtbot.keyClicks(name, "X")
    assert dialog.has_changes()
    qtbot.keyClick(name, Qt.Key.Key_Backspace)
    assert not dialog.has_changes()
    qtbot.keyClick(name, Qt.Key.Key_Escape)
    assert keep.subjects == []
    assert not dialog.isVisible()

    viewed, _save = _open(qtbot, "members", Member(id=4, name="Canada"))
    viewed.buttons.button(viewed.buttons.StandardButton.Ok).setEnabled(False)
    qtbot.keyClicks(viewed.widget_for("notes"), "X")
    qtbot.keyClick(viewed.widget_for("notes"), Qt.Key.Key_Escape)
    assert keep.subjects == []
    assert not viewed.isVisible()

    edited, _save = _open(qtbot, "members", Member(id=4, name="Canada"))
    qtbot.keyClicks(edited.widget_for("notes"), "X")
    qtbot.keyClick(edited.widget_for("notes"), Qt.Key.Key_Escape)
    assert keep.subjects == ["the Member Canada"]
    assert edited.isVisible()


def test_a_row_dialog_asks_too(qtbot: Any, keep: Asked) -> None:
    """The presentation dialog inside a meeting form asks before Escape loses its typing."""
    dialog = RowDialog(None, "presentations", CHOICES, "Add presentation")
    dialog.subject = "the new presentation"
    qtbot.addWidget(dialog)
    dialog.set_values({})
    dialog.show()
    qtbot.keyClicks(dialog.widget_for("speaker"), "Pamela Ugaz")
    qtbot.keyClick(dialog.widget_for("speaker"), Qt.Key.Key_Escape)
    assert keep.subjects == ["the new presentation"]
    assert dialog.isVisible()
    assert dialog.result_values is None


def _answer_when_asked(qtbot: Any, button_text: str, seen: list[str]) -> None:
    """Click ``button_text`` in the question box as soon as it is up."""
    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        seen.append(box.text())
        button = next(b for b in box.findChildren(QPushButton)
                      if b.text().replace("&", "") == button_text)
        seen.append(f"default: {box.defaultButton().text()}")
        button.click()

    QTimer.singleShot(0, answer)


@pytest.mark.parametrize("answer, stays", [("Keep editing", True), ("Discard", False)])
def test_the_question_in_its_own_words(qtbot: Any, answer: str, stays: bool) -> None:
    """The real question box: "Discard your changes to …?", Keep editing the default."""
    dialog, _save = _open(qtbot, "organizations")
    qtbot.keyClicks(dialog.widget_for("name"), "Universal Postal Union")
    seen: list[str] = []
    _answer_when_asked(qtbot, answer, seen)
    dialog.reject()
    assert seen == ["Discard your changes to the new organization?",
                    "default: &Keep editing"]
    assert dialog.isVisible() is stays


def test_escape_in_the_question_keeps_editing(qtbot: Any) -> None:
    """A second Escape, in the question itself, does not lose the typing."""
    dialog, _save = _open(qtbot, "organizations")
    qtbot.keyClicks(dialog.widget_for("name"), "Universal Postal Union")

    def escape() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, escape)
            return
        qtbot.keyClick(box, Qt.Key.Key_Escape)

    QTimer.singleShot(0, escape)
    dialog.reject()
    assert dialog.isVisible()
    assert dialog.values()["name"] == "Universal Postal Union"


# ---------------------------------------------------------------- quitting with a form open


def _open_form_then(window: MainWindow, answers: Answers, name: str,
                    then: Callable[[Any], None]) -> Any:
    """Open New… on a tab with the real dialog loop; ``then`` runs while it is open."""
    def run(dialog: Any) -> int:
        answers.dialogs.append(dialog)
        QTimer.singleShot(0, lambda: then(dialog))
        guard = QTimer(dialog)  # a form left open by the quit: fail rather than hang
        guard.setSingleShot(True)
        guard.timeout.connect(lambda: dialog.done(QDialog.DialogCode.Rejected))
        guard.start(3000)
        try:
            return int(dialog.exec())
        finally:
            guard.stop()

    answers.run_dialog = run  # type: ignore[method-assign]
    tab = window.show_tab(name)
    return tab.new_record()


def test_quitting_with_a_changed_form_asks_and_can_keep_editing(
        qtbot: Any, window: MainWindow, answers: Answers, monkeypatch: Any) -> None:
    """Quit while a form holds typing: the question comes; Keep editing keeps form and
    window open; asked again and answered Discard, both close and nothing is saved."""
    window.show()
    asked = Asked(discard=False)
    monkeypatch.setattr(unsaved, "ask_discard", asked)
    total = window.show_tab("members").service.total()
    outcome: list[bool] = []

    def type_then_quit(dialog: Any) -> None:
        dialog.widget_for("name").setText("Atlantis")
        window.close()
        outcome.append(dialog.isVisible() and window.isVisible())
        asked.discard = True
        window.close()
        outcome.append(dialog.isVisible() or window.isVisible())

    assert _open_form_then(window, answers, "members", type_then_quit) is None
    assert asked.subjects == ["the new Member", "the new Member"]
    assert outcome == [True, False]
    assert window.backend.services.members.total() == total


def test_quitting_with_an_unchanged_form_closes_it_without_asking(
        qtbot: Any, window: MainWindow, answers: Answers, keep: Asked) -> None:
    """A form without changes is closed with the window, without a question."""
    window.show()
    closed: list[bool] = []

    def quit_now(dialog: Any) -> None:
        window.close()
        closed.append(not dialog.isVisible() and not window.isVisible())

    _open_form_then(window, answers, "meetings", quit_now)
    assert keep.subjects == []
    assert closed == [True]
