"""The record forms: fill, check, save through a fake ``save``, errors beside their fields."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import copy  # noqa: E402
import json  # noqa: E402
from dataclasses import replace  # noqa: E402
from datetime import date  # noqa: E402
from importlib import resources  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget  # noqa: E402

from msmedesk.domain import (  # noqa: E402
    Coordinator,
    GroupProfile,
    Meeting,
    Member,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
)
from msmedesk.validation import FieldError, ValidationError  # noqa: E402

from msmedesk.ui import forms  # noqa: E402
from msmedesk.ui.forms import (  # noqa: E402
    KINDS,
    PARSERS,
    RecordDialog,
    RowDialog,
    StaticChoices,
    normalise,
    open_form,
    record_to_raw,
)
from msmedesk.ui.symbol_field import SymbolEdit  # noqa: E402
from msmedesk.ui.widgets import MultiPicker, RowListEditor  # noqa: E402

SAMPLE = json.loads((resources.files("msmedesk") / "resources" / "sample-2024.json")
                    .read_text(encoding="utf-8"))


# Records of the types the 2024 sample does not hold.
OTHER_SAMPLES = {"contacts": {
    "name": "Ana López", "of": "Mexico", "title": "Counsellor, Permanent Mission",
    "email": "ana.lopez@example.org", "phone": "+41 22 000 00 00", "role": "delegate",
    "notes": "Focal point for the Group"}}


def _sample(kind: str) -> dict[str, Any]:
    """A realistic archive record of each kind from the 2024 sample."""
    if kind == "group":
        return copy.deepcopy(SAMPLE["group"])
    section = {"package": "package_entries"}.get(kind, kind)
    if section not in SAMPLE:  # a type the sample does not hold
        return copy.deepcopy(OTHER_SAMPLES[kind])
    pick = {"meetings": 1, "members": 23, "organizations": 0}.get(kind, 0)
    return copy.deepcopy(SAMPLE[section][pick])


CHOICES = StaticChoices(
    members=[m["name"] for m in SAMPLE["members"]],
    organizations=[o.get("acronym") or o["name"] for o in SAMPLE["organizations"]],
    meetings=[(date.fromisoformat(m["date"]), m["kind"]) for m in SAMPLE["meetings"]][::-1],
    proposals=[p["symbol"] for p in SAMPLE["proposals"]],
)


class FakeSave:
    """A ``save`` that records its calls and answers like a service (or raises)."""

    def __init__(self, error: BaseException | None = None):
        self.calls: list[Any] = []
        self.returned: list[Any] = []
        self.error = error

    def __call__(self, record: Any) -> Any:
        self.calls.append(record)
        if self.error is not None:
            raise self.error
        # A new object, as a service's answer is: the record as stored, with its id.
        stored = replace(record, id=record.id or 99) if hasattr(record, "id") else replace(record)
        self.returned.append(stored)
        return stored


def _open(qtbot: Any, kind: str, save: FakeSave | None = None, record: Any = None
          ) -> tuple[RecordDialog, FakeSave]:
    save = save or FakeSave()
    dialog = open_form(None, kind, CHOICES, save, record)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog, save


def _still_open(dialog: RecordDialog, save: FakeSave) -> None:
    assert dialog.isVisible()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.saved is None


# ---------------------------------------------------------------- every kind saves


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_saves_the_typed_record(qtbot: Any, kind: str) -> None:
    """Filled from a sample record, OK calls save once with that record, then closes."""
    raw = _sample(kind)
    dialog, save = _open(qtbot, kind)
    dialog.set_values(raw)
    dialog.accept()
    expected, errors = PARSERS[kind](raw, "")
    assert errors == []
    assert save.calls == [expected]
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert not dialog.isVisible()
    # The caller gets the record as the service stored it, not the one typed.
    assert save.returned and dialog.saved is save.returned[-1]


@pytest.mark.parametrize("kind", KINDS)
def test_values_give_back_the_normalised_raw(qtbot: Any, kind: str) -> None:
    """values() after set_values(raw) equals the raw with every field present."""
    raw = _sample(kind)
    dialog, _save = _open(qtbot, kind)
    dialog.set_values(raw)
    assert dialog.values() == normalise(kind, raw)
    assert set(dialog.values()) == set(forms.SCHEMAS[kind])



@pytest.mark.parametrize("kind", KINDS)
def test_a_form_labels_its_fields_as_the_registry_says(qtbot: Any, kind: str) -> None:
    """Every field a form shows is headed by its registry label, and a kind or status drop-down
    offers the registry's values with their form wording."""
    from msmedesk.registry import by_key

    dialog, _save = _open(qtbot, kind)
    declared = by_key(kind)
    assert {k: f.label for k, f in dialog.fields.items()} == {
        k: declared.field(k).label for k in dialog.fields}
    for key, f in dialog.fields.items():
        if declared.field(key).choices:
            combo = f.editor
            shown = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
            assert shown == [(c.form_label, c.value) for c in declared.field(key).choices]

def test_normalise_fills_what_the_archive_leaves_out() -> None:
    """Missing keys, nulls and "" become the form's own "not given" values."""
    assert normalise("organizations", {"name": "ITC", "acronym": ""}) == {
        "name": "ITC", "acronym": None, "network_member_since": None, "short_name": None}
    meeting = normalise("meetings", {"date": "2024-03-19", "kind": "",
                                     "presentations": [{"organization": "UPU"}],
                                     "convening_notice": "_INF/MSME/CN/25/Rev.1"})
    assert meeting["kind"] == "open-ended"
    assert meeting["convening_notice"] == "INF/MSME/CN/25/Rev.1"
    assert meeting["presentations"] == [{"speaker": "", "organization": "UPU", "member": None,
                                         "topic": "", "contact": None}]
    assert meeting["spotlights"] == [] and meeting["proposals"] == []


@pytest.mark.parametrize("kind", KINDS)
def test_record_to_raw_round_trips(kind: str) -> None:
    """A typed record shown in its form is the same record when read back."""
    parsed, _ = PARSERS[kind](_sample(kind), "")
    again, errors = PARSERS[kind](record_to_raw(kind, parsed), "")
    assert errors == []
    assert again == parsed


def test_meeting_saved_with_its_lists(qtbot: Any) -> None:
    """A new meeting entered field by field carries its presentations, spotlights, links."""
    dialog, save = _open(qtbot, "meetings")
    assert dialog.windowTitle() == "New meeting"
    dialog.widget_for("date").set_value("2024-10-18")
    dialog.widget_for("kind").set_value("open-ended")
    qtbot.keyClicks(dialog.widget_for("convening_notice"), "INF/MSME/CN/27")
    dialog.widget_for("presentations").set_value([
        {"speaker": "Anne Chappaz", "organization": "ITC", "topic": "BSOs"},
        {"member": "Canada", "topic": "its Trade Policy Review"}])
    dialog.widget_for("spotlights").set_value([{"business": "ANEP", "country": "Senegal"}])
    dialog.widget_for("proposals").set_value(["INF/MSME/W/51"])
    dialog.accept()
    assert save.calls == [Meeting(
        date=date(2024, 10, 18), kind="open-ended", convening_notice="INF/MSME/CN/27",
        presentations=(Presentation(speaker="Anne Chappaz", organization="ITC", topic="BSOs"),
                       Presentation(member="Canada", topic="its Trade Policy Review")),
        spotlights=(Spotlight(business="ANEP", country="Senegal"),),
        proposals=("INF/MSME/W/51",))]
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_proposal_keeps_proponent_order_and_meeting_dates(qtbot: Any) -> None:
    """Proponents are saved in the order ticked; meetings by their dates."""
    dialog, save = _open(qtbot, "proposals")
    dialog.set_values({"symbol": "INF/MSME/W/55", "title": "A proposal"})
    proponents = dialog.widget_for("proponents")
    assert isinstance(proponents, MultiPicker)
    for name in ("Paraguay", "Canada"):
        qtbot.keyClicks(proponents.filter, name)
        qtbot.keyClick(proponents.filter, Qt.Key.Key_Return)
    dialog.widget_for("discussed_at").set_value(["2024-12-10"])
    dialog.widget_for("submitted").set_value("2024-11")
    dialog.accept()
    assert save.calls == [Proposal(symbol="INF/MSME/W/55", title="A proposal",
                                   proponents=("Paraguay", "Canada"),
                                   submitted=PartialDate(2024, 11),
                                   discussed_at=(date(2024, 12, 10),))]


def test_new_package_entry_starts_in_this_year_without_an_annex(qtbot: Any) -> None:
    """A new entry offers this year and asks for the annex rather than guessing one."""
    dialog, save = _open(qtbot, "package")
    assert dialog.values()["year"] == date.today().year
    dialog.widget_for("summary").set_value("reported")
    dialog.accept()
    assert save.calls == []
    assert dialog.error_text("annex") == "Annex is required."
    dialog.widget_for("annex").set_value(5)
    dialog.widget_for("year").set_raw_value(2024)
    dialog.accept()
    assert save.calls == [PackageEntry(annex=5, year=2024, summary="reported")]


def test_group_form_saves_coordinators(qtbot: Any) -> None:
    """The Group's profile keeps its Coordinators' spans as partial dates."""
    dialog, save = _open(qtbot, "group")
    assert dialog.values()["name"] == "Informal Working Group on MSMEs"  # the defaults
    raw = _sample("group")
    raw["coordinators"] = [{"name": "H.E. Mr A", "title": "Ambassador", "from": "2019-06",
                            "to": "2022"}, {"name": "H.E. Mr Matthew Wilson"}]
    dialog.set_values(raw)
    dialog.accept()
    assert save.calls[0].coordinators == (
        Coordinator("H.E. Mr A", "Ambassador", PartialDate(2019, 6), PartialDate(2022)),
        Coordinator("H.E. Mr Matthew Wilson"))
    assert isinstance(save.calls[0], GroupProfile)


# ---------------------------------------------------------------- invalid input


def test_bad_symbol_is_shown_beside_its_field(qtbot: Any) -> None:
    """"INF MSME/CN/2" stops the save and is named beside the convening notice."""
    dialog, save = _open(qtbot, "meetings")
    raw = _sample("meetings")
    raw["convening_notice"] = "INF MSME/CN/2"
    dialog.set_values(raw)
    dialog.accept()
    assert save.calls == []
    _still_open(dialog, save)
    assert dialog.error_text("convening_notice") == '"INF MSME/CN/2" is not a WTO document symbol.'
    assert dialog.error_text("date") == ""
    assert dialog.error_text("summary_document") == ""
    assert dialog.focusWidget() is dialog.widget_for("convening_notice")


def test_impossible_meeting_date_is_named(qtbot: Any) -> None:
    """A 30 February cannot be saved; the message says why."""
    dialog, save = _open(qtbot, "meetings")
    raw = _sample("meetings")
    raw["date"] = "2024-02-30"
    dialog.set_values(raw)
    assert dialog.values()["date"] == "2024-02-30"
    dialog.accept()
    assert save.calls == []
    _still_open(dialog, save)
    assert "February 2024 has 29 days" in dialog.error_text("date")


def test_choosing_a_date_replaces_the_impossible_one(qtbot: Any) -> None:
    """Once the user picks a date, the bad one is gone and the meeting saves."""
    dialog, save = _open(qtbot, "meetings")
    dialog.set_values({**_sample("meetings"), "date": "2024-02-30"})
    dialog.accept()
    assert dialog.error_text("date")
    dialog.widget_for("date").set_value("2024-02-29")
    assert dialog.error_text("date") == ""  # the error goes with the edit
    dialog.accept()
    assert save.calls[0].date == date(2024, 2, 29)


def test_meeting_without_date_is_refused(qtbot: Any) -> None:
    """A new meeting needs its date."""
    dialog, save = _open(qtbot, "meetings")
    dialog.accept()
    assert save.calls == []
    assert dialog.error_text("date") == "Date is required."


def test_impossible_outreach_date_is_named(qtbot: Any) -> None:
    """The partial-date field shows 30 February; validation names the problem."""
    dialog, save = _open(qtbot, "outreach")
    dialog.set_values({**_sample("outreach"), "date": "2024-02-30"})
    dialog.accept()
    assert save.calls == []
    assert "is not a date: February 2024 has 29 days" in dialog.error_text("date")


def test_empty_member_name_and_zero_count(qtbot: Any) -> None:
    """Both problems are shown, each beside its own field; the first one has the focus."""
    dialog, save = _open(qtbot, "members")
    dialog.set_values({"name": "  ", "counts_as": 0})
    assert dialog.values()["counts_as"] == 0  # kept, not clamped to 1
    dialog.accept()
    assert save.calls == []
    _still_open(dialog, save)
    assert dialog.error_text("name") == "Name is required."
    assert dialog.error_text("counts_as") == "Counts as must be at least 1."
    assert dialog.error_text("joined") == ""
    assert dialog.focusWidget() is dialog.widget_for("name")


def test_left_before_joined(qtbot: Any) -> None:
    """Dates in the wrong order are named beside the later field."""
    dialog, save = _open(qtbot, "members")
    dialog.set_values({"name": "Cabo Verde", "joined": "2024", "left": "2023"})
    dialog.accept()
    assert save.calls == []
    assert dialog.error_text("left") == "2023 is before joined 2024."


def test_proposal_without_proponents(qtbot: Any) -> None:
    """A proposal needs at least one proponent."""
    dialog, save = _open(qtbot, "proposals")
    dialog.set_values({**_sample("proposals"), "proponents": []})
    dialog.accept()
    assert save.calls == []
    assert dialog.error_text("proponents") == "Proponents needs at least one proponent."


def test_spotlight_without_business_is_named_by_row(qtbot: Any) -> None:
    """An error inside a list names the row, beside the list."""
    dialog, save = _open(qtbot, "meetings")
    raw = _sample("meetings")
    raw["spotlights"] = [{"business": "EziDrops"}, {"business": "", "person": "Usha Subba"}]
    dialog.set_values(raw)
    dialog.accept()
    assert save.calls == []
    assert dialog.error_text("spotlights") == "Spotlight 2: Business is required."
    assert dialog.error_text("spotlights[1].business") == "Spotlight 2: Business is required."
    spotlights = dialog.widget_for("spotlights")
    assert isinstance(spotlights, RowListEditor)
    assert spotlights.current_row() == 1


def test_nothing_saved_while_any_field_is_wrong(qtbot: Any) -> None:
    """Several wrong fields: no save at all, every problem shown."""
    dialog, save = _open(qtbot, "documents")
    dialog.set_values({"symbol": "INF MSME/CN/2", "date": "2024-06", "kind": "memo"})
    dialog.accept()
    assert save.calls == []
    assert dialog.error_text("symbol")
    assert "needs the day as well" in dialog.error_text("date")
    assert '"memo" is not one of' in dialog.error_text("kind")


# ---------------------------------------------------------------- when save refuses


def test_save_validation_error_is_shown_beside_its_field(qtbot: Any) -> None:
    """The service's own check ("already a Member") lands beside the name."""
    error = ValidationError([FieldError("name", '"Canada" is already a Member')])
    dialog, save = _open(qtbot, "members", FakeSave(error))
    dialog.set_values({"name": "Canada"})
    dialog.accept()
    assert len(save.calls) == 1
    _still_open(dialog, save)
    assert dialog.error_text("name") == '"Canada" is already a Member.'
    error_label = dialog.findChild(QLabel, "fieldError")
    assert error_label is not None
    assert dialog.widget_for("name").accessibleDescription() == '"Canada" is already a Member.'


def test_save_error_inside_a_list_names_the_row(qtbot: Any) -> None:
    """"presentations[2].organization" is shown next to the presentations, naming the row."""
    error = ValidationError([FieldError("presentations[2].organization",
                                        '"OECD" is not a recorded organization')])
    dialog, save = _open(qtbot, "meetings", FakeSave(error))
    dialog.set_values(_sample("meetings"))
    dialog.accept()
    _still_open(dialog, save)
    expected = 'Presentation 3: "OECD" is not a recorded organization.'
    assert dialog.error_text("presentations") == expected
    assert dialog.error_text("presentations[2].organization") == expected
    assert dialog.widget_for("presentations").current_row() == 2


def test_save_error_with_record_prefix_finds_its_field(qtbot: Any) -> None:
    """The Group service names its errors "group.<field>"; they still land beside the field."""
    error = ValidationError([FieldError("established_by", "is not right", "group")])
    dialog, save = _open(qtbot, "group", FakeSave(error))
    dialog.accept()
    assert dialog.error_text("established_by") == "Established by is not right."


def test_error_without_a_field_is_shown_at_the_top(qtbot: Any) -> None:
    """A problem with the whole record is shown above the fields."""
    error = ValidationError([FieldError("", "This Member has proposals")])
    dialog, save = _open(qtbot, "members", FakeSave(error))
    dialog.set_values({"name": "Canada"})
    dialog.accept()
    _still_open(dialog, save)
    assert dialog.error_text("") == "This Member has proposals."


@pytest.mark.parametrize("error, words", [
    (LookupError("This meeting was deleted meanwhile."), "deleted meanwhile"),
    (OSError(28, "No space left on device"), "No space left on device"),
    (RuntimeError("database is locked"), "database is locked"),
])
def test_other_failures_are_told_in_a_message_box(qtbot: Any, monkeypatch: Any,
                                                  error: BaseException, words: str) -> None:
    """A failure that is not about a field gets a plain message; the form stays open."""
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning",
                        lambda parent, title, text, *a: told.append(text))
    dialog, save = _open(qtbot, "meetings", FakeSave(error))
    dialog.set_values(_sample("meetings"))
    dialog.accept()
    _still_open(dialog, save)
    assert len(told) == 1
    assert words in told[0]
    assert "Traceback" not in told[0]
    assert told[0].startswith("The meeting was not saved")


# ---------------------------------------------------------------- editing


@pytest.mark.parametrize("kind", [k for k in KINDS if k != "group"])
def test_editing_keeps_the_id(qtbot: Any, kind: str) -> None:
    """The record passed to save carries the edited record's id."""
    parsed, _ = PARSERS[kind](_sample(kind), "")
    dialog, save = _open(qtbot, kind, record=replace(parsed, id=7))
    assert dialog.values() == record_to_raw(kind, parsed)
    dialog.accept()
    assert save.calls == [replace(parsed, id=7)]


def test_editing_a_meeting_keeps_its_proposals(qtbot: Any) -> None:
    """The proposals discussed at a meeting survive an edit of its summary."""
    parsed, _ = PARSERS["meetings"](_sample("meetings"), "")
    record = replace(parsed, id=3, proposals=("INF/MSME/W/51", "INF/MSME/W/52"))
    dialog, save = _open(qtbot, "meetings", record=record)
    dialog.widget_for("summary").set_value("Shorter.")
    dialog.accept()
    assert save.calls == [replace(record, summary="Shorter.")]


def test_edit_titles(qtbot: Any) -> None:
    """Titles say what is being edited."""
    meeting, _ = PARSERS["meetings"](_sample("meetings"), "")
    dialog, _save = _open(qtbot, "meetings", record=replace(meeting, id=1))
    assert dialog.windowTitle() == "Edit meeting of 1 July 2024"
    member = Member(name="Canada", id=2)
    dialog, _save = _open(qtbot, "members", record=member)
    assert dialog.windowTitle() == "Edit Member: Canada"
    dialog, _save = _open(qtbot, "members")
    assert dialog.windowTitle() == "New Member"


# ---------------------------------------------------------------- keyboard and labels


def test_enter_in_a_one_line_field_is_ok(qtbot: Any) -> None:
    """Enter in the name field saves, like pressing OK."""
    dialog, save = _open(qtbot, "organizations")
    qtbot.keyClicks(dialog.widget_for("name"), "Universal Postal Union")
    qtbot.keyClicks(dialog.widget_for("acronym"), "UPU")
    qtbot.keyClick(dialog.widget_for("acronym"), Qt.Key.Key_Return)
    assert [o.acronym for o in save.calls] == ["UPU"]
    assert dialog.result() == QDialog.DialogCode.Accepted


@pytest.mark.parametrize("kind, field", [("meetings", "convening_notice"), ("group", "name"),
                                         ("proposals", "title"), ("members", "name")])
def test_enter_is_ok_even_beside_add_buttons(qtbot: Any, monkeypatch: Any, kind: str,
                                             field: str) -> None:
    """In forms with lists, Enter still means OK, never Add… of a list."""
    def no_sub_dialog(*_args: Any) -> None:
        raise AssertionError("Enter opened a sub-dialog")

    monkeypatch.setattr(forms.rows, "edit_row", no_sub_dialog)  # where _row_list calls it
    dialog, save = _open(qtbot, kind)
    dialog.set_values(_sample(kind))
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isDefault()
    assert not any(b.isDefault() for b in dialog.findChildren(type(ok)) if b is not ok)
    qtbot.keyClick(dialog.widget_for(field), Qt.Key.Key_Return)
    assert len(save.calls) == 1
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_ctrl_enter_in_a_narrative_is_ok(qtbot: Any) -> None:
    """Enter starts a new line in a narrative; Ctrl+Enter saves."""
    dialog, save = _open(qtbot, "members")
    dialog.widget_for("name").set_value("Canada")
    notes = dialog.widget_for("notes")
    qtbot.keyClicks(notes, "first")
    qtbot.keyClick(notes, Qt.Key.Key_Return)
    qtbot.keyClicks(notes, "second")
    assert save.calls == []
    qtbot.keyClick(notes, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert [m.notes for m in save.calls] == ["first\nsecond"]


def test_escape_cancels_without_saving(qtbot: Any, monkeypatch: Any) -> None:
    """Esc closes the form (once the user agrees to discard the typing) and writes nothing."""
    asked: list[str] = []
    monkeypatch.setattr(forms.unsaved, "ask_discard",
                        lambda _parent, subject: asked.append(subject) or True)
    dialog, save = _open(qtbot, "organizations")
    qtbot.keyClicks(dialog.widget_for("name"), "Universal Postal Union")
    qtbot.keyClick(dialog.widget_for("name"), Qt.Key.Key_Escape)
    assert asked == ["the new organization"]
    assert save.calls == []
    assert dialog.result() == QDialog.DialogCode.Rejected


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_is_labelled_and_named(qtbot: Any, kind: str) -> None:
    """Each field has a visible label with an Alt+letter and its editor an accessible name."""
    dialog, _save = _open(qtbot, kind)
    letters = []
    for key, f in dialog.fields.items():
        label = f.label_widget
        assert label.buddy() is f.focus_parts()[0], key
        assert label.isVisible()
        assert "&" in label.text(), key
        letters.append(label.text()[label.text().index("&") + 1].lower())
        assert f.editor.accessibleName(), key
        for part in f.focus_parts():
            assert part.accessibleName(), (key, part)
    assert len(letters) == len(set(letters))  # no Alt+letter twice


@pytest.mark.parametrize("kind", KINDS)
def test_tab_order_follows_the_form(qtbot: Any, kind: str) -> None:
    """Tab walks the fields top to bottom (left column first), then OK and Cancel."""
    dialog, _save = _open(qtbot, kind)
    parts: list[QWidget] = [w for f in dialog.fields.values() for w in f.focus_parts()]
    reached = []
    widget = parts[0]
    for _ in range(len(parts) + 2):
        reached.append(widget)
        widget = widget.nextInFocusChain()
        while widget.focusPolicy() == Qt.FocusPolicy.NoFocus or widget not in parts + [
                b for b in dialog.buttons.buttons()]:
            widget = widget.nextInFocusChain()
    assert reached[:len(parts)] == parts
    assert set(reached[len(parts):]) <= set(dialog.buttons.buttons())


def test_error_updates_the_accessible_description(qtbot: Any) -> None:
    """A screen reader hears the error on the field, and the hint again once it is fixed."""
    dialog, _save = _open(qtbot, "members")
    before = dialog.widget_for("counts_as").accessibleDescription()
    dialog.set_values({"name": "EU", "counts_as": 0})
    dialog.accept()
    assert dialog.widget_for("counts_as").accessibleDescription() == (
        "Counts as must be at least 1.")
    dialog.widget_for("counts_as").set_raw_value(28)
    assert dialog.error_text("counts_as") == ""
    assert dialog.widget_for("counts_as").accessibleDescription() == before


def test_symbol_field_status_lives_in_the_form(qtbot: Any) -> None:
    """The document form's symbol field tells as you type whether the symbol is valid."""
    dialog, _save = _open(qtbot, "documents")
    symbol = dialog.widget_for("symbol")
    assert isinstance(symbol, SymbolEdit)
    qtbot.keyClicks(symbol, "INF MSME")
    assert symbol.status.isVisible()
    assert symbol.status_text().startswith("Not a WTO document symbol")
    symbol.clear()
    qtbot.keyClicks(symbol, "INF/MSME/R/43")
    assert symbol.status_text() == "✓ valid symbol"


@pytest.mark.parametrize("kind", KINDS)
def test_forms_fit_the_office_screen(qtbot: Any, kind: str) -> None:
    """No form needs more than 1366x768 to show without cutting anything off."""
    dialog, _save = _open(qtbot, kind)
    assert dialog.minimumWidth() <= 1366 and dialog.minimumHeight() <= 700
    assert dialog.width() >= dialog.minimumWidth()


def test_unknown_kind_is_refused() -> None:
    """Asking for a form that does not exist says so."""
    with pytest.raises(ValueError, match="no form"):
        open_form(None, "pets", CHOICES, FakeSave())


# ---------------------------------------------------------------- rows of a meeting


def test_presentation_dialog_checks_its_row(qtbot: Any) -> None:
    """An empty presentation, or an organization not recorded, is refused in the sub-dialog."""
    dialog = RowDialog(None, "presentations", CHOICES, "Add presentation")
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.result_values is None
    assert dialog.error_text("speaker") == (
        "Speaker is required when no organization or Member is given.")
    dialog.set_values({"organization": "Nobody Inc"})
    dialog.accept()
    assert dialog.result_values is None
    assert "not in the list" in dialog.error_text("organization")
    dialog.set_values({"organization": "upu", "topic": "postal trade"})
    dialog.accept()
    assert dialog.result_values == {"speaker": "", "organization": "UPU", "member": None,
                                    "topic": "postal trade", "contact": None}
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_adding_a_presentation_through_its_sub_dialog(qtbot: Any, monkeypatch: Any) -> None:
    """Add… opens the row dialog; what it returns becomes a row of the meeting."""
    def run(dialog: RowDialog) -> int:
        dialog.set_values({"speaker": "Pamela Ugaz", "organization": "UNCTAD"})
        dialog.accept()
        return int(dialog.result())

    monkeypatch.setattr(RowDialog, "exec", run)
    dialog, save = _open(qtbot, "meetings")
    dialog.widget_for("date").set_value("2024-07-01")
    presentations = dialog.widget_for("presentations")
    assert isinstance(presentations, RowListEditor)
    presentations.add_button.click()
    assert presentations.table.item(0, 0).text() == "Pamela Ugaz"
    dialog.accept()
    assert save.calls[0].presentations == (Presentation(speaker="Pamela Ugaz",
                                                        organization="UNCTAD"),)
