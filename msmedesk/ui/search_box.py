"""The search box of every tab and of Find anywhere: it reads the search language.

The box completes field names as they are typed ("mem" offers "member:"); its note, a
small line under it, says in one sentence what the search understood, or where a search
that cannot be read went wrong (the list keeps its last good result meanwhile).
"""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QStringListModel, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from msmedesk.search import language
from msmedesk.search.query import IndexRebuilding, SearchError

#: Red-ish yet readable on the window's light background (contrast above 4.5:1).
ERROR_COLOUR = "#a4161a"
#: Characters that end the word being completed: a field name starts after them.
_WORD_BREAKS = " \t()-\""
#: How much of the text around a mistake the note shows.
_AROUND = 30

_POPUP_KEYS = frozenset((Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape,
                         Qt.Key.Key_Tab, Qt.Key.Key_Backtab))


class SearchBox(QLineEdit):
    """A search field that completes field names and says what it understood (``note``).

    ``kind`` is the registry type whose list the box filters, None for Find anywhere.
    """

    def __init__(self, kind: str | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.kind = kind
        self.setClearButtonEnabled(True)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.note.setAccessibleName("What the search understood")
        # The note keeps its line when empty, so the list does not jump as typing starts.
        self.note.setMinimumHeight(self.note.fontMetrics().height())
        names = sorted(set(language.field_names(kind)))
        self._completer = QCompleter(QStringListModel(names, self), self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert_field)
        self.textEdited.connect(self._offer_fields)
        self.error: SearchError | None = None

    def with_note(self, row: QLayout, indent: int) -> QVBoxLayout:
        """``row`` (holding the box) with the note on a line of its own under the box."""
        note = QHBoxLayout()
        note.addSpacing(indent)
        note.addWidget(self.note, 1)
        rows = QVBoxLayout()
        rows.setSpacing(2)
        rows.addLayout(row)
        rows.addLayout(note)
        return rows

    # -- what the search understood

    def show_understood(self) -> None:
        """The text reads: say quietly what it means (nothing for an empty box)."""
        self.error = None
        text = self.text()
        if not text.strip():
            self.note.setText("")
            return
        try:
            sentence = language.describe(language.parse(text, self.kind), self.kind)
        except SearchError as error:  # read by the service but not here: say so all the same
            self.show_error(error)
            return
        self.note.setStyleSheet("color: palette(placeholder-text);")
        self.note.setText(html.escape(sentence))
        self.note.setToolTip("")

    def show_error(self, error: SearchError) -> None:
        """The text cannot be read: the sentence, and the text with a caret at the place."""
        self.error = error
        self.note.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.note.setText(error_html(self.text(), error))
        self.note.setToolTip(error.message)

    # -- completing field names

    def word_before_cursor(self) -> str:
        """The word the cursor ends, when it could be the start of a field name."""
        text = self.text()[:self.cursorPosition()]
        start = len(text)
        while start and text[start - 1] not in _WORD_BREAKS:
            start -= 1
        word = text[start:]
        inside_quotes = text[:start].count('"') % 2 == 1
        return "" if ":" in word or inside_quotes else word

    def _offer_fields(self, _text: str) -> None:
        word = self.word_before_cursor()
        popup = self._popup()
        if not word:
            popup.hide()
            return
        self._completer.setCompletionPrefix(word)
        if self._completer.completionCount() == 0:
            popup.hide()
            return
        popup.setCurrentIndex(self._completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(popup.sizeHintForColumn(0) + popup.verticalScrollBar().sizeHint().width())
        self._completer.complete(rect)

    def _insert_field(self, name: str) -> None:
        """Put ``name:`` in place of the word typed so far."""
        word = self.word_before_cursor()
        at = self.cursorPosition()
        text = self.text()
        # An edit the user can undo (Ctrl+Z), as if the rest of the name had been typed.
        self.setSelection(at - len(word), len(word))
        self.insert(f"{name}:")
        if text[at:at + 1] == ":":  # the colon was there already: not a second one
            self.del_()

    @property
    def completer_popup_visible(self) -> bool:
        """Whether the field names are offered now."""
        return self._popup().isVisible()

    def _popup(self) -> QAbstractItemView:
        popup = self._completer.popup()
        assert popup is not None  # (a QCompleter makes its popup when first asked)
        return popup

    def event(self, event: QEvent) -> bool:
        # While names are offered, Tab takes the name (the completer's) instead of moving on.
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and \
                event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and \
                self.completer_popup_visible:
            event.ignore()
            return False
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # The completer's popup chooses with these keys: the box leaves them to it.
        if self.completer_popup_visible and event.key() in _POPUP_KEYS:
            event.ignore()
            return
        super().keyPressEvent(event)


def error_html(text: str, error: SearchError) -> str:
    """The error's sentence, then the text around the place with a caret (▲) there."""
    if isinstance(error, IndexRebuilding):  # (the text is fine: nothing to point at)
        return html.escape(error.message)
    at = max(0, min(error.position, len(text)))
    before = text[max(0, at - _AROUND):at]
    after = text[at:at + _AROUND]
    if at > _AROUND:
        before = "…" + before
    if len(text) - at > _AROUND:
        after += "…"
    return (f"{html.escape(error.message)}&nbsp;&nbsp;Here: “{html.escape(before)}<b>▲</b>"
            f"{html.escape(after)}”")
