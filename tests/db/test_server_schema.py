"""The Alembic revisions on PostgreSQL: the same schema as on a file, the same CHECKs."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from msmedesk.db import header
from msmedesk.db.migrations.portable import glob_regex
from msmedesk.db.models import Base
from tests import pg

# Every GLOB pattern the revisions and models use, and values on either side of each.
PATTERNS = ["[12][0-9][0-9][0-9]", "[12][0-9][0-9][0-9]-[01][0-9]",
            "[12][0-9][0-9][0-9]-[01][0-9]-[0-3][0-9]", "?*@?*.?*", "*[ ,;]*", "*[ ;]*"]
VALUES = ["2024", "2024-06", "2024-06-27", "3024", "2024-6", "2024-06-27x", "x2024", "",
          "a@b.c", "@b.c", "a@b", "a b@c.d", "WT/MSME/W/1", "WT/MSME;1", "a,b", "ab",
          "2024\n", "A@B.CD.EF", "[12]", "a.b"]


def test_glob_patterns_match_on_postgresql_exactly_as_on_sqlite(pg_cluster: pg.PgCluster) -> None:
    con = sqlite3.connect(":memory:")
    for pattern in PATTERNS:
        regex = glob_regex(pattern)
        for value in VALUES:
            on_file = bool(con.execute("SELECT ? GLOB ?", (value, pattern)).fetchone()[0])
            on_server = pg_cluster.sql("SELECT %s ~ %s", params=(value, regex))[0][0]
            assert on_server == on_file, (pattern, value)


def test_a_server_database_gets_every_table_and_column_of_the_models(server_url: str) -> None:
    engine = pg.engine_for(server_url)
    try:
        found = inspect(engine)
        tables = set(found.get_table_names())
        for table in Base.metadata.sorted_tables:
            assert table.name in tables
            columns = {c["name"] for c in found.get_columns(table.name)}
            assert columns == {c.name for c in table.columns}, table.name
        assert "search_text" in tables
        with engine.connect() as con:
            assert con.execute(text("SELECT version_num FROM alembic_version")).all() == [
                (f"{header.SCHEMA_VERSION:04d}",)]
    finally:
        engine.dispose()


def test_search_text_on_a_server_has_a_trigram_index(server_url: str,
                                                     pg_cluster: pg.PgCluster) -> None:
    name = server_url.split("/")[3].split("?")[0]
    extensions = {e for (e,) in pg_cluster.sql("SELECT extname FROM pg_extension", name)}
    assert {"pg_trgm", "unaccent"} <= extensions
    indexes = pg_cluster.sql("SELECT indexdef FROM pg_indexes WHERE tablename = 'search_text'",
                             name)
    assert any("gin_trgm_ops" in d for (d,) in indexes)


@pytest.mark.parametrize(("joined", "kept"), [("2024-06", True), ("2024-06-27", True),
                                              ("2024-6", False), ("June 2024", False)])
def test_a_partial_dates_check_holds_on_both(location: str | Path, joined: str,
                                             kept: bool) -> None:
    engine = pg.engine_for(location)
    insert = text("INSERT INTO members (name, list_name, sort_name, prose_name, sort_key, "
                  "counts_as, joined, notes) VALUES ('Peru', 'Peru', 'Peru', 'Peru', 'peru', "
                  "1, :joined, '')")
    try:
        if kept:
            with engine.begin() as con:
                con.execute(insert, {"joined": joined})
        else:
            with pytest.raises(IntegrityError), engine.begin() as con:
                con.execute(insert, {"joined": joined})
        with engine.connect() as con:
            count = con.execute(text("SELECT count(*) FROM members")).scalar()
        assert count == (1 if kept else 0)
    finally:
        engine.dispose()


@pytest.mark.parametrize(("email", "kept"), [("ana@example.org", True), ("", True),
                                             ("ana example.org", False),
                                             ("ana@example", False), ("a b@c.d", False)])
def test_a_contacts_email_check_holds_on_both(location: str | Path, email: str,
                                              kept: bool) -> None:
    engine = pg.engine_for(location)
    try:
        with engine.begin() as con:
            con.execute(text("INSERT INTO members (id, name, list_name, sort_name, prose_name, "
                             "sort_key, counts_as, notes) VALUES (1, 'Peru', 'Peru', 'Peru', "
                             "'Peru', 'peru', 1, '')"))
        insert = text("INSERT INTO contacts (name, title, member_id, email, phone, role, "
                      "notes) VALUES ('Ana', '', 1, :email, '', 'delegate', '')")
        if kept:
            with engine.begin() as con:
                con.execute(insert, {"email": email})
        else:
            with pytest.raises(IntegrityError), engine.begin() as con:
                con.execute(insert, {"email": email})
    finally:
        engine.dispose()
