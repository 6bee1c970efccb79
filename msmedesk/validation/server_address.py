"""File > Open server…: the fields of a server's address checked, and the address they make.

Pure Python, like every check: the dialog shows each problem beside its field and builds
the address only when there is none. A password is never one of the fields: libpq finds
it (``~/.pgpass``, ``PGPASSFILE``, a service file) or the program asks for it when the
server wants one, and keeps it nowhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

from msmedesk.validation.errors import FieldError

#: the TLS settings offered, as libpq names them, and what the dialog calls them.
SSL_MODES: tuple[tuple[str, str], ...] = (
    ("prefer", "Use TLS when the server offers it"),
    ("require", "Always use TLS"),
    ("verify-full", "Always use TLS and check the server's certificate"),
    ("disable", "Never use TLS"),
)
_NAME = re.compile(r"^[A-Za-z0-9_.\-]+$")
_HOST = re.compile(r"^(?:[A-Za-z0-9\-.]+|\[[0-9A-Fa-f:.]+\])$")


@dataclass(frozen=True)
class ServerFields:
    """What the Open server dialog holds: a server, port, database, user and TLS setting."""

    host: str = ""
    port: str = ""
    database: str = "msmedesk"
    user: str = ""
    sslmode: str = "prefer"


def check_server_fields(fields: ServerFields) -> list[FieldError]:
    """The problems with the fields, each naming its field ("host", "port", ...)."""
    errors = []
    host = fields.host.strip()
    if not host:
        errors.append(FieldError("host", "is required: the server's name, "
                                         "e.g. db.example.org"))
    elif not (host.startswith("/") or _HOST.match(host)):
        errors.append(FieldError("host", "should be a server's name or address, "
                                         "e.g. db.example.org or 10.0.0.5"))
    port = fields.port.strip()
    if port and not (port.isdigit() and 1 <= int(port) <= 65535):
        errors.append(FieldError("port", "should be a number from 1 to 65535, or empty "
                                         "for the usual 5432"))
    database = fields.database.strip()
    if not database:
        errors.append(FieldError("database", "is required: the name the administrator "
                                             "gave the office's database"))
    elif not _NAME.match(database):
        errors.append(FieldError("database", "may hold only letters, digits, '_', '-' "
                                             "and '.'"))
    user = fields.user.strip()
    if user and not _NAME.match(user):
        errors.append(FieldError("user", "may hold only letters, digits, '_', '-' and '.'"))
    if fields.sslmode not in dict(SSL_MODES):
        errors.append(FieldError("sslmode", f"is not one of {', '.join(dict(SSL_MODES))}"))
    return errors


def server_address(fields: ServerFields) -> str:
    """The address the fields make (``postgresql://user@host:port/db?sslmode=…``); call
    only when ``check_server_fields`` found nothing."""
    host, port = fields.host.strip(), fields.port.strip()
    user = fields.user.strip()
    who = f"{quote(user, safe='')}@" if user else ""
    query = [f"sslmode={fields.sslmode}"]
    if host.startswith("/"):  # a folder holding the server's socket, on this computer
        query.insert(0, f"host={quote(host, safe='/')}")
        where = ""
    else:
        where = host + (f":{port}" if port else "")
    if port and host.startswith("/"):
        query.insert(1, f"port={port}")
    return f"postgresql://{who}{where}/{fields.database.strip()}?{'&'.join(query)}"


def fields_of(address: str) -> ServerFields:
    """The fields of an address made by ``server_address`` (the dialog's last one, shown
    again); an address it cannot read gives empty fields."""
    try:
        parts = urlsplit(address)
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        host = parts.hostname or query.get("host", "")
        port = str(parts.port or query.get("port", "") or "")
    except ValueError:
        return ServerFields()
    sslmode = query.get("sslmode", "prefer")
    return ServerFields(host=host, port=port, database=unquote(parts.path.lstrip("/")),
                        user=unquote(parts.username or ""),
                        sslmode=sslmode if sslmode in dict(SSL_MODES) else "prefer")
