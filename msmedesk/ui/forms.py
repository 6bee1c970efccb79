"""Record forms: one dialog per record type, built from the field widgets.

A dialog speaks the archive's language (``set_values``/``values`` take and give the dicts of
shared/archive-format.md), checks what was entered with ``validation.parse_*``, and hands
the typed record to a ``save`` callable from the window. It closes only after ``save``
succeeded; otherwise it shows each problem beside its field and stays open.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Protocol

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
    QMessageBox,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import (
    DOCUMENT_KINDS,
    MEETING_KINDS,
    OUTREACH_KINDS,
    PROPOSAL_STATUSES,
    GroupProfile,
    PartialDate,
    long_date,
)
from msmedesk.symbol_rules import CONVENING_NOTICE, PROPOSAL, SUMMARY
from msmedesk.validation import (
    FieldError,
    ValidationError,
    parse_coordinator,
    parse_document,
    parse_group,
    parse_meeting,
    parse_member,
    parse_organization,
    parse_outreach,
    parse_package_entry,
    parse_presentation,
    parse_proposal,
    parse_spotlight,
)

from msmedesk.ui import unsaved
from msmedesk.ui.date_field import DateEdit, DateField, PartialDateEdit
from msmedesk.ui.symbol_field import SymbolEdit
from msmedesk.ui.widgets import (
    ERROR_COLOUR,
    ChoiceCombo,
    IntSpin,
    MultiPicker,
    PickerCombo,
    RowListEditor,
    TextArea,
    TextLine,
    expanding,
)

log = logging.getLogger(__name__)

KINDS = ("meetings", "members", "proposals", "outreach", "package", "organizations",
         "documents", "group")

# ---------------------------------------------------------------- plain-words labels

MEETING_KIND_LABELS = {
    "open-ended": "Open-ended", "private-sector": "Private sector",
    "thematic": "Thematic session", "other": "Other",
}  # fmt: skip
DOCUMENT_KIND_LABELS = {
    "convening-notice": "Convening notice (airgram)", "summary-report": "Summary report",
    "annual-report": "Annual report", "working-document": "Working document (proposal)",
    "ministerial": "Ministerial document", "other": "Other",
}  # fmt: skip
PROPOSAL_STATUS_LABELS = {
    "submitted": "Submitted", "under-discussion": "Under discussion", "adopted": "Adopted",
    "concluded": "Concluded", "withdrawn": "Withdrawn",
}  # fmt: skip
OUTREACH_KIND_LABELS = {
    "award": "Award", "network-meeting": "Trade4MSMEs Network meeting",
    "joint-event": "Joint event", "speaking-engagement": "Speaking engagement",
    "newsletter": "Newsletter", "private-sector-dialogue": "Private-sector dialogue",
    "website": "Website", "other": "Other",
}  # fmt: skip
ANNEX_LABELS = {
    1: "Annex 1 — MSME-related information (Trade Policy Reviews)",
    2: "Annex 2 — Access to information (Global Trade Helpdesk)",
    3: "Annex 3",
    4: "Annex 4 — Good regulatory practice",
    5: "Annex 5 — Tariff data (Integrated Database)",
    6: "Annex 6 — Access to finance",
}
# Every archive value has a label, so a new kind in the domain fails here, not on screen.
assert set(MEETING_KIND_LABELS) == set(MEETING_KINDS)
assert set(DOCUMENT_KIND_LABELS) == set(DOCUMENT_KINDS)
assert set(PROPOSAL_STATUS_LABELS) == set(PROPOSAL_STATUSES)
assert set(OUTREACH_KIND_LABELS) == set(OUTREACH_KINDS)

NOUNS = {
    "meetings": "meeting", "members": "Member", "proposals": "proposal",
    "outreach": "outreach event", "package": "package entry", "organizations": "organization",
    "documents": "document", "group": "Group profile",
}  # fmt: skip


# ---------------------------------------------------------------- what the window provides


class Choices(Protocol):
    """The names a form offers in its pickers; the window gets them from the services."""

    def member_names(self) -> list[str]:
        """Member names, in footnote order."""
        ...

    def organization_labels(self) -> list[str]:
        """The acronym (or name) of each organization."""
        ...

    def meeting_choices(self) -> list[tuple[date, str]]:
        """(date, kind) of each meeting, newest first."""
        ...

    def proposal_symbols(self) -> list[str]:
        """The symbols of the recorded proposals."""
        ...


@dataclass
class StaticChoices:
    """Fixed lists that satisfy ``Choices`` (tests, screenshots, a window without services)."""

    members: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    meetings: list[tuple[date, str]] = field(default_factory=list)
    proposals: list[str] = field(default_factory=list)

    def member_names(self) -> list[str]:
        """Member names, in footnote order."""
        return list(self.members)

    def organization_labels(self) -> list[str]:
        """The acronym (or name) of each organization."""
        return list(self.organizations)

    def meeting_choices(self) -> list[tuple[date, str]]:
        """(date, kind) of each meeting, newest first."""
        return list(self.meetings)

    def proposal_symbols(self) -> list[str]:
        """The symbols of the recorded proposals."""
        return list(self.proposals)


# ---------------------------------------------------------------- archive-shaped values

# The fields each form edits, with the value that stands for "not given". None marks a
# field that the archive writes as null when empty; "" a text field.
ROW_SCHEMAS: dict[str, dict[str, Any]] = {
    "presentations": {"speaker": "", "organization": None, "member": None, "topic": ""},
    "spotlights": {"business": "", "person": "", "country": "", "introduced_by": "",
                   "description": ""},
    "coordinators": {"name": "", "title": "", "from": None, "to": None},
}
SCHEMAS: dict[str, dict[str, Any]] = {
    "members": {"name": "", "list_name": "", "sort_name": "", "prose_name": "",
                "counts_as": 1, "joined": None, "left": None, "notes": ""},
    "organizations": {"name": "", "acronym": None, "network_member_since": None},
    "documents": {"symbol": None, "title": "", "date": None, "kind": "other", "url": None},
    "meetings": {"date": None, "kind": "open-ended", "convening_notice": None,
                 "summary_document": None, "summary": "", "presentations": [],
                 "spotlights": [], "proposals": []},
    "proposals": {"symbol": None, "title": "", "proponents": [], "submitted": None,
                  "status": "submitted", "discussed_at": [], "summary": ""},
    "outreach": {"date": None, "end_date": None, "kind": "other", "title": "",
                 "partners": [], "summary": ""},
    "package": {"annex": None, "year": None, "members": [], "summary": ""},
    "group": {"name": "", "short_name": "", "established": None, "established_by": None,
              "established_at": "", "founding_members": None, "coordinators": []},
}
_SYMBOL_KEYS = {"symbol", "convening_notice", "summary_document", "established_by"}
_CHOICE_KEYS = {"kind", "status"}  # an empty choice means the default one


def _normalise_value(key: str, default: Any, value: Any) -> Any:
    if isinstance(value, date):
        value = value.isoformat()
    if isinstance(value, PartialDate):
        value = value.iso()
    if key in ROW_SCHEMAS:
        if not isinstance(value, list | tuple):
            return [] if value is None else value
        return [_normalise_row(key, v) if isinstance(v, Mapping) else v for v in value]
    if isinstance(default, list):
        if value is None:
            return []
        if isinstance(value, list | tuple):
            return [v.isoformat() if isinstance(v, date) else v for v in value]
        return value
    if key in _SYMBOL_KEYS and isinstance(value, str):
        # The symbol field drops a pasted leading underscore as the user types.
        value = value.lstrip().lstrip("_").lstrip()
    if value is None or (value == "" and (default is None or key in _CHOICE_KEYS)):
        return default
    return value


def _normalise_row(list_key: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    return {k: _normalise_value(k, d, raw.get(k)) for k, d in ROW_SCHEMAS[list_key].items()}


def normalise(kind: str, raw: Mapping[str, Any]) -> dict[str, Any]:
    """The archive dict a form of ``kind`` gives back for ``raw``: every field it edits,
    "" or None for what is not given, lists as lists, unknown keys dropped."""
    return {k: _normalise_value(k, d, raw.get(k)) for k, d in SCHEMAS[kind].items()}


def _iso(value: PartialDate | date | None) -> str | None:
    if value is None:
        return None
    return value.iso() if isinstance(value, PartialDate) else value.isoformat()


def record_to_raw(kind: str, record: Any) -> dict[str, Any]:
    """The archive-shaped dict of a typed record, as its form shows it."""
    r = record
    if kind == "members":
        raw = {"name": r.name, "list_name": r.list_name, "sort_name": r.sort_name,
               "prose_name": r.prose_name, "counts_as": r.counts_as, "joined": _iso(r.joined),
               "left": _iso(r.left), "notes": r.notes}
    elif kind == "organizations":
        raw = {"name": r.name, "acronym": r.acronym,
               "network_member_since": _iso(r.network_member_since)}
    elif kind == "documents":
        raw = {"symbol": r.symbol, "title": r.title, "date": _iso(r.date), "kind": r.kind,
               "url": r.url}
    elif kind == "meetings":
        raw = {"date": _iso(r.date), "kind": r.kind, "convening_notice": r.convening_notice,
               "summary_document": r.summary_document, "summary": r.summary,
               "presentations": [{"speaker": p.speaker, "organization": p.organization,
                                  "member": p.member, "topic": p.topic}
                                 for p in r.presentations],
               "spotlights": [{"business": s.business, "person": s.person,
                               "country": s.country, "introduced_by": s.introduced_by,
                               "description": s.description} for s in r.spotlights],
               "proposals": list(r.proposals)}
    elif kind == "proposals":
        raw = {"symbol": r.symbol, "title": r.title, "proponents": list(r.proponents),
               "submitted": _iso(r.submitted), "status": r.status,
               "discussed_at": [d.isoformat() for d in r.discussed_at], "summary": r.summary}
    elif kind == "outreach":
        raw = {"date": _iso(r.date), "end_date": _iso(r.end_date), "kind": r.kind,
               "title": r.title, "partners": list(r.partners), "summary": r.summary}
    elif kind == "package":
        raw = {"annex": r.annex, "year": r.year, "members": list(r.members),
               "summary": r.summary}
    elif kind == "group":
        raw = {"name": r.name, "short_name": r.short_name, "established": _iso(r.established),
               "established_by": r.established_by, "established_at": r.established_at,
               "founding_members": r.founding_members,
               "coordinators": [{"name": c.name, "title": c.title, "from": _iso(c.start),
                                 "to": _iso(c.end)} for c in r.coordinators]}
    else:
        raise ValueError(f"no form for {kind!r}")
    return normalise(kind, raw)


def _new_values(kind: str) -> dict[str, Any]:
    """What a "new" form starts with."""
    if kind == "package":
        return {"year": date.today().year}
    if kind == "group":
        return record_to_raw("group", GroupProfile())
    return {}


PARSERS: dict[str, Callable[..., tuple[Any, list[FieldError]]]] = {
    "members": parse_member, "organizations": parse_organization, "documents": parse_document,
    "meetings": parse_meeting, "proposals": parse_proposal, "outreach": parse_outreach,
    "package": parse_package_entry, "group": parse_group,
    "presentations": parse_presentation, "spotlights": parse_spotlight,
    "coordinators": parse_coordinator,
}  # fmt: skip


# ---------------------------------------------------------------- messages in plain words

# Validation messages that continue the field's name ("is required") get it as subject.
_VERB = re.compile(r"^(is|are|must|needs?|lists?|contains?|has|have|cannot)\b")
_PATH = re.compile(r"^([A-Za-z_]+)(?:\[(\d+)\])?(?:\.(.+))?$")


def sentence(subject: str, message: str) -> str:
    """A message as a sentence: "Name is required.", "There is no meeting on 1 July."."""
    text = message.strip() or "is not right"
    if subject and _VERB.match(text):
        text = f"{subject} {text}"
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?", ")")) else text + "."


def _plain(label: str) -> str:
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&")


# ---------------------------------------------------------------- the form machinery

_UNSET = object()


class _Field:
    """One field of a form: its editor, label, error line and a raw value it cannot show."""

    def __init__(self, key: str, label: str, editor: QWidget, default: Any, hint: str):
        self.key = key
        self.label = label
        self.editor = editor
        self.default = default
        self.hint = hint
        self.pending: Any = _UNSET
        self.label_widget = QLabel(label)
        # The buddy is the part that takes the focus: Alt+letter does nothing for a buddy
        # that takes no focus itself (a date, a list), even one with a focus proxy.
        self.label_widget.setBuddy(self.focus_parts()[0])
        self.error = QLabel()
        self.error.setObjectName("fieldError")
        self.error.setWordWrap(True)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet(f"color: {ERROR_COLOUR};")
        self.error.setAccessibleName(f"{label}: problem")
        # The line is there, empty, before any problem is found: a message that appears
        # takes the space kept for it and the fields below stay where the user aims.
        self.error.setMinimumHeight(self.error.fontMetrics().lineSpacing())
        policy = self.error.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.error.setSizePolicy(policy)
        self.error.hide()
        if hasattr(editor, "set_label"):
            editor.set_label(label)
        else:
            editor.setAccessibleName(label)
        if hint:
            editor.setToolTip(hint)
        self._describe(self.base_description())

    def focus_parts(self) -> list[QWidget]:
        """The widgets of this field that take keyboard focus."""
        parts = getattr(self.editor, "focus_widgets", None)
        return parts() if parts else [self.editor]

    def base_description(self) -> str:
        """The accessible description while no error is shown."""
        base = getattr(self.editor, "base_description", None)
        return base() if base else self.hint

    def _describe(self, text: str) -> None:
        for widget in {self.editor, *self.focus_parts()}:
            widget.setAccessibleDescription(text)

    def read(self) -> Any:
        """The archive value: what the editor shows, or the raw value it could not show."""
        if self.pending is not _UNSET:
            return self.pending
        if isinstance(self.editor, IntSpin):
            return self.editor.raw_value()
        return self.editor.value()  # type: ignore[attr-defined]

    def write(self, raw: Any) -> None:
        """Show an archive value; keep it as pending when the editor cannot show it."""
        self.pending = _UNSET
        try:
            self._put(raw)
        except ValueError:
            try:
                self._put(self.default)
            except ValueError:
                pass
            # Kept so that OK reports the problem in words instead of saving a guess.
            self.pending = raw

    def _put(self, raw: Any) -> None:
        if isinstance(self.editor, IntSpin):
            self.editor.set_raw_value(raw)
        else:
            self.editor.set_value(raw)  # type: ignore[attr-defined]

    def show_error(self, text: str) -> None:
        """Show the problem beside the field (and tell screen readers)."""
        # A date the field could not read already says why in red, in the user's words
        # ("30 February 2025 is not a date"); validation's version of it ("2025-02-30" ...)
        # would only repeat it in a form the user never typed.
        own = self.editor.reading().problem if text and isinstance(self.editor, DateField) \
            else ""
        text = own or text
        self.error.setText(text)
        self.error.setVisible(bool(text) and not own)
        if isinstance(self.editor, SymbolEdit):
            # One message at a time: the error replaces the live verdict until the next
            # edit; the verdict's line keeps its place, so nothing below moves.
            self.editor.status.set_quiet(bool(text))
        self._describe(text or self.base_description())

    def error_text(self) -> str:
        """The problem shown now ("" if none)."""
        return self.error.text()


def _assign_mnemonics(labels: Sequence[QLabel], reserved: str = "oc") -> None:
    """Give each label an Alt+letter, word starts first, no letter twice in one dialog."""
    used = set(reserved)
    candidates: list[tuple[QLabel, list[int]]] = []
    for label in labels:
        text = label.text()
        if "&" in text.replace("&&", ""):
            continue
        starts = [m.start() for m in re.finditer(r"\b[A-Za-z]", text)]
        rest = [i for i, ch in enumerate(text) if ch.isalpha() and i not in starts]
        candidates.append((label, starts + rest))
    # Labels of one or two letters choose first ("To" keeps its T, "Title" takes its i);
    # the others keep their order, and so the letters staff know.
    for label, positions in sorted(candidates, key=lambda c: len(
            {c[0].text()[i].lower() for i in c[1]} - used) > 2):
        text = label.text()
        for i in positions:
            if text[i].lower() not in used:
                used.add(text[i].lower())
                label.setText(text[:i] + "&" + text[i:])
                break


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
                  note: str = "") -> QWidget:
        """Add a labelled field for archive key ``key``; ``note`` shows under it in grey."""
        f = _Field(key, label, editor, self.schema.get(key), hint)
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
                sub_label = ROW_LABELS.get(f.key, {}).get(sub, sub.replace("_", " "))
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


# ---------------------------------------------------------------- sub-records

ROW_LABELS: dict[str, dict[str, str]] = {
    "presentations": {"speaker": "Speaker", "organization": "Organization",
                      "member": "Member", "topic": "Topic"},
    "spotlights": {"business": "Business", "person": "Person", "country": "Country",
                   "introduced_by": "Introduced by", "description": "Description"},
    "coordinators": {"name": "Name", "title": "Title", "from": "From", "to": "To"},
}
ROW_NOUNS = {"presentations": "presentation", "spotlights": "spotlight",
             "coordinators": "Coordinator"}


class RowDialog(FormDialog):
    """The small dialog for one presentation, spotlight or Coordinator of a record."""

    def __init__(self, parent: QWidget | None, list_key: str, choices: Choices,
                 title: str):
        super().__init__(parent, title, ROW_SCHEMAS[list_key])
        self.list_key = list_key
        self.result_values: dict[str, Any] | None = None
        self.subject = f"this {ROW_NOUNS[list_key]}"
        _ROW_BUILDERS[list_key](self, choices)
        self.finish(560)

    def accept(self) -> None:
        """Check the row; close only when it is right."""
        raw = self.values()
        errors: list[FieldError] = []
        for key, f in self.fields.items():
            # A presenting organization or Member must be a recorded one: say so here,
            # before the whole meeting is saved and the service refuses it.
            where = _WHERE.get(key)
            if where and isinstance(f.editor, PickerCombo) and not f.editor.is_known():
                errors.append(FieldError(key, f'"{f.editor.value()}" is not in the list; '
                                              f"record it on the {where} first"))
        parsed, parse_errors = PARSERS[self.list_key](raw)
        errors += parse_errors
        if errors or parsed is None:
            self.show_errors(errors)
            return
        self.result_values = raw
        super().accept()


# Where staff add the names that a strict picker offers.
_WHERE = {"organization": "Reference tab", "member": "Members tab"}


def edit_row(parent: QWidget, list_key: str, choices: Choices,
             item: dict[str, Any] | None) -> dict[str, Any] | None:
    """Run the sub-dialog for one row; the new row, or None when cancelled."""
    noun = ROW_NOUNS[list_key]
    dialog = RowDialog(parent, list_key, choices, f"Edit {noun}" if item else f"Add {noun}")
    if not item:
        dialog.subject = f"the new {noun}"
    dialog.set_values(item or {})
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.result_values


def _show_row(list_key: str) -> Callable[[dict[str, Any], str], str]:
    def show(item: dict[str, Any], key: str) -> str:
        if list_key == "presentations" and key == "organization":
            parts = [item.get("organization") or "", item.get("member") or ""]
            return " / ".join(p for p in parts if p)
        if list_key == "coordinators" and key in ("from", "to"):
            value = item.get(key)
            if not value:
                return "(serving)" if key == "to" else "—"
            try:
                return PartialDate.parse(value).long()
            except ValueError:
                return str(value)
        return " ".join(str(item.get(key) or "").split())  # one line in the table
    return show


def _row_list(dialog: FormDialog, list_key: str, choices: Choices,
              columns: Sequence[tuple[str, str]], rows: int = 4) -> RowListEditor:
    return RowListEditor(
        columns, lambda parent, item: edit_row(parent, list_key, choices, item),
        noun=ROW_NOUNS[list_key], show=_show_row(list_key), parent=dialog, rows=rows)


# ---------------------------------------------------------------- the forms, kind by kind


def _member_form(d: FormDialog, c: Choices) -> None:
    d.add_field("name", "Name", TextLine(placeholder="required, as the WTO writes it"),
                hint="The name as the WTO writes it, e.g. Korea, Republic of")
    d.add_field("list_name", "Name in the list", TextLine(placeholder="same as the name"),
                hint="How the entry reads in the membership footnote, e.g. European Union "
                     "and its 27 Member States")
    d.add_field("sort_name", "Sort by", TextLine(placeholder="same as the name"),
                hint="The key that orders the membership footnote, e.g. Gambia for The Gambia")
    d.add_field("prose_name", "Name in a sentence", TextLine(placeholder="same as the name"),
                hint="The form used inside a sentence, with its article, e.g. the European "
                     "Union")
    d.add_field("counts_as", "Counts as", IntSpin(minimum=1, maximum=1000),
                hint="How many Members this entry stands for",
                note="Members (the European Union entry counts as 28)")
    d.add_field("joined", "Joined", PartialDateEdit(empty_hint="a Member from the start"),
                hint="When the Member joined the Group; leave empty for a Member since "
                     "before the records begin")
    d.add_field("left", "Left", PartialDateEdit(empty_hint="still a Member"),
                hint="When the Member left the Group, if it did")
    d.add_field("notes", "Notes", TextArea(lines=3))


def _organization_form(d: FormDialog, c: Choices) -> None:
    d.add_field("name", "Name", TextLine(placeholder="required, e.g. International Trade "
                                                     "Centre"))
    d.add_field("acronym", "Acronym", TextLine(nullable=True, placeholder="e.g. ITC"))
    d.add_field("network_member_since", "In the Trade4MSMEs Network since",
                PartialDateEdit(empty_hint="not in the Network"),
                hint="Leave empty for organizations outside the Trade4MSMEs Network")


def _document_form(d: FormDialog, c: Choices) -> None:
    d.add_field("symbol", "Symbol", SymbolEdit(example="INF/MSME/R/43"))
    d.add_field("title", "Title", expanding(TextLine()))
    d.add_field("date", "Date", DateEdit())
    d.add_field("kind", "Kind", ChoiceCombo(list(
        (label, value) for value, label in DOCUMENT_KIND_LABELS.items())))
    d.add_field("url", "Link", TextLine(nullable=True, placeholder="https://… (none for "
                                                                   "JOB documents)"),
                hint="The document's address online, if it has one")


def _meeting_form(d: FormDialog, c: Choices) -> None:
    d.add_field("date", "Date", DateEdit(optional=False))
    d.add_field("kind", "Kind", ChoiceCombo(list(
        (label, value) for value, label in MEETING_KIND_LABELS.items())))
    d.add_field("convening_notice", "Convening notice",
                SymbolEdit(example="INF/MSME/CN/25/Rev.1", series=CONVENING_NOTICE),
                hint="The airgram that announced the meeting")
    d.add_field("summary_document", "Summary document",
                SymbolEdit(example="INF/MSME/R/43", series=SUMMARY),
                hint="The document that records the meeting")
    d.add_field("summary", "Summary for the report",
                TextArea(lines=10, placeholder="What the report's paragraph on this meeting "
                                               "says after its opening sentence"))
    d.new_column()
    d.add_field("presentations", "Presentations", _row_list(
        d, "presentations", c, [("speaker", "Speaker"), ("organization", "Organization / "
                                "Member"), ("topic", "Topic")]))
    d.add_field("spotlights", "MSME Spotlights", _row_list(
        d, "spotlights", c, [("business", "Business"), ("person", "Person"),
                             ("country", "Country"), ("introduced_by", "Introduced by")],
        rows=2))
    d.add_field("proposals", "Proposals discussed",
                MultiPicker([(s, s) for s in c.proposal_symbols()], rows=4,
                            what="proposals"))


def _meeting_items(c: Choices) -> list[tuple[str, str]]:
    # A proposal records the meeting by its date only, so one line per date.
    kinds: dict[date, list[str]] = {}
    for when, kind in c.meeting_choices():
        kinds.setdefault(when, []).append(MEETING_KIND_LABELS.get(kind, kind).lower())
    return [(f"{long_date(when)} ({', '.join(k)})", when.isoformat())
            for when, k in kinds.items()]


def _proposal_form(d: FormDialog, c: Choices) -> None:
    d.add_field("symbol", "Symbol", SymbolEdit(example="INF/MSME/W/51", series=PROPOSAL))
    d.add_field("title", "Title", expanding(TextLine()))
    items = [(m, m) for m in c.member_names()]
    items += [(f"{o} (organization)", o) for o in c.organization_labels()]
    d.add_field("proponents", "Proponents", MultiPicker(items, rows=6, what="Members"),
                hint="The Members (or the organization) that put the proposal forward")
    d.add_field("submitted", "Submitted", PartialDateEdit())
    d.add_field("status", "Status", ChoiceCombo(list(
        (label, value) for value, label in PROPOSAL_STATUS_LABELS.items())))
    d.add_field("discussed_at", "Discussed at", MultiPicker(_meeting_items(c), rows=4,
                                                            what="meetings"),
                hint="The meetings at which the Group discussed the proposal")
    d.add_field("summary", "Summary", TextArea(lines=4))


def _outreach_form(d: FormDialog, c: Choices) -> None:
    d.add_field("date", "Date", PartialDateEdit(empty_hint="required"),
                hint="The day, or only the month or year when that is all that is known")
    d.add_field("end_date", "Until", PartialDateEdit(empty_hint="one day only"),
                hint="The last day of an event over several days")
    d.add_field("kind", "Kind", ChoiceCombo(list(
        (label, value) for value, label in OUTREACH_KIND_LABELS.items())))
    d.add_field("title", "Title", expanding(TextLine(placeholder="required")))
    d.add_field("partners", "Partners", MultiPicker(
        [(o, o) for o in c.organization_labels()], rows=5, what="organizations"),
        hint="The organizations the Group worked with")
    d.add_field("summary", "Summary for the report", TextArea(lines=5))


def _package_form(d: FormDialog, c: Choices) -> None:
    d.add_field("annex", "Annex", ChoiceCombo(
        [("— choose an annex —", None)] + [(label, n) for n, label in ANNEX_LABELS.items()]),
        hint="The annex of the December 2020 MSME Package (INF/MSME/4/Rev.2)")
    d.add_field("year", "Year", IntSpin(minimum=2020, maximum=2200, optional=True,
                                        empty_text="choose a year"))
    d.add_field("members", "Members", MultiPicker([(m, m) for m in c.member_names()], rows=7,
                                                  what="Members"),
                hint="The Members that reported implementing the annex (may be none)")
    d.add_field("summary", "What they did", TextArea(
        lines=4, placeholder="as it reads after the Members' names, e.g. included MSME "
                             "information in their Trade Policy Review reports"))


def _group_form(d: FormDialog, c: Choices) -> None:
    d.add_field("name", "Name", expanding(TextLine(placeholder="required")))
    d.add_field("short_name", "Short name", TextLine(placeholder="e.g. MSME Group"))
    d.add_field("established", "Established on", DateEdit())
    d.add_field("established_by", "Established by", SymbolEdit(example="WT/MIN(17)/58/Rev.1"),
                hint="The document that established the Group")
    d.add_field("established_at", "Established at", expanding(TextLine(
        placeholder="e.g. the 11th Ministerial Conference (MC11)")))
    d.add_field("founding_members", "Founding Members", IntSpin(minimum=1, maximum=1000,
                                                                optional=True),
                hint="How many WTO Members established the Group")
    d.add_field("coordinators", "Coordinators", _row_list(
        d, "coordinators", c, [("name", "Name"), ("title", "Title"), ("from", "From"),
                               ("to", "To")]))


def _presentation_form(d: FormDialog, c: Choices) -> None:
    d.add_field("speaker", "Speaker", expanding(TextLine()),
                hint="Who spoke (a speaker, an organization or a Member is needed)",
                note="Give a speaker, an organization or a Member (or several of them).")
    d.add_field("organization", "Organization", PickerCombo(c.organization_labels()),
                hint="The organization the speaker presented for")
    d.add_field("member", "Member", PickerCombo(c.member_names()),
                hint="The Member that presented or briefed, if any")
    d.add_field("topic", "Topic", TextArea(lines=3))


def _spotlight_form(d: FormDialog, c: Choices) -> None:
    d.add_field("business", "Business", expanding(TextLine(placeholder="required")))
    d.add_field("person", "Person", TextLine())
    d.add_field("country", "Country", PickerCombo(c.member_names(), placeholder=""))
    d.add_field("introduced_by", "Introduced by", PickerCombo(
        c.organization_labels() + c.member_names(), placeholder=""))
    d.add_field("description", "Description", TextArea(lines=4))


def _coordinator_form(d: FormDialog, c: Choices) -> None:
    d.add_field("name", "Name", expanding(TextLine(placeholder="required, e.g. H.E. Mr …")))
    d.add_field("title", "Title", expanding(TextLine(placeholder="e.g. Ambassador of "
                                                                 "Barbados")))
    d.add_field("from", "From", PartialDateEdit())
    d.add_field("to", "To", PartialDateEdit(empty_hint="still serving"))


_BUILDERS: dict[str, Callable[[FormDialog, Choices], None]] = {
    "members": _member_form, "organizations": _organization_form,
    "documents": _document_form, "meetings": _meeting_form, "proposals": _proposal_form,
    "outreach": _outreach_form, "package": _package_form, "group": _group_form,
}  # fmt: skip
# (width, height) wide enough that titles and narratives read without scrolling sideways;
# tall enough that lists show several rows. Both shrink to the screen.
_SIZES = {"meetings": (1260, 700), "proposals": (760, 700), "outreach": (720, 640),
          "package": (720, 600), "group": (720, 560), "organizations": (620, 0),
          "documents": (680, 0)}
_ROW_BUILDERS: dict[str, Callable[[FormDialog, Choices], None]] = {
    "presentations": _presentation_form, "spotlights": _spotlight_form,
    "coordinators": _coordinator_form,
}


# ---------------------------------------------------------------- the record dialog


def dialog_title(kind: str, record: Any | None) -> str:
    """ "New meeting", "Edit meeting of 19 March 2024", "Edit Member: Canada" ..."""
    noun = NOUNS[kind]
    if kind == "group":
        return "The Group's profile"
    if record is None:
        return f"New {noun}"
    if kind == "meetings":
        return f"Edit meeting of {long_date(record.date)}"
    if kind in ("documents", "proposals"):
        return f"Edit {noun} {record.symbol}"
    if kind == "outreach":
        return f"Edit outreach event of {record.date.long()}"
    if kind == "package":
        return f"Edit package entry: Annex {record.annex}, {record.year}"
    if kind == "organizations":
        return f"Edit organization: {record.acronym or record.name}"
    return f"Edit {noun}: {record.name}"


def form_subject(kind: str, record: Any | None) -> str:
    """What a form edits, as a question names it: "the new meeting", "the Member Canada"."""
    if kind == "group":
        return "the Group's profile"
    if record is None:
        return f"the new {NOUNS[kind]}"
    title = dialog_title(kind, record)
    return "the " + title.removeprefix("Edit ").replace(":", "", 1)


def _plain_reason(exc: BaseException) -> str:
    if isinstance(exc, OSError):
        return exc.strerror or str(exc) or "the data file could not be written"
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__


class RecordDialog(FormDialog):
    """The form of one record; OK saves through ``save`` and closes only once it succeeded."""

    def __init__(self, parent: QWidget | None, kind: str, choices: Choices,
                 save: Callable[[Any], Any], record: Any | None = None):
        if kind not in _BUILDERS:
            raise ValueError(f"no form for {kind!r}; one of {', '.join(KINDS)}")
        super().__init__(parent, dialog_title(kind, record), SCHEMAS[kind])
        self.kind = kind
        self.record = record
        self.saved: object | None = None
        self.subject = form_subject(kind, record)
        self._save = save
        _BUILDERS[kind](self, choices)
        self.finish(*_SIZES.get(kind, (720, 0)))
        self.set_values(record_to_raw(kind, record) if record is not None
                        else _new_values(kind))

    def parse(self) -> tuple[Any, list[FieldError]]:
        """The typed record of what the form shows (with the edited record's id), or errors."""
        parsed, errors = PARSERS[self.kind](self.values(), "")
        if errors or parsed is None:
            return None, errors
        if self.record is not None and hasattr(parsed, "id"):
            parsed = replace(parsed, id=self.record.id)
        if self.kind == "meetings" and "proposals" not in self.fields and self.record:
            parsed = replace(parsed, proposals=self.record.proposals)
        return parsed, []

    def accept(self) -> None:
        """Check, then save; stay open with the problems shown if either fails."""
        self.clear_errors()
        parsed, errors = self.parse()
        if errors:
            self.show_errors(errors)
            return  # nothing is written while any field is wrong
        if not self._other_series_confirmed():
            return  # the user went back to the field; nothing is written
        try:
            result = self._save(parsed)
        except ValidationError as exc:
            self.show_errors(exc.errors)
            return
        except Exception as exc:  # any failure must leave the form open, with its entries
            if not isinstance(exc, LookupError | OSError):
                log.exception("saving a %s failed", NOUNS[self.kind])
            self._tell_failure(exc)
            return
        self.saved = result
        super().accept()

    def _other_series_confirmed(self) -> bool:
        """Ask before saving a symbol of another series than its field expects.

        Asked only of a symbol the user typed in this form: one the record already had
        was confirmed when it was saved (or came from an archive, and ``check`` tells it).
        """
        for key, f in self.fields.items():
            editor = f.editor
            if not isinstance(editor, SymbolEdit) or not editor.series_problem():
                continue
            had = getattr(self.record, key, None) if self.record is not None else None
            if editor.value() != had and not self.ask_save_anyway(
                    f"{editor.series_problem()}. Save it anyway?"):
                editor.setFocus()
                return False
        return True

    def ask_save_anyway(self, question: str) -> bool:
        """The plain question "Save anyway / Go back"; Go back is the default (and Escape)."""
        box = QMessageBox(QMessageBox.Icon.Question, "Save anyway?", question,
                          QMessageBox.StandardButton.NoButton, self)
        save = box.addButton("Save anyway", QMessageBox.ButtonRole.AcceptRole)
        back = box.addButton("Go back", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.exec()
        return box.clickedButton() is save

    def _tell_failure(self, exc: BaseException) -> None:
        noun = NOUNS[self.kind]
        the = "The Group profile" if self.kind == "group" else f"The {noun}"
        QMessageBox.warning(
            self, "Not saved",
            f"{the} was not saved: {_plain_reason(exc)}\n\n"
            "What you entered is still in the form: you can try again, or cancel.")


def open_form(parent: QWidget | None, kind: str, choices: Choices,
              save: Callable[[Any], Any], record: Any | None = None) -> RecordDialog:
    """Build (not run) the form for a record of ``kind``; ``record`` None means a new one."""
    return RecordDialog(parent, kind, choices, save, record)
