"""The history in the archive: the optional ``history`` key written by ``export --history``
only; an import adds one "imported" entry per record it adds, keeps an archive's own
entries beside the office's (origin "archive"), refuses a bad entry naming it, and refuses,
naming them, records another desk changed while it was being made."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from pg import engine_for

from msmedesk import archive
from msmedesk.archive import ArchiveError
from msmedesk.domain import Member
from msmedesk.records import Services


@pytest.fixture
def services(location: str | Path) -> Services:
    """One desk on a data file or a server database."""
    found = Services(engine_for(location))
    yield found  # type: ignore[misc]
    found.close()


def _archive(**sections: object) -> dict:
    return {"format": "msmedesk-archive", "version": 1,
            "members": [{"name": "Mexico"}, {"name": "Cabo Verde", "joined": "2024"}],
            **sections}


def _export(services: Services, path: Path, **options: bool) -> dict:
    archive.export_archive(services, path, replace=True, **options)
    return json.loads(path.read_text(encoding="utf-8"))


def _fresh(location: str | Path, author: str) -> Services:
    return Services(engine_for(location), author=author)


def test_an_import_adds_one_imported_entry_per_record_it_adds(services: Services) -> None:
    services.members.create(Member(name="Mexico"))
    archive.import_data(services, _archive())
    imported = [c for c in services.history.recent() if c.action == "imported"]
    assert [(c.kind, c.label, c.author, c.before) for c in imported] == [
        ("members", "Cabo Verde", services.author, None)]
    assert imported[0].after is not None and imported[0].after["joined"] == "2024"
    cabo = imported[0].record_id
    assert services.members.get_versioned(cabo)[1] == 1
    archive.import_data(services, _archive())  # (nothing new: nothing recorded)
    assert len(services.history.recent()) == 2


def test_only_export_with_history_writes_the_history_and_a_round_trip_keeps_it(
        location: str | Path, tmp_path: Path, template_file: Path) -> None:
    office = _fresh(location, "ana on DESK-3")
    # Into a file (from a file, or from a server): the history travels either way.
    (tmp_path / "other.sqlite").write_bytes(template_file.read_bytes())
    other = _fresh(tmp_path / "other.sqlite", "juan on DESK-7")
    try:
        archive.import_data(office, _archive())
        mexico = office.members.list()[0]
        member = office.members.get(mexico.id)
        office.members.update(replace(member, notes="a founding Member"), version=1)
        plain = _export(office, tmp_path / "plain.json")
        assert "history" not in plain
        whole = _export(office, tmp_path / "whole.json", history=True)
        assert {k: v for k, v in whole.items() if k != "history"} == plain
        entries = whole["history"]
        assert [(e["action"], e["record"], e["author"], e["origin"]) for e in entries][-1] == (
            "changed", {"name": member.name}, "ana on DESK-3", "office")
        assert entries[-1]["before"]["notes"] == "" and entries[-1]["after"]["notes"] == (
            "a founding Member")

        archive.import_archive(other, tmp_path / "whole.json")
        kept = [c for c in other.history.all() if c.origin == "archive"]
        assert [(c.action, c.author, c.label) for c in kept] == [
            (e["action"], e["author"], e["label"]) for e in entries]
        # Each archive entry is filed under the record's id in this office.
        theirs = other.members.list()
        changed = next(c for c in kept if c.action == "changed")
        assert changed.record_id in {r.id for r in theirs if r.values[0] == member.name}
        assert {c.origin for c in other.history.of("members", changed.record_id)} == {
            "archive", ""}
        # The office's own entries are its own: "imported", by this desk.
        own = [c for c in other.history.all() if c.origin == ""]
        assert {(c.action, c.author) for c in own} == {("imported", "juan on DESK-7")}
        # Importing it again adds no entry twice.
        count = len(other.history.all())
        archive.import_archive(other, tmp_path / "whole.json")
        assert len(other.history.all()) == count
        again = _export(other, tmp_path / "again.json", history=True)
        assert {k: v for k, v in again.items() if k != "history"} == plain
        # Every entry comes out again, now from an archive, beside this office's own.
        assert all({**e, "origin": "archive"} in again["history"] for e in entries)
    finally:
        office.close()
        other.close()


@pytest.mark.parametrize(("entry", "words"), [
    ({"at": "yesterday"}, "history[0].at: must be a time as ISO 8601"),
    ({"action": "renamed"}, "history[0].action: must be one of created, changed"),
    ({"kind": "recipes"}, "history[0].kind: must be one of "),
    ({"before": "Mexico"}, "history[0].before: must be an object or null"),
    ({"origin": "elsewhere"}, 'history[0].origin: must be "office" or "archive"'),
    ({"whom": "ana"}, 'history[0] has an unknown key "whom"'),
])
def test_a_bad_history_entry_refuses_the_whole_archive(services: Services, entry: dict,
                                                       words: str) -> None:
    good = {"at": "2024-03-19T14:02:00+00:00", "author": "ana on DESK-3",
            "action": "created", "kind": "members", "record": {"name": "Mexico"},
            "label": "Mexico", "before": None, "after": {"name": "Mexico"},
            "origin": "office"}
    with pytest.raises(ArchiveError) as refused:
        archive.import_data(services, _archive(history=[{**good, **entry}]))
    assert words in "\n".join(str(e) for e in refused.value.errors) + str(refused.value)
    assert services.members.total() == 0 and services.history.all() == ()


def test_an_import_refuses_records_another_desk_changed_meanwhile(
        location: str | Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ana = _fresh(location, "ana on DESK-3")
    juan = _fresh(location, "juan on DESK-7")
    try:
        archive.import_data(ana, {"format": "msmedesk-archive", "version": 1,
                                  "members": [{"name": "Mexico"}]})
        mexico = ana.members.list()[0].id
        real_plan = archive.importer.plan_import

        def plan_while_juan_renames(incoming, existing):  # type: ignore[no-untyped-def]
            # Ana's import has read the office's records; Juan saves meanwhile.
            member = juan.members.get(mexico)
            juan.members.update(replace(member, name="México"), version=1)
            return real_plan(incoming, existing)

        monkeypatch.setattr(archive.importer, "plan_import", plan_while_juan_renames)
        with pytest.raises(ArchiveError) as refused:
            archive.import_data(ana, _archive())
        message = str(refused.value)
        assert message.startswith("The archive was not imported: another desk changed "
                                  "records it matches while it was being imported (the "
                                  'Member "México", changed by juan on DESK-7 at ')
        assert message.endswith("nothing was written. Import it again to match the records "
                                "as they are now.")
        # Nothing of the import was written: not Cabo Verde, not its entry.
        assert [m.values[0] for m in ana.members.list()] == ["México"]
        assert [c.action for c in ana.history.recent()] == ["changed", "imported"]
    finally:
        ana.close()
        juan.close()


def test_an_import_is_not_refused_for_a_change_to_a_record_it_does_not_match(
        location: str | Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ana = _fresh(location, "ana on DESK-3")
    juan = _fresh(location, "juan on DESK-7")
    try:
        other = juan.members.create(Member(name="Chad"))
        real_plan = archive.importer.plan_import

        def plan_while_juan_saves(incoming, existing):  # type: ignore[no-untyped-def]
            juan.members.update(replace(other, notes="elsewhere"))
            return real_plan(incoming, existing)

        monkeypatch.setattr(archive.importer, "plan_import", plan_while_juan_saves)
        result = archive.import_data(ana, _archive())
        assert result.added["members"] == 2
        imported = {c.label for c in ana.history.recent() if c.action == "imported"}
        assert imported == {"Mexico", "Cabo Verde"}
    finally:
        ana.close()
        juan.close()
