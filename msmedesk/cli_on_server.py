"""The command line on a PostgreSQL server: ``--db postgresql://…`` (or ``MSMEDESK_DB``).

cli.py asks ``read(args)`` once, before any command runs: a server's address (a password
in it is refused in one sentence, never repeated), or None for a data file, which cli.py
keeps as it always did. On a server there is no lock, no backup copy and no file to
check: ``sample``, ``import`` and ``check`` have their server versions here, ``export``,
``report`` and ``find`` run as on a file over the server's services (``services``).

Imported by cli.py at its top, so the data layer is imported inside the functions.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from msmedesk import cli_server_backup

if TYPE_CHECKING:  # (imported where used: the window's start does not need them)
    from msmedesk.db.location import ServerAddress
    from msmedesk.records import Services

#: commands that work on a data file only, and what to use on a server instead.
FILE_ONLY = {
    "rescue": "msmedesk rescue mends a damaged data file, not a server database",
}


class ServerCommandError(Exception):
    """A server command's failure, said in one plain sentence."""


def read(args: argparse.Namespace) -> ServerAddress | None:
    """The server that ``--db`` or ``MSMEDESK_DB`` names, or None when it names a file.

    Raises ``DataFileError`` (one sentence) for an address that carries a password.
    """
    text = getattr(args, "db", None) or os.environ.get("MSMEDESK_DB") or ""
    if "://" not in text:  # (a path: the data layer stays unloaded)
        return None
    # Data layer: loaded only for an address (the window paints first otherwise).
    from msmedesk.db.location import ServerAddress, read_location

    found = read_location(text)
    return found if isinstance(found, ServerAddress) else None


def handlers(args: argparse.Namespace) -> dict[str | None, Callable[[argparse.Namespace], int]]:
    """The commands whose server version differs from the file's (none for a file)."""
    if getattr(args, "server", None) is None:
        return {}
    served: dict[str | None, Callable[[argparse.Namespace], int]] = {
        "sample": _sample, "import": _import, "check": _check,
        # A server's backup and restore: its records into a data file and back.
        "backup": cli_server_backup.backup, "restore": cli_server_backup.restore}
    for command, reason in FILE_ONLY.items():
        served[command] = _refusal(reason)
    return served


def _refusal(reason: str) -> Callable[[argparse.Namespace], int]:
    def refuse(args: argparse.Namespace) -> int:
        raise ServerCommandError(f"{reason}; nothing was done on {args.server.shown()}.")
    return refuse


def shown(args: argparse.Namespace) -> str:
    """The server's database as messages name it ("msme on db.example.org as ana")."""
    address: ServerAddress = args.server
    return address.shown()


def open_address(address: ServerAddress, *, readonly: bool = False,
                 ask: Callable[[str], str] | None = None) -> Any:
    """The server opened (``db.server.OpenServer``); asks the password when the server
    wants one that libpq could not find and ``ask`` (a prompt) is given."""
    # Data layer: loaded by the commands that use it.
    from msmedesk.db.server import PasswordNeeded, open_server

    try:
        return open_server(address, readonly=readonly)
    except PasswordNeeded:
        if ask is None:
            raise
    return open_server(address, password=ask(f"Password for {address.shown()}: "),
                       readonly=readonly)


def _prompt() -> Callable[[str], str] | None:
    """The terminal's password prompt, or None when nobody is at a terminal to answer."""
    if not sys.stdin.isatty():
        return None
    return lambda question: getpass.getpass(question)


def services(args: argparse.Namespace, *, write: bool) -> Services:
    """The record services over the server; ``write`` refuses a role that may only read."""
    # Data layer: loaded by the commands that use it.
    from msmedesk.records import Services

    opened = open_address(args.server, readonly=not write, ask=_prompt())
    if write and opened.readonly:
        opened.close()
        raise ServerCommandError(
            f"The role {opened.role} may only read {args.server.shown()}; nothing was "
            "written (an administrator grants msmedesk_editors to those who enter records).")
    return Services(opened.engine)


def _sample(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it.
    from msmedesk.archive import counts_text, import_archive, sample_path

    found = services(args, write=True)
    try:
        if not found.is_empty():
            raise ServerCommandError(f"{shown(args)} already holds records; the sample is "
                                     "loaded only into an empty database.")
        result = import_archive(found, sample_path())
    finally:
        found.close()
    print(f"Loaded the 2024 sample records into {shown(args)}: {counts_text(result.added)}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it.
    from msmedesk.archive import counts_text, import_data, parse_archive, read_archive

    data = read_archive(args.archive)
    records = parse_archive(data)  # a bad archive is refused before the server is opened
    found = services(args, write=True)
    try:
        # One transaction on the server: all of it is written, or none.
        result = import_data(found, data, records=records)
    finally:
        found.close()
    unchanged = sum(result.unchanged.values())
    print(f"Imported {args.archive} into {shown(args)}: added {counts_text(result.added)}"
          + (f"; {unchanged} already there." if unchanged else "."))
    return 0


def _check(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it.
    from msmedesk.checks import check_engine

    opened = open_address(args.server, readonly=True, ask=_prompt())
    try:
        # The Group's rules over the records; the server keeps its own storage sound.
        found = check_engine(opened.engine)
    finally:
        opened.close()
    for line in (*found.problems, *found.warnings):
        print(line)
    if found.problems:
        return 1
    n = len(found.warnings)
    tail = f", apart from the {n} warning{'s' if n > 1 else ''} above" if n else ""
    print(f"{shown(args)} is sound{tail}.")
    return 0


def plain_failure(exc: BaseException, args: argparse.Namespace) -> str | None:
    """The sentence for a failure on a server that needs more than its own message."""
    # Data layer: loaded by the commands that use it.
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, ServerCommandError):
        return str(exc)
    if isinstance(exc, DBAPIError):
        # The server's own words, first line (never SQL or parameters): a lost connection,
        # a refused statement; the transaction was rolled back.
        reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
        return (f"{shown(args)} refused or lost the work ({reason.rstrip('.')}); nothing was "
                "written.")
    return None
