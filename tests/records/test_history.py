"""Versions and history in the services, on a data file and on a server: two ``Services``
on one data file or one server database act as two desks.
A save or delete naming a version another desk has passed is refused, saying who changed
what; every create, change and delete is kept with its author and the record before and
after, in the change's own transaction; a deleted record comes back from its entry."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pg import engine_for
from sqlalchemy import text

from msmedesk.domain import GroupProfile, Meeting, Member, NotFound
from msmedesk.history import StaleRecord, local_author
from msmedesk.records import Services
from msmedesk.records.history import when_text
from msmedesk.validation import ValidationError


@pytest.fixture
def desks(location: str | Path) -> Iterator[tuple[Services, Services]]:
    """Two desks on one data file or server database: Ana's and Juan's."""
    ana = Services(engine_for(location), author="ana on DESK-3")
    juan = Services(engine_for(location), author="juan on DESK-7")
    try:
        yield ana, juan
    finally:
        ana.close()
        juan.close()


@pytest.fixture
def services(desks: tuple[Services, Services]) -> Services:
    """One desk (Ana's) on a data file or a server."""
    return desks[0]


def test_a_new_record_is_at_version_1_and_each_save_adds_one(services) -> None:
    member = services.members.create(Member(name="Cabo Verde"))
    assert services.members.get_versioned(member.id) == (member, 1)
    services.members.update(replace(member, notes="joined in 2024"))
    services.members.update(replace(member, notes="joined in 2024."), version=2)
    assert services.members.version(member.id) == 3
    services.members.delete(member.id, version=3)
    assert services.members.version(member.id) == 0


def test_a_save_from_a_form_another_desk_has_saved_since_is_refused_naming_them(
        desks) -> None:
    ana, juan = desks
    meeting = ana.meetings.create(Meeting(date=date(2024, 3, 19), summary="First."))
    mine, version = juan.meetings.get_versioned(meeting.id)
    ana.meetings.update(replace(meeting, summary="Ana's summary.", kind="thematic"),
                        version=version)
    with pytest.raises(StaleRecord) as refused:
        juan.meetings.update(replace(mine, summary="Juan's summary."), version=version)
    message = str(refused.value)
    assert message.startswith("ana on DESK-3 changed this meeting at ")
    assert message.endswith(" today: kind, summary for the report.")
    assert (refused.value.expected, refused.value.found) == (1, 2)
    assert refused.value.change is not None and refused.value.change.author == "ana on DESK-3"
    # Nothing of Juan's was written, and no entry of his either.
    assert juan.meetings.get(meeting.id).summary == "Ana's summary."
    assert [c.author for c in juan.history.of("meetings", meeting.id)] == [
        "ana on DESK-3", "ana on DESK-3"]
    # Keeping on editing knowingly: the save names the version now stored.
    juan.meetings.update(replace(mine, summary="Juan's summary."), version=2)
    assert ana.meetings.get_versioned(meeting.id)[1] == 3


def test_a_delete_of_a_record_another_desk_changed_or_deleted_is_refused(desks) -> None:
    ana, juan = desks
    member = ana.members.create(Member(name="Cabo Verde"))
    ana.members.update(replace(member, notes="changed"), version=1)
    with pytest.raises(StaleRecord, match="changed this Member"):
        juan.members.delete(member.id, version=1)
    assert ana.members.version(member.id) == 2
    ana.members.delete(member.id, version=2)
    with pytest.raises(StaleRecord) as refused:
        juan.members.update(replace(member, notes="mine"), version=2)
    assert str(refused.value).startswith("ana on DESK-3 deleted this Member at ")
    assert refused.value.found == 0
    # Without a version, as before: the record is gone, said plainly.
    with pytest.raises(NotFound):
        juan.members.update(replace(member, notes="mine"))


def test_every_change_is_kept_with_its_author_and_the_record_before_and_after(desks) -> None:
    ana, juan = desks
    member = ana.members.create(Member(name="Cabo Verde", counts_as=1))
    juan.members.update(replace(member, notes="an island State"), version=1)
    ana.members.delete(member.id)
    changes = ana.history.of("members", member.id)
    assert [(c.action, c.author, c.version) for c in changes] == [
        ("deleted", "ana on DESK-3", 2), ("changed", "juan on DESK-7", 2),
        ("created", "ana on DESK-3", 1)]
    deleted, changed, created = changes
    assert created.before is None and created.after["name"] == "Cabo Verde"
    assert changed.before["notes"] == "" and changed.after["notes"] == "an island State"
    assert changed.fields_changed() == ("notes",)
    assert deleted.after is None and deleted.before == changed.after
    assert {c.label for c in changes} == {"Cabo Verde"}
    assert abs(created.at - datetime.now(UTC)) < timedelta(minutes=5)
    # The office's recent changes: newest first, searchable by author, label, kind, action.
    assert ana.history.recent()[0] == deleted
    assert [c.action for c in ana.history.recent("JUAN")] == ["changed"]
    assert [c.action for c in ana.history.recent("cabo verde")] == [
        "deleted", "changed", "created"]
    assert [c.action for c in ana.history.recent("delet")] == ["deleted"]
    assert ana.history.recent("member", limit=2) == changes[:2]
    assert juan.history.since(created.id) == (changed, deleted)
    assert juan.history.get(changed.id) == changed
    assert ana.history.all() == tuple(reversed(changes))


def test_a_save_that_changes_nothing_is_no_change(services) -> None:
    member = services.members.create(Member(name="Cabo Verde"))
    assert services.members.update(member, version=1) == member
    assert services.members.version(member.id) == 1
    assert [c.action for c in services.history.of("members", member.id)] == ["created"]


def test_a_refused_save_leaves_no_history_and_no_new_version(services) -> None:
    member = services.members.create(Member(name="Cabo Verde"))
    with pytest.raises(ValidationError):
        services.members.update(replace(member, name=""), version=1)
    services.members.create(Member(name="Gambia"))
    with pytest.raises(ValidationError):
        services.members.update(replace(member, name="Gambia"), version=1)
    assert services.members.version(member.id) == 1
    assert [c.action for c in services.history.of("members", member.id)] == ["created"]


def test_the_history_is_written_in_the_changes_own_transaction(services) -> None:
    # A change whose history cannot be written is not made either.
    member = services.members.create(Member(name="Cabo Verde"))
    with services.engine.begin() as connection:
        connection.execute(text("ALTER TABLE history RENAME TO history_away"))
    with pytest.raises(Exception, match="history"):
        services.members.update(replace(member, notes="lost?"))
    with services.engine.begin() as connection:
        connection.execute(text("ALTER TABLE history_away RENAME TO history"))
    assert services.members.get_versioned(member.id) == (member, 1)


def test_a_deleted_record_is_brought_back_from_its_entry(desks) -> None:
    ana, juan = desks
    meeting = ana.meetings.create(Meeting(date=date(2024, 7, 1), summary="Kept."))
    ana.meetings.delete(meeting.id)
    deleted = juan.history.recent()[0]
    found = juan.history.bring_back(deleted.id)
    assert (found.kind, found.record_id) == ("meetings", meeting.id)
    assert juan.meetings.get(meeting.id) == meeting
    back = ana.history.of("meetings", meeting.id)[0]
    assert (back.action, back.author, back.version) == ("brought back", "juan on DESK-7", 1)
    with pytest.raises(ValidationError, match="already back"):
        ana.history.bring_back(deleted.id)
    with pytest.raises(ValidationError, match="Only a deleted record"):
        ana.history.bring_back(back.id)


def test_the_groups_profile_is_versioned_and_kept_in_the_history(desks) -> None:
    ana, juan = desks
    assert ana.group.get_versioned() == (None, 0)
    ana.group.save(GroupProfile(name="Informal Working Group on MSMEs"), version=0)
    profile, version = juan.group.get_versioned()
    assert profile is not None and version == 1
    ana.group.save(replace(profile, short_name="The Group"), version=1)
    with pytest.raises(StaleRecord, match="ana on DESK-3 changed this"):
        juan.group.save(replace(profile, founding_members=88), version=1)
    assert [(c.action, c.version) for c in juan.history.of("group", 1)] == [
        ("changed", 2), ("created", 1)]
    assert juan.history.of("group", 1)[0].fields_changed() == ("short_name",)


def test_a_file_names_the_computers_user_and_a_server_its_role(location) -> None:
    found = Services(engine_for(location))
    try:
        if isinstance(location, Path):
            assert (found.author, found.dialect) == (local_author(), "sqlite")
        else:
            assert (found.author, found.dialect) == ("postgres", "postgresql")
    finally:
        found.close()


def test_a_time_reads_as_a_sentence() -> None:
    now = datetime(2026, 12, 8, 12, 0, tzinfo=UTC)
    assert when_text(now - timedelta(days=40), now).startswith("on ")
    assert " today" in when_text(now, now)


def test_a_package_entry_is_named_by_its_members_in_words(services) -> None:
    """The history's label of a package entry joins its Members' names, as the list does."""
    from msmedesk.domain import PackageEntry

    services.members.create(Member(name="Peru"))
    services.members.create(Member(name="Chile"))
    services.package.create(PackageEntry(year=2024, annex=5, members=("Peru", "Chile"),
                                         summary="Both reported."))
    (entry,) = [c for c in services.history.recent() if c.kind == "package"]
    assert entry.label == "Annex 5, 2024 — Peru, Chile"


def test_a_change_committed_while_a_form_reads_its_record_is_never_overwritten(
        desks, monkeypatch) -> None:
    """Ana saves while Juan's form is reading the record (between its reads, on a server
    each its own snapshot): Juan's save must be refused, not pass at Ana's version."""
    ana, juan = desks
    member = ana.members.create(Member(name="Cabo Verde"))
    real_load = type(juan.members)._load

    def load_then_ana_saves(self, session, record_id):  # type: ignore[no-untyped-def]
        record = real_load(self, session, record_id)
        monkeypatch.setattr(type(juan.members), "_load", real_load)  # once
        ana.members.update(replace(member, notes="Ana's notes"), version=1)
        return record

    monkeypatch.setattr(type(juan.members), "_load", load_then_ana_saves)
    mine, version = juan.members.get_versioned(member.id)
    with pytest.raises(StaleRecord):
        juan.members.update(replace(mine, notes="Juan's notes"), version=version)
    assert ana.members.get(member.id).notes == "Ana's notes"
