"""RecordDialog: one record's form; it saves through ``save`` and closes once that succeeded."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QMessageBox, QWidget

from msmedesk.domain import long_date
from msmedesk.history import StaleRecord
from msmedesk.registry import by_key
from msmedesk.validation import FieldError, ValidationError, parse

from msmedesk.ui.forms.builders import _BUILDERS, _SIZES
from msmedesk.ui.forms.choices import Choices
from msmedesk.ui.forms.dialog import FormDialog
from msmedesk.ui.forms.generic import add_missing_fields
from msmedesk.ui.forms.messages import _plain_reason
from msmedesk.ui.forms.rows import row_list
from msmedesk.ui.forms.stale import VersionState, offer_reload, stale_panel
from msmedesk.ui.forms.values import KINDS, SCHEMAS, _new_values, record_to_raw
from msmedesk.ui.kinds.generic import name_of
from msmedesk.ui.symbol_field import SymbolEdit

# The log keeps the name it had before the forms became a package.
log = logging.getLogger("msmedesk.ui.forms")


def dialog_title(kind: str, record: Any | None) -> str:
    """ "New meeting", "Edit meeting of 19 March 2024", "Edit Member: Canada" ..."""
    noun = by_key(kind).noun
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
    return f"Edit {noun}: {name_of(by_key(kind), record)}"


def form_subject(kind: str, record: Any | None) -> str:
    """What a form edits, as a question names it: "the new meeting", "the Member Canada"."""
    if kind == "group":
        return "the Group's profile"
    if record is None:
        return f"the new {by_key(kind).noun}"
    title = dialog_title(kind, record)
    return "the " + title.removeprefix("Edit ").replace(":", "", 1)


class RecordDialog(FormDialog):
    """The form of one record; OK saves through ``save`` and closes only once it succeeded."""

    def __init__(self, parent: QWidget | None, kind: str, choices: Choices,
                 save: Callable[[Any], Any], record: Any | None = None):
        if kind not in KINDS:
            raise ValueError(f"no form for {kind!r}; one of {', '.join(KINDS)}")
        super().__init__(parent, dialog_title(kind, record), SCHEMAS[kind])
        self.kind = kind
        self.record = record
        self.saved: object | None = None
        #: the version the form read, for a save that another desk's change refuses
        self.versioned: VersionState | None = None
        self.subject = form_subject(kind, record)
        self._save = save
        own = _BUILDERS.get(kind)
        if own is not None:
            own(self, choices)
        # The registry's fields that the type's own form does not place (every field of a
        # type without one), so that a field declared there shows here.
        add_missing_fields(self, by_key(kind), choices, row_list)
        self.finish(*_SIZES.get(kind, (720, 0)))
        self.set_values(record_to_raw(kind, record) if record is not None
                        else _new_values(kind))

    def parse(self) -> tuple[Any, list[FieldError]]:
        """The typed record of what the form shows (with the edited record's id), or errors."""
        parsed, errors = parse(self.kind, self.values())
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
        except StaleRecord as exc:  # another desk changed it: nothing written, ask how on
            offer_reload(self, exc)
            return
        except Exception as exc:  # any failure must leave the form open, with its entries
            if not isinstance(exc, LookupError | OSError):
                log.exception("saving a %s failed", by_key(self.kind).noun)
            self._tell_failure(exc)
            return
        self.saved = result
        super().accept()

    def show_record(self, record: Any) -> None:
        """Fill the form with ``record`` (as stored now) and edit that one from here."""
        self.record = record
        self.set_values(record_to_raw(self.kind, record))

    def changed_elsewhere(self, message: str, found: int) -> None:
        """Another desk changed (found 0: deleted) the record while the form is open:
        the form's fields stay as typed, and the panel offers Reload or Keep editing."""
        stale_panel(self).offer(message, found, refused=False)

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
        noun = by_key(self.kind).noun
        the = "The Group profile" if self.kind == "group" else f"The {noun}"
        QMessageBox.warning(
            self, "Not saved",
            f"{the} was not saved: {_plain_reason(exc)}\n\n"
            "What you entered is still in the form: you can try again, or cancel.")


def open_form(parent: QWidget | None, kind: str, choices: Choices,
              save: Callable[[Any], Any], record: Any | None = None) -> RecordDialog:
    """Build (not run) the form for a record of ``kind``; ``record`` None means a new one."""
    return RecordDialog(parent, kind, choices, save, record)
