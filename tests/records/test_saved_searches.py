"""Saved searches: the service keeps a search under a name in its scope, renames, changes
and deletes it, refuses what would be wrong naming the field, and finds ``@name``."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from msmedesk.domain import NotFound
from msmedesk.records import Services
from msmedesk.records.saved_searches import AmbiguousName
from msmedesk.search.saved import SavedSearch
from msmedesk.validation import ValidationError
from msmedesk.validation.saved_searches import MAX_NAME


def _refused(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, str]:
    return {e.field: e.message for e in exc.value.errors}


def test_a_search_is_kept_listed_by_scope_renamed_changed_and_deleted(
        services: Services, data_file: Path) -> None:
    kept = services.saved_searches.create("  Mexico  ", "meetings", " Mexico ")
    anywhere = services.saved_searches.create("Mexico", None, "Mexico or Canada")
    assert kept == SavedSearch(kept.id, "Mexico", "meetings", "Mexico")
    assert services.saved_searches.list("meetings") == [kept]
    assert services.saved_searches.list(None) == [anywhere]
    assert services.saved_searches.list("members") == []

    renamed = services.saved_searches.rename(kept.id or 0, "Mexico's meetings")
    changed = services.saved_searches.change(renamed.id or 0, "Mexico -Canada")
    assert changed == SavedSearch(kept.id, "Mexico's meetings", "meetings", "Mexico -Canada")
    assert services.saved_searches.get(kept.id or 0) == changed

    gone = services.saved_searches.delete(kept.id or 0)
    assert gone == changed
    assert services.saved_searches.list("meetings") == []
    with pytest.raises(NotFound):
        services.saved_searches.get(kept.id or 0)
    # Undo of the delete puts it back under its own id.
    assert services.saved_searches.restore(gone) == gone
    con = sqlite3.connect(data_file)
    try:
        assert con.execute("SELECT id, name, scope, query FROM saved_searches ORDER BY id"
                           ).fetchall() == [(kept.id, "Mexico's meetings", "meetings",
                                             "Mexico -Canada"),
                                            (anywhere.id, "Mexico", "", "Mexico or Canada")]
    finally:
        con.close()


@pytest.mark.parametrize(("name", "field", "words"), [
    ("", "name", "is required"),
    ("   ", "name", "is required"),
    ("two\nlines", "name", "line break"),
    ("x" * (MAX_NAME + 1), "name", "too long"),
    ("mexico", "name", '"mexico" is already the name of a saved search of the Meetings tab'),
])
def test_a_bad_name_is_refused_naming_the_field(services: Services, name: str, field: str,
                                                words: str) -> None:
    services.saved_searches.create("Mexico", "meetings", "Mexico")
    with pytest.raises(ValidationError) as exc:
        services.saved_searches.create(name, "meetings", "Canada")
    assert words in _refused(exc)[field]
    assert [s.name for s in services.saved_searches.all()] == ["Mexico"]


def test_one_name_may_serve_two_scopes_but_not_one_twice(services: Services) -> None:
    services.saved_searches.create("Open", "proposals", "open")
    services.saved_searches.create("Open", "meetings", "open")
    services.saved_searches.create("Open", None, "open")
    other = services.saved_searches.create("Closed", "proposals", "closed")
    with pytest.raises(ValidationError) as exc:
        services.saved_searches.rename(other.id or 0, "OPEN")
    assert "already the name" in _refused(exc)["name"]
    assert services.saved_searches.get(other.id or 0).name == "Closed"


def test_a_query_that_does_not_read_is_refused_in_the_language_s_words(
        services: Services) -> None:
    with pytest.raises(ValidationError) as exc:
        services.saved_searches.create("Broken", "meetings", 'speaker:"Kallot')
    message = _refused(exc)["query"]
    assert "quote" in message.lower()
    kept = services.saved_searches.create("Fine", "meetings", "Kallot")
    with pytest.raises(ValidationError) as exc:
        services.saved_searches.change(kept.id or 0, "nosuchfield:x")
    assert "nosuchfield" in _refused(exc)["query"]
    assert services.saved_searches.get(kept.id or 0).query == "Kallot"


def test_an_unknown_scope_is_refused(services: Services) -> None:
    with pytest.raises(ValidationError) as exc:
        services.saved_searches.create("X", "recipes", "x")
    assert _refused(exc) == {"scope": '"recipes" is not a list of records'}


def test_at_name_prefers_find_anywhere_then_the_one_tab_then_asks(services: Services) -> None:
    tab = services.saved_searches.create("Kallot", "meetings", "Kallot")
    assert services.saved_searches.named("kallot") == tab
    anywhere = services.saved_searches.create("ITC", None, "ITC")
    services.saved_searches.create("ITC", "outreach", "ITC 2024")
    assert services.saved_searches.named("ITC") == anywhere
    services.saved_searches.create("Open", "proposals", "open")
    both = services.saved_searches.create("Open", "meetings", "open")
    with pytest.raises(AmbiguousName) as exc:
        services.saved_searches.named("Open")
    assert '"@meetings/Open" or "@proposals/Open"' in str(exc.value)
    assert services.saved_searches.named("meetings/Open") == both
    with pytest.raises(NotFound, match='no saved search called "Nothing"'):
        services.saved_searches.named("Nothing")


def test_saved_searches_do_not_make_a_file_hold_records(services: Services) -> None:
    services.saved_searches.create("Anything", None, "x")
    assert services.is_empty()


def test_resolve_reads_at_name_as_its_query_and_scope(services: Services) -> None:
    services.saved_searches.create("Still open", "proposals", "status:discussion")
    assert services.saved_searches.resolve("@still open") == ("status:discussion",
                                                              "proposals")
    assert services.saved_searches.resolve("Mexico") == ("Mexico", None)
    with pytest.raises(NotFound):
        services.saved_searches.resolve("@nothing")
