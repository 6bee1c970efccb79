"""What the window is given to work with: the services of one data file and plain callables.

app.py builds a ``Backend`` for each data file it opens; the window never opens a file,
an archive or a backup itself, so that ``msmedesk.ui`` stays free of SQLAlchemy. This
module imports neither Qt nor the services, so app.py can use it before Qt is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # hints only: the services come from app.py at run time
    from msmedesk.history import Change
    from msmedesk.records import Services

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False asks the work to stop and write nothing."""


class ActionFailed(Exception):
    """A file action that could not be done; the message is plain words for the user."""


class PasswordWanted(ActionFailed):
    """The server asks a password that libpq's own ways (``~/.pgpass``, a service file) did
    not give: the window asks the user and opens again with it (never kept)."""


class FileLocked(ActionFailed):
    """Another msmedesk holds the data file open for writing.

    The message names the holder ("… is open in msmedesk, process 1234 on host pc-17 …");
    ``other_host`` says the lock was written on another computer, so that the user may
    choose to break it (``opener(path, create, force=True)``).
    """

    def __init__(self, message: str, path: Path, *, other_host: bool):
        super().__init__(message)
        self.path = path
        self.other_host = other_host


@dataclass(frozen=True)
class Rescued:
    """What a rescue of a damaged file made: the new data file and the report, by line."""

    path: Path
    lines: tuple[str, ...]


Rescue = Callable[[Path, Progress], Rescued | None]
"""``rescue(out, progress)``: recover what can be read of a damaged file into the new data
file ``out``; None if the user cancelled (nothing is left at ``out`` then). Raises
``ActionFailed``."""


@dataclass(frozen=True)
class Damage:
    """What is wrong with a damaged data file, and the newest backup that could replace it.

    Attributes:
        path: the data file.
        findings: what SQLite found, one plain line each (the first few are shown).
        newest: the newest backup (its file, when it was made), or None.
        backup_dir: where backups of the file are looked for.
        readable: whether the file can still be opened read-only.
        rescue: recover what can be read into a new data file (``Rescue``), or None
            where it is not offered.
    """

    path: Path
    findings: tuple[str, ...]
    newest: tuple[Path, datetime] | None
    backup_dir: Path
    readable: bool = False
    rescue: Rescue | None = None


class FileDamaged(ActionFailed):
    """The data file is damaged; ``damage`` says how and names the newest backup."""

    def __init__(self, message: str, damage: Damage):
        super().__init__(message)
        self.damage = damage


@dataclass(frozen=True)
class BackupEntry:
    """One backup of the data file, for File > Restore from backup."""

    path: Path
    made: datetime
    reason: str
    size: int


@dataclass(frozen=True)
class BackupStatus:
    """What the newest automatic backup holds, for the status bar and Help > About.

    Attributes:
        made: when the newest backup was made (None: there is none yet).
        reason: why it was made ("daily", "on-close", "periodic", ...), or None.
        changed: the records changed since it was made, so it does not hold them all.
        saving: a backup is being made right now.
        known: whether ``changed`` is known (not for a file open read-only).
    """

    made: datetime | None
    reason: str | None = None
    changed: bool = False
    saving: bool = False
    known: bool = True


def _nothing_to_warm() -> None:
    pass


def _always_warm() -> bool:
    return True


def _nothing_to_start(_tell: Callable[[str], None],
                      _on_damage: Callable[[Damage], None] | None = None,
                      _on_done: Callable[[], None] | None = None) -> None:
    pass


def _nothing_found(_exc: BaseException) -> Damage | None:
    return None


def _no_backups() -> list[BackupEntry]:
    return []


def _no_last_backup() -> tuple[Path, datetime] | None:
    return None


def _no_refusal(_dest: Path) -> str | None:
    return None


def _no_status() -> BackupStatus:
    return BackupStatus(None, known=False)


def _no_periodic_backup(*_args: object) -> bool:
    return False


def _nothing_on_close() -> str | None:
    return None


def _no_changes_to_watch(_listener: Callable[[], None]) -> None:
    pass


def _no_others_to_watch(_watcher: Callable[[Change], None]) -> None:
    pass  # a data file has one desk


def _no_link_to_watch(_watcher: Callable[[bool], None]) -> None:
    pass


def _cannot(*_args: object) -> str:
    raise ActionFailed("This cannot be done on this data file.")


@dataclass
class Backend:
    """One open data file: its services and the file actions app.py wired for it.

    Attributes:
        path: the data file.
        services: the record services (``msmedesk.records.Services``, duck-typed here).
        backup_dir: where backups of this file go by default.
        load_sample: load the 2024 sample records; returns a summary, or None if cancelled.
        import_archive: import an archive file; returns a summary, or None if cancelled.
        export_archive: write every record to an archive; a summary, or None if cancelled.
        back_up: copy the data file to a path; returns a summary.
        close: release the data file.
        start_background: start what follows the opening (the day's first backup, else a
            look at whether the newest backup holds the records) once the window is up; it
            calls ``tell`` (from any thread) with a sentence the user should read if
            something went wrong, ``on_damage`` with a ``Damage`` if the backup found the
            file damaged, and ``on_done`` when it is done.
        readonly: the file is open for reading only (another program holds it).
        readonly_reason: why, when it is not that (a server role that may only read): one
            sentence the window shows beside "Read-only"; "" for the file's usual reason.
        last_backup: the newest backup of the file and when it was made, or None.
        list_backups: the file's backups, newest first.
        restore_backup: put a backup in place of the file (the current file is backed up
            first); ``services`` is new afterwards. Returns a summary.
        back_up_now: make a backup into a folder (None: ``backup_dir``); a summary.
        set_backup_dir: where automatic backups go from now on (None: the default);
            returns the folder now used (``backup_dir`` is updated).
        diagnose: for an exception a query raised, the ``Damage`` it reveals, or None.
        backup_status: what the newest backup holds (``BackupStatus``); no file access.
        periodic_backup: the 30-minute backup: started in a worker thread when the records
            changed since the newest backup and no backup is being made (returns whether
            it started); takes ``tell``, ``on_damage`` and ``on_done`` as
            ``start_background`` does, ``on_done`` being called whether it worked or not.
        back_up_on_close: the backup when the window closes, made (and waited for) when
            the records changed since the newest backup; returns a sentence saying why
            it failed, or None. ``close`` makes it too if it was not made yet.
        watch_changes: call a listener (from the thread that wrote) after each change
            committed to the records.
        watch_others: call a watcher (from a listener's thread) with each change another
            desk commits (a ``Change``; kind ``msmedesk.live.EVERYTHING``, "", when what
            changed cannot be known); a data file has no other desks.
        watch_link: call a watcher (from that thread) with False when the connection that
            hears other desks is lost, True when it is back.
        write_refusal: why a file may not be written at a path whatever the save dialog
            was told (the data file itself, a data file open in msmedesk), or None.
        server: on a PostgreSQL server, its database as the window names it ("msme on
            db.example.org as ana"; ``path`` then only stands in for it); "" on a file.
        server_details: on a server, what Help > About tells of the connection, as
            (heading, value) pairs: the database, the role, whether TLS is in use.
        warm_up: once the front tab's records are painted, load in a worker thread what
            a write needs and the first reads did not (SQLAlchemy, the ORM, the
            services), so that the first save does not wait for it; ``warmed`` says
            whether that is done (True where there was nothing to load).
    """

    path: Path
    services: Services
    backup_dir: Path
    load_sample: Callable[[Progress], str | None]
    import_archive: Callable[[Path, Progress], str | None]
    export_archive: Callable[[Path, Progress], str | None]
    back_up: Callable[[Path], str]
    close: Callable[[], None]
    start_background: Callable[..., None] = _nothing_to_start
    readonly: bool = False
    readonly_reason: str = ""
    last_backup: Callable[[], tuple[Path, datetime] | None] = _no_last_backup
    list_backups: Callable[[], list[BackupEntry]] = _no_backups
    restore_backup: Callable[[Path], str] = _cannot
    back_up_now: Callable[[Path | None], str] = _cannot
    set_backup_dir: Callable[[Path | None], Path] = _cannot  # type: ignore[assignment]
    diagnose: Callable[[BaseException], Damage | None] = _nothing_found
    backup_status: Callable[[], BackupStatus] = _no_status
    periodic_backup: Callable[..., bool] = _no_periodic_backup
    back_up_on_close: Callable[[], str | None] = _nothing_on_close
    watch_changes: Callable[[Callable[[], None]], None] = _no_changes_to_watch
    write_refusal: Callable[[Path], str | None] = _no_refusal
    server: str = ""
    server_details: tuple[tuple[str, str], ...] = ()
    watch_others: Callable[[Callable[[Change], None]], None] = _no_others_to_watch
    watch_link: Callable[[Callable[[bool], None]], None] = _no_link_to_watch
    warm_up: Callable[[], None] = _nothing_to_warm
    warmed: Callable[[], bool] = _always_warm


Opener = Callable[..., Backend]
"""``opener(path, create, *, backup_folder=None, read_only=False, force=False, restore=None)``

Open (``create=True``: or create) the data file at a path, backups going to
``backup_folder`` (None: the default); ``read_only`` opens it for reading only, ``force``
breaks another computer's lock, ``restore`` (a backup file) first puts that backup in
place of the file. Raises ``FileLocked``, ``FileDamaged`` or ``ActionFailed``.
"""

ServerOpener = Callable[[str, "str | None"], Backend]
"""``server_opener(address, password)``: open the database at a server's address (text,
never holding a password) with the password the user typed (None: libpq's own ways).
Raises ``PasswordWanted`` or ``ActionFailed`` (one sentence)."""
