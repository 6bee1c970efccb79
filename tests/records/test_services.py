"""The services of a data file come from the registry's types: each type's service is found
under its key, lists the columns its declaration names, is counted, and a type that names
another's records stops their delete, saying so in the other type's refusal."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from msmedesk.domain import Member
from msmedesk.records import RecordService, service_for
from msmedesk.records.services import service_classes
from msmedesk.registry import RECORD_TYPES, SECTIONS, by_section
from msmedesk.validation import ValidationError


def test_every_registry_type_has_its_service_under_its_key(services) -> None:
    classes = service_classes()
    assert set(classes) == {t.key for t in RECORD_TYPES}
    for t in RECORD_TYPES:
        assert classes[t.key].record_type is t
        if not t.single:
            service = service_for(services, t.key)
            assert service.record_type is t and getattr(services, t.key) is service
            # The list shows the declared columns, in the declared order.
            assert service.columns == t.columns and t.columns
            assert set(t.columns) <= {f.key for f in t.fields}
            assert service.kind_label == t.noun


def test_the_counts_are_by_archive_section_for_every_type(sample_services) -> None:
    counts = sample_services.counts()
    assert list(counts) == list(SECTIONS)
    for section in SECTIONS:
        assert counts[section] == service_for(sample_services, by_section(section).key).total()
    assert counts["members"] > 0 and counts["contacts"] == 0


class _Notes(RecordService[Any]):
    """A test-only type whose records name Members (as a new type's would)."""

    refers_to = ("members",)

    def __init__(self, named: dict[int, str]) -> None:
        self.named = named

    def naming(self, session: Session, key: str, record_id: int) -> str:
        assert key == "members"
        return self.named.get(record_id, "")


def test_a_type_that_names_members_stops_their_delete_in_their_own_words(services) -> None:
    mexico = services.members.create(Member("Mexico"))
    chile = services.members.create(Member("Chile"))
    services.members.referrers += (_Notes({mexico.id: "2 notes (a, b)"}),)
    message = services.members.delete_blockers(mexico.id)
    assert message == ("This Member cannot be deleted while it is named in 2 notes (a, b); "
                       "remove it there first, or record the date it left instead.")
    with pytest.raises(ValidationError) as exc:
        services.members.delete(mexico.id)
    assert str(exc.value) == message
    assert services.members.get(mexico.id) == mexico
    assert services.members.delete_blockers(chile.id) == ""
    assert services.members.delete(chile.id) == chile


def test_a_refusal_naming_several_kinds_of_records_reads_as_a_sentence(services) -> None:
    """Each kind of record that names the Member is a clause; the last comes after "and"."""
    mexico = services.members.create(Member("Mexico"))
    services.members.referrers += (_Notes({mexico.id: "2 notes (a, b)"}),
                                   _Notes({mexico.id: "1 memo (c)"}))
    assert services.members.delete_blockers(mexico.id) == (
        "This Member cannot be deleted while it is named in 2 notes (a, b) and 1 memo (c); "
        "remove it there first, or record the date it left instead.")


def test_the_services_ask_the_types_that_declare_they_name_a_type(services) -> None:
    """Contacts name Members and organizations: their deletes ask the contacts' service."""
    askers = {t.key: {s.record_type.key for s in service_for(services, t.key).referrers}
              for t in RECORD_TYPES if not t.single}
    assert askers["members"] == {"contacts"} and askers["organizations"] == {"contacts"}
    assert askers["meetings"] == set()
