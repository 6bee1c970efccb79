"""On a server every history entry is announced on the channel the desks listen to
(LISTEN/NOTIFY, written by the history's revision), in the change's own transaction:
a change that is rolled back is never announced."""

from __future__ import annotations

import json
from dataclasses import replace

import psycopg
import pytest
from pg import engine_for

from msmedesk.domain import Member
from msmedesk.history import CHANNEL
from msmedesk.records import Services
from msmedesk.validation import ValidationError


def test_every_change_on_a_server_is_announced_once_committed(server_url: str) -> None:
    listener = psycopg.connect(server_url, autocommit=True)
    services = Services(engine_for(server_url), author="ana")
    try:
        listener.execute(f"LISTEN {CHANNEL}")
        member = services.members.create(Member(name="Cabo Verde"))
        services.members.update(replace(member, notes="joined"), version=1)
        with pytest.raises(ValidationError):
            services.members.update(replace(member, name=""), version=2)
        services.members.delete(member.id, version=2)
        heard = [json.loads(n.payload) for n in listener.notifies(timeout=2, stop_after=3)]
        changes = services.history.of("members", member.id)
        assert heard == [{"change": c.id, "kind": "members", "record": member.id,
                          "action": c.action, "author": "ana"} for c in reversed(changes)]
        assert [h["action"] for h in heard] == ["created", "changed", "deleted"]
    finally:
        services.close()
        listener.close()
