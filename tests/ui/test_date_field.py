"""The forms' date field: typed as people write dates, words under it, keys, calendar, Tab."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import copy  # noqa: E402
import json  # noqa: E402
from datetime import date, timedelta  # noqa: E402
from importlib import resources  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import QDate, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QWidget  # noqa: E402

from msmedesk.domain import PartialDate  # noqa: E402

from msmedesk.ui.date_field import DateEdit, PartialDateEdit  # noqa: E402
from msmedesk.ui.forms import RecordDialog, StaticChoices, open_form  # noqa: E402

SAMPLE = json.loads((resources.files("msmedesk") / "resources" / "sample-2024.json")
                    .read_text(encoding="utf-8"))
CHOICES = StaticChoices(members=[m["name"] for m in SAMPLE["members"]],
                        organizations=[o.get("acronym") or o["name"]
                                       for o in SAMPLE["organizations"]])


class FakeSave:
    """A ``save`` that records what it was given."""

    def __init__(self) -> None:
        self.calls: list[Any] = []

    def __call__(self, record: Any) -> Any:
        self.calls.append(record)
        return record


def _open(qtbot: Any, kind: str) -> tuple[RecordDialog, FakeSave]:
    save = FakeSave()
    dialog = open_form(None, kind, CHOICES, save, None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, save


def _sample(section: str) -> dict[str, Any]:
    return copy.deepcopy(SAMPLE[section][0])


def _line(field: QWidget) -> QWidget:
    """Where the user types the date: the first part of the field that takes focus."""
    return field.focus_widgets()[0]  # type: ignore[attr-defined]


def _type(qtbot: Any, field: QWidget, text: str) -> None:
    line = _line(field)
    line.setFocus()
    qtbot.keyClicks(line, text)


# ---------------------------------------------------------------- typing dates


@pytest.mark.parametrize("text", ["4 March 2025", "4 Mar 2025", "March 4, 2025", "4/3/2025",
                                  "4.3.2025", "2025-03-04", "04/03/2025", "4March2025"])
def test_meeting_date_typed_as_people_write_it(qtbot: Any, text: str) -> None:
    """Each accepted form is 4 March 2025 (never 4 December), said in words, and saved."""
    dialog, save = _open(qtbot, "meetings")
    field = dialog.widget_for("date")
    _type(qtbot, field, text)
    assert field.value() == "2025-03-04"  # type: ignore[attr-defined]
    assert field.words_text() == "Tuesday 4 March 2025"  # type: ignore[attr-defined]
    assert field.text() == text  # type: ignore[attr-defined]  # kept as typed
    dialog.accept()
    assert [m.date for m in save.calls] == [date(2025, 3, 4)]


@pytest.mark.parametrize(("text", "value", "words"), [
    ("4 March 2025", "2025-03-04", "Tuesday 4 March 2025"),
    ("March 2025", "2025-03", "March 2025 (no day)"),
    ("Sept 2024", "2024-09", "September 2024 (no day)"),
    ("october 2025", "2025-10", "October 2025 (no day)"),  # its "t" is a letter here
    ("2025", "2025", "2025 (no month or day)"),
])
def test_outreach_date_may_be_partial(qtbot: Any, text: str, value: str, words: str) -> None:
    """Where a record allows it, "March 2025" and "2025" are dates too."""
    dialog, save = _open(qtbot, "outreach")
    field = dialog.widget_for("date")
    _type(qtbot, field, text)
    assert field.value() == value  # type: ignore[attr-defined]
    assert field.words_text() == words  # type: ignore[attr-defined]
    dialog.set_values({**dialog.values(), "title": "Award", "date": value})
    dialog.accept()
    assert [e.date for e in save.calls] == [PartialDate.parse(value)]


def test_two_digit_year_is_shown_in_full(qtbot: Any) -> None:
    """"4/3/25" is read as 2025, and the words say 2025 so the user sees it."""
    dialog, _save = _open(qtbot, "meetings")
    field = dialog.widget_for("date")
    _type(qtbot, field, "4/3/25")
    assert field.value() == "2025-03-04"  # type: ignore[attr-defined]
    assert field.words_text() == "Tuesday 4 March 2025"  # type: ignore[attr-defined]


@pytest.mark.parametrize(("text", "words"), [
    ("32 March 2025", "32 March 2025 is not a date: March 2025 has 31 days"),
    ("30 February 2025", "30 February 2025 is not a date: February 2025 has 28 days"),
    ("March 2025", "March 2025 needs the day as well"),
    ("30 February", '"30 February" needs the year as well'),
])
def test_what_is_not_a_day_is_kept_named_and_not_saved(qtbot: Any, text: str,
                                                      words: str) -> None:
    """"32 March" does not become 3 March: the text stays, the words say why, OK refuses."""
    dialog, save = _open(qtbot, "meetings")
    dialog.set_values(_sample("meetings"))
    field = dialog.widget_for("date")
    _line(field).clear()  # type: ignore[attr-defined]
    _type(qtbot, field, text)
    assert field.text() == text  # type: ignore[attr-defined]
    assert field.words_text().startswith(words)  # type: ignore[attr-defined]
    dialog.accept()
    assert save.calls == []
    assert dialog.isVisible()
    # Said once, in the words typed: no second line in validation's ISO form ("2025-02-30").
    assert dialog.error_text("date") == field.words_text()  # type: ignore[attr-defined]
    shown = [label.text() for label in dialog.findChildren(QLabel, "fieldError")
             if label.isVisible()]
    assert shown == []
    assert field.text() == text  # type: ignore[attr-defined]  # nothing typed is thrown away


def test_empty_required_date_is_an_error_at_save_with_the_cursor_there(qtbot: Any) -> None:
    """A meeting without a date is refused, and the cursor goes to the date."""
    dialog, save = _open(qtbot, "meetings")
    dialog.set_values({**_sample("meetings"), "date": None})
    dialog.widget_for("summary").setFocus()
    dialog.accept()
    assert save.calls == []
    assert dialog.error_text("date") == "Date is required."
    assert dialog.focusWidget() is _line(dialog.widget_for("date"))
    qtbot.keyClicks(dialog.focusWidget(), "4 March 2025")  # typed where the cursor is
    assert dialog.error_text("date") == ""
    dialog.accept()
    assert [m.date for m in save.calls] == [date(2025, 3, 4)]


def test_placeholder_says_the_day_comes_first(qtbot: Any) -> None:
    """"4/3/2025" is 4 March in Geneva; the empty field says so."""
    for field in (DateEdit(), PartialDateEdit()):
        qtbot.addWidget(field)
        assert "4/3/2025" in field.line.placeholderText()
        assert "(day first)" in field.line.placeholderText()
    assert "March 2025" in PartialDateEdit().line.placeholderText()


# ---------------------------------------------------------------- keys


def test_tab_leaves_an_empty_optional_date(qtbot: Any) -> None:
    """Tab goes on from an empty date (the old field kept the cursor)."""
    dialog, _save = _open(qtbot, "documents")
    line = _line(dialog.widget_for("date"))
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.widget_for("kind")
    assert dialog.values()["date"] is None


def test_tab_leaves_an_empty_required_date_too(qtbot: Any) -> None:
    """An empty meeting date is named at save, not by trapping the cursor."""
    dialog, _save = _open(qtbot, "meetings")
    line = _line(dialog.widget_for("date"))
    line.setFocus()
    qtbot.waitUntil(line.hasFocus)
    qtbot.keyClick(line, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.widget_for("kind")


def test_plus_minus_and_t_on_an_empty_field(qtbot: Any) -> None:
    """t is today; + and - move a day from it."""
    field = DateEdit()
    qtbot.addWidget(field)
    qtbot.keyClicks(field.line, "t")
    assert field.date() == date.today()
    assert field.text() == PartialDate.from_date(date.today()).long()
    qtbot.keyClicks(field.line, "+")
    assert field.date() == date.today() + timedelta(days=1)
    qtbot.keyClicks(field.line, "--")
    assert field.date() == date.today() - timedelta(days=1)
    field.line.clear()
    qtbot.keyClicks(field.line, "+")
    assert field.date() == date.today() + timedelta(days=1)


def test_plus_minus_and_t_move_a_wholly_selected_date(qtbot: Any) -> None:
    """On a selected "4 March 2025", + is the 5th and - the 3rd; t replaces it with today."""
    field = PartialDateEdit()
    qtbot.addWidget(field)
    field.set_value("2025-03-04")
    field.line.selectAll()
    qtbot.keyClicks(field.line, "+")
    assert field.value() == "2025-03-05"
    assert field.text() == "5 March 2025"
    qtbot.keyClicks(field.line, "---")
    assert field.value() == "2025-03-02"
    field.line.selectAll()
    qtbot.keyClicks(field.line, "t")
    assert field.value() == date.today().isoformat()


def test_keys_inside_a_text_are_typed(qtbot: Any) -> None:
    """With the cursor in a text, + - t are characters (so 2025-03-04 can be typed)."""
    field = DateEdit()
    qtbot.addWidget(field)
    qtbot.keyClicks(field.line, "4 March 2025")
    field.line.end(False)
    qtbot.keyClicks(field.line, "+")
    assert field.text() == "4 March 2025+"
    assert field.date() is None
    assert field.words_text()  # it says it cannot read that


def test_plus_on_a_month_leaves_it_alone(qtbot: Any) -> None:
    """"March 2025" has no day to move: + changes nothing rather than guess one."""
    field = PartialDateEdit()
    qtbot.addWidget(field)
    field.set_value("2025-03")
    field.line.selectAll()
    qtbot.keyClicks(field.line, "+")
    assert field.text() == "March 2025"
    assert field.value() == "2025-03"


# ---------------------------------------------------------------- calendar


def test_calendar_opens_on_the_shown_date_and_a_chosen_day_fills_the_field(qtbot: Any) -> None:
    """The calendar button opens on 19 March 2024; Right then Enter chooses the 20th."""
    dialog, _save = _open(qtbot, "meetings")
    field = dialog.widget_for("date")
    assert isinstance(field, DateEdit)
    field.set_value("2024-03-19")
    qtbot.mouseClick(field.calendar_button, Qt.MouseButton.LeftButton)
    popup = field.calendar_popup()
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate(2024, 3, 19)
    view = popup.calendar.focusWidget()
    assert view is not None
    qtbot.keyClick(view, Qt.Key.Key_Right)
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert not popup.isVisible()
    assert field.text() == "20 March 2024"
    assert field.value() == "2024-03-20"
    assert dialog.isVisible()  # Enter chose a day; it did not press OK


def test_calendar_of_an_empty_field_opens_on_today(qtbot: Any) -> None:
    """No date yet: the calendar shows today, not 1899."""
    field = PartialDateEdit()
    qtbot.addWidget(field)
    field.show()
    qtbot.keyClick(field.line, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field.calendar_popup()
    assert popup is not None and popup.isVisible()
    assert popup.calendar.selectedDate() == QDate.currentDate()
    popup.calendar.clicked.emit(QDate(2024, 7, 1))
    assert field.value() == "2024-07-01"
    assert not popup.isVisible()


# ---------------------------------------------------------------- showing stored values


def test_opened_record_shows_its_dates_in_words(qtbot: Any) -> None:
    """A stored 2024-03-19 shows as "19 March 2024"; a partial one as "June 2024"."""
    dialog, _save = _open(qtbot, "meetings")
    dialog.set_values({**_sample("meetings"), "date": "2024-03-19"})
    assert dialog.widget_for("date").text() == "19 March 2024"  # type: ignore[attr-defined]
    assert dialog.values()["date"] == "2024-03-19"
    outreach, _ = _open(qtbot, "outreach")
    outreach.set_values({**_sample("outreach"), "date": "2024-06", "end_date": None})
    assert outreach.widget_for("date").text() == "June 2024"  # type: ignore[attr-defined]
    assert outreach.values()["date"] == "2024-06"
    assert outreach.values()["end_date"] is None


# Carried over from test_widgets.py's tests of the old field (they passed there too).
@pytest.mark.parametrize("raw", ["2024", "2024-06", "2024-06-27", None])
def test_partial_date_round_trips(qtbot: Any, raw: str | None) -> None:
    """Year, year-month, full date and "not recorded" come back as they went in."""
    edit = PartialDateEdit()
    qtbot.addWidget(edit)
    edit.set_value("1999-01-02")  # something else first, so the test sees the change
    edit.set_value(raw)
    assert edit.value() == raw


@pytest.mark.parametrize("raw", ["2024-02-30", "2024-13", "1800", "2024-06-32"])
def test_stored_impossible_dates_are_shown_and_given_back(qtbot: Any, raw: str) -> None:
    """A bad stored date is shown as it is, never as some other day, for validation to name."""
    for edit in (PartialDateEdit(), DateEdit()):
        qtbot.addWidget(edit)
        edit.set_value(raw)
        assert edit.text() == raw
        assert edit.value() == raw
        assert edit.reading().problem


# Carried over from test_widgets.py (the old field refused these too).
@pytest.mark.parametrize("raw", ["June 2024", "19 March 2024", 2024, ["2024"]])
def test_non_iso_stored_values_are_refused(qtbot: Any, raw: Any) -> None:
    """A stored value must be ISO text: anything else raises, so the form keeps it raw."""
    edit = PartialDateEdit()
    qtbot.addWidget(edit)
    with pytest.raises(ValueError):
        edit.set_value(raw)


def test_date_edit_date_and_set_date(qtbot: Any) -> None:
    """date()/set_date() speak datetime.date; a month alone is no date()."""
    edit = DateEdit()
    qtbot.addWidget(edit)
    assert edit.date() is None and edit.value() is None
    edit.set_date(date(2024, 12, 10))
    assert edit.text() == "10 December 2024"
    assert edit.date() == date(2024, 12, 10)
    edit.set_value("2024-12")
    assert edit.date() is None and edit.value() == "2024-12"
    edit.set_date(None)
    assert edit.text() == "" and edit.value() is None


def test_accessible_names(qtbot: Any) -> None:
    """A screen reader hears which date it is in, and what it was read as."""
    edit = PartialDateEdit()
    qtbot.addWidget(edit)
    edit.set_label("Joined")
    assert [w.accessibleName() for w in edit.focus_widgets()] == ["Joined"]
    assert edit.words.accessibleName() == "Joined: understood as"
    assert edit.calendar_button.accessibleName() == "Joined: calendar"


# ---------------------------------------------------------------- nothing jumps


def test_words_line_keeps_its_place(qtbot: Any) -> None:
    """The words appear and go without moving the fields below."""
    dialog, _save = _open(qtbot, "outreach")
    field = dialog.widget_for("date")
    below = dialog.widget_for("end_date")
    qtbot.wait(10)

    def where() -> int:
        QApplication.processEvents()
        return below.mapTo(dialog, below.rect().topLeft()).y()

    start, height = where(), field.height()
    for text in ("4 March 2025", "32 March 2025", "a very long text that is no date at all "
                 "and goes on and on beyond the width of the field"):
        _line(field).clear()  # type: ignore[attr-defined]
        _type(qtbot, field, text)
        assert field.words_text()  # type: ignore[attr-defined]
        assert (where(), field.height()) == (start, height)
    _line(field).clear()  # type: ignore[attr-defined]
    assert where() == start
    assert dialog.result() != QDialog.DialogCode.Accepted
