"""``msmedesk check``: SQLite's own integrity checks plus the Group's domain rules."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from msmedesk import symbol_rules, validation
from msmedesk.db import schema
from msmedesk.db.engine import DataFileError, inspect_file, query_only_connection


class DataFileDamaged(DataFileError):
    """A recognisable msmedesk file whose content SQLite reports damaged.

    ``findings`` lists what was found, one plain line each; the file was left untouched.
    The window offers the newest backup (``backups.latest_backup``) to ``backups.restore``.
    """

    def __init__(self, path: Path, findings: list[str]):
        self.path = path
        self.findings = list(findings) or ["SQLite reports damage"]
        first = self.findings[0].rstrip(".").removeprefix("Damage: ")
        more = len(self.findings) - 1
        tail = f" (and {more} more finding{'s' if more > 1 else ''})" if more else ""
        super().__init__(f"{path} is damaged: {first}{tail}.")


def quick_findings(path: Path, *, full: bool = True) -> list[str]:
    """Damage SQLite finds in ``path``; an empty list when none.

    ``full`` runs ``PRAGMA quick_check`` (reads every page: about 0.35 s warm and 1.2 s cold
    for a 100,000-record file, so it runs on backup copies and in ``check``, not on every
    open); otherwise only the schema is read (milliseconds), which catches a damaged first
    page or schema. Only reads, and leaves no -wal or -shm files behind.
    """
    try:
        con = query_only_connection(Path(path))
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and not is_damage_error(exc):
            return [f"SQLite cannot read it ({exc})"]
        return [f"Damage: SQLite reports {exc}"]
    try:
        if not full:
            return []
        return [f"Damage: {line}" for (line,) in con.execute("PRAGMA quick_check(20)")
                if line != "ok"]
    except sqlite3.DatabaseError as exc:
        if isinstance(exc, sqlite3.OperationalError) and not is_damage_error(exc):
            return [f"SQLite cannot read it ({exc})"]
        return [f"Damage: SQLite reports {exc}"]
    finally:
        con.close()


def table_counts(con: sqlite3.Connection) -> dict[str, int]:
    """How many rows each table of the open database holds (SQLite's own tables left out)."""
    names = [name for (name,) in con.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name")]
    return {name: con.execute(f'SELECT count(*) FROM "{name.replace(chr(34), chr(34) * 2)}"'
                              ).fetchone()[0] for name in names}


def copy_findings(copy: Path, counts: dict[str, int]) -> list[str]:
    """What is wrong with the fresh copy ``copy`` of a file whose tables held ``counts``.

    SQLite's integrity check first (``PRAGMA quick_check``, every page read), then the
    number of rows of every table against the source's, read in the copy's transaction.
    The copy is a private file of ours that nobody else has open, so it is opened plainly.
    """
    try:
        con = sqlite3.connect(str(copy))
    except sqlite3.DatabaseError as exc:
        return [f"Damage: SQLite reports {exc}"]
    try:
        findings = [f"Damage: {line}" for (line,) in con.execute("PRAGMA quick_check(20)")
                    if line != "ok"]
        if findings:
            return findings
        copied = table_counts(con)
    except sqlite3.DatabaseError as exc:
        return [f"Damage: SQLite reports {exc}"]
    finally:
        con.close()
    return [f"the copy holds {copied.get(name, 0)} rows of {name} where the file holds {n}"
            for name, n in counts.items() if copied.get(name, 0) != n] + [
            f"the copy holds a table {name} that the file does not"
            for name in copied if name not in counts]


def rescue_hint(path: Path) -> str:
    """The command that saves what can still be read of the damaged file ``path``."""
    import shlex

    path = Path(path)
    rescued = path.with_name(f"{path.stem}-rescued{path.suffix or '.sqlite'}")
    return ("what can still be read can be rescued into a new file with: msmedesk rescue "
            f"{shlex.quote(str(path))} {shlex.quote(str(rescued))}")


_DAMAGE_CODES = {11, 26}  # SQLITE_CORRUPT, SQLITE_NOTADB
_DAMAGE_WORDS = ("malformed", "not a database", "database corrupt", "disk image")


def is_damage_error(exc: BaseException) -> bool:
    """Whether an exception (SQLAlchemy's or sqlite3's) says the data file is damaged.

    The window calls it on the first failure of a query: a damaged file may open fine
    and fail only when a damaged page is read.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, sqlite3.DatabaseError):
            code = getattr(current, "sqlite_errorcode", None)
            if code is not None and (code & 0xFF) in _DAMAGE_CODES:
                return True
            if any(word in str(current).lower() for word in _DAMAGE_WORDS):
                return True
        orig = getattr(current, "orig", None)
        current = orig if isinstance(orig, BaseException) else (current.__cause__
                                                                 or current.__context__)
    return False


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found: problems (the file is not sound) and warnings (it is)."""

    problems: tuple[str, ...]
    # Records that are allowed but usually a slip, such as a convening notice that is not
    # an INF/MSME/CN/… document; one line each, starting "Warning: ".
    warnings: tuple[str, ...] = ()


def check_data_file(path: Path) -> list[str]:
    """One plain line per problem found; an empty list means the file is sound.

    Only reads: running it twice on a sound file finds nothing and changes nothing.
    """
    return list(check_with_warnings(path).problems)


def check_with_warnings(path: Path) -> CheckResult:
    """The problems of ``check_data_file`` and the warnings about allowed but odd records."""
    try:
        state = inspect_file(path)
    except DataFileError as exc:
        return CheckResult((str(exc),))
    if not state.exists:
        return CheckResult((f"There is no data file at {path}.",))
    findings: list[str] = []
    try:
        con = query_only_connection(path)
    except sqlite3.OperationalError as exc:
        if not is_damage_error(exc):
            return CheckResult((f"SQLite cannot open {path}: {exc}.",))
        return CheckResult((f"Damage: SQLite reports {exc}",))
    except sqlite3.DatabaseError as exc:
        return CheckResult((f"Damage: SQLite reports {exc}",))
    unlike = None
    try:
        for (line,) in con.execute("PRAGMA integrity_check"):
            if line != "ok":
                findings.append(f"Damage: {line}")
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check"):
            findings.append(f"Broken reference: {table} row {rowid} points to a missing "
                            f"{parent} record")
        # Every table, index, view and trigger msmedesk did not make, and what it lacks.
        unlike = schema.compare(con, state.schema_version)
    except sqlite3.DatabaseError as exc:
        findings.append(f"Damage: SQLite reports {exc}")
    finally:
        con.close()
    schema_lines = unlike.lines() if unlike else []
    incomplete = unlike is not None and (bool(unlike.missing) or not unlike.has_our_tables)
    if findings or incomplete:
        # Domain rules on a damaged or incomplete file would only repeat the damage in
        # other words (or in SQL).
        return CheckResult(tuple(findings + schema_lines))
    found = _domain_findings(path, state.schema_version)
    return CheckResult(tuple(schema_lines) + found.problems, found.warnings)


def _domain_findings(path: Path, schema_version: int) -> CheckResult:
    # Imported here: the records layer is only needed once the file itself is sound.
    from msmedesk.archive import load_records
    from msmedesk.db import engine as _engine
    from msmedesk.db.reading import migrated_copy_engine, read_engine

    # ``check`` changes nothing: the records are read without a byte written, those of an
    # older schema through a migrated temporary copy (the models are the current ones).
    engine = (migrated_copy_engine(path) if schema_version < _engine.SCHEMA_VERSION
              else read_engine(path))
    findings: list[str] = []
    try:
        with engine.connect() as connection:
            from sqlalchemy.orm import Session

            with Session(connection) as session:
                records = load_records(session)
    except Exception as exc:  # a value the program cannot read back is a finding too
        engine.dispose()
        return CheckResult((f"Unreadable record: {exc}",))
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
    # A file written before this rule (or by hand) may hold such a pair: it still opens,
    # and check names the pair until staff mend it.
    for pair in symbol_rules.shared_documents(records.meetings):
        findings.append(f"Rule broken: {pair.sentence()}; a document belongs to one meeting "
                        "(or to the meetings of one day)")
    # A day may have an open-ended meeting and its thematic session: name the kind then.
    warnings = [f"Warning: T{symbol_rules.meeting_name(m.date, m.kind)[1:]}: {problem}"
                for m in records.meetings for _, problem in symbol_rules.off_series(m)]
    warnings += [f"Warning: The proposal {p.symbol}: {problem}"
                 for p in records.proposals for _, problem in symbol_rules.off_series(p)]
    return CheckResult(tuple(findings), tuple(warnings))
