"""The date field of the forms: one line that reads dates as people write them.

The user types "4 March 2025", "4/3/25", "March 4, 2025" or "2025-03-04" (and, where the
record allows a partial date, "March 2025" or "2025"); the line under it says in words
what was understood ("Tuesday 4 March 2025") or why it cannot be (``msmedesk.dates``).
What was typed is kept as typed: the field never replaces it with another date. A
calendar button (or Alt+Down) picks a day. As in GnuCash, + and - move a day and t is
today, but only in an empty field or one whose text is all selected.
"""

from __future__ import annotations

import datetime
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate, QPoint, Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QCalendarWidget,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from msmedesk.dates import Reading, example, long_text, read_date
from msmedesk.domain import PartialDate

from msmedesk.ui.widgets import ENGLISH, ERROR_COLOUR, set_accessible

HINT_COLOUR = "#5f6368"  # the greyed "not recorded": a description, not a value
UNDERSTOOD_COLOUR = "#1b5e20"

_PLAIN = Qt.KeyboardModifier.NoModifier
# Shift makes "+" on most keyboards; the keypad's keys carry their own flag.
_TYPING = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier


class _DateLine(QLineEdit):
    """The line the date is typed in; + - t and Alt+Down are the field's, not the text's."""

    def __init__(self, field: DateField):
        super().__init__(field)
        self._field = field

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """+/- a day and t for today on an empty or wholly selected text; Alt+Down calendar."""
        if (event.key() == Qt.Key.Key_Down
                and event.modifiers() & Qt.KeyboardModifier.AltModifier) \
                or (event.key() == Qt.Key.Key_F4 and not event.modifiers()):
            self._field.open_calendar()
            return
        whole = not self.text() or self.selectedText() == self.text()
        plain = not event.modifiers() & ~_TYPING
        if whole and plain and event.text() in ("+", "-", "t"):
            # Only then: inside a text, "-" is part of "2025-03-04" and "t" of "October".
            if event.text() == "t":
                self._field.show_date(date.today())
            else:
                self._field.step(1 if event.text() == "+" else -1)
            return
        super().keyPressEvent(event)


class _WordsLine(QLabel):
    """One line under the field saying what it understood; long text ends in "…"."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        # Its height is kept even when empty, so nothing below moves as words come and go.
        self.setFixedHeight(self.fontMetrics().lineSpacing() + 2)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)

    def set_words(self, words: str, colour: str) -> None:
        """Show these words (all of them in the tooltip when they do not fit)."""
        self._full = words
        self.setStyleSheet(f"color: {colour};")
        self.setToolTip(words)
        self._elide()

    def words(self) -> str:
        """The whole text, even when the line shows it cut."""
        return self._full

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Cut the words anew to the new width."""
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        metrics = QFontMetrics(self.font())
        width = max(self.width(), 1)
        super().setText(metrics.elidedText(self._full, Qt.TextElideMode.ElideRight, width))


class _CalendarPopup(QFrame):
    """The calendar under the field; a chosen day (click or Enter) fills the field."""

    def __init__(self, field: DateField):
        super().__init__(field, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.calendar = QCalendarWidget(self)
        self.calendar.setLocale(ENGLISH)
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(
            QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.calendar.setMinimumDate(QDate(1900, 1, 1))
        self.calendar.setMaximumDate(QDate(2200, 12, 31))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)
        layout.addWidget(self.calendar)
        self.calendar.clicked.connect(lambda day: field.choose(day))
        self.calendar.activated.connect(lambda day: field.choose(day))


class DateField(QWidget):
    """A date typed as people write it, with a calendar button and a line of words under it.

    ``value()`` is what validation gets: ISO text for a date understood, or (for text that is
    not a date) a value that validation refuses in words; None when empty.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, partial: bool, optional: bool = True,
                 empty_hint: str | None = None):
        super().__init__(parent)
        self.partial = partial
        self.optional = optional
        self.empty_hint = empty_hint or ("not recorded" if optional else "required")
        self.line = _DateLine(self)
        self.line.setPlaceholderText(f"e.g. {example(partial)}")
        metrics = self.line.fontMetrics()
        # The placeholder says which forms are read and that the day comes first: show it all.
        self.line.setMinimumWidth(metrics.horizontalAdvance(self.line.placeholderText()) + 24)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setArrowType(Qt.ArrowType.DownArrow)
        self.calendar_button.setToolTip("Choose the date on a calendar (Alt+Down)")
        # Not a Tab stop (Alt+Down opens it from the line), so Tab goes field to field.
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.calendar_button.clicked.connect(self.open_calendar)
        self.words = _WordsLine(self)
        self._popup: _CalendarPopup | None = None
        self._reading: Reading = read_date("", partial=partial)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(2)
        row.addWidget(self.line, 1)
        row.addWidget(self.calendar_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addLayout(row)
        layout.addWidget(self.words)
        self.setFocusProxy(self.line)
        self.line.textChanged.connect(self._on_text)
        self._on_text("")

    # ------------------------------------------------------------ reading

    def _on_text(self, text: str) -> None:
        self._reading = read_date(text, partial=self.partial)
        if self._reading.problem:
            self.words.set_words(self._reading.problem, ERROR_COLOUR)
        elif self._reading.date is not None:
            self.words.set_words(self._reading.words, UNDERSTOOD_COLOUR)
        else:
            self.words.set_words(self.empty_hint, HINT_COLOUR)
        self.changed.emit()

    def reading(self) -> Reading:
        """What the text says now."""
        return self._reading

    def words_text(self) -> str:
        """What the line under the field says now (all of it)."""
        return self.words.words()

    def text(self) -> str:
        """The text as typed."""
        return self.line.text()

    # ------------------------------------------------------------ editing

    def show_date(self, when: date | PartialDate) -> None:
        """Put a date in the field as "4 March 2025", all selected so + and - go on."""
        shown = when if isinstance(when, PartialDate) else PartialDate.from_date(when)
        self.line.setText(long_text(shown))
        self.line.selectAll()

    def step(self, days: int) -> None:
        """Move the date shown by some days; an empty field starts from today."""
        current = self._reading.date
        if not self.line.text().strip():
            start = date.today()
        elif current is not None and current.is_full():
            start = current.to_date()
        else:
            return  # "March 2025" or text not read: there is no day to move, and no guess
        moved = start + timedelta(days=days)
        if 1900 <= moved.year <= 2200:
            self.show_date(moved)

    def open_calendar(self) -> None:
        """Show the calendar under the field, on the date shown (or today)."""
        if self._popup is None:
            self._popup = _CalendarPopup(self)
        calendar = self._popup.calendar
        current = self._reading.date
        if current is not None and current.is_full():
            day = current.to_date()
            calendar.setSelectedDate(QDate(day.year, day.month, day.day))
        elif current is not None:
            # A month or a year: open on it, with no day chosen for the user.
            calendar.setSelectedDate(QDate(current.year, current.month or 1, 1))
        else:
            calendar.setSelectedDate(QDate.currentDate())
        selected = calendar.selectedDate()
        calendar.setCurrentPage(selected.year(), selected.month())
        self._popup.adjustSize()
        where = self.line.mapToGlobal(QPoint(0, self.line.height()))
        screen = self.screen()
        if screen is not None:
            room = screen.availableGeometry()
            where.setX(max(room.left(), min(where.x(), room.right() - self._popup.width())))
            if where.y() + self._popup.height() > room.bottom():
                where.setY(self.line.mapToGlobal(QPoint(0, 0)).y() - self._popup.height())
        self._popup.move(where)
        self._popup.show()
        calendar.setFocus()

    def calendar_popup(self) -> _CalendarPopup | None:
        """The calendar, once it has been opened."""
        return self._popup

    def choose(self, day: QDate) -> None:
        """A day chosen on the calendar fills the field and closes the calendar."""
        if self._popup is not None:
            self._popup.hide()
        self.show_date(date(day.year(), day.month(), day.day()))
        self.line.setFocus()

    # ------------------------------------------------------------ the form's interface

    def value(self) -> str | None:
        """ISO text of the date read; otherwise what validation needs to name the problem."""
        return self._reading.value

    def set_value(self, raw: Any) -> None:
        """Show a stored value ("2025-03-04" as "4 March 2025"); raise for non-ISO values.

        An ISO-shaped value that is no date ("2024-02-30") is shown as it is, and given back,
        so that validation can say what is wrong with it.
        """
        if raw is None or raw == "":
            self.line.clear()
            return
        if isinstance(raw, date):
            self.show_date(raw)
            self.line.deselect()
            return
        if not isinstance(raw, str):
            raise ValueError(f"{raw!r} is not a date")
        try:
            text = long_text(PartialDate.parse(raw))
        except ValueError:
            text = raw.strip()
        # Only what reads back as itself: a stored text is never shown as another date.
        if read_date(text, partial=self.partial).value != raw.strip():
            raise ValueError(f"{raw!r} is not an ISO date")
        self.line.setText(text)

    def set_label(self, label: str) -> None:
        """Name the field and its parts for screen readers."""
        set_accessible(self, label)
        set_accessible(self.line, label)
        set_accessible(self.calendar_button, f"{label}: calendar")
        set_accessible(self.words, f"{label}: understood as")

    def focus_widgets(self) -> list[QWidget]:
        """The parts that take focus, in tab order (the calendar opens with Alt+Down)."""
        return [self.line]


class DateEdit(DateField):
    """A full date (a day), such as a meeting's; may be optional."""

    def __init__(self, parent: QWidget | None = None, *, optional: bool = True,
                 empty_text: str | None = None):
        super().__init__(parent, partial=False, optional=optional, empty_hint=empty_text)

    def date(self) -> datetime.date | None:  # (here ``date`` is this method)
        """The date read, or None when empty or not a date."""
        current = self.reading().date
        return current.to_date() if current is not None and current.is_full() else None

    def set_date(self, value: datetime.date | None) -> None:
        """Show a date (None empties the field)."""
        self.set_value(value)


class PartialDateEdit(DateField):
    """A date known to the day, the month or only the year ("2024", "2024-06")."""

    def __init__(self, parent: QWidget | None = None, *, empty_hint: str = "not recorded"):
        super().__init__(parent, partial=True, optional=True, empty_hint=empty_hint)
