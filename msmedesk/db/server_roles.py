"""Who may do what on a server: the two roles an administrator grants, and a role's rights.

An office's administrator creates two group roles once and makes each person a member of
one: ``msmedesk_readers`` read the records (the window opens read-only, report, export,
backup), ``msmedesk_editors`` change them too. ``grant_statements`` gives the SQL, which
``msmedesk setup-server`` prints. On opening, ``read_rights`` asks the server what the
connected role may do, so that a role with SELECT only is shown the records read-only,
with a sentence saying why, instead of failing at its first save.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, text

READERS = "msmedesk_readers"
EDITORS = "msmedesk_editors"
#: the table only ``setup-server`` and upgrades write (the schema's version).
_SCHEMA_TABLE = "alembic_version"


def _quote(name: str) -> str:
    """``name`` as an SQL identifier (doubled quotes inside)."""
    return '"' + name.replace('"', '""') + '"'


def grant_statements(schema: str = "public") -> tuple[str, str]:
    """The SQL an administrator runs for the readers' role and for the editors' role.

    Each text is whole on its own (run as the owner of msmedesk's tables, the role that ran
    ``setup-server``): the rights on the tables there now, and the same rights on tables a
    later version of msmedesk adds (``ALTER DEFAULT PRIVILEGES``), so an upgrade does not
    lock the office out. Editors also need the sequences that number new records.
    """
    s = _quote(schema)
    readers = (f"GRANT USAGE ON SCHEMA {s} TO {READERS};",
               f"GRANT SELECT ON ALL TABLES IN SCHEMA {s} TO {READERS};",
               f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} GRANT SELECT ON TABLES TO {READERS};")
    editors = (f"GRANT USAGE ON SCHEMA {s} TO {EDITORS};",
               f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {s} TO {EDITORS};",
               f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {s} TO {EDITORS};",
               f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
               f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {EDITORS};",
               f"ALTER DEFAULT PRIVILEGES IN SCHEMA {s} "
               f"GRANT USAGE, SELECT ON SEQUENCES TO {EDITORS};")
    # One statement a line: printed, they read as a list and paste into psql as they are.
    return "\n".join(readers), "\n".join(editors)


def role_statements() -> tuple[str, str]:
    """The SQL that creates the two group roles (once per server; nobody logs in as them)."""
    return (f"CREATE ROLE {READERS} NOLOGIN;", f"CREATE ROLE {EDITORS} NOLOGIN;")


def setup_text(schema: str = "public") -> str:
    """What ``setup-server`` tells the administrator: create the roles, grant, add people."""
    readers, editors = grant_statements(schema)
    created = "\n".join(role_statements())
    return (f"To let others use it, run as this database's owner (in psql):\n{created}\n"
            f"{readers}\n{editors}\n"
            f"Then make each person a member of one role, e.g.: GRANT {EDITORS} TO ana; "
            f"GRANT {READERS} TO intern;")


@dataclass(frozen=True)
class Rights:
    """What the connected role may do with msmedesk's tables on this server."""

    role: str
    unreadable: tuple[str, ...]  # tables it may not SELECT from
    unwritable: tuple[str, ...]  # tables (and sequences) it may not change
    server_read_only: bool  # the server takes no changes at all (a standby, or a setting)

    @property
    def readable(self) -> bool:
        """Whether the role may read every record."""
        return not self.unreadable

    @property
    def writable(self) -> bool:
        """Whether the role may change records: every table, and the server takes changes."""
        return self.readable and not self.unwritable and not self.server_read_only

    def refusal(self) -> str | None:
        """The sentence when the role may not even read the records, else None."""
        if self.readable:
            return None
        return (f"The server role {self.role} may not read msmedesk's records (no rights on "
                f"{_listed(self.unreadable)}); an administrator gives them with: "
                f"GRANT {READERS} TO {self.role};")

    def read_only_reason(self) -> str | None:
        """Why the records open read-only here (one sentence), or None when they may change."""
        if self.writable or not self.readable:
            return None
        if self.server_read_only:
            return ("This server takes no changes (it is a read-only copy or set to read "
                    "only); the records can be read, reported and exported here.")
        return (f"Your server role {self.role} may only read these records; to make "
                f"changes, an administrator runs: GRANT {EDITORS} TO {self.role};")


def _listed(names: tuple[str, ...]) -> str:
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


# has_*_privilege on the catalogue: no table is touched, so nothing is locked or written.
_RIGHTS_SQL = text(
    "SELECT c.relname, c.relkind, "
    "  CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'SELECT') "
    "       ELSE has_table_privilege(c.oid, 'SELECT') END AS can_read, "
    "  CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(c.oid, 'USAGE') "
    "       ELSE has_table_privilege(c.oid, 'INSERT') AND has_table_privilege(c.oid, 'UPDATE') "
    "            AND has_table_privilege(c.oid, 'DELETE') END AS can_write "
    "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p', 'S') "
    "ORDER BY c.relname")


def read_rights(connection: Connection) -> Rights:
    """Ask the server what the connected role may do with the tables of its schema."""
    role = connection.execute(text("SELECT current_user")).scalar_one()
    unreadable: list[str] = []
    unwritable: list[str] = []
    for name, kind, can_read, can_write in connection.execute(_RIGHTS_SQL):
        if name == _SCHEMA_TABLE:
            if not can_read:
                unreadable.append(name)  # the program reads the schema's version
            continue
        if kind != "S" and not can_read:
            unreadable.append(name)
        if not can_write:
            unwritable.append(name)
    # A standby (or default_transaction_read_only) refuses every change whatever the rights.
    read_only = connection.execute(text("SHOW transaction_read_only")).scalar_one() == "on"
    return Rights(str(role), tuple(unreadable), tuple(unwritable), read_only)
