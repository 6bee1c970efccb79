"""``msmedesk setup-server URL``: make msmedesk's schema in an empty PostgreSQL database.

Prints what was done and the GRANT statements an administrator runs for the office's
roles ("msmedesk_readers" may read, "msmedesk_editors" may edit). A password is never taken
from the command line: libpq's own ways give it, or the command asks at the terminal.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import Any

from msmedesk import cli_server_backup

URL_HELP = "the database's address, e.g. postgresql://admin@db.example.org/msme"


def add_parser(sub: Any) -> None:
    """The ``setup-server`` command's arguments."""
    p = sub.add_parser("setup-server",
                       help="create msmedesk's tables in an empty PostgreSQL database")
    p.add_argument("url", metavar="URL", help=URL_HELP)
    # A server's restore: --replace (restore's own parser is cli.py's, for a data file).
    sub.choices["restore"].add_argument("--replace", action="store_true",
                                        help=cli_server_backup.REPLACE_HELP)


def setup_server(args: argparse.Namespace) -> int:
    """Run ``setup-server``: the schema made (or found current), then the GRANTs."""
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    # The services register the search index's builder, which an upgrade runs.
    import msmedesk.records  # noqa: F401
    from msmedesk.db.errors import DataFileError
    from msmedesk.db.location import ServerAddress, read_location
    from msmedesk.db.server import PasswordNeeded
    from msmedesk.db.server import setup_server as set_up

    address = read_location(args.url)
    if not isinstance(address, ServerAddress):
        raise DataFileError(f"{args.url} is not a server's address; it should look like "
                            "postgresql://user@host/database.")
    try:
        done = set_up(address)
    except PasswordNeeded as asked:
        if not sys.stdin.isatty():
            raise
        password = getpass.getpass(f"{asked} Password: ")
        done = set_up(address, password=password)
    print(done)
    grants = grant_lines()
    if grants:
        print("\nAn administrator gives the office's people their rights with:\n")
        print("\n".join(grants))
    return 0


def grant_lines() -> list[str]:
    """The roles to make once, the GRANT statements for the readers' and the editors'
    roles, and how a person is given one (db/server_roles.py)."""
    from msmedesk.db.server_roles import EDITORS, READERS, grant_statements, role_statements

    return [*role_statements(), *grant_statements(),
            f"-- then each person, one role: GRANT {EDITORS} TO ana; GRANT {READERS} TO ivo;"]