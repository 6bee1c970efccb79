"""Other desks' changes as they happen: LISTEN on the server's change channel, in a thread.

Every change written on a PostgreSQL server announces itself on ``history.CHANNEL`` (the
history table's trigger, migration 0008). ``ChangeListener`` keeps one psycopg connection
of its own in autocommit, LISTENs there in a daemon thread and hands each change made by
*another* connection (not one of this desk's engine: ``own_backends``) to its watchers as
a ``Change``. When the connection drops it tries again every few seconds; once back, it
hands on what was written meanwhile (``since``), or one ``EVERYTHING`` change when that
cannot be known, so that the window reads its lists again. A data file has no other
desks: its Backend watches nothing.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Any

from msmedesk.history import CHANNEL, Change

log = logging.getLogger(__name__)

#: The kind of the change handed on when what changed cannot be known (the connection was
#: lost and the history could not say what it missed): every list is read again.
EVERYTHING = ""
#: Seconds between two attempts to connect again after the connection was lost.
RETRY_SECONDS = 2.0
#: Seconds the thread waits for a notification before it looks whether it should stop;
#: every ``PING_EVERY`` of these it asks the server a trivial query, so that a connection
#: lost without a word (a cable, a sleeping laptop) is noticed.
WAIT_SECONDS = 0.25
PING_EVERY = 40
# TCP keepalives for a server across the network (libpq ignores them on a Unix socket).
_KEEPALIVES = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5,
               "keepalives_count": 3}

Watcher = Callable[[Change], None]


def own_backends(engine: Any) -> Callable[[], frozenset[int]]:
    """Follow the server processes behind an engine's connections: a notification sent by
    one of them is this desk's own change, which the window has already shown."""
    from sqlalchemy import event

    pids: set[int] = set()
    lock = threading.Lock()

    def _pid(dbapi_connection: Any) -> int | None:
        info = getattr(dbapi_connection, "info", None)
        return getattr(info, "backend_pid", None)

    # At each checkout too: connections the pool made before this was set up (opening the
    # server checked its schema) are known by the time they write.
    @event.listens_for(engine, "connect")
    @event.listens_for(engine, "checkout")
    def _connected(dbapi_connection: Any, *_rest: Any) -> None:
        pid = _pid(dbapi_connection)
        if pid is not None:
            with lock:
                pids.add(pid)

    @event.listens_for(engine, "close")
    def _closed(dbapi_connection: Any, _record: Any) -> None:
        pid = _pid(dbapi_connection)
        with lock:
            pids.discard(pid)

    def current() -> frozenset[int]:
        with lock:
            return frozenset(pids)

    return current


def connect_args(engine: Any) -> tuple[Sequence[Any], dict[str, Any]]:
    """How the engine connects (its URL, password given at a prompt, sslmode): the listener
    connects the same way."""
    args, params = engine.dialect.create_connect_args(engine.url)
    return tuple(args), dict(params)


def change_from_payload(payload: str) -> Change | None:
    """The change a notification announces (without its fields, which the history has);
    None for a payload that is not one of ours."""
    try:
        data = json.loads(payload)
        return Change(id=int(data["change"]), at=datetime.now(UTC),
                      author=str(data.get("author") or ""), action=str(data["action"]),
                      kind=str(data["kind"]), record_id=int(data["record"]), label="",
                      before=None, after=None, version=0)
    except (ValueError, KeyError, TypeError):
        return None


def everything(author: str = "") -> Change:
    """The change that stands for "anything may have changed": read every list again."""
    return Change(id=0, at=datetime.now(UTC), author=author, action="changed",
                  kind=EVERYTHING, record_id=0, label="", before=None, after=None, version=0)


class ChangeListener:
    """One LISTEN connection to the server, in a daemon thread; see the module.

    Args:
        connect: opens a new psycopg connection (called in the thread, again after a loss).
        own: the server processes of this desk's own connections (``own_backends``).
        resolve: the whole entry of a change by its id (``services.history.get``), or None
            to hand on what the notification says.
        since: the entries after a change id, oldest first (``services.history.since``),
            to catch up after a lost connection; None: an ``EVERYTHING`` change instead.
        newest: the newest entry's id (``services.history.newest_id``), where catching up
            starts when the connection is lost before any change was heard.
        on_state: told True when connected again after a loss, False when it is lost.
    """

    def __init__(self, connect: Callable[[], Any], *,
                 own: Callable[[], frozenset[int]] = frozenset,
                 resolve: Callable[[int], Change] | None = None,
                 since: Callable[[int], Sequence[Change]] | None = None,
                 newest: Callable[[], int] | None = None,
                 on_state: Callable[[bool], None] | None = None,
                 retry_seconds: float = RETRY_SECONDS) -> None:
        self._connect = connect
        self._own = own
        self._resolve = resolve
        self._since = since
        self._newest = newest
        self._link_watchers: list[Callable[[bool], None]] = [on_state] if on_state else []
        self._retry = retry_seconds
        self._watchers: list[Watcher] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last = 0  # the newest change id handed on (0: none yet)
        self.listening = threading.Event()  # set while LISTEN is in force (tests wait on it)

    @classmethod
    def for_engine(cls, engine: Any, **kwargs: Any) -> ChangeListener:
        """A listener connecting as ``engine`` does, ignoring the engine's own changes."""
        import psycopg

        args, params = connect_args(engine)
        params = {**_KEEPALIVES, **params, "autocommit": True}
        params.pop("async_", None)
        return cls(lambda: psycopg.connect(*args, **params), own=own_backends(engine), **kwargs)

    @classmethod
    def for_services(cls, engine: Any, services: Any) -> ChangeListener:
        """A listener for a window's services: each change read whole from the history
        (``services.history.get``), what a lost connection missed caught up (``since``)."""
        history = getattr(services, "history", None)
        return cls.for_engine(engine, resolve=getattr(history, "get", None),
                              since=getattr(history, "since", None),
                              newest=getattr(history, "newest_id", None))

    def watch(self, watcher: Watcher) -> None:
        """Call ``watcher`` (from the listener's thread) with each other desk's change; the
        first watcher starts the thread."""
        self._watchers.append(watcher)
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="msmedesk-listen",
                                            daemon=True)
            self._thread.start()

    def watch_link(self, watcher: Callable[[bool], None]) -> None:
        """Call ``watcher`` (from the listener's thread) with False when the connection to
        the server is lost, and True when it is made again."""
        self._link_watchers.append(watcher)

    def close(self, timeout: float = 2.0) -> None:
        """Stop listening (the thread ends within a fraction of a second)."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    # -- the thread

    def _run(self) -> None:
        lost = False
        while not self._stop.is_set():
            try:
                connection = self._connect()
            except Exception as exc:  # the server is away: try again in a moment
                log.info("listening for changes: cannot connect: %s", exc)
                lost = self._lost(lost)
                self._stop.wait(self._retry)
                continue
            try:
                with connection:
                    connection.execute(f"LISTEN {CHANNEL}")
                    self._note_newest()  # after LISTEN: nothing falls between the two
                    self.listening.set()
                    if lost:
                        lost = False
                        self._caught_up()
                    self._listen(connection)
            except Exception as exc:  # dropped (server restarted, network): reconnect
                if self._stop.is_set():
                    break
                log.info("listening for changes: connection lost: %s", exc)
                lost = self._lost(lost)
                self._stop.wait(self._retry)
            finally:
                self.listening.clear()

    def _note_newest(self) -> None:
        if self._last or self._newest is None:
            return
        try:
            self._last = int(self._newest())
        except Exception:  # (no history to ask: a loss then reads every list again)
            log.info("listening for changes: the newest change could not be read")

    def _listen(self, connection: Any) -> None:
        idle = 0
        while not self._stop.is_set():
            got = False
            for note in connection.notifies(timeout=WAIT_SECONDS):
                got = True
                self._heard(note.payload, note.pid)
            idle = 0 if got else idle + 1
            if idle >= PING_EVERY:
                idle = 0
                connection.execute("SELECT 1")  # raises when the connection is gone

    def _lost(self, already: bool) -> bool:
        if not already:
            self._tell_link(False)
        return True

    def _heard(self, payload: str, pid: int) -> None:
        change = change_from_payload(payload)
        if change is None:
            return
        self._last = max(self._last, change.id)
        if pid in self._own():
            return  # this desk's own change: the window shows it already
        if self._resolve is not None:
            try:
                change = self._resolve(change.id)
            except Exception:  # the entry cannot be read: what the notification says is enough
                log.info("change %s: its history entry could not be read", change.id)
        self._tell(change)

    def _caught_up(self) -> None:
        """Back after a loss: hand on what other desks wrote meanwhile."""
        self._tell_link(True)
        missed: Sequence[Change] | None = None
        if self._since is not None and self._last:
            try:
                missed = self._since(self._last)
            except Exception:
                missed = None
        if missed is None:
            self._tell(everything())
            return
        for change in missed:
            self._last = max(self._last, change.id)
            self._tell(change)

    def _tell_link(self, connected: bool) -> None:
        for watcher in list(self._link_watchers):
            try:
                watcher(connected)
            except Exception:
                log.exception("a watcher of the connection failed")

    def _tell(self, change: Change) -> None:
        for watcher in list(self._watchers):
            try:
                watcher(change)
            except Exception:  # one watcher's failure must not stop the listening
                log.exception("a watcher of changes failed")
