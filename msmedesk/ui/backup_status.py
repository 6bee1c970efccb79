"""What the newest backup holds, in the status bar's words, and waiting for a backup on close.

The status bar says whether the newest backup holds the latest change, so that nobody
takes "Last backup 09:05" for a copy of the afternoon's work:

* "Last backup 17:42, after your latest change": it holds every change;
* "Last backup 09:05, before today's changes": the day's first backup, and changes since;
* "Last backup 11:30, before your latest changes": changes made since that backup;
* on an older day its date: "Last backup 26 June 17:42, …".
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import datetime
from typing import TypeVar

from msmedesk.ui.backend import BackupStatus

T = TypeVar("T")

SAVING = "Saving a backup…"
NONE_YET = "No backup yet"


def backup_status_text(status: BackupStatus, now: datetime | None = None) -> str:
    """The status bar's sentence for ``status`` (see the module's docstring)."""
    if status.saving:
        return SAVING
    if status.made is None:
        return NONE_YET
    now = now or datetime.now()
    made = status.made
    if made.date() == now.date():
        when = f"{made:%H:%M}"
    elif made.year == now.year:
        when = f"{made.day} {made:%B %H:%M}"
    else:
        when = f"{made.day} {made:%B %Y %H:%M}"
    if not status.known:  # a file open read-only: its changes are not ours to judge
        return f"Last backup {when}"
    if not status.changed:
        return f"Last backup {when}, after your latest change"
    if status.reason == "daily" and made.date() == now.date():
        return f"Last backup {when}, before today's changes"
    return f"Last backup {when}, before your latest changes"


def wait_while_painting(work: Callable[[], T], process_events: Callable[[], None]) -> T:
    """Run ``work`` in a worker thread, calling ``process_events`` until it is done.

    For the backup on close: the window keeps painting (its status bar says what it is
    doing) instead of looking stuck while a large file is copied. Returns what ``work``
    returned; re-raises what it raised.
    """
    outcome: dict[str, object] = {}
    done = threading.Event()

    def run() -> None:
        try:
            outcome["value"] = work()
        except BaseException as exc:  # handed to the waiting thread below
            outcome["error"] = exc
        finally:
            done.set()

    threading.Thread(target=run, name="msmedesk-backup-on-close", daemon=True).start()
    while not done.wait(0.02):
        process_events()
    error = outcome.get("error")
    if isinstance(error, BaseException):
        raise error
    return outcome.get("value")  # type: ignore[return-value]
