"""Keyboard: Ctrl+Enter saves the dialog it is typed in; every underlined letter works."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt, QTimer  # noqa: E402
from PySide6.QtWidgets import (  # noqa: E402
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QMenu,
    QWidget,
)

from msmedesk.ui import safety_dialogs  # noqa: E402
from msmedesk.ui.forms import KINDS, RowDialog, open_form  # noqa: E402
from msmedesk.ui.main_window import MainWindow  # noqa: E402
from msmedesk.ui.widgets import RowListEditor  # noqa: E402

from .helpers import Answers, show_active  # noqa: E402
from .test_forms import CHOICES, FakeSave  # noqa: E402

ROW_KINDS = ["presentations", "spotlights", "coordinators"]
_MNEMONIC = re.compile(r"(?<!&)&([^&\s])")


def mnemonic(text: str) -> str | None:
    """The underlined letter of a label or button text ("&OK" -> "o"), if any."""
    found = _MNEMONIC.search(text.replace("&&", ""))
    return found.group(1).lower() if found else None


def underlined(window: QWidget) -> list[QWidget]:
    """The labels and buttons of a window that show an underlined letter."""
    return [w for w in window.findChildren(QWidget)
            if isinstance(w, QLabel | QAbstractButton) and w.window() is window
            and w.isVisibleTo(window) and mnemonic(w.text())]


def assert_no_clash(widgets: list[QWidget]) -> None:
    """No letter is underlined twice among ``widgets``."""
    letters: dict[str, str] = {}
    for w in widgets:
        letter = mnemonic(w.text())
        assert letter not in letters, f"Alt+{letter}: {letters.get(letter)!r} and {w.text()!r}"
        letters[letter] = w.text()


def press_alt(qtbot: Any, window: QWidget, letter: str) -> None:
    """Alt+letter, typed where the focus is."""
    qtbot.keyClick(QApplication.focusWidget() or window, letter,
                   Qt.KeyboardModifier.AltModifier)


def assert_focus_in(buddy: QWidget, what: str) -> None:
    """The keyboard focus is on ``buddy`` or inside it."""
    focus = QApplication.focusWidget()
    assert focus is not None and (focus is buddy or buddy.isAncestorOf(focus)), (what, focus)


def walk_labels(qtbot: Any, window: QWidget) -> int:
    """Press Alt+letter of every underlined label; each puts the focus in its field."""
    labels = [w for w in underlined(window) if isinstance(w, QLabel)]
    for label in labels:
        assert label.buddy() is not None, label.text()
        press_alt(qtbot, window, mnemonic(label.text()) or "")
        assert_focus_in(label.buddy(), label.text())
    return len(labels)


def form_dialog(qtbot: Any, kind: str) -> Any:
    """A record form, or a row dialog, shown and active."""
    if kind in ROW_KINDS:
        dialog = RowDialog(None, kind, CHOICES, f"Add {kind}")
        dialog.set_values({})
        save = None
    else:
        save = FakeSave()
        dialog = open_form(None, kind, CHOICES, save)
    qtbot.addWidget(dialog)
    show_active(qtbot, dialog)
    return dialog, save


@pytest.mark.parametrize("kind", [*KINDS, *ROW_KINDS])
def test_every_underlined_letter_of_a_form_works(qtbot: Any, kind: str) -> None:
    """Each Alt+letter shown in a form takes the focus to its field; no letter twice;
    Alt+O is OK and Alt+C is Cancel."""
    dialog, _save = form_dialog(qtbot, kind)
    assert_no_clash(underlined(dialog))
    assert walk_labels(qtbot, dialog) == len(dialog.fields)
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    cancel = dialog.buttons.button(dialog.buttons.StandardButton.Cancel)
    assert (mnemonic(ok.text()), mnemonic(cancel.text())) == ("o", "c")
    with qtbot.waitSignal(ok.clicked, timeout=1000):
        press_alt(qtbot, dialog, "o")  # an empty form: OK shows what is missing
    if dialog.isVisible():
        with qtbot.waitSignal(cancel.clicked, timeout=1000):
            press_alt(qtbot, dialog, "c")
        assert not dialog.isVisible()


def test_ctrl_enter_after_adding_a_presentation_saves_the_meeting(
        qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the focus still on Add… after a presentation was added, Ctrl+Enter saves the
    meeting; it does not open a second "Add presentation"."""
    opened: list[str] = []

    def run(dialog: RowDialog) -> int:
        opened.append(dialog.windowTitle())
        dialog.set_values({"speaker": "Pamela Ugaz", "organization": "UNCTAD"})
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RowDialog, "exec", run)
    dialog, save = form_dialog(qtbot, "meetings")
    dialog.widget_for("date").set_value("2024-07-01")
    presentations = dialog.widget_for("presentations")
    assert isinstance(presentations, RowListEditor)
    presentations.add_button.setFocus()
    qtbot.keyClick(presentations.add_button, Qt.Key.Key_Space)  # Add… from the keyboard
    assert opened == ["Add presentation"]
    assert QApplication.focusWidget() is presentations.add_button
    qtbot.keyClick(presentations.add_button, Qt.Key.Key_Return,
                   Qt.KeyboardModifier.ControlModifier)
    assert opened == ["Add presentation"]
    assert [m.presentations[0].speaker for m in save.calls] == ["Pamela Ugaz"]
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("key", [Qt.Key.Key_Return, Qt.Key.Key_Enter])
def test_ctrl_enter_in_a_row_dialog_saves_that_row_only(qtbot: Any, key: Qt.Key) -> None:
    """Ctrl+Enter typed in the presentation dialog closes it with its row; the meeting
    form behind it is not saved."""
    meeting, save = form_dialog(qtbot, "meetings")
    row = RowDialog(meeting.widget_for("presentations"), "presentations", CHOICES,
                    "Add presentation")
    row.set_values({})

    def type_then_submit() -> None:
        if not row.isActiveWindow():
            QTimer.singleShot(20, type_then_submit)
            return
        qtbot.keyClicks(row.widget_for("speaker"), "Pamela Ugaz")
        qtbot.keyClick(row.widget_for("speaker"), key, Qt.KeyboardModifier.ControlModifier)

    QTimer.singleShot(0, type_then_submit)
    guard = QTimer(row)  # not closed by Ctrl+Enter: fail rather than hang
    guard.setSingleShot(True)
    guard.timeout.connect(lambda: row.done(5))
    guard.start(3000)
    assert row.exec() == QDialog.DialogCode.Accepted
    assert row.result_values is not None and row.result_values["speaker"] == "Pamela Ugaz"
    assert save.calls == []
    assert meeting.isVisible()


def test_ctrl_enter_on_a_read_only_view_saves_nothing(qtbot: Any) -> None:
    """OK is off in a read-only view; Ctrl+Enter, even in a narrative, does not go round it."""
    dialog, save = form_dialog(qtbot, "members")
    dialog.widget_for("name").setText("Canada")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).setEnabled(False)
    notes = dialog.widget_for("notes")
    qtbot.keyClicks(notes, "joined early")
    qtbot.keyClick(notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert save.calls == []
    assert dialog.isVisible()


# ---------------------------------------------------------------- the window and its dialogs


def _menu_items(menu: QMenu) -> list[str]:
    return [a.text() for a in menu.actions() if a.text() and a.isVisible()]


def _check_menus(qtbot: Any, window: MainWindow) -> None:
    """In the menu bar and in each menu no letter is underlined twice; Alt+F opens File."""
    qtbot.waitUntil(lambda: bool(window.report_menu.actions()), timeout=5000)  # filled once up
    bar = [a.text() for a in window.menuBar().actions()]
    menus = [_menu_items(a.menu()) for a in window.menuBar().actions() if a.menu()]
    for texts in [bar, *menus]:
        letters = [mnemonic(t) for t in texts if mnemonic(t)]
        assert len(letters) == len(set(letters)), texts
    file_menu = window.menuBar().actions()[0].menu()
    press_alt(qtbot, window, "f")
    qtbot.waitUntil(file_menu.isVisible, timeout=2000)
    file_menu.close()


def _check_record_tab(qtbot: Any, window: MainWindow, answers: Answers, name: str) -> None:
    """A tab's Alt+S, Alt+Y and Alt+L reach search, year and list; Alt+N, Alt+I and Alt+D
    press New…, Edit… and Delete…; none clashes with the menu bar's letters."""
    tab = window.show_tab(name)
    tab.select_row(0)
    bar = [mnemonic(a.text()) for a in window.menuBar().actions()]
    letters = [mnemonic(w.text()) for w in underlined(window)]
    assert len(letters + bar) == len(set(letters + bar)), letters + bar
    assert walk_labels(qtbot, window) >= 3
    answers.fill = lambda dialog: None  # the forms that open are left unchanged
    answers.yes = False  # and no delete is confirmed
    for button in (tab.new_button, tab.edit_button, tab.delete_button):
        with qtbot.waitSignal(button.clicked, timeout=1000):
            press_alt(qtbot, window, mnemonic(button.text()) or "")


def _check_settings(qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Settings: Alt+F reaches the folder, Alt+B, Alt+D and Alt+U press their buttons."""
    monkeypatch.setattr(safety_dialogs.QFileDialog, "getExistingDirectory",
                        lambda *_args: "")
    made: list[object] = []
    dialog = safety_dialogs.SettingsDialog(window, window.backend, None,
                                           lambda folder: made.append(folder) or "Done.")
    qtbot.addWidget(dialog)
    checked: list[int] = []

    def check() -> None:  # inside the dialog's own loop, as the window runs it
        if not dialog.isActiveWindow():
            QTimer.singleShot(20, check)
            return
        try:
            assert_no_clash(underlined(dialog))
            checked.append(walk_labels(qtbot, dialog))
            buttons = [w for w in underlined(dialog) if isinstance(w, QAbstractButton)]
            checked.append(len(buttons))
            for button in buttons:
                with qtbot.waitSignal(button.clicked, timeout=1000):
                    press_alt(qtbot, dialog, mnemonic(button.text()) or "")
        finally:
            dialog.reject()

    QTimer.singleShot(0, check)
    dialog.exec()
    assert checked == [1, 3]
    assert len(made) == 1


def test_every_underlined_letter_of_the_window_works(
        qtbot: Any, window: MainWindow, answers: Answers,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The menus (no letter twice in one menu), the record tabs' fields and buttons, and
    the Settings dialog: every Alt+letter shown does what it shows."""
    show_active(qtbot, window)
    for name in ("meetings", "members", "documents"):
        _check_record_tab(qtbot, window, answers, name)
    assert len(answers.dialogs) == 6 and answers.asked
    _check_settings(qtbot, window, monkeypatch)
    show_active(qtbot, window)
    _check_menus(qtbot, window)  # last: the menu it opens keeps the keyboard a while
