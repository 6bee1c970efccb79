"""``msmedesk backup DEST.sqlite --db URL`` and ``msmedesk restore FILE --db URL [--replace]``.

A server's records go into a new data file (``server_backup.backup_server``), which opens
offline like any; a data file's records go back onto a server (``restore_server``). cli.py
(through cli_server.py) hands these two commands here when ``--db`` (or ``MSMEDESK_DB``)
names a server.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import date
from pathlib import Path
from typing import Any

REPLACE_HELP = ("on a server: replace the records there (they are kept first on the server, "
                "in a schema msmedesk_backup_YYYYMMDD_HHMMSS)")


def _open(address: Any, *, readonly: bool, schema_needed: bool = True) -> Any:
    """The server opened (asking a password at the terminal when libpq has none); None
    for a database without msmedesk's tables when ``schema_needed`` is False."""
    from msmedesk.db.errors import NotADataFile
    from msmedesk.db.server import PasswordNeeded, open_server

    try:
        try:
            return open_server(address, readonly=readonly)
        except PasswordNeeded:
            if not sys.stdin.isatty():
                raise
        password = getpass.getpass(f"Password for {address.shown()}: ")
        return open_server(address, password=password, readonly=readonly)
    except NotADataFile:
        if schema_needed:
            raise
        return None


def backup(args: argparse.Namespace) -> int:
    """Write the server's records into a new data file (one consistent moment)."""
    from msmedesk.safe_write import DestinationRefused, choose_destination
    from msmedesk.server_backup import ServerCopyError as ServerCommandError
    from msmedesk.server_backup import backup_server

    address = args.server
    name = f"{address.database or 'msmedesk'}-{date.today().isoformat()}.sqlite"
    try:
        dest = choose_destination(args.dest, name, replace=args.force)
    except DestinationRefused as exc:
        raise ServerCommandError(str(exc)) from None
    opened = _open(address, readonly=True)
    try:
        copied = backup_server(opened.engine, dest, replace=args.force)
    finally:
        opened.close()
    history = copied.counts.get("history", 0)
    print(f"Backed up {address.shown()} to {dest}: {copied.records - history} rows of "
          f"records and {history} history entries, all as of one moment; the file opens "
          "offline like any data file.")
    return 0


def restore(args: argparse.Namespace) -> int:
    """Put a data file's records onto the server, in one transaction."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import DBAPIError

    from msmedesk.db.damage import quick_findings
    from msmedesk.db.safety import open_for_reading
    from msmedesk.server_backup import ServerCopyError as ServerCommandError
    from msmedesk.server_backup import restore_server

    address = args.server
    source = Path(args.backup)
    if not source.exists():
        raise ServerCommandError(f"There is no backup at {source}.")
    found = quick_findings(source, full=True)
    if found:
        raise ServerCommandError(f"{source} is damaged ({found[0].removeprefix('Damage: ')}), "
                                 "so nothing was restored.")
    reader = open_for_reading(source)
    opened = _open(address, readonly=False, schema_needed=False)
    # A database without msmedesk's tables yet: the restore makes them, in its transaction.
    engine = opened.engine if opened is not None else create_engine(address.engine_url)
    try:
        if opened is not None and opened.readonly:
            raise ServerCommandError(
                f"Your server role {opened.role} may only read {address.shown()}; a restore "
                "is run by the database's owner. Nothing was changed.")
        try:
            copied = restore_server(reader, engine, replace=args.replace)
        except DBAPIError as exc:
            if getattr(exc.orig, "sqlstate", None) != "42501":  # insufficient privilege
                raise
            raise ServerCommandError(
                "Only the owner of msmedesk's tables (the role that ran setup-server) may "
                f"restore onto {address.shown()}; nothing was changed.") from None
    finally:
        reader.dispose()
        if opened is not None:
            opened.close()
        else:
            engine.dispose()
    kept = (f"; the records it replaced are kept on the server in the schema {copied.kept_in}"
            if copied.kept_in else "")
    print(f"Restored {source} onto {address.shown()}: {copied.records} rows, history "
          f"included{kept}.")
    return 0
