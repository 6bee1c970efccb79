"""Who changed what: the history of every record's changes, and a save refused as stale.

Every create, change and delete is kept, on a file or a server, in the same transaction
as the change itself (``records/history.py`` writes and reads it). A record carries a
version that each change raises: a save or delete that names the version it read is
refused (``StaleRecord``) when another desk changed the record since.
"""

from __future__ import annotations

import getpass
import socket
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from msmedesk.domain import long_date

#: what a change did to its record.
ACTIONS = ("created", "changed", "deleted", "imported", "brought back")
#: where an entry comes from: the office's own work, or an imported archive's history.
ORIGINS = ("", "archive")
#: the PostgreSQL channel on which every change is announced (LISTEN/NOTIFY).
CHANNEL = "msmedesk_changes"


@dataclass(frozen=True)
class Change:
    """One entry of the history: a record created, changed, deleted, imported or brought back."""

    id: int
    at: datetime  # when, timezone-aware (UTC as stored)
    author: str  # "ana on DESK-3" on a file; the server role on a server
    action: str  # one of ACTIONS
    kind: str  # the registry key of the record's type ("meetings")
    record_id: int
    label: str  # the record as named when it changed ("INF/MSME/W/53")
    before: Mapping[str, Any] | None  # its archive dict before (None: created or imported)
    after: Mapping[str, Any] | None  # its archive dict after (None: deleted)
    version: int  # the record's version after this change (its last one for a delete)
    origin: str = ""  # one of ORIGINS

    def fields_changed(self) -> tuple[str, ...]:
        """The archive keys whose values differ between before and after, in order."""
        before, after = self.before or {}, self.after or {}
        keys = list(before) + [k for k in after if k not in before]
        return tuple(k for k in keys if before.get(k) != after.get(k))


class StaleRecord(Exception):
    """A save or delete refused: another desk changed (or deleted) the record since it was
    read. The message is one plain sentence naming who and when; ``change`` is the other
    desk's latest change of it (None when the history holds none)."""

    def __init__(self, message: str, *, kind: str, record_id: int, expected: int,
                 found: int, change: Change | None) -> None:
        super().__init__(message)
        self.kind = kind
        self.record_id = record_id
        self.expected = expected  # the version the form read
        self.found = found  # the version now stored (0: the record was deleted)
        self.change = change


def moment(at: datetime, now: datetime | None = None) -> tuple[str, str]:
    """A change's time as staff read it, in this desk's zone: its clock ("14:02") and its
    day ("today", "yesterday" or "3 December 2026")."""
    local = at.astimezone()
    days = ((now or datetime.now(UTC)).astimezone().date() - local.date()).days
    day = "today" if days == 0 else "yesterday" if days == 1 else long_date(local.date())
    return local.strftime("%H:%M"), day


def local_author() -> str:
    """Who changes a data file on this computer: "user on COMPUTER"."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no name for the uid (a container), or no environment
        user = "someone"
    return f"{user} on {socket.gethostname() or 'this computer'}"
