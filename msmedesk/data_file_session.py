"""One data file open in the window: ``DataFileSession`` opens it and wires its file actions.

The window gets the session's ``backend``: the record services and plain file actions
(load the sample, import, export, back up, restore, ...), each a method here. app.py
imports this module only when it opens a data file, after the window's first paint.

A file of the current schema opens without SQLAlchemy (``db.plain_open``) and its first
tab is read through the plain connection (``msmedesk.plain``): SQLAlchemy, the ORM and the
services load at the first question those readers do not answer, a write at the latest
(issue 18). This module therefore imports the services, the full opener and the archive
where first used, not at its top.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from msmedesk.auto_backup import AutoBackups
from msmedesk.db.backups import folder_for, latest_backup, list_backups
from msmedesk.db.backups import restore as restore_backup
from msmedesk.db.changes import ChangeCounter
from msmedesk.db.errors import DataFileError
from msmedesk.db.files import copy_database
from msmedesk.db.health import DataFileDamaged, is_damage_error
from msmedesk.db.lock import DataFileLocked
from msmedesk.db.opened import OpenDataFile
from msmedesk.db.plain_open import open_current_for_writing
from msmedesk.plain.reads import index_marked
from msmedesk.plain.services import PlainFirstServices
from msmedesk.validation import ValidationError

if TYPE_CHECKING:
    from msmedesk.records import Services
    from msmedesk.records.search_state import Completer

from msmedesk.ui.backend import (
    ActionFailed,
    Backend,
    BackupEntry,
    Damage,
    FileDamaged,
    FileLocked,
    Progress,
    Rescued,
)


class DataFileSession:
    """The open data file, its change counter and automatic backups, and its file actions.

    The window is the file's writer: ``safety.open_for_writing`` refuses a foreign or
    damaged file and takes the write lock, held until the window closes the file. The
    first opening of a day backs the file up in a worker thread once the window is up, so
    a large file does not keep the window from opening; the window's timer and its closing
    back it up again when the records changed (``auto_backup.AutoBackups``).
    """

    path: Path
    opened: OpenDataFile
    counter: ChangeCounter
    auto: AutoBackups
    backend: Backend

    @classmethod
    def open(cls, path: Path, create: bool = True, *,
             backup_folder: Path | str | None = None, read_only: bool = False,
             force: bool = False, restore: Path | None = None) -> DataFileSession:
        """Open (or create) the data file at ``path``; see ``msmedesk.app.connect``."""
        path = Path(path)
        folder = folder_for(path, backup_folder)
        try:
            if restore is not None:
                restore_backup(Path(restore), path, folder)
            # A file of the current schema: opened without SQLAlchemy (None: new or older).
            opened = None if read_only else open_current_for_writing(
                path, backup_folder=folder, force=force, backup=False)
            if opened is None:
                # The full opener (SQLAlchemy; Alembic to build or upgrade a file).
                from msmedesk.db.safety import open_for_writing, open_read_only

                opened = (open_read_only(path, backup_folder=folder) if read_only else
                          open_for_writing(path, backup_folder=folder, create=create,
                                           force=force, backup=False))
        except DataFileLocked as exc:
            raise FileLocked(str(exc), path, other_host=exc.other_host) from None
        except DataFileDamaged as exc:
            raise FileDamaged(str(exc), _damage(path, folder, exc.findings)) from None
        except DataFileError as exc:
            raise ActionFailed(str(exc)) from None
        return cls(path, opened)

    def __init__(self, path: Path, opened: OpenDataFile) -> None:
        self.path = path
        self.opened = opened
        self.counter = ChangeCounter()
        opened.when_engine(self.counter.watch)  # every write goes through the engine
        self.auto = AutoBackups(path, opened, self.counter, self._readable_damage)
        # The search index after a large import, completed off the GUI thread; made when
        # the file is found to lack records (the check needs no SQLAlchemy).
        self.index: Completer | None = None
        #: set once what a write needs is loaded (``warm_up``), or at once with nothing to load
        self.warmed = threading.Event()
        self._warming: threading.Thread | None = None
        self.backend = Backend(
            path=path, services=self._services(), backup_dir=opened.backup_folder,
            load_sample=self.load_sample, import_archive=self.import_archive,
            export_archive=self.export_archive, back_up=self.back_up, close=self.close,
            start_background=self.start_background, readonly=opened.readonly,
            last_backup=opened.last_backup, list_backups=self.backups_list,
            restore_backup=self.restore_from, back_up_now=self.back_up_now,
            set_backup_dir=self.set_backup_dir, diagnose=self.diagnose_failure,
            backup_status=self.auto.status, periodic_backup=self.auto.periodic,
            back_up_on_close=self.auto.on_close, watch_changes=self.counter.listen,
            write_refusal=self.write_refusal, warm_up=self.warm_up, warmed=self.warmed.is_set)

    def _services(self) -> Services:
        """The record services: the plain first reads while the file was opened without
        SQLAlchemy (``msmedesk.plain``), else the services themselves."""
        connection = self.opened.connection
        if connection is None:
            return _services(self.opened)
        plain = PlainFirstServices(connection, lambda: _services(self.opened),
                                   self.opened.close_connection)
        # (Duck-typed: it answers what the window asks of Services, loading them for the rest.)
        return cast("Services", plain)

    def warm_up(self) -> None:
        """Load SQLAlchemy, the ORM and the services in a worker thread, after the first
        records are painted: a first save would otherwise wait for them (0.3-0.5 s)."""
        plain = self.backend.services
        if not isinstance(plain, PlainFirstServices) or plain.loaded:
            self.warmed.set()
            return

        def load() -> None:
            try:
                # The modules first, outside the readers' lock, so that the window's plain
                # reads (the first record's details) go on meanwhile; then the services.
                import msmedesk.records  # noqa: F401

                plain.services()
            except Exception:  # noqa: BLE001 (the first write loads them again, and says why)
                logging.getLogger(__name__).exception("loading the services failed")
            finally:
                self.warmed.set()

        self._warming = threading.Thread(target=load, name="msmedesk-warm-up", daemon=True)
        self._warming.start()

    def _wait_warm_up(self) -> None:
        if self._warming is not None:  # (it must not make an engine on a closed file)
            self._warming.join()

    def start_background(self, *args: Any, **kwargs: Any) -> None:
        """What follows the opening: the day's backup, and the search index completed
        when a large import left it lacking records (search says so meanwhile)."""
        self.auto.start(*args, **kwargs)
        if not self.opened.readonly and self._index_lacks_records():
            self._complete_index()

    def _index_lacks_records(self) -> bool:
        """Whether a large import left the search index lacking records (read through the
        plain connection while the file has one, so that opening loads no SQLAlchemy)."""
        connection = self.opened.connection
        if connection is not None:
            return index_marked(connection)
        from msmedesk.records import search_state

        return not search_state.is_complete(self.backend.services.sessions)

    def _complete_index(self) -> None:
        """Complete the search index in a worker thread (the services loaded for it)."""
        from msmedesk.records.search_state import Completer

        if self.index is not None and self.index.running():
            return
        services = self.backend.services
        self.index = Completer(services.sessions, services.listed)
        self.index.start()

    def _stop_index(self) -> None:
        if self.index is not None:
            self.index.stop()

    def _readable_damage(self, findings: list[str]) -> Damage:
        return _damage(self.path, self.opened.backup_folder, findings, readable=True)

    def load_sample(self, progress: Progress) -> str | None:
        # The archive: loaded when first used (showing the records does not need it).
        from msmedesk import archive

        self._writable()
        if not self.backend.services.is_empty():
            raise ActionFailed("The sample records can be loaded only into an empty data file.")
        return self._indexed(_import(self.backend.services, archive.sample_path(), progress,
                                     "the 2024 sample records"))

    def import_archive(self, source: Path, progress: Progress) -> str | None:
        self._writable()
        if not self.backend.services.is_empty():
            try:
                self.auto.make("before-import")
            except DataFileError as exc:
                raise ActionFailed(f"{exc} Nothing was imported.") from None
        return self._indexed(_import(self.backend.services, source, progress, source.name))

    def _indexed(self, summary: str | None) -> str | None:
        """``summary`` of an import, the search index completed after it if it must be."""
        from msmedesk.records import search_state

        if summary is None or search_state.is_complete(self.backend.services.sessions):
            return summary
        self._complete_index()
        return (f"{summary} Search finds the new records once the search index is rebuilt "
                "(it is being rebuilt now; search says so until it is done).")

    def write_refusal(self, dest: Path) -> str | None:
        # The save dialog asked before replacing a file; these are refused whatever it said.
        # safe_write: loaded when first used (10-30 ms before the first paint otherwise).
        from msmedesk.safe_write import refusal

        return refusal(dest, self.path, "the data file open in this window")

    def export_archive(self, dest: Path, progress: Progress) -> str | None:
        problem = self.write_refusal(dest)
        if problem:
            raise ActionFailed(problem)
        return _export(self.backend.services, dest, progress)

    def back_up(self, dest: Path) -> str:
        # safe_write: loaded when first used (10-30 ms before the first paint otherwise).
        from msmedesk.safe_write import DestinationRefused

        problem = self.write_refusal(dest)
        if problem:
            raise ActionFailed(problem)
        try:
            # The save dialog asked before replacing; the copy is verified before it is kept.
            copy_database(self.path, dest, replace=True)
        except DestinationRefused as exc:
            raise ActionFailed(str(exc)) from None
        except DataFileDamaged as exc:
            raise FileDamaged(f"{str(exc).rstrip('.')}; no backup was made.",
                              _damage(self.path, self.opened.backup_folder, exc.findings,
                                      readable=True)) from None
        except DataFileError as exc:
            raise ActionFailed(str(exc)) from None
        except (OSError, sqlite3.Error) as exc:
            raise ActionFailed(f"Could not write {dest}: {_plain(exc)}.") from None
        return f"The data file was copied to {dest}."

    def back_up_now(self, where: Path | None = None) -> str:
        try:
            made = self.auto.make("manual", where)
        except DataFileDamaged as exc:
            raise FileDamaged(str(exc), _damage(self.path, self.opened.backup_folder, exc.findings,
                                                readable=True)) from None
        except DataFileError as exc:
            raise ActionFailed(str(exc)) from None
        return f"A backup of {self.path.name} was saved as {made}."

    def restore_from(self, backup: Path) -> str:
        self._writable()
        self.auto.wait()
        self._wait_warm_up()
        self._stop_index()
        self.backend.services.close()
        count = self.counter.count
        try:
            before = self.opened.restore(backup)
        except DataFileError as exc:
            raise ActionFailed(str(exc)) from None
        finally:
            self.backend.services = _services(self.opened)
            self.counter.watch(self.opened.engine)
            self.index = None
            self._complete_index()  # (a backup made after a large import may lack records)
        if before is not None:
            self.auto.note(before, count)
        self.counter.bump()  # the file now holds other records than the newest backup
        kept = f" The records as they were are kept in {before}." if before else ""
        return f"{self.path.name} now holds the records of {Path(backup).name}.{kept}"

    def set_backup_dir(self, where: Path | None) -> Path:
        self.opened.backup_folder = folder_for(self.path, where)
        self.backend.backup_dir = self.opened.backup_folder
        self.auto.refresh()
        return self.opened.backup_folder

    def backups_list(self) -> list[BackupEntry]:
        entries = []
        for b in list_backups(self.opened.backup_folder, self.path):
            try:
                size = b.path.stat().st_size
            except OSError:
                continue
            entries.append(BackupEntry(b.path, b.made, b.reason, size))
        return entries

    def diagnose_failure(self, exc: BaseException) -> Damage | None:
        # (The check's words: loaded when a failure needs them.)
        from msmedesk.db.safety import describe_failure, diagnose

        if not is_damage_error(exc):
            return None
        try:
            findings = diagnose(self.path)
        except Exception:  # the check itself could not run: the failure says enough
            findings = []
        first = describe_failure(exc, self.path) or str(exc)
        return _damage(self.path, self.opened.backup_folder, findings or [first], readable=True)

    def _writable(self) -> None:
        if self.opened.readonly:
            raise ActionFailed(f"{self.path.name} is open read-only; nothing can be changed.")

    def close(self) -> None:
        self._wait_warm_up()
        self._stop_index()  # (after its part being written; the next opening does the rest)
        self.auto.on_close()  # when the window did not make it already; a failure is logged
        self.auto.wait()
        self.backend.services.close()
        self.opened.close()


def _services(opened: OpenDataFile) -> Services:
    """The SQLAlchemy services on the file's engine (made, and SQLAlchemy loaded, now)."""
    from msmedesk.records import Services

    return Services(opened.engine)


def _damage(path: Path, folder: Path, findings: list[str], readable: bool = False) -> Damage:
    def rescue_this(out: Path, progress: Progress) -> Rescued | None:
        return rescue_file(path, out, progress)

    return Damage(path=path, findings=tuple(findings), newest=latest_backup(folder, path),
                  backup_dir=folder, readable=readable, rescue=rescue_this)


def rescue_file(damaged: Path, out: Path, progress: Progress) -> Rescued | None:
    """``msmedesk rescue`` for the window: in a worker thread while ``progress`` keeps the
    window responsive; a cancel removes the new file once the rescue is done with it."""
    # The rescue: loaded when first used.
    from msmedesk import rescue

    outcome: dict[str, Any] = {}

    def work() -> None:
        try:
            outcome["report"] = rescue.rescue(damaged, out)
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="msmedesk-rescue", daemon=True)
    worker.start()
    cancelled = False
    while worker.is_alive():
        if not cancelled and not progress(0, 0):
            cancelled = True  # the rescue cannot stop half way: its file goes afterwards
        worker.join(0.05)
    error = outcome.get("error")
    if isinstance(error, rescue.RescueError):
        raise ActionFailed(str(error))
    if isinstance(error, OSError):
        raise ActionFailed(f"Could not rescue {damaged.name}: {_plain(error)}.")
    if error is not None:
        raise error
    if cancelled:
        out.unlink(missing_ok=True)
        return None
    report = outcome["report"]
    return Rescued(path=out, lines=tuple(report.lines()))


def _import(services: Services, source: Path, progress: Progress, what: str) -> str | None:
    # The archive: loaded when first used (showing the records does not need it).
    from msmedesk import archive

    try:
        result = archive.import_archive(services, source, progress)
    except archive.Cancelled:
        return None
    except (archive.ArchiveError, ValidationError, DataFileError) as exc:
        raise ActionFailed(str(exc)) from None
    except OSError as exc:
        raise ActionFailed(f"Could not read {source}: {_plain(exc)}.") from None
    added = archive.counts_text(result.added)
    unchanged = sum(result.unchanged.values())
    return (f"Loaded {what}: {added}"
            + (f"; {unchanged} records were already there." if unchanged else "."))


def _export(services: Services, dest: Path, progress: Progress) -> str | None:
    """Write the archive in a worker thread while the progress dialog stays responsive.

    The archive is written under a temporary name beside ``dest`` and put in place only
    when it is complete and the user has not cancelled, so a cancelled export writes
    nothing. A cancel that comes once the file is going into place is too late: the export
    then counts as done, and says so.
    """
    # The archive: loaded when first used (showing the records does not need it).
    from msmedesk import archive

    outcome: dict[str, Any] = {}
    guard = threading.Lock()
    cancelled = threading.Event()
    committing = threading.Event()

    def proceed() -> bool:
        with guard:
            if cancelled.is_set():
                return False
            committing.set()
            return True

    def work() -> None:
        try:
            # The save dialog asked before replacing an existing file.
            outcome["counts"] = archive.export_archive(services, dest, replace=True,
                                                       proceed=proceed)
        except BaseException as exc:  # handed to the main thread below
            outcome["error"] = exc

    worker = threading.Thread(target=work, name="msmedesk-export", daemon=True)
    worker.start()
    while worker.is_alive():
        if not progress(0, 0):
            with guard:
                if not committing.is_set():
                    cancelled.set()
                    return None
            worker.join()
            break
        worker.join(0.05)
    error = outcome.get("error")
    if isinstance(error, archive.Cancelled):
        return None
    if error is not None:
        if isinstance(error, archive.ArchiveError):
            raise ActionFailed(str(error)) from None
        if isinstance(error, OSError):
            raise ActionFailed(f"Could not write {dest}: {_plain(error)}.") from None
        raise error
    return f"Wrote {dest}: {archive.counts_text(outcome['counts'])}."



def _plain(exc: BaseException) -> str:
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__
