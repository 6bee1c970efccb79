"""Saved searches: a search kept under a name, of one tab or of Find anywhere.

They live in the data file (table ``saved_searches``), so they travel with it and with the
archive. Each change is one transaction; what comes out is a frozen ``SavedSearch``. A
scope is a record type's key ("meetings"), or None for Find anywhere (stored as "").
"""

from __future__ import annotations

import builtins
from dataclasses import replace
from importlib import import_module
from types import ModuleType

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.db.models import SavedSearchRow
from msmedesk.domain import NotFound
from msmedesk.search.saved import SavedSearch
from msmedesk.validation import raise_if


class AmbiguousName(LookupError):
    """``@name`` names saved searches of more than one tab: the message says how to choose."""


class SavedSearchService:
    """Keep, rename, change and delete saved searches; list them by scope."""

    def __init__(self, sessions: sessionmaker[Session]):
        self._sessions = sessions

    def list(self, scope: str | None = None) -> builtins.list[SavedSearch]:
        """The saved searches of ``scope`` (None: Find anywhere's), by name."""
        with self._sessions() as session:
            return read_saved_searches(session, scope, every=False)

    def all(self) -> builtins.list[SavedSearch]:
        """Every saved search: Find anywhere's first, then each tab's, by name."""
        with self._sessions() as session:
            return read_saved_searches(session, every=True)

    def get(self, saved_id: int) -> SavedSearch:
        """The saved search ``saved_id``; NotFound when it is no longer there."""
        with self._sessions() as session:
            return _get(session, saved_id)

    def create(self, name: str, scope: str | None, query: str) -> SavedSearch:
        """Keep ``query`` under ``name`` in ``scope``; refused, naming the field, when the
        name is missing, too long or taken in that scope, or the query does not read."""
        return self.restore(SavedSearch(None, name, scope, query))

    def restore(self, saved: SavedSearch) -> SavedSearch:
        """Keep ``saved`` again, under its own id when it has one (undo of a delete)."""
        with self._sessions.begin() as session:
            raise_if(_rules().saved_search_problems(saved.name, saved.scope, saved.query,
                                           _taken(session, saved.scope, None)))
            values: dict[str, object] = {"name": saved.name.strip(), "scope": saved.scope or "",
                      "query": saved.query.strip()}
            if saved.id is not None and session.get(SavedSearchRow, saved.id) is None:
                values["id"] = saved.id
            new_id = session.execute(insert(SavedSearchRow).values(**values)
                                     .returning(SavedSearchRow.id)).scalar_one()
            return _get(session, new_id)

    def rename(self, saved_id: int, name: str) -> SavedSearch:
        """Give the saved search ``saved_id`` another name (checked as ``create`` checks)."""
        return self._change(saved_id, name=name)

    def change(self, saved_id: int, query: str) -> SavedSearch:
        """Put another query in the saved search ``saved_id`` (it must read)."""
        return self._change(saved_id, query=query)

    def delete(self, saved_id: int) -> SavedSearch:
        """Delete the saved search ``saved_id``; the one deleted (for undo)."""
        with self._sessions.begin() as session:
            found = _get(session, saved_id)
            session.execute(delete(SavedSearchRow).where(SavedSearchRow.id == saved_id))
            return found

    def named(self, name: str) -> SavedSearch:
        """The saved search ``@name`` means: Find anywhere's of that name, else the one tab's
        that has it; "tab/name" chooses a tab's ("meetings/Mexico 2024").

        NotFound when there is none; AmbiguousName when several tabs have one of that name.
        """
        every = self.all()
        key = _rules().name_key
        wanted = key(name)
        found = [s for s in every if key(s.name) == wanted]
        if not found and "/" in name:
            scope, _, rest = name.partition("/")
            found = [s for s in every if s.scope == scope.strip().casefold()
                     and key(s.name) == key(rest)]
        anywhere = [s for s in found if s.scope is None]
        if anywhere:
            return anywhere[0]
        if len(found) == 1:
            return found[0]
        if not found:
            raise NotFound(f'There is no saved search called "{name.strip()}".')
        choices = " or ".join(f'"@{s.scope}/{s.name}"' for s in found)
        raise AmbiguousName(f'Saved searches called "{name.strip()}" belong to '
                            f"{len(found)} tabs; say which: {choices}.")

    def resolve(self, text: str) -> tuple[str, str | None]:
        """What a typed search means: "@name" is that saved search's (query, scope), any
        other text itself, of Find anywhere. NotFound or AmbiguousName as ``named``."""
        if not text.strip().startswith("@"):
            return text, None
        saved = self.named(text.strip()[1:])
        return saved.query, saved.scope

    def _change(self, saved_id: int, *, name: str | None = None,
                query: str | None = None) -> SavedSearch:
        with self._sessions.begin() as session:
            old = _get(session, saved_id)
            new = replace(old, name=old.name if name is None else name,
                          query=old.query if query is None else query)
            raise_if(_rules().saved_search_problems(new.name, new.scope, new.query,
                                           _taken(session, new.scope, saved_id)))
            session.execute(update(SavedSearchRow).where(SavedSearchRow.id == saved_id)
                            .values(name=new.name.strip(), query=new.query.strip()))
            return _get(session, saved_id)


def read_saved_searches(session: Session, scope: str | None = None, *,
                        every: bool = True) -> list[SavedSearch]:
    """The saved searches of ``scope``, or ``every`` one (Find anywhere's first), by name."""
    stmt = select(SavedSearchRow.id, SavedSearchRow.name, SavedSearchRow.scope,
                  SavedSearchRow.query)
    if not every:
        stmt = stmt.where(SavedSearchRow.scope == (scope or ""))
    found = [SavedSearch(i, n, s or None, q) for i, n, s, q in session.execute(stmt)]
    return sorted(found, key=lambda s: (s.scope or "", s.name.casefold(), s.name))


def write_saved_searches(session: Session, new: list[SavedSearch]) -> None:
    """Insert an import's new saved searches (checked already), in one statement."""
    if new:
        session.execute(insert(SavedSearchRow), [
            {"name": s.name.strip(), "scope": s.scope or "", "query": s.query.strip()}
            for s in new])


def _get(session: Session, saved_id: int) -> SavedSearch:
    row = session.get(SavedSearchRow, saved_id)
    if row is None:
        raise NotFound("This saved search is no longer in the data file.")
    return SavedSearch(row.id, row.name, row.scope or None, row.query)


def _taken(session: Session, scope: str | None, other_than: int | None) -> list[str]:
    """The names of the saved searches of ``scope`` but ``other_than``."""
    return list(session.scalars(select(SavedSearchRow.name).where(
        SavedSearchRow.scope == (scope or ""), SavedSearchRow.id != (other_than or -1))))



def _rules() -> ModuleType:
    """Validation's rules of saved searches, loaded at the first check (the window opens
    without validation's checks: tests/test_layers.py)."""
    return import_module("msmedesk.validation.saved_searches")
