"""``PlainFirstServices``: what the window asks of the services at start-up, answered through
the plain sqlite3 connection, and everything else through the SQLAlchemy services, loaded
when first needed (issue 18).

The window shows its first tab's count, first page and first record's details, its saved
searches and history, through the readers of this package; the first question they do not
answer (a search typed, a sort on a server, another tab, any write, an import, the report)
loads the services (``Services`` on the file's engine: SQLAlchemy, the ORM) and from then on
every question goes to them, so that nothing reads through two paths at once. The
services still own their transactions; the plain readers only read.
"""

from __future__ import annotations

import builtins
import sqlite3
import threading
from collections.abc import Callable
from typing import Any

from msmedesk.domain import ListQuery, Row
from msmedesk.plain import reads
from msmedesk.plain.meetings import MeetingsReader

_ALL = ListQuery()

#: The record types whose first reads need no SQLAlchemy, by registry key.
READERS: dict[str, Callable[[sqlite3.Connection], Any]] = {"meetings": MeetingsReader}


class PlainFirstServices:
    """Duck-typed ``Services``: the start-up reads plain, the rest by the loaded services.

    ``load()`` makes the SQLAlchemy services (``Services(opened.engine)``); ``connection``
    is the file's plain connection, closed (``release``) once the services are loaded.
    """

    def __init__(self, connection: sqlite3.Connection, load: Callable[[], Any],
                 release: Callable[[], None]):
        self._con: sqlite3.Connection | None = connection
        self._load = load
        self._release = release
        self._loaded: Any = None
        # A worker thread (an export, a backup) may load the services while the window
        # reads: the plain connection is used and closed under this lock.
        self._lock = threading.RLock()
        self._readers = {key: _PlainService(self, make(connection))
                         for key, make in READERS.items()}
        self.saved_searches = _PlainSavedSearches(self)
        self.history = _PlainHistory(self)

    @property
    def loaded(self) -> bool:
        """Whether the SQLAlchemy services are loaded (every question goes to them)."""
        return self._loaded is not None

    def services(self) -> Any:
        """The SQLAlchemy services, loaded on the first call."""
        with self._lock:
            if self._loaded is None:
                self._loaded = self._load()
                self._con = None
                self._release()  # one reading path from now on
            return self._loaded

    def read(self, plain: Callable[[sqlite3.Connection], Any],
             loaded: Callable[[Any], Any]) -> Any:
        """``plain(connection)`` while the services are not loaded, else ``loaded(services)``."""
        with self._lock:
            if self._con is not None:
                return plain(self._con)
        return loaded(self.services())

    def is_empty(self) -> bool:
        """Whether the file holds no records at all."""
        return bool(self.read(reads.is_empty, lambda s: s.is_empty()))

    def close(self) -> None:
        """Close the services (if loaded) and the plain connection."""
        with self._lock:
            if self._loaded is not None:
                self._loaded.close()
            elif self._con is not None:
                self._con = None
                self._release()

    def __getattr__(self, name: str) -> Any:
        # A type with a plain reader: its stand-in always (the window keeps it, and it hands
        # every question to the loaded service once there is one).
        reader = self.__dict__.get("_readers", {}).get(name)
        return reader if reader is not None else getattr(self.services(), name)


class _PlainService:
    """One record type's service: its start-up reads plain, the rest by the loaded one."""

    def __init__(self, owner: PlainFirstServices, reader: Any):
        self._owner = owner
        self._reader = reader
        self.columns: tuple[str, ...] = reader.columns
        self.sortable: tuple[str, ...] = reader.sortable
        self.default_sort: str = reader.default_sort

    def _service(self) -> Any:
        return getattr(self._owner.services(), self._reader.key)

    def count(self, query: ListQuery = _ALL, bound: int | None = None) -> int:
        """How many records the query matches (with ``bound``: no further than ``bound + 1``)."""
        if self._reader.answers(query):
            return int(self._owner.read(lambda _con: self._reader.count(query, bound),
                                        lambda _s: self._service().count(query, bound)))
        return int(self._service().count(query, bound))

    def total(self) -> int:
        """How many records of this type the file holds."""
        return self.count(_ALL)

    def list(self, query: ListQuery = _ALL) -> builtins.list[Row]:
        """One page of rows."""
        if self._reader.answers(query):
            return list(self._owner.read(lambda _con: self._reader.list(query),
                                         lambda _s: self._service().list(query)))
        return list(self._service().list(query))

    def get_versioned(self, record_id: int) -> tuple[Any, int]:
        """The whole record and its version."""
        return self._owner.read(  # type: ignore[no-any-return]
            lambda _con: self._reader.get_versioned(record_id),
            lambda _s: self._service().get_versioned(record_id))

    def years(self) -> builtins.list[int]:
        """Years that have records of this type, newest first."""
        return list(self._owner.read(lambda _con: self._reader.years(),
                                     lambda _s: self._service().years()))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._service(), name)


class _PlainSavedSearches:
    def __init__(self, owner: PlainFirstServices):
        self._owner = owner

    def list(self, scope: str | None = None) -> Any:
        """The saved searches of ``scope`` (None: Find anywhere's), by name."""
        return self._owner.read(lambda con: reads.saved_searches(con, scope),
                                lambda s: s.saved_searches.list(scope))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._owner.services().saved_searches, name)


class _PlainHistory:
    def __init__(self, owner: PlainFirstServices):
        self._owner = owner

    def of(self, kind: str, record_id: int, limit: int = 100) -> Any:
        """The history of one record, newest first."""
        return self._owner.read(lambda con: reads.history_of(con, kind, record_id, limit),
                                lambda s: s.history.of(kind, record_id, limit))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._owner.services().history, name)
