"""Issue 13, item 1: every path reaches SQLite as itself, whatever its characters.

A ``#``, ``?`` or ``%`` in a hand-built ``file:`` URI made SQLite open another file: every
backup of ``Records #2.sqlite`` was an empty database and an empty ``Records `` appeared
beside it; export, report and import failed for ``what?.sqlite`` or ``100%25.sqlite``.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from safety_support import export_json, listing, run_here, sample_file

from msmedesk import app
from msmedesk.db.backups import list_backups
from msmedesk.db.safety import open_for_writing, open_read_only

NAMES = ("Records #2.sqlite", "what?.sqlite", "100%25.sqlite", "a%20b.sqlite",
         "with space.sqlite", "Données été 2025.sqlite", "Записи.sqlite", "x#y?z%.sqlite")
TABLES = ("members", "organizations", "documents", "meetings", "proposals")


def counts(path: Path) -> dict[str, int]:
    """The number of rows of the main tables, read with plain sqlite3 (no URI)."""
    con = sqlite3.connect(path)
    try:
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        con.close()


@pytest.mark.parametrize("name", NAMES)
def test_every_command_works_on_an_odd_name(tmp_path: Path, name: str) -> None:
    office = tmp_path / "office"
    office.mkdir()
    path = office / name
    bk = tmp_path / "bk"

    def ok(*args: str) -> str:
        done = run_here(*args, "--db", str(path))
        assert done.returncode == 0, (args, done.stderr)
        return done.stdout

    ok("sample", "--backup-dir", str(bk))
    sample = counts(path)
    assert sample["members"] > 50
    out = tmp_path / "out"
    out.mkdir()
    ok("export", str(out / "a.json"))
    assert len(json.loads((out / "a.json").read_text(encoding="utf-8"))["members"]) == \
        sample["members"]
    ok("report", "--year", "2024", "--format", "md", "-o", str(out / "r.md"))
    assert "2024" in (out / "r.md").read_text(encoding="utf-8")
    assert ok("check").endswith("is sound.\n")
    ok("backup", str(out / "copy.sqlite"))
    assert counts(out / "copy.sqlite") == sample
    ok("import", str(out / "a.json"), "--backup-dir", str(bk))
    ok("restore", str(out / "copy.sqlite"), "--backup-dir", str(bk))
    assert counts(path) == sample
    # Nothing beside the data file but the data file (no stray "Records ", "what", ...).
    assert listing(office) == [name]
    for backup in list_backups(bk, path):
        assert counts(backup.path) == sample, backup.path.name


def test_the_daily_backup_of_records_2_holds_the_records(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "office" / "Records #2.sqlite")
    with open_for_writing(path, backup_folder=tmp_path / "bk") as opened:
        assert opened.daily_backup is not None
        assert counts(opened.daily_backup) == counts(path)
    assert listing(tmp_path / "office") == ["Records #2.sqlite"]


def test_restore_from_a_backup_named_with_a_hash(tmp_path: Path) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    good = sample_file(tmp_path / "good backup #1.sqlite")
    done = run_here("restore", str(good), "--db", str(path), "--backup-dir", str(tmp_path / "bk"))
    assert done.returncode == 0, done.stderr
    assert export_json(path) == export_json(good)


@pytest.mark.parametrize("name", ("Records #2.sqlite", "what?.sqlite", "100%25.sqlite"))
def test_the_window_opens_an_odd_name(tmp_path: Path, name: str) -> None:
    path = sample_file(tmp_path / name)
    backend = app.connect(path, backup_folder=tmp_path / "bk")
    try:
        assert backend.services.members.total() == counts(path)["members"]
    finally:
        backend.close()
    with open_read_only(path) as opened:
        con = opened.engine.raw_connection()
        try:
            assert con.execute("SELECT count(*) FROM members").fetchone()[0] > 50
        finally:
            con.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["bk", name])
    for backup in list_backups(tmp_path / "bk", path):
        assert counts(backup.path) == counts(path), backup.path.name


def test_sqlite_uri_names_the_file_itself(tmp_path: Path) -> None:
    from msmedesk.db.reading import sqlite_uri

    for name in NAMES + ("//double.sqlite",):
        path = tmp_path / name.lstrip("/")
        sqlite3.connect(path).close()  # a plain file name: SQLite makes exactly this file
        con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            (file,) = [row[2] for row in con.execute("PRAGMA database_list")]
        finally:
            con.close()
        assert file == str(path)
