"""Opening a PostgreSQL database as the office's records, and setting one up.

The same Alembic revisions as a data file's make a server's schema; the server keeps its
schema version in Alembic's own table (``alembic_version``), compared with the program's
``SCHEMA_VERSION`` as a file's header is. Passwords come from libpq's own ways (``~/.pgpass``,
``PGPASSFILE``, a service file) or from the caller, who asks the user when
:class:`PasswordNeeded` says so; a password is never kept beyond the engine that uses it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import ExceptionContext
from sqlalchemy.exc import DBAPIError, OperationalError

from msmedesk.db import header
from msmedesk.db.errors import DataFileError, NewerDataFile, NotADataFile
from msmedesk.db.location import ServerAddress
from msmedesk.db.server_roles import read_rights
from msmedesk.server_lost import ServerLost

#: Alembic's table, where a server keeps the revision its schema is at.
VERSION_TABLE = "alembic_version"
#: How long a connection attempt waits for an answer (seconds) unless the address says.
CONNECT_TIMEOUT = 10


class ServerUnreachable(DataFileError):
    """The server cannot be reached (down, refusing, unknown host); the sentence says which."""


class PasswordNeeded(DataFileError):
    """The server asks a password libpq could not find, or refused the one given."""


class OlderSchema(DataFileError):
    """The server's msmedesk schema is older than the program's: setup-server updates it."""


@dataclass
class OpenServer:
    """A server database opened as the office's records."""

    address: ServerAddress
    engine: Engine
    readonly: bool  # the role has no write rights, or read-only was asked
    role: str  # the server role the program works as (the author of its changes)
    sslmode: str  # the TLS setting in use (libpq's, "prefer" unless the address says)
    ssl_in_use: bool  # whether this connection is encrypted
    schema_version: int
    # Why the records are read-only when the role (or the server) is the reason: one
    # sentence the window shows (server_roles.Rights.read_only_reason); "" otherwise.
    readonly_reason: str = ""

    def close(self) -> None:
        """Close every connection to the server."""
        self.engine.dispose()


def server_engine(address: ServerAddress, *, password: str | None = None,
                  readonly: bool = False) -> Engine:
    """An engine on ``address`` through psycopg 3 (no connection made yet)."""
    query = address.url.query
    connect_args: dict[str, Any] = {}
    if "connect_timeout" not in query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT
    if "application_name" not in query:
        connect_args["application_name"] = "msmedesk"
    if password is not None:
        connect_args["password"] = password
    options = query.get("options", "")
    options = options if isinstance(options, str) else " ".join(options)
    # No JIT compilation: a list's filter looks each record's index rows up (EXISTS, in
    # records/search_sql.py), which the planner costs as if each read thousands of rows;
    # above its threshold it compiled the statement first (240 ms for a 2 ms count).
    options += " -c jit=off"
    if readonly:
        # The server itself refuses every write on these connections, whatever the role.
        options += " -c default_transaction_read_only=on"
    connect_args["options"] = options.strip()
    # pre_ping: a connection the server dropped (a restart, a lost network) is replaced
    # at the next use instead of failing it.
    return create_engine(address.engine_url, connect_args=connect_args, pool_pre_ping=True)


def open_server(address: ServerAddress, *, password: str | None = None,
                readonly: bool = False) -> OpenServer:
    """Open the msmedesk database at ``address``; raises a ``DataFileError`` (one sentence)
    when it cannot be reached, needs a password, or holds no schema this program can use."""
    engine = server_engine(address, password=password, readonly=readonly)
    try:
        with connected(engine, address) as con:
            version = schema_version(con, address)
            if version is None:
                raise NotADataFile(_not_set_up(con, address))
            _refuse_other_version(version, address)
            # Every table's rights, not one's: a role that may change some tables but
            # not the history would fail at its first save instead of opening read-only.
            rights = read_rights(con)
            role = rights.role
            writable = rights.writable
            sslmode, ssl_in_use = _tls(con)
    except BaseException:
        engine.dispose()
        raise
    if not writable and not readonly:
        engine.dispose()
        engine = server_engine(address, password=password, readonly=True)
    say_when_lost(engine, address)
    return OpenServer(address=address, engine=engine, readonly=readonly or not writable,
                      role=role, sslmode=sslmode, ssl_in_use=ssl_in_use,
                      schema_version=version,
                      readonly_reason="" if readonly else rights.read_only_reason() or "")


def setup_server(address: ServerAddress, password: str | None = None) -> str:
    """Create msmedesk's schema in the empty database at ``address`` (or bring an older
    msmedesk schema up to date); what was done, as a sentence.

    A database holding other tables is refused and left as it is.
    """
    # Imported here: Alembic is needed only to set a server up. (The caller has loaded the
    # services, whose search-index builder the upgrade runs: db imports nothing above it.)
    from msmedesk.db.files import migrate

    engine = server_engine(address, password=password)
    try:
        with connected(engine, address) as con:
            version = schema_version(con, address)
            if version is None:
                others = _tables(con)
                if others:
                    raise NotADataFile(_holds_others(others, address))
            elif version > header.SCHEMA_VERSION:
                _refuse_other_version(version, address)
        if version == header.SCHEMA_VERSION:
            return (f"{address.shown()} is already set up for msmedesk (schema version "
                    f"{version}); nothing was changed.")
        migrate(engine)
    except DBAPIError as exc:
        raise DataFileError(f"The schema could not be made in {address.shown()}: "
                            f"{_first_line(exc)}; nothing was changed.") from None
    finally:
        engine.dispose()
    if version is None:
        return (f"msmedesk's tables were created in {address.shown()} (schema version "
                f"{header.SCHEMA_VERSION}).")
    return (f"The msmedesk schema in {address.shown()} was brought from version {version} "
            f"to {header.SCHEMA_VERSION}.")


@contextlib.contextmanager
def connected(engine: Engine, address: ServerAddress) -> Iterator[Connection]:
    """A connection to the server, its failure to connect told in one sentence."""
    try:
        con = engine.connect()
    except DBAPIError as exc:
        raise connect_failure(exc, address) from None
    try:
        yield con
    finally:
        con.close()


def connect_failure(exc: DBAPIError, address: ServerAddress) -> DataFileError:
    """The ``DataFileError`` that says in one sentence why connecting to ``address`` failed."""
    where = address.shown()
    state = getattr(exc.orig, "sqlstate", None)
    message = _first_line(exc)
    who = address.url.username or "your user name"
    # (libpq gives no SQLSTATE for a failed connection: its message says what happened.)
    if state == "28P01" or "password authentication failed" in message:
        return PasswordNeeded(f"The server of {where} did not accept the password of {who}.")
    if "no password supplied" in message:
        return PasswordNeeded(f"The server of {where} asks for the password of {who}, and "
                              "none was found in ~/.pgpass, PGPASSFILE or a service file.")
    if state == "3D000" or (" does not exist" in message and "database" in message):
        server = where.split(" on ", 1)[-1]
        return NotADataFile(f"The server ({server}) has no database named "
                            f"{address.database}; an administrator creates it and runs "
                            "msmedesk setup-server with its address.")
    if (state or "").startswith("28") or "FATAL:" in message:
        reason = message.split("FATAL:", 1)[-1].strip()
        return DataFileError(f"The server of {where} refused the connection: {reason}.")
    return ServerUnreachable(f"Cannot reach {where}: {_unreachable(message)}; "
                             "check the address and the network, then try again.")


def schema_version(con: Connection, address: ServerAddress) -> int | None:
    """The schema version the database's ``alembic_version`` names (None: no such table)."""
    if VERSION_TABLE not in _tables(con):
        return None
    try:
        found = con.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient privilege
            raise
        raise DataFileError(
            f"The role {address.url.username or 'you connect as'} may not read the records "
            f"of {address.shown()}; an administrator grants it the msmedesk_readers or "
            "msmedesk_editors role (msmedesk setup-server prints how).") from None
    try:
        return max(int(v) for v in found) if found else None
    except ValueError:
        raise NotADataFile(f"{address.shown()} holds an Alembic version ({', '.join(found)}) "
                           "that is not msmedesk's; it was not opened.") from None


def _tables(con: Connection) -> list[str]:
    """The tables and views of the schema msmedesk works in (``public`` unless the role's
    search_path says otherwise); other schemas (a backup's, another program's) are theirs."""
    # pg_class, not information_schema: that lists only what the role has rights on.
    return [t for (t,) in con.execute(text(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE c.relkind IN ('r', 'v', 'm', 'p', 'f') AND n.nspname = current_schema() "
        "ORDER BY c.relname"))]


def _not_set_up(con: Connection, address: ServerAddress) -> str:
    others = _tables(con)
    if others:
        return _holds_others(others, address)
    return (f"{address.shown()} holds no msmedesk records yet; run msmedesk setup-server "
            f"{address} first.")


def _holds_others(others: list[str], address: ServerAddress) -> str:
    named = ", ".join(others[:3]) + (f" and {len(others) - 3} more" if len(others) > 3 else "")
    return (f"{address.shown()} holds tables msmedesk did not make ({named}), so it was not "
            "used; give msmedesk an empty database of its own.")


def _refuse_other_version(version: int, address: ServerAddress) -> None:
    if version > header.SCHEMA_VERSION:
        raise NewerDataFile(
            f"{address.shown()} was set up by a newer version of msmedesk (schema version "
            f"{version}; this program knows up to {header.SCHEMA_VERSION}); install the "
            "newer msmedesk to open it.")
    if version < header.SCHEMA_VERSION:
        raise OlderSchema(
            f"{address.shown()} has an older msmedesk schema (version {version}); an "
            f"administrator brings it up to date with msmedesk setup-server {address}.")


def _tls(con: Connection) -> tuple[str, bool]:
    pgconn = con.connection.dbapi_connection.pgconn  # type: ignore[union-attr]
    options = {o.keyword.decode(): (o.val or b"").decode() for o in pgconn.info}
    return options.get("sslmode", "") or "prefer", bool(pgconn.ssl_in_use)


def _first_line(exc: DBAPIError) -> str:
    lines = [ln.strip() for ln in str(exc.orig).splitlines() if ln.strip()]
    return (lines[0] if lines else type(exc.orig).__name__).rstrip(".")


def _unreachable(message: str) -> str:
    """Why a connection was not made, in words a user can act on."""
    lowered = message.lower()
    if "connection refused" in lowered:
        return "the connection was refused (is the server running?)"
    if "no such file or directory" in lowered:
        return "no server is running there"
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return "the host name is not known"
    if "timeout" in lowered or "timed out" in lowered:
        return "it did not answer in time"
    if "network is unreachable" in lowered or "no route to host" in lowered:
        return "the network cannot reach it"
    return message.rsplit("failed: ", 1)[-1].rstrip(".")


def say_when_lost(engine: Engine, address: ServerAddress) -> None:
    """Raise ``ServerLost`` (one sentence) in place of the driver's error when the server
    stops answering after it was opened: the window says so and keeps what was typed."""

    @event.listens_for(engine, "handle_error")
    def lost(context: ExceptionContext) -> None:
        if context.is_disconnect or _connection_failed(context):
            reason = str(context.original_exception).strip().splitlines()
            raise ServerLost(
                f"The server holding {address.shown()} does not answer"
                f"{' (' + reason[0].rstrip('.') + ')' if reason else ''}; nothing was "
                "saved or lost: try again when it is back.") from context.original_exception


# SQLSTATEs of a connection that failed or was shut (class 08, an administrator's or a
# crash's shutdown, a server starting up); an error without one is the client's own.
_LOST_STATES = ("08", "57P01", "57P02", "57P03")


def _connection_failed(context: ExceptionContext) -> bool:
    """Whether the error is the server's absence, not a refused statement (a deadlock or a
    serialization failure is an OperationalError too, with its own SQLSTATE)."""
    if not isinstance(context.sqlalchemy_exception, OperationalError):
        return False
    state = getattr(context.original_exception, "sqlstate", None)
    return state is None or state.startswith(_LOST_STATES)
