"""A large import on a PostgreSQL server: the search index's indexes set aside and built
once from the finished rows, inside the import's transaction.

A server keeps the search index (``search_text`` with pg_trgm's GIN index, ``search_words``
with two b-trees) up to date row by row as COPY writes them: for the large benchmark archive
(136,000 records, a million texts, 2.8 million word starts) that upkeep was most of the
server's time. Built once from the loaded rows it costs about half. The drops and the
builds are in the import's one transaction (PostgreSQL's DDL is transactional): a refused
or cancelled import leaves the indexes as they were.

Only where it pays and is allowed: an import that adds more records than the database
holds (the same measure as a file's bulk load: moving an office's records onto a new
server), by a role that owns the tables (an editor who may only write rows keeps the
row-by-row upkeep). Dropping an index locks its table until the import's end, so another
desk's search or save waits for it (the history, which the other desks' windows read to
follow changes, keeps its indexes and is not locked). The record tables are held in SHARE
mode first (as the import's last check holds them anyway), so that a desk's save already
under way finishes before the indexes go and no desk waits on the import while the import
waits on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

# The tables whose indexes an import's rows maintain the most: a million texts and 2.8
# million word starts for 136,000 records.
SET_ASIDE = ("search_text", "search_words")
# Memory for building those indexes (the server's default, 64 MB, sorts 2.8 million word
# starts in temporary files); for this transaction only.
_BUILD_MEMORY = "256MB"

# Each index of the tables with, for one that backs a constraint (a primary key), the
# constraint: (table, index, its CREATE INDEX, constraint or NULL, its definition).
_INDEXES = """
SELECT t.relname, x.relname, pg_get_indexdef(i.indexrelid), c.conname,
       pg_get_constraintdef(c.oid)
FROM pg_index i
JOIN pg_class t ON t.oid = i.indrelid
JOIN pg_class x ON x.oid = i.indexrelid
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
WHERE t.relnamespace = current_schema()::regnamespace AND t.relname = ANY(CAST(:tables AS text[]))
  AND pg_has_role(t.relowner, 'USAGE')
ORDER BY t.relname, x.relname
"""
# Whether the role owns every one of the tables (else it may not drop their indexes), and
# whether no other table's foreign key needs one of their keys.
_MAY = """
SELECT count(*) = cardinality(CAST(:tables AS text[]))
       AND bool_and(pg_has_role(t.relowner, 'USAGE'))
       AND NOT bool_or(EXISTS (SELECT 1 FROM pg_constraint f
                               WHERE f.contype = 'f' AND f.confrelid = t.oid))
FROM pg_class t
WHERE t.relnamespace = current_schema()::regnamespace
  AND t.relname = ANY(CAST(:tables AS text[])) AND t.relkind IN ('r', 'p')
"""


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def indexes_set_aside(session: Session, large: bool, hold: Sequence[Any]) -> Iterator[bool]:
    """Inside: the set-aside tables without their indexes (True), when the import is
    ``large`` on a server whose tables the role owns; ``hold``: the record tables (ORM
    classes) held in SHARE mode first. The indexes are built again at the end."""
    tables = list(SET_ASIDE)
    if not large or session.get_bind().dialect.name != "postgresql" or not session.execute(
            text(_MAY), {"tables": tables}).scalar():
        yield False
        return
    names = ", ".join(_quoted(t.__tablename__) for t in hold)
    session.execute(text(f"LOCK TABLE {names} IN SHARE MODE"))
    found = session.execute(text(_INDEXES), {"tables": tables}).all()
    for table, index, _create, constraint, _definition in found:
        if constraint:
            session.execute(text(f"ALTER TABLE {_quoted(table)} DROP CONSTRAINT "
                                 f"{_quoted(constraint)}"))
        else:
            session.execute(text(f"DROP INDEX {_quoted(index)}"))
    yield True
    session.execute(text(f"SET LOCAL maintenance_work_mem = '{_BUILD_MEMORY}'"))
    for table, _index, create, constraint, definition in found:
        if constraint:
            session.execute(text(f"ALTER TABLE {_quoted(table)} ADD CONSTRAINT "
                                 f"{_quoted(constraint)} {definition}"))
        else:
            session.execute(text(create))


def copy_rows(session: Session, table: Any, columns: tuple[str, ...],
              rows: list[tuple[Any, ...]]) -> bool:
    """``rows`` (tuples of ``columns``) written into ``table`` (an ORM class) by one COPY on
    a server's psycopg connection; False (nothing written) anywhere else."""
    connection = session.connection()
    if not rows or connection.dialect.driver != "psycopg":
        return False
    driver = connection.connection.driver_connection
    assert driver is not None  # (an open connection has its psycopg connection)
    names = ", ".join(f'"{c}"' for c in columns)  # ("before" is a word of SQL's)
    sql = f"COPY {table.__tablename__} ({names}) FROM STDIN"
    with driver.cursor() as cursor, cursor.copy(sql) as stream:
        for row in rows:
            stream.write_row(row)
    return True
