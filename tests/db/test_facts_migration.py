"""Revision 0003 (the report's facts) on a file of revision 0002 holding outreach events with
partners: every row stays, the new columns start empty, and the downgrade keeps the rows."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from alembic import command
from alembic.config import Config

from msmedesk.db import header
from msmedesk.db.engine import make_engine
from msmedesk.db.files import migrate


def _file_of_0002(path: Path) -> None:
    engine = make_engine(path)
    try:
        migrate(engine, "0002")
    finally:
        engine.dispose()
    con = sqlite3.connect(path)
    try:
        con.execute("INSERT INTO organizations (id, name, acronym) VALUES (1, 'ITC Name', 'ITC')")
        con.execute("INSERT INTO documents (id, symbol, title, kind) "
                    "VALUES (1, 'WT/MIN(24)/9', 'Report', 'ministerial')")
        con.execute("INSERT INTO group_profile (id, name, short_name, established_at) "
                    "VALUES (1, 'Informal Working Group on MSMEs', 'MSME Group', '')")
        con.executemany("INSERT INTO outreach_events (id, date, kind, title, summary) "
                        "VALUES (?, ?, ?, ?, ?)",
                        [(1, "2024-05", "speaking-engagement", "Forum", "Spoke."),
                         (2, "2024-02", "joint-event", "Launch", "")])
        con.executemany("INSERT INTO outreach_partners (event_id, organization_id, position) "
                        "VALUES (?, 1, 0)", [(1,), (2,)])
        con.commit()
    finally:
        con.close()


def _query(path: Path, sql: str) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_upgrading_a_0002_file_keeps_events_and_their_partners(tmp_path: Path) -> None:
    path = tmp_path / "records.sqlite"
    _file_of_0002(path)
    engine = make_engine(path)
    try:
        migrate(engine, "0003")
    finally:
        engine.dispose()
    assert _query(path, "SELECT event_id, organization_id FROM outreach_partners "
                        "ORDER BY event_id") == [(1, 1), (2, 1)]
    assert _query(path, "SELECT id, kind, title, summary, role, position, place "
                        "FROM outreach_events ORDER BY id") == [
        (1, "speaking-engagement", "Forum", "Spoke.", "", None, ""),
        (2, "joint-event", "Launch", "", "", None, "")]
    assert _query(path, "SELECT short_name FROM organizations") == [(None,)]
    assert _query(path, "SELECT about FROM documents") == [("",)]
    assert _query(path, "SELECT founders FROM group_profile") == [("",)]
    assert _query(path, "SELECT count(*) FROM annexes") == [(0,)]
    assert _query(path, "PRAGMA user_version") == [(3,)]
    # The new kind and roles are allowed by the file's own CHECKs now.
    con = sqlite3.connect(path)
    try:
        con.execute("UPDATE outreach_events SET kind = 'publication' WHERE id = 2")
        con.execute("UPDATE outreach_events SET role = 'moderated', position = 1 WHERE id = 1")
        con.commit()
    finally:
        con.close()

    config = Config()
    config.set_main_option("script_location", str(header.MIGRATIONS))
    engine = make_engine(path)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.downgrade(config, "0002")
    finally:
        engine.dispose()
    # Down again: the rows and partners stay; a publication becomes "other".
    assert _query(path, "SELECT id, kind, title FROM outreach_events ORDER BY id") == [
        (1, "speaking-engagement", "Forum"), (2, "other", "Launch")]
    assert _query(path, "SELECT count(*) FROM outreach_partners") == [(2,)]
    assert _query(path, "PRAGMA user_version") == [(2,)]
