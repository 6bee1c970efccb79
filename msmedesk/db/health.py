"""``msmedesk check``: SQLite's own integrity checks plus the Group's domain rules."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from msmedesk import validation
from msmedesk.db.engine import DataFileError, inspect_file, make_engine


def check_data_file(path: Path) -> list[str]:
    """One plain line per problem found; an empty list means the file is sound.

    Only reads: running it twice on a sound file finds nothing and changes nothing.
    """
    try:
        state = inspect_file(path)
    except DataFileError as exc:
        return [str(exc)]
    if not state.exists:
        return [f"There is no data file at {path}."]
    findings: list[str] = []
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=rw", uri=True)
    except sqlite3.Error as exc:
        return [f"SQLite cannot open {path}: {exc}."]
    try:
        con.execute("PRAGMA busy_timeout = 5000")
        for (line,) in con.execute("PRAGMA integrity_check"):
            if line != "ok":
                findings.append(f"Damage: {line}")
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
            findings.append(f"Broken reference: {table} row {rowid} points to a missing "
                            f"{parent} record")
    except sqlite3.DatabaseError as exc:
        findings.append(f"Damage: SQLite reports {exc}")
    finally:
        con.close()
    if findings:
        # Domain rules on a damaged file would only repeat the damage in other words.
        return findings
    return _domain_findings(path)


def _domain_findings(path: Path) -> list[str]:
    # Imported here: the records layer is only needed once the file itself is sound.
    from msmedesk.archive import load_records

    engine = make_engine(path, readonly=True)
    findings: list[str] = []
    try:
        with engine.connect() as connection:
            from sqlalchemy.orm import Session

            with Session(connection) as session:
                records = load_records(session)
    except Exception as exc:  # a value the program cannot read back is a finding too
        engine.dispose()
        return [f"Unreadable record: {exc}"]
    engine.dispose()
    checks = (("members", records.members, validation.check_member),
              ("organizations", records.organizations, validation.check_organization),
              ("documents", records.documents, validation.check_document),
              ("meetings", records.meetings, validation.check_meeting),
              ("proposals", records.proposals, validation.check_proposal),
              ("outreach", records.outreach, validation.check_outreach),
              ("package_entries", records.package_entries, validation.check_package_entry))
    for section, items, check in checks:
        for i, item in enumerate(items):
            for error in check(item, f"{section}[{i}]"):  # type: ignore[operator]
                findings.append(f"Rule broken: {error}")
    return findings
