"""Saved searches in the JSON archive: an optional ``saved_searches`` key, written only when
there are some, read back whole, and refused all or nothing naming the bad one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.archive import ArchiveError
from msmedesk.db.engine import open_data_file
from msmedesk.records import Services
from msmedesk.search.saved import SavedSearch


def _archive(**sections: object) -> dict:
    return {"format": "msmedesk-archive", "version": 1, "members": [{"name": "Mexico"}],
            **sections}


SEARCHES = [{"name": "Mexico", "scope": None, "query": "Mexico or Canada"},
            {"name": "Mexico", "scope": "meetings", "query": "Mexico"},
            {"name": "Entries of Mexico", "scope": "package_entries", "query": "Mexico"}]


def _export(services: Services, path: Path) -> dict:
    archive.export_archive(services, path, replace=True)
    return json.loads(path.read_text(encoding="utf-8"))


def test_saved_searches_survive_an_export_and_an_import_into_another_file(
        services: Services, tmp_path: Path, template_file: Path) -> None:
    result = archive.import_data(services, _archive(saved_searches=SEARCHES))
    assert result.added["saved_searches"] == 3 and result.added["members"] == 1
    assert services.saved_searches.list("package") == [
        SavedSearch(services.saved_searches.list("package")[0].id, "Entries of Mexico",
                    "package", "Mexico")]
    first = _export(services, tmp_path / "a.json")
    # Find anywhere's first, then each tab's by its archive section; scopes as sections.
    assert first["saved_searches"] == [SEARCHES[0], SEARCHES[1], SEARCHES[2]]

    again = archive.import_archive(services, tmp_path / "a.json")
    assert again.total_added == 0 and again.unchanged["saved_searches"] == 3

    other = tmp_path / "other.sqlite"
    other.write_bytes(template_file.read_bytes())
    fresh = Services(open_data_file(other))
    try:
        archive.import_archive(fresh, tmp_path / "a.json")
        assert [(s.name, s.scope, s.query) for s in fresh.saved_searches.all()] == [
            ("Mexico", None, "Mexico or Canada"), ("Mexico", "meetings", "Mexico"),
            ("Entries of Mexico", "package", "Mexico")]
        assert _export(fresh, tmp_path / "b.json") == first
    finally:
        fresh.close()


def test_the_key_is_written_only_when_there_are_saved_searches(services: Services,
                                                               tmp_path: Path) -> None:
    archive.import_data(services, _archive())
    assert "saved_searches" not in _export(services, tmp_path / "a.json")
    kept = services.saved_searches.create("Mexico", None, "Mexico")
    assert _export(services, tmp_path / "a.json")["saved_searches"] == [
        {"name": "Mexico", "scope": None, "query": "Mexico"}]
    services.saved_searches.delete(kept.id or 0)
    assert "saved_searches" not in _export(services, tmp_path / "a.json")


@pytest.mark.parametrize(("search", "words"), [
    ({"name": "Broken", "scope": "meetings", "query": 'speaker:"Kallot'},
     "saved_searches[1].query: "),
    ({"name": "Bad", "scope": "recipes", "query": "x"},
     "saved_searches[1].scope: must be null (Find anywhere) or a section of the archive"),
    ({"name": "", "scope": None, "query": "x"}, "saved_searches[1].name: is required"),
    ({"name": "Mexico", "scope": None, "query": "x"},
     'saved_searches[1].name: "Mexico" is already the name of a saved search of Find anywhere'),
    ({"name": "X", "scope": None, "query": 3}, "saved_searches[1].query: must be a text"),
    ({"name": "X", "scope": None, "query": "x", "colour": "red"},
     'saved_searches[1] has an unknown key "colour"'),
])
def test_a_bad_saved_search_refuses_the_whole_archive(services: Services, search: dict,
                                                      words: str) -> None:
    data = _archive(saved_searches=[SEARCHES[0], search])
    with pytest.raises(ArchiveError) as exc:
        archive.import_data(services, data)
    assert words in str(exc.value)
    assert services.is_empty() and services.saved_searches.all() == []


def test_a_saved_search_the_file_has_with_another_query_is_refused(services: Services) -> None:
    services.saved_searches.create("Mexico", "meetings", "Mexico 2024")
    with pytest.raises(ArchiveError) as exc:
        archive.import_data(services, _archive(saved_searches=SEARCHES))
    assert ('saved_searches[1].query: differs from the saved search "Mexico" of the Meetings '
            'tab already in the data file ("Mexico 2024")') in str(exc.value)
    assert services.members.total() == 0
    assert [s.query for s in services.saved_searches.all()] == ["Mexico 2024"]


def test_saved_searches_must_be_a_list(services: Services) -> None:
    with pytest.raises(ArchiveError, match="saved_searches: must be a list"):
        archive.import_data(services, _archive(saved_searches={"name": "x"}))
