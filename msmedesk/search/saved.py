"""A saved search as the services give it (kept beside the search's other values, not in
``msmedesk.domain``, which is at its size limit)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SavedSearch:
    """A search kept under a name: of one tab (``scope``, a record type's key) or, with
    ``scope`` None, of Find anywhere; ``query`` is the text as typed."""

    id: int | None
    name: str
    scope: str | None
    query: str
