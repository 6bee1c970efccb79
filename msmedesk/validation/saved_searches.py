"""The checks of a saved search: its name, its scope and its query (which must read).

Pure Python like the rest of validation: the names already taken in the scope are given
by the caller (the service, or the archive's importer), which read them from the data file.
"""

from __future__ import annotations

from collections.abc import Collection

from msmedesk.registry import SECTIONS, by_key, by_section
from msmedesk.validation.errors import FieldError
from msmedesk.validation.values import MAX_TITLE, bad_text

#: The longest name of a saved search: it is a menu's and a sidebar's line.
MAX_NAME = 100
#: The longest query kept: a search box's line.
MAX_QUERY = MAX_TITLE


def scopes() -> tuple[str, ...]:
    """The record types a saved search may belong to (their keys, in tab order)."""
    return tuple(by_section(s).key for s in SECTIONS)


def name_key(name: str) -> str:
    """What makes two names one: case and the spaces around them aside ("ITC" is "itc ")."""
    return name.strip().casefold()


def saved_search_problems(name: str, scope: str | None, query: str,
                          taken: Collection[str] = (), record: str = "") -> list[FieldError]:
    """What is wrong with a saved search (none when it may be kept).

    ``taken`` are the names of the other saved searches of ``scope``; ``record`` says where
    the search is in an archive ("saved_searches[2]").
    """
    errors: list[FieldError] = []
    cleaned = name.strip()
    bad = bad_text(cleaned, MAX_NAME, one_line=True)
    if not cleaned:
        errors.append(FieldError("name", "is required", record))
    elif bad:
        errors.append(FieldError("name", bad, record))
    elif name_key(cleaned) in {name_key(t) for t in taken}:
        errors.append(FieldError("name", f'"{cleaned}" is already the name of a saved search '
                                 f"of {scope_words(scope)}", record))
    if scope is not None and scope not in scopes():
        errors.append(FieldError("scope", f'"{scope}" is not a list of records', record))
        return errors
    bad = bad_text(query, MAX_QUERY, one_line=True)
    if bad:
        errors.append(FieldError("query", bad, record))
    else:
        problem = query_problem(query, scope)
        if problem:
            errors.append(FieldError("query", problem, record))
    return errors


def query_problem(query: str, scope: str | None) -> str | None:
    """The search language's sentence about a query it cannot read, or None."""
    # Imported here: the search language is needed only once a saved search is checked.
    from msmedesk.search.language import parse
    from msmedesk.search.query import SearchError

    try:
        parse(query, scope)
    except SearchError as exc:
        return exc.message
    return None


def scope_words(scope: str | None) -> str:
    """Where a saved search belongs, in words: "the Meetings tab", "Find anywhere"."""
    if scope is None:
        return "Find anywhere"
    return f"the {by_key(scope).title} tab"
