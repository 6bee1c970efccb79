"""The listener hands on other desks' changes, not this desk's own, and survives a loss."""

from __future__ import annotations

import json
import queue
from collections.abc import Iterator

import psycopg
import pytest
from sqlalchemy import create_engine, text

from msmedesk.history import CHANNEL, Change
from msmedesk.live import EVERYTHING, ChangeListener

WAIT = 10.0  # seconds at most (a change arrives in a fraction of one)


def _payload(change: int, kind: str = "meetings", record: int = 7,
             action: str = "changed", author: str = "ana") -> str:
    return json.dumps({"change": change, "kind": kind, "record": record, "action": action,
                       "author": author})


def _notify(url: str, payload: str) -> None:
    with psycopg.connect(url, autocommit=True) as c:
        c.execute("SELECT pg_notify(%s, %s)", (CHANNEL, payload))


@pytest.fixture
def engine(plain_url: str) -> Iterator[object]:
    e = create_engine(plain_url.replace("postgresql://", "postgresql+psycopg://", 1))
    yield e
    e.dispose()


def _listen(engine: object, **kwargs: object) -> tuple[ChangeListener, queue.Queue[Change]]:
    heard: queue.Queue[Change] = queue.Queue()
    listener = ChangeListener.for_engine(engine, **kwargs)
    listener.watch(heard.put)
    assert listener.listening.wait(WAIT)
    return listener, heard


def test_another_desks_change_is_handed_on(engine: object, plain_url: str) -> None:
    listener, heard = _listen(engine)
    try:
        _notify(plain_url, _payload(3, kind="members", record=12, action="deleted"))
        change = heard.get(timeout=WAIT)
        assert (change.id, change.kind, change.record_id, change.action, change.author) == (
            3, "members", 12, "deleted", "ana")
    finally:
        listener.close()


def test_this_desks_own_change_is_not(engine: object, plain_url: str) -> None:
    listener, heard = _listen(engine)
    try:
        with engine.begin() as c:  # type: ignore[attr-defined]
            c.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": _payload(1)})
        _notify(plain_url, _payload(2))
        assert heard.get(timeout=WAIT).id == 2  # the own change (1) was passed over
        assert heard.empty()
    finally:
        listener.close()


def test_a_payload_not_ours_is_ignored(engine: object, plain_url: str) -> None:
    listener, heard = _listen(engine)
    try:
        _notify(plain_url, "hello")
        _notify(plain_url, _payload(5))
        assert heard.get(timeout=WAIT).id == 5
    finally:
        listener.close()


def test_the_whole_entry_is_read_when_it_can_be(engine: object, plain_url: str) -> None:
    def resolve(change_id: int) -> Change:
        from dataclasses import replace

        from msmedesk.live import change_from_payload

        found = change_from_payload(_payload(change_id))
        assert found is not None
        return replace(found, label="INF/MSME/W/53")

    listener, heard = _listen(engine, resolve=resolve)
    try:
        _notify(plain_url, _payload(9))
        assert heard.get(timeout=WAIT).label == "INF/MSME/W/53"
    finally:
        listener.close()


def test_a_lost_connection_is_made_again(engine: object, plain_url: str) -> None:
    states: queue.Queue[bool] = queue.Queue()
    listener, heard = _listen(engine, on_state=states.put, retry_seconds=0.1)
    try:
        _notify(plain_url, _payload(4))
        assert heard.get(timeout=WAIT).id == 4
        with psycopg.connect(plain_url, autocommit=True) as c:  # the server drops it
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE query LIKE 'LISTEN%%' AND datname = current_database()")
        assert states.get(timeout=WAIT) is False
        assert states.get(timeout=WAIT) is True
        # What was missed cannot be known here (no history to ask): every list is read again.
        assert heard.get(timeout=WAIT).kind == EVERYTHING
        assert listener.listening.wait(WAIT)
        _notify(plain_url, _payload(6))
        assert heard.get(timeout=WAIT).id == 6
    finally:
        listener.close()


def test_what_was_missed_is_caught_up(engine: object, plain_url: str) -> None:
    from msmedesk.live import change_from_payload

    def since(change_id: int) -> list[Change]:
        return [c for c in (change_from_payload(_payload(n)) for n in (change_id + 1, 11))
                if c is not None]

    listener, heard = _listen(engine, since=since, retry_seconds=0.1)
    try:
        _notify(plain_url, _payload(4))
        assert heard.get(timeout=WAIT).id == 4
        with psycopg.connect(plain_url, autocommit=True) as c:
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE query LIKE 'LISTEN%%' AND datname = current_database()")
        assert [heard.get(timeout=WAIT).id for _ in range(2)] == [5, 11]
    finally:
        listener.close()


def test_a_connection_made_before_listening_is_known_as_this_desks(plain_url: str) -> None:
    e = create_engine(plain_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with e.connect() as c:  # (opening the server: the pool keeps this connection)
            c.execute(text("SELECT 1"))
        listener, heard = _listen(e)
        try:
            with e.begin() as c:
                c.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": _payload(1)})
            _notify(plain_url, _payload(2))
            assert heard.get(timeout=WAIT).id == 2
        finally:
            listener.close()
    finally:
        e.dispose()


def test_a_change_saved_on_another_desk_comes_whole_from_the_history(server_url: str) -> None:
    from dataclasses import replace

    from msmedesk.domain import Member
    from msmedesk.live import ChangeListener
    from tests.pg import services_for

    here, there = services_for(server_url), services_for(server_url)
    heard: queue.Queue[Change] = queue.Queue()
    listener = ChangeListener.for_services(here.engine, here)
    listener.watch(heard.put)
    try:
        assert listener.listening.wait(WAIT)
        mine = here.members.create(Member(name="Iceland"))  # this desk's own: not handed on
        theirs = there.members.create(Member(name="Kenya"))
        change = heard.get(timeout=WAIT)
        assert (change.kind, change.record_id, change.action) == ("members", theirs.id,
                                                                   "created")
        assert change.label == "Kenya" and change.after and change.after["name"] == "Kenya"
        # Lost: what another desk writes meanwhile is caught up from the history once back.
        with psycopg.connect(server_url, autocommit=True) as c:
            c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                      "WHERE query LIKE 'LISTEN%%' AND datname = current_database()")
        there.members.update(replace(there.members.get(mine.id), notes="while away"))
        change = heard.get(timeout=WAIT)
        assert (change.record_id, change.action) == (mine.id, "changed")
        assert change.after and change.after["notes"] == "while away"
    finally:
        listener.close()
        here.close()
        there.close()
