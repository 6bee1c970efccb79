"""A PostgreSQL database open in the window: ``ServerSession``, beside ``DataFileSession``.

On a server there is no file: no write lock (several desks edit at once, each record's
version keeps them from overwriting each other), no backup copies beside a file (the
server's administrator keeps the server's backups; ``msmedesk backup`` copies its records
into a data file) and no SQLite checks. Loading the sample, import and export work as on a
file, each import in one transaction. app.py imports this module only to open a server.
"""

from __future__ import annotations

from pathlib import Path

from msmedesk.data_file_session import _export, _import
from msmedesk.db.errors import DataFileError
from msmedesk.db.location import ServerAddress
from msmedesk.db.server import OpenServer, PasswordNeeded, open_server
from msmedesk.records import Services

from msmedesk.ui.backend import ActionFailed, Backend, PasswordWanted, Progress


class ServerSession:
    """The open server database and its file actions, for the window's ``Backend``."""

    address: ServerAddress
    opened: OpenServer
    backend: Backend

    @classmethod
    def open(cls, address: ServerAddress, *, password: str | None = None,
             read_only: bool = False) -> ServerSession:
        """Open the database at ``address`` (``password``: the one the user typed, used once
        and never kept). Raises ``PasswordWanted`` when the server asks a password libpq
        could not find, ``ActionFailed`` (one sentence) when it cannot be opened."""
        try:
            opened = open_server(address, password=password, readonly=read_only)
        except PasswordNeeded as exc:
            raise PasswordWanted(str(exc)) from None
        except DataFileError as exc:
            raise ActionFailed(str(exc)) from None
        return cls(address, opened)

    def __init__(self, address: ServerAddress, opened: OpenServer) -> None:
        self.address = address
        self.opened = opened
        # The window names a file by its path: a server's stands in under the home folder,
        # named for the database, so that an export is offered as "msme-archive-….json"
        # there; ``server`` is what the window shows, and no recent-files entry is made.
        self.backend = Backend(
            path=Path.home() / (address.database or "msmedesk"), server=address.shown(),
            services=Services(opened.engine), backup_dir=Path.home(),
            load_sample=self.load_sample, import_archive=self.import_archive,
            export_archive=self.export_archive, back_up=self.back_up, close=self.close,
            readonly=opened.readonly, readonly_reason=opened.readonly_reason,
            server_details=_details(opened),
            write_refusal=self.write_refusal)
        # Other desks' changes, heard on a connection of its own (msmedesk/live.py); it
        # connects when the window first watches, not before.
        from msmedesk.live import ChangeListener

        self.listener = ChangeListener.for_services(opened.engine, self.backend.services)
        self.backend.watch_others = self.listener.watch
        self.backend.watch_link = self.listener.watch_link

    def load_sample(self, progress: Progress) -> str | None:
        # The archive: loaded when first used (showing the records does not need it).
        from msmedesk import archive

        self._writable()
        if not self.backend.services.is_empty():
            raise ActionFailed(f"The sample records can be loaded only into an empty "
                               f"database; {self.address.shown()} holds records.")
        return _import(self.backend.services, archive.sample_path(), progress,
                       "the 2024 sample records")

    def import_archive(self, source: Path, progress: Progress) -> str | None:
        # One transaction on the server: all of the archive is written, or none of it.
        self._writable()
        return _import(self.backend.services, source, progress, source.name)

    def write_refusal(self, dest: Path) -> str | None:
        # safe_write: loaded when first used. No data file here to protect; a data file
        # another msmedesk holds open still is.
        from msmedesk.safe_write import refusal

        return refusal(dest, None)

    def export_archive(self, dest: Path, progress: Progress) -> str | None:
        problem = self.write_refusal(dest)
        if problem:
            raise ActionFailed(problem)
        return _export(self.backend.services, dest, progress)

    def back_up(self, dest: Path) -> str:
        # The server's records into a new data file, as `msmedesk backup DEST --db URL`.
        from msmedesk.server_backup import backup_server

        problem = self.write_refusal(dest)
        if problem:
            raise ActionFailed(problem)
        try:
            # The save dialog asked before replacing; one repeatable-read snapshot.
            backup_server(self.opened.engine, dest, replace=True)
        except DataFileError as exc:
            raise ActionFailed(str(exc)) from None
        except OSError as exc:
            raise ActionFailed(f"Could not write {dest}: {exc.strerror or exc}.") from None
        return (f"The records of {self.address.shown()}, as of one moment, were copied to "
                f"{dest}, a data file that opens offline.")

    def _writable(self) -> None:
        if self.backend.readonly:
            raise ActionFailed(f"{self.address.shown()} is open read-only (the role "
                               f"{self.opened.role} may only read); nothing can be changed.")

    def close(self) -> None:
        self.listener.close()
        self.backend.services.close()
        self.opened.close()


def _details(opened: OpenServer) -> tuple[tuple[str, str], ...]:
    """What Help > About tells of the connection."""
    tls = "yes (TLS)" if opened.ssl_in_use else "no"
    return (("Database", opened.address.shown()), ("Server role", opened.role),
            ("Encrypted connection", f"{tls}; sslmode {opened.sslmode or 'prefer'}"))
