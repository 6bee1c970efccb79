"""The schema msmedesk makes, and what a data file holds beyond it or lacks of it.

A data file holds msmedesk's tables, indexes and columns and nothing else: a trigger
planted in it would run at the next import (``delete from meetings``), and a file that
carries msmedesk's header but not its tables is not one of ours. ``difference`` compares a
file's ``sqlite_master`` (and the columns of its tables) with what a fresh migration makes;
``check`` lists the difference, and opening a file refuses one that has any
(``refuse_foreign``).

What a fresh migration makes is known two ways. Quickly, from the models' metadata
(tables, columns, named indexes) plus Alembic's own version table: enough for every
sound current file, at no cost. Exactly, by running the Alembic revisions on an empty
in-memory database up to the file's schema version: about half a second, so only for a
file the quick way does not match (an older schema, or a foreign or missing object), so
that nothing is ever called foreign that a migration made. A test keeps the two equal.
"""

from __future__ import annotations

import functools
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from msmedesk.db import header
from msmedesk.db.errors import NotADataFile
from msmedesk.db.reading import read_connection

# The table in which Alembic records the revision (alembic.runtime.migration's default).
ALEMBIC_TABLE = "alembic_version"
ALEMBIC_COLUMN = "version_num"
# SQLite's own objects: the indexes of UNIQUE and PRIMARY KEY constraints (no SQL of their
# own), the AUTOINCREMENT counters and what ANALYZE keeps. Nothing else may use the prefix.
_SQLITE_TABLES = frozenset({"sqlite_sequence", "sqlite_stat1", "sqlite_stat2", "sqlite_stat3",
                            "sqlite_stat4"})
# The order in which objects are named: what acts first (a trigger runs by itself).
_KINDS = ("trigger", "view", "table", "index", "column")


@dataclass(frozen=True, order=True)
class SchemaObject:
    """One object of a file's schema: a table, index, view, trigger, or a table's column."""

    rank: int  # position of ``kind`` in _KINDS, so that sorting names triggers first
    kind: str
    name: str
    table: str  # the table it belongs to (a table's or view's own name for those)

    @classmethod
    def of(cls, kind: str, name: str, table: str) -> SchemaObject:
        """The object of that kind, name and table."""
        rank = _KINDS.index(kind) if kind in _KINDS else len(_KINDS)
        return cls(rank, kind, name, table)

    def words(self) -> str:
        """The object in words: 'the trigger "evil" on the table members'."""
        if self.kind in ("trigger", "index"):
            return f'the {self.kind} "{self.name}" on the table {self.table}'
        if self.kind == "column":
            return f'the column "{self.name}" of the table {self.table}'
        return f'the {self.kind} "{self.name}"'


@dataclass(frozen=True)
class SchemaDifference:
    """What a file holds that msmedesk did not make, and what it lacks of msmedesk's."""

    foreign: tuple[SchemaObject, ...] = ()
    missing: tuple[SchemaObject, ...] = ()
    has_our_tables: bool = True  # False: not one of msmedesk's tables is there

    def __bool__(self) -> bool:
        return bool(self.foreign or self.missing)

    def lines(self) -> list[str]:
        """One plain line per object, for ``check``."""
        if not self.has_our_tables:
            lines = ["Missing: none of msmedesk's tables is in the file, so it holds no "
                     "records of the MSME Group"]
        else:
            lines = [f"Missing: {o.words()}, which every msmedesk data file has"
                     for o in self.missing]
        return lines + [f"Foreign object: {o.words()}, which msmedesk did not make"
                        for o in self.foreign]

    def reason(self) -> str:
        """Why the file is refused, as a clause without its path (no full stop)."""
        if not self.has_our_tables:
            return "it holds none of msmedesk's tables"
        if self.missing:
            more = len(self.missing) - 1
            if not more:
                return f"{self.missing[0].words()} is missing"
            return (f"{self.missing[0].words()} and {more} other part{'s' if more > 1 else ''} "
                    "of msmedesk's schema are missing")
        more = len(self.foreign) - 1
        tail = f", and {more} more such object{'s' if more > 1 else ''}" if more else ""
        return f"it holds {self.foreign[0].words()}, which msmedesk did not make{tail}"


class ForeignSchema(NotADataFile):
    """A file with msmedesk's header whose schema is not (only) msmedesk's; left untouched.

    ``difference`` says what differs; ``check`` lists all of it.
    """

    def __init__(self, path: Path, difference: SchemaDifference) -> None:
        self.path = path
        self.difference = difference
        if difference.missing or not difference.has_our_tables:
            message = (f"{path} is not a complete msmedesk data file ({difference.reason()}), "
                       "so it was left as it was.")
        else:
            message = (f"{path} {difference.reason().removeprefix('it ')}; it was not opened "
                       "and was left as it was (msmedesk check lists what it holds).")
        super().__init__(message)


def objects(con: sqlite3.Connection) -> frozenset[SchemaObject]:
    """Every table, index, view and trigger of ``con``'s main schema, and every column.

    SQLite's own objects (automatic indexes, ``sqlite_sequence``, ``sqlite_stat*``) are
    left out; anything else named ``sqlite_…`` (planted with writable_schema) is kept.
    """
    found: set[SchemaObject] = set()
    tables: list[str] = []
    for kind, name, table, sql in con.execute(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_master"):
        if kind == "index" and sql is None and name.startswith("sqlite_autoindex_"):
            continue
        if kind == "table" and name in _SQLITE_TABLES:
            continue
        found.add(SchemaObject.of(kind, name, table))
        if kind == "table":
            tables.append(name)
    for table in tables:
        # table_xinfo: generated and hidden columns count too.
        for row in con.execute("SELECT name FROM pragma_table_xinfo(?)", (table,)):
            found.add(SchemaObject.of("column", row[0], table))
    return frozenset(found)


@functools.cache
def _from_models() -> frozenset[SchemaObject]:
    # Imported here: the models cost import time, and every caller has loaded them already.
    from msmedesk.db.models import SEARCH_TEXT_SQL, Base

    found = {SchemaObject.of("table", ALEMBIC_TABLE, ALEMBIC_TABLE),
             SchemaObject.of("column", ALEMBIC_COLUMN, ALEMBIC_TABLE)}
    for table in Base.metadata.sorted_tables:
        found.add(SchemaObject.of("table", table.name, table.name))
        found |= {SchemaObject.of("column", column.name, table.name)
                  for column in table.columns}
        found |= {SchemaObject.of("index", str(index.name), table.name)
                  for index in table.indexes}
    # The full-text table is no model: its columns and shadow tables are what SQLite makes
    # of its statement.
    con = sqlite3.connect(":memory:")
    try:
        con.execute(SEARCH_TEXT_SQL)
        found |= objects(con)
    finally:
        con.close()
    return frozenset(found)


@functools.cache
def _from_migrations(version: int, migrations: str) -> frozenset[SchemaObject]:
    # Run the revisions one by one on an empty database; the schema at ``version`` is the
    # one after the last revision that leaves that user_version.
    from alembic import command
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from sqlalchemy import create_engine

    config = Config()
    config.set_main_option("script_location", migrations)
    revisions = [r.revision for r in ScriptDirectory.from_config(config).walk_revisions()]
    engine = create_engine("sqlite://")  # one in-memory database for the whole run
    found = frozenset[SchemaObject]()
    try:
        for revision in reversed(revisions):  # walk_revisions goes from head to base
            with engine.begin() as connection:
                config.attributes["connection"] = connection
                command.upgrade(config, revision)
            with engine.connect() as connection:
                con = connection.connection.dbapi_connection
                assert isinstance(con, sqlite3.Connection)
                reached = con.execute("PRAGMA user_version").fetchone()[0]
                if reached > version:
                    break
                if reached == version:
                    found = objects(con)
    finally:
        engine.dispose()
    return found


def expected(version: int, *, exactly: bool = False) -> frozenset[SchemaObject]:
    """What a fresh migration to schema ``version`` makes (quickly from the models' objects
    written down, ``current_schema``, when it is the current version, unless ``exactly``)."""
    if version == header.SCHEMA_VERSION and not exactly:
        return _current()
    return _from_migrations(version, str(header.MIGRATIONS))


@functools.cache
def _current() -> frozenset[SchemaObject]:
    # The models' objects as tools/write_current_schema.py wrote them (a test compares the
    # two): opening a file of this schema then loads neither SQLAlchemy nor the models.
    from msmedesk.db import current_schema

    if current_schema.SCHEMA_VERSION != header.SCHEMA_VERSION:
        return _from_models()  # (written for another version: the models themselves)
    return frozenset(SchemaObject.of(*o) for o in current_schema.OBJECTS)


def compare(con: sqlite3.Connection, version: int) -> SchemaDifference:
    """How the schema of ``con`` (at schema ``version``) differs from msmedesk's."""
    actual = objects(con)
    if actual == expected(version):
        return SchemaDifference()
    ours = expected(version, exactly=True)
    all_extra, all_lacking = actual - ours, ours - actual
    # A foreign or missing table is named once, not again with each of its columns and
    # indexes.
    odd_tables = {o.name for o in all_extra | all_lacking if o.kind == "table"}
    extra = {o for o in all_extra
             if o.kind not in ("index", "column") or o.table not in odd_tables}
    lacking = {o for o in all_lacking
               if o.kind not in ("index", "column") or o.table not in odd_tables}
    our_tables = {o.name for o in ours if o.kind == "table"} - {ALEMBIC_TABLE}
    present = {o.name for o in actual if o.kind == "table"}
    return SchemaDifference(tuple(sorted(extra)), tuple(sorted(lacking)),
                            has_our_tables=bool(our_tables & present))


def difference(path: Path, version: int | None = None) -> SchemaDifference:
    """How the schema of the data file ``path`` (at schema ``version``, else the one its
    header says) differs from msmedesk's; only reads.

    A file SQLite cannot read gives no difference: the damage checks name it.
    """
    if version is None:
        state = header.inspect_file(Path(path))
        if not state.exists:
            return SchemaDifference()
        version = state.schema_version
    try:
        con = read_connection(Path(path))
    except sqlite3.DatabaseError:
        return SchemaDifference()
    try:
        return compare(con, version)
    except sqlite3.DatabaseError:
        return SchemaDifference()
    finally:
        con.close()


def refuse_foreign(path: Path, version: int | None = None, *,
                   missing_only: bool = False) -> None:
    """Raise :class:`ForeignSchema` when ``path`` holds anything msmedesk did not make or
    lacks anything it did (``missing_only``: only the latter, for readers)."""
    found = difference(path, version)
    if found.missing or not found.has_our_tables or found.foreign and not missing_only:
        raise ForeignSchema(Path(path), found)


def derived(table: str) -> bool:
    """Whether ``table`` holds only what is made from the records (the search index and
    its FTS5 shadow tables): rebuilt, never compared or carried as records."""
    return table.startswith("search_")
