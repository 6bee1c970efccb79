"""``msmedesk check``: SQLite's own checks of the data file, then the Group's rules over its
records (a rule broken is a problem; an allowed but odd record is a warning).

Above db/: it reads the records the way the archive does and asks ``validation`` and
``symbol_rules``, which the database layer never imports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from msmedesk import symbol_rules, validation
from msmedesk.archive import SECTIONS, load_records
from msmedesk.db import header
from msmedesk.db.files import migrated_copy_engine
from msmedesk.db.health import sqlite_check
from msmedesk.db.reading import read_engine
from msmedesk.records.history import entry_problems
from msmedesk.records.search_state import index_marked
from msmedesk.registry import by_section
from msmedesk.validation.saved_searches import saved_search_problems


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
    sqlite = sqlite_check(path)
    if not sqlite.rules_apply:
        return CheckResult(sqlite.problems)
    found = _domain_findings(path, sqlite.schema_version)
    return CheckResult(sqlite.problems + found.problems, found.warnings)


def _domain_findings(path: Path, schema_version: int) -> CheckResult:
    # ``check`` changes nothing: the records are read without a byte written, those of an
    # older schema through a migrated temporary copy (the models are the current ones).
    engine = (migrated_copy_engine(path) if schema_version < header.SCHEMA_VERSION
              else read_engine(path))
    try:
        return check_engine(engine)
    finally:
        engine.dispose()


def check_engine(engine: Engine) -> CheckResult:
    """The Group's rules over the records ``engine`` reads (a data file's, or a server's,
    whose storage the server itself keeps sound); only reads."""
    findings: list[str] = []
    try:
        with engine.connect() as connection:
            with Session(connection) as session:
                records = load_records(session)
                # The history is the office's memory too: an entry that does not read back.
                history_found = entry_problems(session)
                rebuilding = index_marked(session)
    except Exception as exc:  # a value the program cannot read back is a finding too
        return CheckResult((f"Unreadable record: {exc}",))
    for section in SECTIONS:
        findings += _broken(by_section(section).key, section, records.section(section))
    findings += history_found
    # A saved search kept by an older program (or by hand) may name a field this one does
    # not know: it still opens, and check names it so that staff change it.
    for i, saved in enumerate(records.saved):
        taken = [s.name for s in records.saved[:i] if s.scope == saved.scope]
        findings += [f"Rule broken: {error}" for error in saved_search_problems(
            saved.name, saved.scope, saved.query, taken, f"saved_searches[{i}]")]
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
    if rebuilding:  # (sound: the records are all there; only search waits for them)
        warnings.append("Note: the search index is being rebuilt after a large import; "
                        "search says so until it is done (opening the file in the window, "
                        "or `msmedesk find`, completes it).")
    return CheckResult(tuple(findings), tuple(warnings))


def _broken(key: str, section: str, items: Sequence[object]) -> list[str]:
    """One "Rule broken" line per rule a record of ``section`` (registry key ``key``) breaks."""
    return [f"Rule broken: {error}" for i, item in enumerate(items)
            for error in validation.check(key, item, f"{section}[{i}]")]
