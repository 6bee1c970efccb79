"""Where the records are: a data file's path, or the address of a PostgreSQL server.

``--db``, ``MSMEDESK_DB`` and File > Open server… all give text; ``read_location`` tells
which it is. A server's address never carries a password: libpq's own ways give it
(``~/.pgpass``, ``PGPASSFILE``, a service file) or the program asks for it and hands it
to the driver without keeping it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from msmedesk.db.errors import DataFileError

#: the address schemes read as a server (``postgres://`` is libpq's own short form).
SERVER_SCHEMES = ("postgresql://", "postgres://", "postgresql+psycopg://")


@dataclass(frozen=True)
class ServerAddress:
    """A PostgreSQL database named by its address, without a password."""

    url: URL

    @property
    def engine_url(self) -> URL:
        """The address as SQLAlchemy opens it, through psycopg 3."""
        return self.url.set(drivername="postgresql+psycopg")

    @property
    def database(self) -> str:
        """The database's name on the server."""
        return self.url.database or ""

    @property
    def sslmode(self) -> str:
        """The TLS setting asked for ("" when the address leaves it to libpq)."""
        value = self.url.query.get("sslmode", "")
        return value if isinstance(value, str) else value[0]

    def shown(self) -> str:
        """The address as the window and messages show it ("msme on db.example.org")."""
        host = self.url.host or self.url.query.get("host") or "this computer"
        if isinstance(host, tuple):
            host = host[0]
        if str(host).startswith("/"):
            host = "this computer"
        port = f":{self.url.port}" if self.url.port else ""
        user = f" as {self.url.username}" if self.url.username else ""
        name = self.database or str(self.url.query.get("service", "")) or "the server"
        return f"{name} on {host}{port}{user}"

    def __str__(self) -> str:
        return self.url.render_as_string(hide_password=True)


def is_server(text: str | Path) -> bool:
    """Whether ``text`` is a server's address rather than a file's path."""
    return isinstance(text, str) and text.strip().lower().startswith(SERVER_SCHEMES)


def read_location(text: str | Path) -> Path | ServerAddress:
    """The data file's path or the server's address that ``text`` names.

    A server address that carries a password is refused (``DataFileError``, one sentence
    that does not repeat it): a password belongs in libpq's password file or at the prompt.
    """
    if not is_server(text):
        return Path(text)
    try:
        url = make_url(str(text).strip())
    except ArgumentError:
        raise DataFileError("The server address is not one PostgreSQL can read; it should "
                            "look like postgresql://user@host/database.") from None
    if url.password is not None or "password" in url.query:
        raise DataFileError(
            "A server address must not carry a password; put it in your PostgreSQL "
            "password file (~/.pgpass or PGPASSFILE) or a service file, or type it when "
            "msmedesk asks.")
    if url.drivername == "postgres":
        url = url.set(drivername="postgresql")
    return ServerAddress(url)
