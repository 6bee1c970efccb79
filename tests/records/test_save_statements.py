"""A save on a server in few statements (issue 17, item 8), and still whole: on a file
and on a server, what a save stores, indexes and keeps in the history is what a read
back gives; a stale save is refused and a check's sentence is the same."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import event, text

from msmedesk.domain import (
    Annex,
    Document,
    ListQuery,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
)
from msmedesk.history import StaleRecord
from msmedesk.records import Services, search_index
from msmedesk.records import search_codes as codes
from msmedesk.registry.archive_dict import to_archive
from msmedesk.validation import ValidationError

# The types whose save is two statements on a server (their checks, reader and row).
ONE_TRIP = ("members", "organizations", "documents", "annexes", "outreach", "package",
            "meetings", "proposals")
_NEW: dict[str, Any] = {
    "members": Member(name="Ruritania", notes="joined late"),
    "organizations": Organization(name="Fund for Small Traders", acronym="FST"),
    "documents": Document(symbol="INF/MSME/W/999", title="A note on payments",
                          kind="working-document"),
    "annexes": Annex(number=6, title="Payments"),
    "outreach": OutreachEvent(date=PartialDate(2024, 5, 2), kind="joint-event",
                              title="Payments for small traders", partners=("ITC",)),
    "package": PackageEntry(annex=1, year=2025, members=("Argentina", "Brazil"),
                            summary="A note on payments"),
    "meetings": Meeting(date=date(2025, 2, 3), kind="open-ended",
                        summary="Payments.",
                        presentations=(Presentation(speaker="Ana", organization="AUC",
                                                    topic="Payments"),),
                        proposals=("INF/MSME/W/51",)),
    "proposals": Proposal(symbol="INF/MSME/W/46/Rev.1", title="Payments for small traders",
                          proponents=("Argentina", "ICC"), discussed_at=(date(2024, 3, 19),)),
}


@contextmanager
def counted(services: Services) -> Iterator[list[str]]:
    """The statements the services send while the block runs."""
    seen: list[str] = []

    def note(conn: Any, cursor: Any, statement: str, *rest: Any) -> None:
        seen.append(statement)

    event.listen(services.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(services.engine, "before_cursor_execute", note)


def _edited(record: Any) -> Any:
    for name in ("notes", "summary", "title", "about", "short_name"):
        if hasattr(record, name):
            old = getattr(record, name) or ""
            return replace(record, **{name: old + " (edited, zwölf)"})
    raise AssertionError(record)


def _index(services: Services, kind: str, record_id: int) -> list[tuple[int, str]]:
    first, last = codes.record_range(kind, record_id)
    number = "code" if services.engine.dialect.name != "sqlite" else "rowid"
    with services.engine.connect() as conn:
        return sorted((int(n), t) for n, t in conn.execute(text(
            f"SELECT {number}, text FROM search_text WHERE {number} BETWEEN :a AND :b"),
            {"a": first, "b": last}))


def _expected_index(services: Services, kind: str, record: Any) -> list[tuple[int, str]]:
    service = getattr(services, kind)
    with service._sessions() as session:
        names = search_index.organization_names(session)
    texts, _starts = search_index._rows(kind, record.id, service.record_type, record, names)
    return sorted(texts)


def _check_whole(services: Services, kind: str, saved: Any, action: str) -> None:
    """What the save returned, indexed and journalled is what a read back gives."""
    service = getattr(services, kind)
    stored = service.get(saved.id)
    assert saved == stored
    assert _index(services, kind, saved.id) == _expected_index(services, kind, stored)
    entry = services.history.of(kind, saved.id)[0]
    assert entry.action == action
    assert entry.after == to_archive(service.record_type, stored)
    assert entry.version == service.version(saved.id)
    assert entry.label == service.record_label(stored)


@pytest.mark.parametrize("kind", ONE_TRIP)
def test_update_is_whole_and_few_statements_on_a_server(sample_services: Services,
                                                        place: str, kind: str) -> None:
    service = getattr(sample_services, kind)
    first = service.list(ListQuery(limit=1))[0].id
    record, version = service.get_versioned(first)
    before = to_archive(service.record_type, record)
    with counted(sample_services) as seen:
        saved = service.update(_edited(record), version=version)
    if place == "postgresql":
        assert len(seen) <= 3, seen
    _check_whole(sample_services, kind, saved, "changed")
    entry = sample_services.history.of(kind, first)[0]
    assert entry.before == before and entry.version == version + 1
    # The search finds the new text, not the old one.
    assert first in {r.id for r in service.list(ListQuery(text="zwolf"))}


@pytest.mark.parametrize("kind", ONE_TRIP)
def test_create_is_whole_and_few_statements_on_a_server(sample_services: Services,
                                                        place: str, kind: str) -> None:
    service = getattr(sample_services, kind)
    new = _NEW[kind]
    if kind == "annexes":  # (numbers run to 6: one taken out, then made anew)
        gone = service.delete(service.list(ListQuery(limit=1))[0].id)
        new = replace(new, number=gone.number)
    with counted(sample_services) as seen:
        saved = service.create(new)
    if place == "postgresql":
        assert len(seen) <= 3, seen
    _check_whole(sample_services, kind, saved, "created")
    assert service.version(saved.id) == 1


@pytest.mark.parametrize("kind", ONE_TRIP)
def test_a_save_that_changes_nothing_keeps_its_version(sample_services: Services,
                                                       kind: str) -> None:
    service = getattr(sample_services, kind)
    first = service.list(ListQuery(limit=1))[0].id
    record, version = service.get_versioned(first)
    entries = len(sample_services.history.of(kind, first))
    assert service.update(record, version=version) == record
    assert service.version(first) == version
    assert len(sample_services.history.of(kind, first)) == entries


@pytest.mark.parametrize("kind", ONE_TRIP)
def test_a_stale_save_is_refused_and_leaves_the_record(sample_services: Services,
                                                       kind: str) -> None:
    service = getattr(sample_services, kind)
    first = service.list(ListQuery(limit=1))[0].id
    record, version = service.get_versioned(first)
    service.update(_edited(record), version=version)
    stored = service.get(first)
    with pytest.raises(StaleRecord):
        service.update(replace(_edited(record), id=first), version=version)
    assert service.get(first) == stored


def test_a_check_refuses_with_its_sentence(sample_services: Services) -> None:
    members = sample_services.members
    names = members.names()
    second = next(r.id for r in members.list(ListQuery(limit=5))
                  if members.get(r.id).name != names[0])
    record, version = members.get_versioned(second)
    with pytest.raises(ValidationError) as refused:
        members.update(replace(record, name=names[0]), version=version)
    assert str(refused.value.errors[0].message) == f'"{names[0]}" is already a Member'
    assert members.get(second) == record and members.version(second) == version


def test_an_organization_renamed_is_found_by_its_new_name_in_others(
        sample_services: Services) -> None:
    """A name other records show, changed: their index shows the new one."""
    orgs = sample_services.organizations
    named = [o for o in (orgs.get(r.id) for r in orgs.list(ListQuery(limit=500)))
             if o.acronym and sample_services.outreach.list(ListQuery(text=o.acronym))]
    org = named[0]
    _record, version = orgs.get_versioned(org.id)
    orgs.update(replace(org, name="Qwertyuiop Trade Office"), version=version)
    assert sample_services.outreach.list(ListQuery(text="qwertyuiop"))


# Each type's record with the names its rows name changed (other Members, organizations,
# meetings), as a form saves it: the labels of the rows before and after differ.
_RENAMED: dict[str, Any] = {
    "outreach": lambda r: replace(r, partners=("ILO", "European Commission")),
    "package": lambda r: replace(r, members=("Albania", "Barbados")),
    "proposals": lambda r: replace(r, proponents=("Australia", "EIF"),
                                   discussed_at=(date(2024, 3, 19),)),
    "meetings": lambda r: replace(r, presentations=(
        Presentation(speaker=" Ivo ", organization="European Commission", topic="Trade",
                     member="Armenia"),), proposals=("INF/MSME/W/51",)),
}


@pytest.mark.parametrize("kind", sorted(_RENAMED))
def test_rows_naming_others_changed_are_whole(sample_services: Services, place: str,
                                              kind: str) -> None:
    service = getattr(sample_services, kind)
    first = service.list(ListQuery(limit=1))[0].id
    record, version = service.get_versioned(first)
    with counted(sample_services) as seen:
        saved = service.update(_RENAMED[kind](record), version=version)
    if place == "postgresql" and not service.named:
        # (A type others name: a text it no longer shows, if others show it too, has
        # them indexed again, the long way, as before.)
        assert len(seen) <= 3, seen
    _check_whole(sample_services, kind, saved, "changed")


def test_a_new_symbol_is_recorded_as_a_document_too(sample_services: Services) -> None:
    """A save naming a symbol not recorded yet records its document (the long way)."""
    proposals = sample_services.proposals
    saved = proposals.create(replace(_NEW["proposals"], symbol="INF/MSME/W/777"))
    _check_whole(sample_services, "proposals", saved, "created")
    found = sample_services.documents.by_symbol("INF/MSME/W/777")
    assert found is not None and found.kind == "working-document"
    assert sample_services.documents.list(ListQuery(text="W/777"))


def test_a_check_on_a_row_refuses_with_its_sentence(sample_services: Services) -> None:
    proposals = sample_services.proposals
    first = proposals.list(ListQuery(limit=1))[0].id
    record, version = proposals.get_versioned(first)
    with pytest.raises(ValidationError) as refused:
        proposals.update(replace(record, proponents=("Nowhere Land",)), version=version)
    assert [e.message for e in refused.value.errors] == [
        '"Nowhere Land" is not a recorded Member or organization']
    assert proposals.get(first) == record and proposals.version(first) == version


@pytest.mark.parametrize("kind", ONE_TRIP)
def test_delete_is_whole_and_few_statements_on_a_server(sample_services: Services,
                                                        place: str, kind: str) -> None:
    service = getattr(sample_services, kind)
    free = [r.id for r in service.list(ListQuery(limit=500))
            if not service.delete_blockers(r.id)]
    record, version = service.get_versioned(free[0])
    with counted(sample_services) as seen:
        gone = service.delete(record.id, version=version)
    if place == "postgresql":
        assert len(seen) <= 3, seen
    assert gone == record and service.version(record.id) == 0
    assert _index(sample_services, kind, record.id) == []
    entry = sample_services.history.of(kind, record.id)[0]
    assert (entry.action, entry.after, entry.version) == ("deleted", None, version)
    assert entry.before == to_archive(service.record_type, record)
    back = sample_services.history.bring_back(entry.id)
    assert to_archive(service.record_type, service.get(back.record_id)) == entry.before


def test_a_delete_others_block_is_refused_with_its_sentence(sample_services: Services
                                                            ) -> None:
    members = sample_services.members
    named = next(r.id for r in members.list(ListQuery(limit=500))
                 if members.delete_blockers(r.id))
    record, version = members.get_versioned(named)
    with pytest.raises(ValidationError) as refused:
        members.delete(named, version=version)
    assert refused.value.errors[0].message == members.delete_blockers(named)
    assert members.get(named) == record and members.version(named) == version


def test_a_stale_delete_is_refused(sample_services: Services) -> None:
    package = sample_services.package
    first = package.list(ListQuery(limit=1))[0].id
    record, version = package.get_versioned(first)
    package.update(_edited(record), version=version)
    with pytest.raises(StaleRecord):
        package.delete(first, version=version)
    assert package.version(first) == version + 1
