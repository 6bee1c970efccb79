"""Rescue what can still be read of a damaged data file into a new one (``msmedesk rescue``).

The damaged file is only ever read, through a read-only SQLite connection (immutable when
no ``-wal`` lies beside it; with one, a copy of both is read instead, since immutable mode
ignores a WAL and a read-only one would leave ``-wal``/``-shm`` files beside the file).
Where the ``sqlite3`` shell is installed its ``.recover`` reads it first (into a database in
a private temporary folder); without it, or where it fails, each table is read row by row
in rowid order, stepping over what raises. The rows are put into a migrated copy, records
whose references point at lost rows are taken out (each counted, with the reason), and the
rest go through the archive (``archive.load_records``, ``to_json``, ``import_data``, with all
its checks) into a new data file, built under a temporary name beside OUT and linked into
place only when complete: OUT is never replaced.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import Integer, create_engine
from sqlalchemy.orm import Session

from msmedesk import archive
from msmedesk.db.engine import DataFileError, build_data_file, open_data_file
from msmedesk.db.models import Base
from msmedesk.domain import PartialDate
from msmedesk.records import Services
from msmedesk.salvage import count_rows, open_damaged, read_rows, shell_recover
from msmedesk.salvage import quoted as _q
from msmedesk.validation import ValidationError

__all__ = ["Outcome", "RescueError", "RescueReport", "read_rows", "rescue"]



class RescueError(Exception):
    """A rescue that could not be done; the message is one plain sentence."""


@dataclass(frozen=True)
class Outcome:
    """What came back of one record type: ``saved`` of ``total`` (None: not known)."""

    noun: str
    saved: int
    total: int | None

    def line(self) -> str:
        """ "members: saved 70 of 76" or "members: 70 saved; the damaged file does not …"."""
        if self.total is None:
            return (f"{self.noun}: {self.saved} saved; the damaged file does not say how "
                    "many there were")
        return f"{self.noun}: saved {self.saved} of {self.total}"


@dataclass(frozen=True)
class RescueReport:
    """What a rescue saved and lost, per record type, and why records were left out."""

    out: Path
    method: str
    outcomes: tuple[Outcome, ...]
    reasons: tuple[str, ...]
    unplaced: int = 0

    @property
    def saved(self) -> int:
        """All records saved."""
        return sum(o.saved for o in self.outcomes)

    def lines(self) -> list[str]:
        """The report as the command prints it, one line each."""
        lines = [f"Rescued into {self.out} ({self.method}):"]
        lines += [f"  {o.line()}" for o in self.outcomes]
        if self.reasons:
            lines.append("Left out:")
            lines += [f"  {r}" for r in self.reasons]
        if self.unplaced:
            lines.append(f"  {self.unplaced} rows that SQLite found could not be told apart as "
                         "records of any type and were left out.")
        lines.append("The history of changes is not carried over; the damaged file was not "
                     "changed.")
        return lines


# ---------------------------------------------------------------- what a data file holds


@dataclass(frozen=True)
class _Part:
    """Rows that belong to a record (a meeting's presentations, a proposal's proponents)."""

    table: str
    owner: str | None  # the column naming the owning record's id (None: the one group row)
    refs: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class _Type:
    """A record type as the data file stores it."""

    section: str  # the archive's section ("group": the Group's profile)
    table: str
    noun: str
    label: str  # SQL naming a record in a report (over the table's own columns)
    refs: tuple[tuple[str, str, str], ...] = ()  # (column, table, what it names)
    parts: tuple[_Part, ...] = ()
    dates: tuple[tuple[str, Callable[[str], Any]], ...] = ()


_MEMBER = "a Member"
_ORG = "an organization"
# In dependency order: a record is judged after everything it refers to.
TYPES: tuple[_Type, ...] = (
    _Type("group", "group_profile", "The Group's profile", "name",
          parts=(_Part("coordinators", None),),
          dates=(("established", date.fromisoformat),)),
    _Type("members", "members", "Members", "name",
          dates=(("joined", PartialDate.parse), ("left_date", PartialDate.parse))),
    _Type("organizations", "organizations", "Organizations", "coalesce(acronym, name)",
          dates=(("network_member_since", PartialDate.parse),)),
    _Type("documents", "documents", "Documents", "symbol",
          dates=(("date", date.fromisoformat),)),
    _Type("meetings", "meetings", "Meetings", "date || ' (' || kind || ')'",
          refs=(("convening_notice_id", "documents", "its convening notice"),
                ("summary_document_id", "documents", "its summary report")),
          parts=(_Part("presentations", "meeting_id",
                       (("organization_id", "organizations", f"a presenter's {_ORG[3:]}"),
                        ("member_id", "members", "a presenting Member"))),
                 _Part("spotlights", "meeting_id")),
          dates=(("date", date.fromisoformat),)),
    _Type("proposals", "proposals", "Proposals",
          "coalesce((SELECT symbol FROM documents d WHERE d.id = document_id), "
          "'proposal ' || id)",
          refs=(("document_id", "documents", "its document symbol"),),
          parts=(_Part("proposal_proponents", "proposal_id",
                       (("member_id", "members", f"a proponent ({_MEMBER})"),
                        ("organization_id", "organizations", f"a proponent ({_ORG})"))),
                 _Part("proposal_meetings", "proposal_id",
                       (("meeting_id", "meetings", "a meeting it was discussed at"),))),
          dates=(("submitted", PartialDate.parse),)),
    _Type("outreach", "outreach_events", "Outreach events", "date || ' ' || title",
          parts=(_Part("outreach_partners", "event_id",
                       (("organization_id", "organizations", f"a partner ({_ORG})"),)),),
          dates=(("date", PartialDate.parse), ("end_date", PartialDate.parse))),
    _Type("package_entries", "package_entries", "Package entries",
          "'Annex ' || annex || ', ' || year",
          parts=(_Part("package_entry_members", "entry_id",
                       (("member_id", "members", _MEMBER),)),)),
)


def _columns(table: str) -> list[tuple[str, str, bool]]:
    """(name, SQLite type of its values, may be null) of a table of msmedesk's models."""
    return [(c.name, "integer" if isinstance(c.type, Integer) else "text",
             bool(c.nullable) and not c.primary_key)
            for c in Base.metadata.tables[table].columns]


# ---------------------------------------------------------------- the recovered copy


@dataclass
class _Losses:
    """Records left out, per archive section: (reason, label) each, in the order found."""

    by_section: dict[str, list[tuple[str, str]]] = field(default_factory=dict)

    def add(self, section: str, reason: str, label: Any) -> None:
        self.by_section.setdefault(section, []).append((reason, str(label)))

    def lines(self) -> list[str]:
        nouns = {k.section: k.noun for k in TYPES}
        out = []
        for section, items in self.by_section.items():
            grouped: dict[str, list[str]] = {}
            for reason, label in items:
                grouped.setdefault(reason, []).append(label)
            for reason, labels in grouped.items():
                shown = "; ".join(labels[:5]) + (f"; and {len(labels) - 5} more"
                                                 if len(labels) > 5 else "")
                out.append(f"{nouns.get(section, section)}: {len(labels)} left out, "
                           f"{reason} ({shown}).")
        return out


def _fill(copy: sqlite3.Connection, source: sqlite3.Connection, losses: _Losses) -> None:
    """Copy what still reads of each record type into ``copy``, then take out the records
    that cannot come back whole: those whose values or parts could not be stored, whose
    dates do not read, or that name a record that was lost (judged in dependency order,
    so a meeting lost takes the proposals discussed at it along)."""
    for kind in TYPES:
        doomed: dict[int, str] = {}
        for table in (kind.table, *(p.table for p in kind.parts)):
            _copy_table(copy, source, kind, table, losses, doomed)
        ids = f"SELECT id FROM {_q(kind.table)}"
        for part in kind.parts:
            if part.owner is None:
                continue
            for col, target, what in part.refs:
                for (owner,) in copy.execute(
                        f"SELECT DISTINCT {_q(part.owner)} FROM {_q(part.table)} WHERE "
                        f"{_q(col)} IS NOT NULL AND {_q(col)} NOT IN "
                        f"(SELECT id FROM {_q(target)})"):
                    doomed.setdefault(owner, f"{what} was lost")
        for col, target, what in kind.refs:
            for (rid,) in copy.execute(
                    f"SELECT id FROM {_q(kind.table)} WHERE {_q(col)} IS NOT NULL AND "
                    f"{_q(col)} NOT IN (SELECT id FROM {_q(target)})"):
                doomed.setdefault(rid, f"{what} was lost")
        for col, parse in kind.dates:
            for rid, value in copy.execute(f"SELECT id, {_q(col)} FROM {_q(kind.table)} "
                                           f"WHERE {_q(col)} IS NOT NULL"):
                try:
                    parse(value)
                except (TypeError, ValueError):
                    doomed.setdefault(rid, "its date could not be read")
        for rid, reason in doomed.items():
            row = copy.execute(f"SELECT {kind.label} FROM {_q(kind.table)} WHERE id = ?",
                               (rid,)).fetchone()
            if row is None:
                continue  # its own row was lost too (counted as not saved)
            losses.add(kind.section, reason, row[0] if row[0] is not None else f"#{rid}")
            copy.execute(f"DELETE FROM {_q(kind.table)} WHERE id = ?", (rid,))
        for part in kind.parts:  # parts of records lost or never read
            where = (f"{_q(part.owner)} NOT IN ({ids})" if part.owner
                     else f"NOT EXISTS ({ids})")
            copy.execute(f"DELETE FROM {_q(part.table)} WHERE {where}")


def _copy_table(copy: sqlite3.Connection, source: sqlite3.Connection, kind: _Type, table: str,
                losses: _Losses, doomed: dict[int, str]) -> None:
    spec = _columns(table)
    try:
        have = {r[1] for r in source.execute(f"PRAGMA table_info({_q(table)})")}
    except sqlite3.DatabaseError:
        have = set()
    columns = [c for c, _kind, _null in spec if c in have] or [c for c, _k, _n in spec]
    rows, _broken = read_rows(source, table, columns)
    owner = next((p.owner for p in kind.parts if p.table == table), None)
    own = table == kind.table
    insert = (f"INSERT INTO {_q(table)} ({', '.join(_q(c) for c in columns)}) "
              f"VALUES ({', '.join('?' * len(columns))})")
    for row in rows:
        values = dict(zip(columns, row[1:], strict=True))
        fits = all(_fits(values.get(c), sort, null) for c, sort, null in spec if c in values)
        try:
            if not fits:
                raise sqlite3.IntegrityError("garbled")
            copy.execute(insert, row[1:])
        except sqlite3.Error:
            if own:
                label = copy.execute(f"SELECT {kind.label} FROM (SELECT "
                                     + ", ".join(f"? AS {_q(c)}" for c in columns) + ")",
                                     row[1:]).fetchone()[0] if fits else None
                losses.add(kind.section, "its values are garbled or break msmedesk's rules",
                           label or f"#{values.get('id', row[0])}")
            elif owner is not None and isinstance(values.get(owner), int):
                doomed.setdefault(values[owner], "some of its parts are garbled")


def _fits(value: Any, sort: str, nullable: bool) -> bool:
    # A value of the kind its column holds; a damaged page can yield bytes or numbers
    # where text belongs, which the archive's checks would otherwise trip over.
    if value is None:
        return nullable
    if sort == "integer":
        return isinstance(value, int)
    return isinstance(value, str)


# ---------------------------------------------------------------- the rescue


def rescue(damaged: Path, out: Path) -> RescueReport:
    """Rescue what can be read of ``damaged`` into a new data file at ``out``.

    Raises RescueError (one sentence) when OUT exists, DAMAGED is missing, or nothing at
    all could be read; ``damaged`` is never written to.
    """
    damaged, out = Path(damaged), Path(out)
    _refuse_existing(out)
    if not damaged.is_file():
        raise RescueError(f"There is no data file at {damaged}." if not damaged.exists()
                          else f"{damaged} is not a file.")
    if damaged.resolve() == out.resolve():
        raise RescueError("The rescued file must be a new file, not the damaged one.")
    with tempfile.TemporaryDirectory(prefix="msmedesk-rescue-") as work:
        workdir = Path(work)
        source, uri = open_damaged(damaged, workdir)
        try:
            totals = {k.section: count_rows(source, k.table) for k in TYPES}
            shell = shutil.which("sqlite3")
            salvage = shell_recover(shell, uri, workdir) if shell else None
            method = ("with the sqlite3 shell's .recover" if salvage is not None
                      else "table by table and row by row")
            losses = _Losses()
            data, unplaced = _recovered_archive(salvage or source, workdir, losses)
            if salvage is not None:
                salvage.close()
        finally:
            source.close()
    if not any(data.get(k.section) for k in TYPES):
        raise RescueError(f"Nothing could be read from {damaged}; no file was written.")
    saved = _write_new_file(out, data, losses)
    outcomes = tuple(Outcome(k.noun, saved.get(k.section, 0), totals[k.section])
                     # (a file without a Group profile has none to report)
                     for k in TYPES if k.section != "group" or totals["group"] != 0
                     or saved.get("group"))
    return RescueReport(out=out, method=method, outcomes=outcomes,
                        reasons=tuple(losses.lines()), unplaced=unplaced)


def _refuse_existing(out: Path) -> None:
    if os.path.lexists(out):
        raise RescueError(f"{out} already exists; the rescue writes a new file only, so "
                          "choose a name that is not taken.")


def _recovered_archive(source: sqlite3.Connection, workdir: Path, losses: _Losses
                       ) -> tuple[dict[str, Any], int]:
    """The archive dictionary of what reads, and the rows SQLite could not place."""
    path = workdir / "recovered.sqlite"
    open_data_file(path).dispose()  # msmedesk's own tables, whatever the damaged file kept
    copy = sqlite3.connect(path, isolation_level=None)
    try:
        copy.execute("PRAGMA foreign_keys = OFF")  # references are judged by _fill
        copy.execute("BEGIN")
        _fill(copy, source, losses)
        copy.execute("COMMIT")
    finally:
        copy.close()
    try:
        unplaced = int(source.execute("SELECT count(*) FROM lost_and_found").fetchone()[0])
    except sqlite3.DatabaseError:
        unplaced = 0
    engine = create_engine("sqlite://", creator=lambda: sqlite3.connect(path))
    try:
        with Session(engine) as session:
            return archive.to_json(archive.load_records(session)), unplaced
    finally:
        engine.dispose()


_WHERE = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\]")


def _import_what_passes(services: Any, data: dict[str, Any], losses: _Losses
                        ) -> dict[str, int]:
    """Import ``data``; a record the archive's checks refuse is left out (and counted
    with the reason) and the rest is tried again, until the import goes through."""
    while True:
        try:
            result = archive.import_data(services, data)
        except (archive.ArchiveError, ValidationError) as exc:
            refused: dict[tuple[str, int], str] = {}
            for error in exc.errors:
                match = _WHERE.match(error.record or "")
                if error.record == "group" or (error.record or "").startswith("group."):
                    refused.setdefault(("group", 0), f"{error.field}: {error.message}")
                elif match and match["section"] in data:
                    refused.setdefault((match["section"], int(match["index"])),
                                       f"{error.field}: {error.message}".lstrip(": "))
            if not refused:
                raise RescueError(f"The rescued records could not be written: {exc}") from None
            for (section, index), reason in sorted(refused.items(), reverse=True):
                if section == "group":
                    losses.add("group", f"the archive's checks refused it ({reason})",
                               data["group"].get("name"))
                    data.pop("group")
                    continue
                record = data[section].pop(index)
                losses.add(section, f"the archive's checks refused it ({reason})",
                           _label(section, record))
            continue
        counts = dict(result.added)
        counts["group"] = 1 if data.get("group") else 0
        return counts


def _label(section: str, record: dict[str, Any]) -> str:
    keys = {"members": "name", "organizations": "name", "documents": "symbol",
            "meetings": "date", "proposals": "symbol", "outreach": "title"}
    value = record.get(keys.get(section, ""))
    if section == "package_entries":
        value = f"Annex {record.get('annex')}, {record.get('year')}"
    return str(value)


def _write_new_file(out: Path, data: dict[str, Any], losses: _Losses) -> dict[str, int]:
    """Build the new data file as every new data file is built (``build_data_file``: under a
    hidden name, then linked into place, never over a file that appeared meanwhile)."""
    try:
        saved = build_data_file(
            out, lambda engine: _import_what_passes(Services(engine), data, losses))
    except DataFileError as exc:
        if out.exists():
            raise RescueError(f"{out} appeared while the rescue ran; it was left as it is and "
                              "nothing was written.") from None
        raise RescueError(f"Cannot write the rescued file {out}: "
                          f"{str(exc).rstrip('.')}.") from None
    except OSError as exc:
        raise RescueError(f"Cannot write {out}: {(exc.strerror or str(exc)).lower()}.") from None
    assert saved is not None  # build_data_file hands back what the import returned
    return saved
