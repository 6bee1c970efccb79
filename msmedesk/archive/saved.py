"""The archive's optional ``saved_searches``: searches kept under a name travel with the
records (docs/archive-format.md). Written only when there are some; an import takes them
all or nothing with the records, refusing one that does not read, naming it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msmedesk import validation
from msmedesk.registry import SECTIONS, by_key, by_section
from msmedesk.search.saved import SavedSearch
from msmedesk.validation import FieldError
from msmedesk.validation.saved_searches import name_key, saved_search_problems, scope_words

#: The archive's key of the saved searches.
KEY = "saved_searches"


def saved_to_json(saved: list[SavedSearch]) -> list[dict[str, Any]]:
    """The archive's objects of ``saved``: the scope as the archive names the tab's records
    (its section, "package_entries"), null for Find anywhere."""
    return [{"name": s.name, "scope": None if s.scope is None else by_key(s.scope).section,
             "query": s.query} for s in saved]


def parse_saved(data: Mapping[str, Any]) -> tuple[list[SavedSearch], list[FieldError]]:
    """The archive's saved searches, and every problem with them (each named by its place,
    "saved_searches[2]")."""
    found: list[SavedSearch] = []
    errors: list[FieldError] = []
    taken: dict[str | None, list[str]] = {}
    for i, raw in enumerate(data.get(KEY) or []):
        where = f"{KEY}[{i}]"
        if not isinstance(raw, validation.MAPPING):
            errors.append(FieldError("", "must be an object", where))
            continue
        problems = validation.key_problems(raw, KEY, where)
        for key in ("name", "query"):
            if not isinstance(raw.get(key), str):
                problems.append(FieldError(key, "must be a text", where))
        scope = raw.get("scope")
        if scope is not None and scope not in SECTIONS:
            problems.append(FieldError("scope", f"must be null (Find anywhere) or a section of "
                                       f"the archive, not {validation.shown(repr(scope))}",
                                       where))
        if problems:
            errors.extend(problems)
            continue
        key_scope = None if scope is None else by_section(scope).key
        problems = saved_search_problems(raw["name"], key_scope, raw["query"],
                                         taken.setdefault(key_scope, []), where)
        errors.extend(problems)
        if not problems:
            taken[key_scope].append(raw["name"])
            found.append(SavedSearch(None, raw["name"].strip(), key_scope,
                                     raw["query"].strip()))
    return found, errors


def plan_saved(incoming: list[SavedSearch], existing: list[SavedSearch]
               ) -> tuple[list[SavedSearch], list[FieldError]]:
    """The saved searches to add: one the data file has already (same scope, name and query)
    is left alone; one of a name the data file gives another query is refused."""
    have = {(s.scope, name_key(s.name)): s for s in existing}
    new: list[SavedSearch] = []
    errors: list[FieldError] = []
    for i, s in enumerate(incoming):
        old = have.get((s.scope, name_key(s.name)))
        if old is None:
            new.append(s)
        elif old.query != s.query:
            errors.append(FieldError("query", f'differs from the saved search "{old.name}" of '
                                     f"{scope_words(s.scope)} already in the data file "
                                     f'("{old.query}")', f"{KEY}[{i}]"))
    return new, errors
