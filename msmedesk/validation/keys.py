"""The keys each kind of archive object may have, and the problems of one that has others."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from msmedesk.registry import GROUP, RECORD_TYPES, ROW_TYPES, SECTIONS
from msmedesk.validation.errors import FieldError


class _DuplicateKeys:
    """The key under which the JSON reader lists the keys an object had twice."""

    def __repr__(self) -> str:
        return "DUPLICATE_KEYS"


# Not a text, so no key of a JSON object can be it.
DUPLICATE_KEYS: Any = _DuplicateKeys()

# The keys of each kind of archive object: the fields the registry declares for it (those
# of the shared contract, archive-format.md, and those msmedesk itself writes or reads:
# established_at, url, member, a meeting's proposals). An archive with another key is
# refused, naming it: a misspelt key would otherwise lose its value without a word.
ARCHIVE_KEYS: dict[str, frozenset[str]] = {
    "archive": frozenset({"format", "version", GROUP.section, *SECTIONS, "saved_searches",
                          "history"}),
    "saved_searches": frozenset({"name", "scope", "query"}),
    "history": frozenset({"at", "author", "action", "kind", "record", "label", "before",
                          "after", "origin"}),
    **{t.section: frozenset(f.key for f in t.fields) for t in RECORD_TYPES},
    **{r.key: frozenset(f.key for f in r.fields) for r in ROW_TYPES},
}


def key_problems(raw: Mapping[str, Any], kind: str, record: str) -> list[FieldError]:
    """The keys of an archive object that are unknown for its ``kind`` or given twice."""
    known = ARCHIVE_KEYS[kind]
    if known.issuperset(raw):
        return []  # (every key known and none twice: one pass in C)
    errors = [FieldError("", f'has the key "{key}" twice', record)
              for key in raw.get(DUPLICATE_KEYS, ())]
    errors += [FieldError("", f'has an unknown key "{key}"', record)
               for key in raw if key not in known and key is not DUPLICATE_KEYS]
    return errors
