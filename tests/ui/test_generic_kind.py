"""A record type with no window module of its own (Contacts) shows through its declaration:
its tab, list, search, form, detail panel and "Copy e-mail address"."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import QApplication

from msmedesk import registry
from msmedesk.domain import Annex, Contact, LinkGroup
from msmedesk.registry import PRESENTATIONS, Field
from msmedesk.registry.annexes import ANNEX_TYPE
from msmedesk.registry.contacts import CONTACTS

from msmedesk.ui.forms import RowDialog, StaticChoices, open_form
from msmedesk.ui.kinds import ALL_KINDS, MAIN_KINDS, kind_for
from msmedesk.ui.kinds.generic import name_of
from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.table_model import RecordTableModel
from msmedesk.ui.widgets import ChoiceCombo, PickerCombo, TextArea, TextLine

from .helpers import Answers, fill_with

ANA = Contact(name="Ana López", of="Mexico", title="Counsellor", email="ana.lopez@example.org",
              phone="+41 22 000 00 00", role="focal-point", notes="Met at the Spotlight")
CHOICES = StaticChoices(members=["Canada", "Mexico"], organizations=["ITC", "UPU"],
                        records={"contacts": [("Ana López (Mexico)",
                                               {"name": "Ana López", "of": "Mexico"})]})


def test_the_tab_comes_after_outreach_with_the_registry_s_words() -> None:
    """The generic kind is listed in its place, headed and worded by the registry."""
    names = [k.name for k in MAIN_KINDS]
    assert names.index("contacts") == names.index("outreach") + 1
    kind = kind_for(CONTACTS)
    assert kind in ALL_KINDS
    assert [(c.key, c.label) for c in kind.columns] == [
        ("name", "Name"), ("title", "Title"), ("of", "Of"), ("role", "Role"),
        ("email", "E-mail")]
    assert kind.column("role").text("focal-point") == "Focal point"
    assert kind.column("email").width > kind.column("role").width
    assert kind.describe(ANA) == "the contact Ana López (Mexico)"
    assert kind.search_hint == CONTACTS.search_hint


def test_the_detail_panel_shows_the_fields_in_words_and_the_links() -> None:
    """Heading from the first identity field; facts labelled, choices in plain words; the
    service's link groups; the narrative under its own label."""
    kind = kind_for(CONTACTS)
    talks = LinkGroup("Presentations", ("19 March 2024 – MSMEs and e-commerce",))
    detail = kind.detail(ANA, (talks,))
    assert detail.heading == "Ana López"
    assert ("Role", "Focal point") in detail.facts
    assert ("Member or organization", "Mexico") in detail.facts
    assert ("E-mail", "ana.lopez@example.org") in detail.facts
    assert all(label != "Name" for label, _value in detail.facts)
    assert talks in detail.groups
    assert detail.text == "Met at the Spotlight" and kind.text_label == "Notes"
    blank = kind.detail(Contact(name="Juan", of="UPU"), ())
    assert ("Phone", "not recorded") in blank.facts


def test_a_record_known_by_a_number_is_named_with_its_field() -> None:
    """An annex's panel and name read "Annex 1", not a bare "1"."""
    kind = kind_for(ANNEX_TYPE)
    annex = Annex(number=1, title="Recommendation", symbol="INF/MSME/4/Rev.2")
    assert kind.detail(annex, ()).heading == "Annex 1"
    assert name_of(ANNEX_TYPE, annex) == "Annex 1"


def test_the_generic_form_has_a_widget_for_each_kind_of_value(qtbot: Any) -> None:
    """Name and e-mail: lines with the registry's grey text; owner: Members and
    organizations to pick from; choice: the registry's words; notes: several lines."""
    dialog = open_form(None, "contacts", CHOICES, lambda record: record)
    qtbot.addWidget(dialog)
    assert list(dialog.fields) == [f.key for f in CONTACTS.fields]
    email = dialog.widget_for("email")
    assert isinstance(email, TextLine)
    assert email.placeholderText() == CONTACTS.field("email").placeholder
    owner = dialog.widget_for("of")
    assert isinstance(owner, PickerCombo) and owner.names() == ["Canada", "Mexico", "ITC", "UPU"]
    # The registry's hint, with an example of what to type: the first name offered.
    assert owner.toolTip() == CONTACTS.field("of").hint + "; type to choose, e.g. Canada"
    role = dialog.widget_for("role")
    assert isinstance(role, ChoiceCombo) and role.currentText() == "Other"
    assert isinstance(dialog.widget_for("notes"), TextArea)
    assert dialog.windowTitle() == "New contact"


def test_a_bad_e_mail_is_shown_beside_its_field_and_nothing_is_saved(qtbot: Any) -> None:
    """The e-mail's problem is written under it; save is not called."""
    saved: list[Any] = []
    dialog = open_form(None, "contacts", CHOICES, lambda record: saved.append(record) or record)
    qtbot.addWidget(dialog)
    dialog.set_values({"name": "Ana López", "of": "Mexico", "email": "ana.lopez at example"})
    dialog.accept()
    assert saved == []
    assert dialog.error_text("email").startswith('"ana.lopez at example" holds a space')
    assert dialog.error_text("name") == ""
    dialog.set_values({**dialog.values(), "email": "ana.lopez@example.org"})
    dialog.accept()
    assert saved and saved[0].email == "ana.lopez@example.org" and saved[0].of == "Mexico"


def test_editing_shows_the_record_as_the_archive_holds_it(qtbot: Any) -> None:
    """An edited contact's form shows each stored value, and its title names it."""
    stored = replace(ANA, id=7)
    dialog = open_form(None, "contacts", CHOICES, lambda record: record, stored)
    qtbot.addWidget(dialog)
    assert dialog.values()["role"] == "focal-point"
    assert dialog.widget_for("of").currentText() == "Mexico"
    assert dialog.windowTitle() == "Edit contact: Ana López (Mexico)"


def test_a_field_added_to_the_registry_shows_in_a_form_of_its_own(qtbot: Any,
                                                                   monkeypatch: Any) -> None:
    """A presentation's form places its own fields; a "ref" field the registry adds comes
    after them, offering the records of its target, and its value is the archive object."""
    contact = Field("contact", "Contact", "ref", target="contacts", optional=True,
                    hint="The recorded contact who spoke")
    extended = replace(PRESENTATIONS, fields=(*PRESENTATIONS.fields, contact))
    monkeypatch.setitem(registry._ROWS, "presentations", extended)
    dialog = RowDialog(None, "presentations", CHOICES, "Add presentation")
    qtbot.addWidget(dialog)
    placed = list(dialog.fields)
    assert placed.index("contact") > placed.index("topic")  # after the form's own fields
    combo = dialog.widget_for("contact")
    assert [combo.itemText(i) for i in range(combo.count())] == ["— none —",
                                                                 "Ana López (Mexico)"]
    assert dialog.values()["contact"] is None
    dialog.set_values({"speaker": "Ana López", "contact": {"name": "Ana López",
                                                           "of": "Mexico"}})
    assert combo.currentText() == "Ana López (Mexico)"
    assert dialog.values()["contact"] == {"name": "Ana López", "of": "Mexico"}


# ---------------------------------------------------------------- in the window


def _add_ana(window: MainWindow, answers: Answers) -> Any:
    tab = window.show_tab("contacts")
    answers.fill = fill_with({"name": "Ana López", "of": "Mexico", "role": "focal-point",
                              "email": "ana.lopez@example.org"}, keep=False)
    tab.new_record()
    return tab


def test_a_contact_is_added_listed_and_found(window: MainWindow, answers: Answers) -> None:
    """New contact… saves through the form; the list shows it; the search finds it."""
    tab = window.show_tab("contacts")
    assert tab.new_button.text() == "&New contact…"
    assert CONTACTS.search_hint in tab.search.toolTip()
    _add_ana(window, answers)
    assert tab.model.rowCount() == 1
    shown = [tab.model.data(tab.model.index(0, c)) for c in range(tab.model.columnCount())]
    assert shown == ["Ana López", "", "Mexico", "Focal point", "ana.lopez@example.org"]
    tab.model.set_filter(text="example.org")
    assert tab.model.rowCount() == 1
    tab.model.set_filter(text="nobody")
    assert tab.model.rowCount() == 0


def test_copy_e_mail_address_puts_it_on_the_clipboard(window: MainWindow,
                                                      answers: Answers) -> None:
    """The details panel's button copies the selected contact's address."""
    tab = _add_ana(window, answers)
    tab.select_row(0)
    assert "Ana López" in tab.details.toPlainText()
    [button] = tab.copy_buttons.buttons
    assert button.text() == "Copy e-mail address" and button.isEnabled()
    QApplication.clipboard().setText("something else")
    button.click()
    assert QApplication.clipboard().text() == "ana.lopez@example.org"
    assert window.status_label.text() == "Copied ana.lopez@example.org to the clipboard"
    # A type without an e-mail field offers nothing to copy.
    assert window.show_tab("members").copy_buttons.buttons == []


def test_deleting_asks_naming_the_contact(window: MainWindow, answers: Answers) -> None:
    """The question names the contact by its identity; No keeps it."""
    tab = _add_ana(window, answers)
    tab.select_row(0)
    answers.yes = False
    assert not tab.delete_selected()
    assert answers.asked[-1].startswith("Delete the contact Ana López (Mexico)?")
    assert tab.model.rowCount() == 1


def test_a_member_with_contacts_is_not_deleted_silently(window: MainWindow,
                                                        answers: Answers) -> None:
    """Deleting a Member that has a contact names the contact (refused or asked)."""
    _add_ana(window, answers)
    tab = window.show_tab("members")
    tab.model.set_filter(text="Mexico")
    tab.select_row(0)
    answers.yes = False
    assert not tab.delete_selected()
    said = (answers.errors + answers.asked)[-1]
    assert "Ana López" in said


def test_the_list_keeps_qt_rules(qtmodeltester: Any, window: MainWindow,
                                 answers: Answers) -> None:
    """pytest-qt's model tester finds nothing wrong with the generic list."""
    _add_ana(window, answers)
    model = RecordTableModel(window.backend.services.contacts, kind_for(CONTACTS))
    assert model.rowCount() == 1
    qtmodeltester.check(model)



def test_a_type_without_years_offers_no_year_filter(window: MainWindow) -> None:
    """A contact has no year: its tab has no "Year:" box, while the Members tab keeps it."""
    assert window.show_tab("contacts").year.isHidden()
    assert not window.show_tab("members").year.isHidden()
