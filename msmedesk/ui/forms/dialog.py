"""FormDialog: labelled fields, errors beside them, a size that fits, asking before discarding."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from msmedesk.registry import row_type
from msmedesk.validation import FieldError

from msmedesk.ui import unsaved
from msmedesk.ui.forms.field import _UNSET, _assign_mnemonics, _Field
from msmedesk.ui.forms.messages import _PATH, _plain, sentence
from msmedesk.ui.forms.tooltips import tooltip
from msmedesk.ui.forms.values import _normalise_value
from msmedesk.ui.symbol_field import SymbolEdit
from msmedesk.ui.widgets import ERROR_COLOUR, RowListEditor, TextArea


class FormDialog(QDialog):
    """A dialog of labelled fields, with errors shown beside them; subclasses decide OK."""

    def __init__(self, parent: QWidget | None, title: str, schema: Mapping[str, Any]):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.schema = dict(schema)
        #: what the form edits, as the "Discard your changes to …?" question names it
        self.subject = "this form"
        self._opened_with: dict[str, Any] | None = None  # set_values() fills it
        self._room_given: QRect | None = None
        self._quiet_close = False  # closed by the program, not by the user: no question
        self._preferred = (680, 0)
        self.fields: dict[str, _Field] = {}
        self._errors: dict[str, str] = {}
        self.general_error = QLabel()
        self.general_error.setObjectName("formError")
        self.general_error.setWordWrap(True)
        self.general_error.setTextFormat(Qt.TextFormat.PlainText)
        self.general_error.setStyleSheet(f"color: {ERROR_COLOUR}; font-weight: bold;")
        self.general_error.setAccessibleName("Problem with this record")
        self.general_error.hide()
        self._content = QWidget()
        self._columns_box = QHBoxLayout(self._content)
        self._columns_box.setContentsMargins(6, 6, 6, 6)
        self._columns_box.setSpacing(18)
        self._forms: list[QFormLayout] = []
        self._grown_ok = False  # no growing before the first fit
        self.new_column()
        self._scroll = QScrollArea()
        self._scroll.setWidgetResizable(True)
        self._scroll.setFrameShape(QFrame.Shape.NoFrame)
        self._scroll.setWidget(self._content)
        # Parented at once: a default button only counts for the dialog it already is in,
        # and otherwise Qt makes the first Add… button of a list the default.
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setDefault(True)  # Enter in a one-line field means OK
        # Alt+O and Alt+C: the letters every form keeps free for them (_assign_mnemonics).
        ok.setText("&OK")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("&Cancel")
        ok.setToolTip("Check what you entered and save it (Enter)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setToolTip(
            "Close the form without saving (Esc)")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        # Ctrl+Enter saves the dialog it is typed in, wherever the focus is: a focused
        # push button (Add… of a list) would otherwise take it as its own click.
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, self._submit)
        layout = QVBoxLayout(self)
        layout.addWidget(self._scroll, 1)
        # Under the fields, not above them: a whole-record problem that appears does not
        # push the fields down under the user's pointer.
        layout.addWidget(self.general_error)
        layout.addWidget(self.buttons)

    # ------------------------------------------------------------ building

    def new_column(self) -> None:
        """Put the fields added from now on in a new column to the right."""
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._columns_box.addLayout(form, 1)
        self._forms.append(form)

    def add_field(self, key: str, label: str, editor: QWidget, *, hint: str = "",
                  note: str = "", default: Any = None) -> QWidget:
        """Add a labelled field for archive key ``key``; ``note`` shows under it in grey.

        ``default`` is its "not given" value when the form's schema does not have the key.
        """
        self.schema.setdefault(key, default)
        # The form's key: a record type's ("meetings") or a row list's ("presentations").
        form = str(getattr(self, "kind", None) or getattr(self, "list_key", ""))
        f = _Field(key, label, editor, self.schema[key], tooltip(form, key, hint))
        box = QWidget()
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(editor)
        if isinstance(editor, SymbolEdit):
            # The live verdict sits right under the symbol, where the eye already is.
            editor.setMinimumWidth(editor.fontMetrics().horizontalAdvance("INF/MSME/W/58-INF/"
                                                                          "TGE/COM/11") + 20)
            column.addWidget(editor.status)
        if note:
            grey = QLabel(note)
            grey.setWordWrap(True)
            grey.setEnabled(False)  # greyed: a note, not a value
            column.addWidget(grey)
        column.addWidget(f.error)
        self._forms[-1].addRow(f.label_widget, box)
        editor.changed.connect(lambda key=key: self._on_edit(key))  # type: ignore[attr-defined]
        self.fields[key] = f
        return editor

    def finish(self, width: int = 680, height: int = 0) -> None:
        """Call once all fields are added: mnemonics, tab order, a size that fits."""
        _assign_mnemonics([f.label_widget for f in self.fields.values()])
        for f in self.fields.values():
            if isinstance(f.editor, TextArea):
                f.editor.submit.connect(self._submit)  # Ctrl+Enter in a narrative means OK
        chain = [w for f in self.fields.values() for w in f.focus_parts()]
        chain += [self.buttons.button(QDialogButtonBox.StandardButton.Ok),
                  self.buttons.button(QDialogButtonBox.StandardButton.Cancel)]
        for before, after in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(before, after)
        self._preferred = (width, height)
        self._fit_to_screen(width, height)
        if self.fields:
            next(iter(self.fields.values())).editor.setFocus()
        if self._opened_with is None:
            self._opened_with = self.values()

    def fit_to(self, room: QRect) -> None:
        """Fit the form into ``room`` (by default the free area of the screen it is on)."""
        self._room_given = QRect(room)
        self._fit_to_screen(*self._preferred)

    def _room(self) -> QRect | None:
        if self._room_given is not None:
            return self._room_given
        screen = self.screen() or QApplication.primaryScreen()
        return screen.availableGeometry() if screen is not None else None

    def _fit_to_screen(self, preferred_width: int, preferred_height: int) -> None:
        # The dialog opens as large as its fields want, up to the screen it is on (1366x768
        # in the office, 911x512 at 150 % scaling); beyond that the fields scroll, up and
        # down; the window's frame takes the rest of the screen.
        room = self._room()
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
        outer = self.layout()
        assert outer is not None  # (set when the dialog was built)
        margins = 2 * outer.contentsMargins().left() + bar + 4
        max_width = int(room.width() * 0.95) if room is not None else 1 << 16
        if len(self._forms) > 1:
            # Side by side where they fit; otherwise one column under the other, scrolled.
            self._columns_box.setDirection(QHBoxLayout.Direction.LeftToRight)
            self._content.adjustSize()
            if self._content.minimumSizeHint().width() + margins > max_width:
                self._columns_box.setDirection(QHBoxLayout.Direction.TopToBottom)
        self._content.adjustSize()
        want, least = self._content.sizeHint(), self._content.minimumSizeHint()
        extra_h = (self.buttons.sizeHint().height() + outer.spacing() * 2
                   + 2 * outer.contentsMargins().top() + 4)
        width = max(preferred_width, want.width() + margins)
        height = max(preferred_height, want.height() + extra_h)
        least_width = least.width() + margins
        sideways = False
        if room is not None:
            width = min(width, max_width)
            height = min(height, int(room.height() * 0.92))
            # A single column wider than the screen scrolls sideways rather than being cut.
            sideways = least_width > max_width
            least_width = min(least_width, max_width)
        self._scroll.setHorizontalScrollBarPolicy(
            Qt.ScrollBarPolicy.ScrollBarAsNeeded if sideways
            else Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setMinimumSize(least_width, min(height, 320))
        self.resize(max(width, least_width), height)
        self._grown_ok = True
        self._content.installEventFilter(self)

    # ------------------------------------------------------------ values

    def set_values(self, raw: Mapping[str, Any]) -> None:
        """Fill the widgets from an archive-shaped dict (missing keys mean "not given")."""
        values = {k: _normalise_value(k, d, raw.get(k)) for k, d in self.schema.items()}
        for key, f in self.fields.items():
            f.write(values[key])
        self.clear_errors()
        # What the form opened with: changes are measured from here (typing, then undoing
        # it, is no change).
        self._opened_with = self.values()

    def values(self) -> dict[str, Any]:
        """The archive-shaped dict of what the widgets show."""
        return {key: f.read() for key, f in self.fields.items()}

    def widget_for(self, field: str) -> QWidget:
        """The editor of a top-level field."""
        return self.fields[field].editor

    def error_text(self, field: str) -> str:
        """The error shown for a field ("" if none); "" names the whole-record problem,
        and a path such as "presentations[2].organization" gives that one message."""
        if field == "":
            return self.general_error.text()
        if field in self.fields:
            return self.fields[field].error_text()
        return self._errors.get(field, "")

    # ------------------------------------------------------------ errors

    def _on_edit(self, key: str) -> None:
        f = self.fields[key]
        f.pending = _UNSET  # the user's own value replaces one the editor could not show
        if f.error_text():
            f.show_error("")
            if isinstance(f.editor, RowListEditor):
                f.editor.mark_rows([])

    def clear_errors(self) -> None:
        """Remove every error shown."""
        self._errors = {}
        for f in self.fields.values():
            f.show_error("")
            if isinstance(f.editor, RowListEditor):
                f.editor.mark_rows([])
        self.general_error.clear()
        self.general_error.hide()

    def _split(self, error: FieldError) -> tuple[str, str | None, int | None, str | None]:
        """(path, top-level field, row index, sub-field) of an error."""
        path = ".".join(p for p in (error.record, error.field) if p)
        # Errors may name the record first ("group.name", "meetings[2].date"): drop what
        # is not one of this form's fields.
        while path:
            match = _PATH.match(path)
            if match and match.group(1) in self.fields:
                index = int(match.group(2)) if match.group(2) is not None else None
                return path, match.group(1), index, match.group(3)
            if "." not in path:
                break
            path = path.split(".", 1)[1]
        return path, None, None, None

    def _describe_error(self, f: _Field, index: int | None, sub: str | None,
                        message: str) -> str:
        if index is None:
            return sentence(_plain(f.label), message)
        if isinstance(f.editor, RowListEditor):
            noun = f.editor.noun.capitalize()
            if sub:
                sub_label = _row_label(f.key, sub)
                return f"{noun} {index + 1}: {sentence(sub_label, message)}"
            return sentence(f"{noun} {index + 1}", message)
        return sentence(f"Entry {index + 1}", message)

    def show_errors(self, errors: Sequence[FieldError]) -> None:
        """Show each error beside its field, in plain words; focus the first field in error."""
        self.clear_errors()
        by_field: dict[str, list[str]] = {}
        rows: dict[str, list[int]] = {}
        general: list[str] = []
        for error in errors:
            path, key, index, sub = self._split(error)
            if key is None:
                where = path.replace("_", " ")
                general.append(f"{where.capitalize()}: {sentence('', error.message)}" if where
                               else sentence("", error.message))
                continue
            f = self.fields[key]
            text = self._describe_error(f, index, sub, error.message)
            by_field.setdefault(key, []).append(text)
            self._errors[path] = text
            if index is not None:
                rows.setdefault(key, []).append(index)
        first: _Field | None = None
        for key, f in self.fields.items():  # form order, so "first" is the first on screen
            if key in by_field:
                f.show_error("\n".join(dict.fromkeys(by_field[key])))
                if isinstance(f.editor, RowListEditor):
                    f.editor.mark_rows(rows.get(key, []))
                first = first or f
        if general:
            self.general_error.setText("\n".join(general))
            self.general_error.show()
        self._grow_to_fit()
        if first is not None:
            first.editor.setFocus()
            self._scroll.ensureWidgetVisible(first.editor)

    def showEvent(self, event: QShowEvent) -> None:
        """Fit the fields once they are laid out for real (errors may predate the show)."""
        super().showEvent(event)
        QTimer.singleShot(0, self._grow_to_fit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Refit when the fields' layout changes (an error or a symbol verdict appears)."""
        if watched is self._content and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self._grow_to_fit)
        return super().eventFilter(watched, event)

    def _grow_to_fit(self) -> None:
        # Lines that appear (errors, the symbol verdict) make the form taller. The scroll
        # area is not told, so pin the fields' least height (no squeezed fields), and grow
        # the dialog while the screen has room; beyond that the form scrolls.
        layout = self._content.layout()
        assert layout is not None  # (the fields' layout, set when the dialog was built)
        layout.activate()
        least = max(layout.totalMinimumSize().height(),
                    self._content.minimumSizeHint().height())
        if layout.hasHeightForWidth():  # wrapped error lines need more height when narrow
            least = max(least, layout.totalHeightForWidth(self._scroll.viewport().width()))
        self._content.setMinimumHeight(least)
        need = least - self._scroll.viewport().height()
        if need <= 0 or not self._grown_ok:
            return
        room = self._room()
        limit = int(room.height() * 0.92) if room is not None else self.height()
        self.resize(self.width(), max(self.height(), min(self.height() + need, limit)))

    # ------------------------------------------------------------ closing

    def has_changes(self) -> bool:
        """Whether the values differ from those the form opened with."""
        return self._opened_with is not None and self.values() != self._opened_with

    def _can_save(self) -> bool:
        return self.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()

    def _submit(self) -> None:
        # Ctrl+Enter: OK, unless OK is off (a read-only view), as a click on it would be.
        if self._can_save() and self.isVisible():
            self.accept()

    def confirm_discard(self) -> bool:
        """Ask "Discard your changes to …?"; True when the user chose Discard."""
        return unsaved.ask_discard(self, self.subject)

    def reject(self) -> None:
        """Escape, Cancel or the close button: a form with changes asks before it closes."""
        # A read-only view (OK is off) cannot keep anything, so it closes without asking.
        if not self._quiet_close and self._can_save() and self.has_changes() \
                and not self.confirm_discard():
            return  # Keep editing
        super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        """The close button asks like Cancel; a close by the program itself does not."""
        # The window system's close (the title bar's button, Alt+F4) comes spontaneous, and
        # a logout closes every window while the session is saved; close() from code
        # (quitting after close_asking, a test's teardown) is neither and does not ask.
        self._quiet_close = not (event.spontaneous() or _saving_session())
        try:
            super().closeEvent(event)
        finally:
            self._quiet_close = False

    def close_asking(self) -> bool:
        """Close the form (the program quits), asking first when it has changes; False
        when the user keeps editing."""
        if self._can_save() and self.has_changes() and not self.confirm_discard():
            return False
        super().reject()
        return True


def _saving_session() -> bool:
    app = QApplication.instance()
    return isinstance(app, QApplication) and app.isSavingSession()


def _row_label(list_key: str, key: str) -> str:
    """The label of a row's field ("Introduced by"), or its key in words."""
    try:
        return row_type(list_key).field(key).label
    except KeyError:
        return key.replace("_", " ")
