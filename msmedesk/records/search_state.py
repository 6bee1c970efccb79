"""Whether the search index holds every record, and building what it lacks after an import.

A large import into a file writes its records without indexing them (FTS5's trigrams took
most of the import's time) and, in the same transaction, marks the index as out of date:
one row of ``search_words`` that no search can match (the empty word, number 0, of no
record type). Until the index is complete again, a search says "The search index is being
rebuilt…" (``IndexRebuilding``) rather than give the matches of the records indexed so far.
The window completes it off its GUI thread on opening such a file (``complete``, a part at
a time, each part its own transaction, so that saves go on meanwhile); ``msmedesk find``
completes it before it searches; ``msmedesk check`` tells of it.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session, sessionmaker

from msmedesk.plain.reads import INDEX_MARK
from msmedesk.records import search_index
from msmedesk.search.query import IndexRebuilding

__all__ = ["IndexRebuilding", "Completer", "complete", "index_marked", "is_complete", "mark",
           "require_complete"]

#: The marker's row: a word no text has (words are one or two letters or digits) and a
#: number of no record type (a type's numbers start at 1 << 56).
_MARK = dict(zip(("w", "c"), INDEX_MARK, strict=True))
#: Records indexed per transaction while the window completes the index: a part takes
#: well under a second, so that a save waits at most that long for the file.
PART = 5000

# The files found complete, by their sessions: an index, once complete, stays so (saves
# keep it), until this process imports into the file (``mark``). A file found incomplete
# is asked again at each search, by one look-up of the marker's key.
_complete: weakref.WeakKeyDictionary[Any, bool] = weakref.WeakKeyDictionary()


def mark(session: Session, sessions: Any = None) -> None:
    """Record in the file, in the caller's transaction, that the index lacks records."""
    session.execute(text("INSERT OR IGNORE INTO search_words (word, code) VALUES (:w, :c)")
                    if session.get_bind().dialect.name == "sqlite" else
                    text("INSERT INTO search_words (word, code) VALUES (:w, :c) "
                         "ON CONFLICT DO NOTHING"), _MARK)
    if sessions is not None:
        _complete.pop(sessions, None)


def index_marked(session: Session) -> bool:
    """Whether the file records that its search index lacks records (read in ``session``)."""
    return session.execute(text(
        "SELECT 1 FROM search_words WHERE word = :w AND code = :c"), _MARK).first() is not None


def is_complete(sessions: sessionmaker[Session]) -> bool:
    """Whether the file's search index holds every record (not after a large import yet)."""
    if _complete.get(sessions):
        return True
    bind = sessions.kw.get("bind")
    if bind is not None and bind.dialect.name != "sqlite":
        # Only an import into a file leaves the index lacking records (a server's import
        # indexes inside its transaction): no statement spent on asking a server.
        _complete[sessions] = True
        return True
    with sessions() as session:
        complete = not index_marked(session)
    if complete:
        _complete[sessions] = True
    return complete


def require_complete(sessions: sessionmaker[Session]) -> None:
    """Raise ``IndexRebuilding`` unless the file's search index is complete."""
    if not is_complete(sessions):
        raise IndexRebuilding()


def complete(sessions: sessionmaker[Session], services: Iterable[Any],
             stop: threading.Event | None = None,
             progress: Callable[[int], None] | None = None) -> bool:
    """Index the records the index lacks, ``PART`` records a transaction, then take the
    marker away; False when ``stop`` was set first (the rest is done on the next opening).

    ``services``: the listed types' services (their tables and their one readers).
    """
    done = 0
    for service in services:
        with sessions() as session:
            pending = _unindexed(session, service)
        for first in range(0, len(pending), PART):
            if stop is not None and stop.is_set():
                return False
            with sessions.begin() as session:
                search_index.index_records(session, service, pending[first:first + PART])
            done += len(pending[first:first + PART])
            if progress is not None:
                progress(done)
    with sessions.begin() as session:
        # (A record saved meanwhile was indexed by its save, in its own transaction.)
        session.execute(text("DELETE FROM search_words WHERE word = :w AND code = :c"), _MARK)
    _complete[sessions] = True
    return True


def _unindexed(session: Session, service: Any) -> list[int]:
    """The ids of the records of a type the index does not hold, in order."""
    table = service.table().__table__.name
    held = search_index.indexed(session, service.record_type.key)
    return [i for (i,) in session.execute(text(f"SELECT id FROM {table} ORDER BY id"))
            if i not in held]


class Completer:
    """Completes one file's search index in a worker thread, off the window's GUI thread
    (its own connection from the engine's pool); ``stop`` ends it between two parts."""

    def __init__(self, sessions: sessionmaker[Session], services: Callable[[], Iterable[Any]]
                 ) -> None:
        self._sessions = sessions
        self._services = services
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        #: set when the index is complete (tests and the window's closing wait on it).
        self.done = threading.Event()

    def start(self) -> None:
        """Complete the index in the background if it lacks records (else nothing)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self.done.clear()
        self._thread = threading.Thread(target=self._run, name="msmedesk-search-index",
                                        daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            if is_complete(self._sessions) or complete(self._sessions, self._services(),
                                                       self._stop):
                self.done.set()
        except Exception:  # noqa: BLE001 (the file stays marked: the next opening completes it)
            logging.getLogger(__name__).exception("completing the search index failed")

    def running(self) -> bool:
        """Whether the worker is completing the index now."""
        return self._thread is not None and self._thread.is_alive()

    def stop(self) -> None:
        """Stop after the part being written (the rest is done on the next opening)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
