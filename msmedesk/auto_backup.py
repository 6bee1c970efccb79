"""The automatic backups of a data file open in the window, so that backups hold the day's work.

* ``daily``: at the first opening of a day (as before), in a worker thread;
* ``periodic``: every 30 minutes while changes are being made (the window's timer asks);
* ``on-close``: when the window closes after changes, before the lock is released.

"After changes" means the records changed since the newest backup: ``ChangeCounter``
(``msmedesk.db.changes``) counts the changes committed through the file's engine, and each
backup made here remembers the count it holds. At the opening, when no daily backup is due,
the file is compared with the newest backup (``changes.changed_since``), so changes that an
earlier session left in no backup (it crashed, or ``msmedesk import`` ran) are not taken for
saved. A session that changes nothing makes no backup on close.

app.py builds one ``AutoBackups`` per data file it opens and wires it into the ``Backend``;
this module imports the data layer, so app.py imports it when a file is opened.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from msmedesk.db import backups
from msmedesk.db.changes import ChangeCounter, changed_since
from msmedesk.db.errors import DataFileError
from msmedesk.db.health import DataFileDamaged

from msmedesk.ui.backend import BackupStatus, Damage

if TYPE_CHECKING:
    from msmedesk.db.safety import OpenDataFile

log = logging.getLogger(__name__)

Tell = Callable[[str], None]
OnDamage = Callable[[Damage], None]
OnDone = Callable[[], None]


def records_changed(count: int, held: int | None) -> bool:
    """The decision: whether the records changed since the newest backup.

    ``count`` is the number of changes committed so far; ``held`` the count the newest
    backup is known to hold, or None when it is not known to hold the records as they are
    (there is no backup, or it was made before this opening and differs from the file).
    """
    return held is None or count != held


class AutoBackups:
    """The daily, periodic and on-close backups of one open data file; one at a time."""

    def __init__(self, path: Path, opened: OpenDataFile, counter: ChangeCounter,
                 damage: Callable[[list[str]], Damage]):
        self._path = Path(path)
        self._opened = opened
        self._counter = counter
        self._damage = damage
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._held: dict[Path, int] = {}  # backup made or checked here -> count it holds
        self._newest: backups.Backup | None = None
        self._saving = False
        self._told = False  # a failed periodic backup is told once, then only logged
        self._close_done = False
        self._started = False
        self.refresh()

    # ------------------------------------------------------------ what the backups hold

    def refresh(self) -> None:
        """Look again for the newest backup (the folder changed, or a backup was made)."""
        found = backups.list_backups(self._opened.backup_folder, self._path)
        with self._lock:
            self._newest = found[0] if found else None

    def note(self, made: Path, count: int) -> None:
        """The backup ``made`` holds the records as they were after ``count`` changes."""
        with self._lock:
            self._held[Path(made)] = count
        self.refresh()

    def changed(self) -> bool:
        """Whether the records changed since the newest backup."""
        with self._lock:
            return self._changed()

    def _changed(self) -> bool:
        if self._opened.readonly:
            return False  # nothing can change here, and nothing is backed up
        held = self._held.get(self._newest.path) if self._newest is not None else None
        return records_changed(self._counter.count, held)

    def status(self) -> BackupStatus:
        """What the newest backup holds; reads no file."""
        with self._lock:
            newest = self._newest
            return BackupStatus(newest.made if newest else None,
                                newest.reason if newest else None,
                                changed=self._changed(), saving=self._saving,
                                known=not self._opened.readonly)

    def make(self, reason: str, folder: Path | None = None) -> Path:
        """Make a backup now (any thread) and remember what it holds."""
        # Read before the copy begins: the copy holds at least these changes.
        count = self._counter.count
        made = backups.make_backup(self._path, reason, folder or self._opened.backup_folder)
        self.note(made, count)
        return made

    # ------------------------------------------------------------ the three backups

    def start(self, tell: Tell, on_damage: OnDamage | None = None,
              on_done: OnDone | None = None) -> None:
        """The day's first backup, in a worker thread (none of a file open read-only).

        When today's backup was already made, the file is compared with the newest backup
        instead. ``tell`` (any thread) hears of a failure, ``on_damage`` of damage the
        backup's check found; ``on_done`` is called at the end.
        """
        if self._started:  # once per opening (the window attaches again after a restore)
            return
        self._started = True

        def work() -> None:
            count = self._counter.count
            try:
                made = backups.backup_on_open(self._path, self._opened.backup_folder)
            except DataFileDamaged as exc:
                log.warning("daily backup of %s found damage: %s", self._path, exc)
                if on_damage is not None:
                    on_damage(self._damage(exc.findings))
                else:
                    tell(str(exc))
                return
            except DataFileError as exc:
                log.warning("daily backup of %s failed: %s", self._path, exc)
                tell(f"Today's automatic backup of {self._path.name} could not be made: {exc}")
                return
            except Exception:  # logged; the records themselves are untouched
                log.exception("daily backup of %s failed", self._path)
                tell(f"Today's automatic backup of {self._path.name} could not be made.")
                return
            if made is not None:
                self.note(made, count)
            else:
                self._compare_with_newest()
            if on_done is not None:
                on_done()

        self._run(work, "msmedesk-daily-backup", check_changed=False)

    def _compare_with_newest(self) -> None:
        with self._lock:
            newest = self._newest
        if newest is None:
            return
        count = self._counter.count
        try:
            same = not changed_since(self._path, newest.path)
        except Exception:  # cannot tell: taken as changed, so the next backup is made
            log.exception("comparing %s with %s", self._path, newest.path)
            return
        if same:
            with self._lock:
                self._held.setdefault(newest.path, count)

    def periodic(self, tell: Tell, on_damage: OnDamage | None = None,
                 on_done: OnDone | None = None) -> bool:
        """The 30-minute backup: started (True) when the records changed since the newest
        backup and no backup is being made. ``on_done`` is called at the end either way."""
        def work() -> None:
            try:
                self.make("periodic")
            except DataFileDamaged as exc:
                log.warning("periodic backup of %s found damage: %s", self._path, exc)
                if on_damage is not None:
                    on_damage(self._damage(exc.findings))
            except Exception as exc:  # logged; the records themselves are untouched
                log.warning("periodic backup of %s failed", self._path, exc_info=True)
                if not self._told:
                    self._told = True
                    why = f": {exc}" if isinstance(exc, DataFileError) else "."
                    tell(f"The automatic backup of {self._path.name} could not be made{why} "
                         "Your changes are saved in the data file itself; msmedesk tries "
                         "again in 30 minutes and when the window closes.")
            finally:
                with self._lock:
                    self._saving = False
                if on_done is not None:
                    on_done()

        return self._run(work, "msmedesk-periodic-backup", check_changed=True)

    def on_close(self) -> str | None:
        """The backup when the window closes after changes (waited for; made once).

        Returns a sentence saying why it failed (also logged), or None.
        """
        self.wait()
        with self._lock:
            if self._close_done or not self._changed():
                return None
            self._close_done = True
            self._saving = True
        name = self._path.name
        try:
            self.make("on-close")
        except DataFileDamaged as exc:
            log.warning("backup of %s on closing found damage: %s", self._path, exc)
            return f"No backup of {name} was made on closing: {exc}"
        except Exception as exc:
            log.warning("backup of %s on closing failed", self._path, exc_info=True)
            why = f" {exc}" if isinstance(exc, DataFileError) else ""
            return (f"No backup of {name} was made on closing.{why} Your changes are saved "
                    f"in {name} itself.")
        finally:
            with self._lock:
                self._saving = False
        return None

    def wait(self) -> None:
        """Let a backup in progress finish (before the file is released or replaced)."""
        with self._lock:
            thread = self._thread
        if thread is not None:
            thread.join()

    def _run(self, work: Callable[[], None], name: str, *, check_changed: bool) -> bool:
        # Never two at once: a backup still running makes the next one wait for its turn.
        with self._lock:
            busy = self._thread is not None and self._thread.is_alive()
            if self._opened.readonly or busy or check_changed and not self._changed():
                return False
            if check_changed:
                self._saving = True
            self._thread = threading.Thread(target=work, name=name, daemon=True)
            self._thread.start()
        return True
