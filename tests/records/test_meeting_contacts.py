"""A presentation's recorded contact, as the meetings' service keeps it."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from msmedesk.domain import Contact, ContactRef, Meeting, Member, Organization, Presentation
from msmedesk.validation import ValidationError


@pytest.fixture
def office(services):
    """Services with a Member, an organization and a contact of each."""
    services.members.create(Member("Mexico"))
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.contacts.create(Contact("Ana López", "Mexico", role="delegate"))
    services.contacts.create(Contact("Pamela Coke-Hamilton", "ITC", role="speaker"))
    return services


def _meeting(*talks: Presentation) -> Meeting:
    return Meeting(date(2024, 3, 19), presentations=talks)


def test_a_presentations_contact_is_stored_and_read_back(office):
    made = office.meetings.create(_meeting(
        Presentation(speaker="Ana López", topic="Trade finance",
                     contact=ContactRef("Ana López", "Mexico")),
        Presentation(speaker="Someone else", topic="Logistics")))
    got = office.meetings.get(made.id)
    assert [p.contact for p in got.presentations] == [ContactRef("Ana López", "Mexico"), None]


def test_editing_a_meeting_keeps_its_presentations_contacts(office):
    # The window saves the whole meeting again: a contact dropped on the way would be lost
    # without a word.
    made = office.meetings.create(_meeting(
        Presentation(speaker="P. Coke-Hamilton", organization="ITC", topic="SME Outlook",
                     contact=ContactRef("Pamela Coke-Hamilton", "ITC"))))
    opened = office.meetings.get(made.id)
    office.meetings.update(dataclasses.replace(opened, summary="Edited."))
    again = office.meetings.get(made.id)
    assert again.summary == "Edited."
    assert again.presentations[0].contact == ContactRef("Pamela Coke-Hamilton", "ITC")
    # ... and the contact's details still list the presentation they gave.
    talks = office.contacts.links(_id(office, "Pamela Coke-Hamilton"))[0]
    assert talks.items == ("19 March 2024 – SME Outlook",)


def test_a_contact_that_is_not_recorded_is_refused_naming_the_field(office):
    with pytest.raises(ValidationError) as exc:
        office.meetings.create(_meeting(Presentation(
            speaker="Juan", contact=ContactRef("Juan Pérez", "Mexico"))))
    assert [e.field for e in exc.value.errors] == ["presentations[0].contact"]
    assert "Juan Pérez" in str(exc.value.errors[0])
    assert office.meetings.total() == 0


def _id(services, name: str) -> int:
    from msmedesk.domain import ListQuery

    rows = services.contacts.list(ListQuery(text=name))
    return rows[0].id
