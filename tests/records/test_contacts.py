"""Contacts: the service keeps people of a recorded Member or organization, lists and finds
them in SQL, refuses what would be wrong naming the field, and names what a delete hits."""

from __future__ import annotations

import dataclasses
import sqlite3

import pytest
from sqlalchemy.exc import IntegrityError

from msmedesk.domain import (
    Contact,
    ContactRef,
    ListQuery,
    Meeting,
    Member,
    NotFound,
    Organization,
    Presentation,
)
from msmedesk.records.contacts import contact_id, contact_uses, read_contacts
from msmedesk.validation import ValidationError

ALL = ListQuery(limit=1000)


def _fields(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return {e.field for e in exc.value.errors}


@pytest.fixture
def office(services):
    """Services over a file with two Members and two organizations (one without acronym)."""
    services.members.create(Member("Mexico"))
    services.members.create(Member("Chile"))
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.organizations.create(Organization("Enterprise Europe Network"))
    return services


def _ana(**changes) -> Contact:
    return dataclasses.replace(
        Contact("Ana López", "Mexico", title="Counsellor, Permanent Mission",
                email="ana.lopez@economia.gob.mx", phone="+41 22 555 01 02", role="delegate",
                notes="Focal point for the Package"), **changes)


def _talk_by(services, contact: Contact, day: str = "2024-03-19", topic: str = "Trade finance"
             ) -> None:
    """A meeting with a presentation that names ``contact`` (the meetings' form does not
    carry contacts yet, so the link is set in the file as the archive will set it)."""
    from datetime import date

    meeting = services.meetings.create(Meeting(date.fromisoformat(day), presentations=(
        Presentation(speaker=contact.name, topic=topic),)))
    with services.engine.begin() as c:
        c.exec_driver_sql("UPDATE presentations SET contact_id = ? WHERE meeting_id = ?",
                          (contact.id, meeting.id))


def test_a_contact_is_stored_and_read_back_whole(office):
    created = office.contacts.create(_ana())
    assert created.id is not None
    assert created == _ana(id=created.id)
    assert office.contacts.get(created.id) == created
    assert office.contacts.total() == 1


def test_a_contact_of_an_organization_is_of_its_acronym_or_name(office):
    by_name = office.contacts.create(Contact("Tom Weber", "International Trade Centre",
                                             role="speaker"))
    assert by_name.of == "ITC"  # the organization, shown as everywhere: by its acronym
    plain = office.contacts.create(Contact("Eva Ruiz", "Enterprise Europe Network"))
    assert plain.of == "Enterprise Europe Network"
    assert plain.role == "other"


def test_texts_are_kept_without_outer_spaces(office):
    created = office.contacts.create(_ana(name="  Ana López ", email=" ana@wto.org ",
                                          of=" Mexico"))
    assert (created.name, created.email, created.of) == ("Ana López", "ana@wto.org", "Mexico")


def test_the_list_shows_name_title_of_role_and_email(office):
    ana = office.contacts.create(_ana())
    tom = office.contacts.create(Contact("Tom Weber", "ITC", title="Trade adviser",
                                         email="weber@intracen.org", role="speaker"))
    assert office.contacts.columns == ("name", "title", "of", "role", "email")
    rows = {r.id: r.values for r in office.contacts.list(ALL)}
    assert rows == {
        ana.id: ("Ana López", "Counsellor, Permanent Mission", "Mexico", "delegate",
                 "ana.lopez@economia.gob.mx"),
        tom.id: ("Tom Weber", "Trade adviser", "ITC", "speaker", "weber@intracen.org")}


@pytest.mark.parametrize("sort", ["name", "title", "of", "role", "email"])
def test_the_list_sorts_by_every_column(office, sort):
    office.contacts.create(Contact("Bea", "Mexico", title="b", role="other", email="c@x.org"))
    office.contacts.create(Contact("Ari", "ITC", title="c", role="speaker", email="a@x.org"))
    office.contacts.create(Contact("Cid", "Chile", title="a", role="delegate", email="b@x.org"))
    column = office.contacts.columns.index(sort)
    up = [r.values[column] for r in office.contacts.list(ListQuery(sort=sort))]
    down = [r.values[column] for r in office.contacts.list(ListQuery(sort=sort,
                                                                     descending=True))]
    assert up == sorted(up) and down == sorted(up, reverse=True) and len(up) == 3


@pytest.mark.parametrize(("text", "found"), [
    ("lópez", {"Ana López"}),  # the name
    ("counsellor", {"Ana López"}),  # the title or function
    ("intracen", {"Tom Weber"}),  # the e-mail address
    ("package", {"Ana López"}),  # the notes
    ("mexi", {"Ana López"}),  # the Member's name
    ("Trade Centre", {"Tom Weber"}),  # the organization's name, though it shows as ITC
    ("ITC", {"Tom Weber"}),  # and its acronym
    ("nobody", set()),
])
def test_the_search_looks_at_name_title_email_notes_and_whom_they_are_of(office, text, found):
    office.contacts.create(_ana())
    office.contacts.create(Contact("Tom Weber", "ITC", email="weber@intracen.org"))
    query = ListQuery(text=text, limit=100)
    assert {r.values[0] for r in office.contacts.list(query)} == found
    assert office.contacts.count(query) == len(found)


def test_of_must_be_a_recorded_member_or_organization(office):
    with pytest.raises(ValidationError) as exc:
        office.contacts.create(_ana(of="Atlantis"))
    assert _fields(exc) == {"of"}
    assert "Atlantis" in str(exc.value) and "not a recorded Member or organization" in str(
        exc.value)
    with pytest.raises(ValidationError) as exc:
        office.contacts.create(_ana(of="  "))
    assert _fields(exc) == {"of"}
    assert office.contacts.total() == 0


def test_two_contacts_of_one_name_must_be_of_different_members_or_organizations(office):
    first = office.contacts.create(_ana())
    with pytest.raises(ValidationError) as exc:
        office.contacts.create(_ana(email="other@x.org"))
    assert _fields(exc) == {"name"}
    assert "already a contact of Mexico" in str(exc.value)
    assert office.contacts.total() == 1
    # The same name of another Member, or of an organization, is another person.
    office.contacts.create(_ana(of="Chile"))
    office.contacts.create(_ana(of="ITC"))
    with pytest.raises(ValidationError) as exc:
        office.contacts.create(_ana(of="International Trade Centre"))
    assert _fields(exc) == {"name"}
    # Saving a contact again over itself is no clash.
    assert office.contacts.update(dataclasses.replace(first, phone="1")).phone == "1"


@pytest.mark.parametrize(("change", "field"), [
    ({"name": ""}, "name"),
    ({"email": "ana.lopez at economia.gob.mx"}, "email"),
    ({"email": "ana@wto.org, tom@wto.org"}, "email"),
    ({"phone": "1" * 101}, "phone"),
    ({"role": "ambassador"}, "role"),
    ({"title": "Counsellor\nMission"}, "title"),
])
def test_bad_values_are_refused_naming_the_field_and_nothing_is_written(office, change, field):
    with pytest.raises(ValidationError) as exc:
        office.contacts.create(_ana(**change))
    assert _fields(exc) == {field}
    assert office.contacts.total() == 0


def test_an_update_moves_a_contact_to_another_organization(office):
    ana = office.contacts.create(_ana())
    moved = office.contacts.update(dataclasses.replace(ana, of="Enterprise Europe Network",
                                                       role="focal-point"))
    assert (moved.id, moved.of, moved.role) == (ana.id, "Enterprise Europe Network",
                                                "focal-point")
    assert office.contacts.get(ana.id) == moved
    office.contacts.create(_ana())  # Mexico's Ana López is free again
    with pytest.raises(ValidationError) as exc:
        office.contacts.update(dataclasses.replace(moved, of="Mexico"))
    assert _fields(exc) == {"name"}
    assert office.contacts.get(ana.id) == moved


def test_a_contact_used_by_presentations_is_deleted_only_once_they_no_longer_name_it(office):
    ana = office.contacts.create(_ana())
    _talk_by(office, ana, "2024-03-19", "Trade finance for small firms")
    _talk_by(office, ana, "2024-07-01", "Digital trade")
    message = office.contacts.delete_blockers(ana.id)
    assert "2 presentations" in message
    assert "19 March 2024 – Trade finance for small firms" in message
    assert "1 July 2024 – Digital trade" in message
    with pytest.raises(ValidationError) as exc:
        office.contacts.delete(ana.id)
    assert str(exc.value) == message
    assert office.contacts.get(ana.id) == ana
    with office.engine.begin() as c:
        c.exec_driver_sql("UPDATE presentations SET contact_id = NULL")
    assert office.contacts.delete_blockers(ana.id) == ""
    assert office.contacts.delete(ana.id) == ana
    with pytest.raises(NotFound):
        office.contacts.get(ana.id)
    # Undo brings it back whole, under its id.
    assert office.contacts.create(ana) == ana


def test_the_details_list_the_presentations_a_contact_gave(office):
    ana = office.contacts.create(_ana())
    tom = office.contacts.create(Contact("Tom Weber", "ITC"))
    _talk_by(office, ana, "2024-03-19", "Trade finance")
    _talk_by(office, ana, "2024-07-01", "Digital trade")
    (talks,) = office.contacts.links(ana.id)
    assert talks.title == "Presentations"
    assert talks.items == ("1 July 2024 – Digital trade", "19 March 2024 – Trade finance")
    assert office.contacts.links(tom.id)[0].count == 0


def test_a_members_or_organizations_contacts_are_named_for_its_delete(office):
    office.contacts.create(_ana())
    office.contacts.create(_ana(name="Luis Gómez"))
    office.contacts.create(Contact("Tom Weber", "ITC"))
    mexico = next(r.id for r in office.members.list(ALL) if r.values[0] == "Mexico")
    chile = next(r.id for r in office.members.list(ALL) if r.values[0] == "Chile")
    itc = next(r.id for r in office.organizations.list(ALL) if r.values[0] == "ITC")
    assert office.contacts.uses_of(member_id=mexico) == "2 contacts (Ana López, Luis Gómez)"
    assert office.contacts.uses_of(organization_id=itc) == "1 contact (Tom Weber)"
    assert office.contacts.uses_of(member_id=chile) == ""
    for i in range(6):
        office.contacts.create(Contact(f"Delegate {i}", "Chile"))
    with office.sessions() as session:
        assert contact_uses(session, member_id=chile) == (
            "6 contacts (Delegate 0, Delegate 1, Delegate 2, Delegate 3, Delegate 4 and 1 more)")


def test_the_row_reader_reads_every_contact_or_those_asked_for(office):
    tom = office.contacts.create(Contact("Tom Weber", "ITC"))
    ana = office.contacts.create(_ana())
    with office.sessions() as session:
        assert read_contacts(session) == [ana, tom]
        assert read_contacts(session, [tom.id]) == [tom]
        assert contact_id(session, ContactRef("Tom Weber", "International Trade Centre")) \
            == tom.id
        assert contact_id(session, ContactRef("Tom Weber", "Mexico")) is None
    assert office.contacts.refs() == [ContactRef("Ana López", "Mexico"),
                                      ContactRef("Tom Weber", "ITC")]


def test_the_data_file_itself_refuses_a_contact_of_no_one_or_of_two(office, data_file):
    office.contacts.create(_ana())
    con = sqlite3.connect(data_file)
    con.execute("PRAGMA foreign_keys = ON")
    try:
        for values in ("'X', NULL, NULL, 'other', ''", "'X', 1, 1, 'other', ''",
                       "'X', 1, NULL, 'boss', ''", "'X', 1, NULL, 'other', 'a b@c.org'",
                       "'Ana López', 1, NULL, 'other', ''", "'X', 99, NULL, 'other', ''"):
            with pytest.raises(sqlite3.IntegrityError):
                con.execute("INSERT INTO contacts (name, member_id, organization_id, role, "
                            f"email, title, phone, notes) VALUES ({values}, '', '', '')")
    finally:
        con.close()


def test_a_presentations_contact_cannot_vanish_under_it(office):
    ana = office.contacts.create(_ana())
    _talk_by(office, ana)
    with pytest.raises(IntegrityError), office.engine.begin() as c:
        c.exec_driver_sql("DELETE FROM contacts")


def test_a_member_or_organization_with_contacts_is_refused_deletion_naming_them(office):
    office.contacts.create(_ana())
    office.contacts.create(Contact("Tom Weber", "ITC"))
    mexico = next(r.id for r in office.members.list(ALL) if r.values[0] == "Mexico")
    itc = next(r.id for r in office.organizations.list(ALL) if r.values[0] == "ITC")
    for service, record_id, contact in ((office.members, mexico, "1 contact (Ana López)"),
                                        (office.organizations, itc, "1 contact (Tom Weber)")):
        message = service.delete_blockers(record_id)
        assert contact in message and "cannot be deleted" in message
        with pytest.raises(ValidationError) as exc:
            service.delete(record_id)
        assert str(exc.value) == message
        assert service.get(record_id).id == record_id
    assert office.contacts.total() == 2
    # Without contacts (moved to another Member), the Member goes.
    ana = read_contacts_of(office, "Ana López")
    office.contacts.update(dataclasses.replace(ana, of="Chile"))
    assert office.members.delete_blockers(mexico) == ""
    assert office.members.delete(mexico).name == "Mexico"


def read_contacts_of(services, name: str) -> Contact:
    """The contact called ``name``."""
    with services.sessions() as session:
        return next(c for c in read_contacts(session) if c.name == name)
