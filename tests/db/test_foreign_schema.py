"""A data file holds msmedesk's schema and nothing else (issue 13, items 3 and 7).

A trigger planted in a data file passed ``check`` and deleted every meeting at the next
import; a file with msmedesk's header and no tables was switched to WAL by every command.
Now ``check`` lists what msmedesk did not make, opening for changes refuses it, every
command and the window refuse a file without msmedesk's tables without changing a byte,
and ``restore`` refuses such a backup.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from safety_support import (
    cli_in_process,
    digest,
    export_json,
    listing,
    newer_program,
    sample_file,
)

from msmedesk import app as desk
from msmedesk import archive
from msmedesk.checks import check_with_warnings
from msmedesk.db import header
from msmedesk.db.backups import make_backup, restore
from msmedesk.db.engine import DataFileError, open_data_file
from msmedesk.db.safety import open_for_reading, open_for_writing, open_read_only

from msmedesk.ui.backend import ActionFailed

EVIL = "CREATE TRIGGER evil AFTER INSERT ON members BEGIN DELETE FROM meetings; END"
PLANTED = {
    "evil": EVIL,
    "shadow": "CREATE VIEW shadow AS SELECT name FROM members",
    "stash": "CREATE TABLE stash (x)",
    "ix_planted": "CREATE INDEX ix_planted ON meetings (kind)",
    "sneaky": "ALTER TABLE members ADD COLUMN sneaky TEXT",
}


def _execute(path: Path, *statements: str) -> None:
    con = sqlite3.connect(path)
    try:
        for statement in statements:
            con.execute(statement)
        con.commit()
    finally:
        con.close()


def _meetings(path: Path) -> int:
    # Read-write: a read-only connection would leave -wal and -shm behind.
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM meetings").fetchone()[0]
    finally:
        con.close()


def _planted(tmp_path: Path, *statements: str) -> Path:
    path = sample_file(tmp_path / "office" / "planted.sqlite")
    _execute(path, *statements)
    return path


def _without_tables(path: Path) -> Path:
    """msmedesk's header (application id, user_version 1) and no schema at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    _execute(path, f"PRAGMA application_id = {header.APPLICATION_ID}",
             f"PRAGMA user_version = {header.SCHEMA_VERSION}",
             "CREATE TABLE t (x)", "DROP TABLE t")
    return path


def _partial(path: Path) -> Path:
    """A sample file that lost a table and an index."""
    sample_file(path)
    _execute(path, "DROP TABLE spotlights", "DROP INDEX ix_members_joined")
    return path


def _assert_plain(message: str) -> None:
    """One sentence, no SQL, no web address."""
    assert message.count("\n") <= 1 and "Traceback" not in message
    for word in ("http", "sqlalche", "SELECT", "no such table", "[SQL", "(sqlite3"):
        assert word not in message


# ---------------------------------------------------------------- check lists them


def test_check_lists_every_object_msmedesk_did_not_make(tmp_path: Path, capsys) -> None:
    path = _planted(tmp_path, *PLANTED.values())
    before = digest(path)
    code, out, err = cli_in_process(capsys, "check", "--db", str(path))
    assert code == 1
    for name in PLANTED:
        assert f'"{name}"' in out
    lines = [line for line in out.splitlines() if "msmedesk did not make" in line]
    assert len(lines) == len(PLANTED)
    assert lines[0].startswith('Foreign object: the trigger "evil"')  # what acts, first
    assert "is sound" not in out
    assert digest(path) == before


def test_check_names_what_a_partial_file_lacks_in_plain_lines(tmp_path: Path, capsys) -> None:
    path = _partial(tmp_path / "partial.sqlite")
    code, out, err = cli_in_process(capsys, "check", "--db", str(path))
    assert code == 1
    assert 'Missing: the table "spotlights"' in out
    assert 'Missing: the index "ix_members_joined" on the table members' in out
    # The domain rules do not run on it (they said it in SQL with a web address).
    _assert_plain(out.split("\n", 2)[-1])
    assert "http" not in out and "Unreadable" not in out


# ---------------------------------------------------------------- opening for changes


def test_a_planted_trigger_is_refused_and_deletes_nothing(tmp_path: Path, capsys) -> None:
    path = _planted(tmp_path, EVIL)
    folder = path.parent
    before, names = digest(path), listing(folder)
    assert _meetings(path) == 4
    code, out, err = cli_in_process(capsys, "import", str(archive.sample_path()),
                                    "--db", str(path))
    assert code == 1
    assert 'holds the trigger "evil" on the table members, which msmedesk did not make' in err
    assert "left as it was" in err
    _assert_plain(err)
    assert _meetings(path) == 4
    assert digest(path) == before and listing(folder) == names  # no backup, lock or -wal
    with pytest.raises(DataFileError, match='"evil"'):
        open_for_writing(path)
    with pytest.raises(ActionFailed, match='"evil"'):
        desk.connect(path)
    assert digest(path) == before and listing(folder) == names


@pytest.mark.parametrize("name", list(PLANTED))
def test_each_kind_of_foreign_object_is_refused_for_changes(tmp_path: Path, name: str) -> None:
    path = _planted(tmp_path, PLANTED[name])
    before = digest(path)
    with pytest.raises(DataFileError, match=f'"{name}"'):
        open_for_writing(path).close()
    assert digest(path) == before


# ---------------------------------------------------------------- no schema: every command


COMMANDS = {
    "export": lambda tmp: ["export", str(tmp / "out.json")],
    "report": lambda tmp: ["report", "--year", "2024", "-o", str(tmp / "out.docx")],
    "import": lambda tmp: ["import", str(archive.sample_path())],
    "sample": lambda tmp: ["sample"],
    "check": lambda tmp: ["check"],
    "backup": lambda tmp: ["backup", str(tmp / "copy.sqlite")],
}


@pytest.mark.parametrize("make", [_without_tables, _partial], ids=["no tables", "partial"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_a_file_without_our_schema_is_refused_by_every_command_untouched(
        tmp_path: Path, capsys, command: str, make) -> None:
    path = make(tmp_path / "office" / "hollow.sqlite")
    first_page = path.read_bytes()[:100]
    before, names = digest(path), listing(path.parent)
    code, out, err = cli_in_process(capsys, *COMMANDS[command](tmp_path), "--db", str(path))
    assert code == 1
    assert digest(path) == before
    assert listing(path.parent) == names  # no -wal, -shm, lock or backup folder
    # Not switched to WAL: the header's write and read versions (bytes 18-19) and the rest.
    assert path.read_bytes()[:100] == first_page
    assert not (tmp_path / "out.json").exists() and not (tmp_path / "copy.sqlite").exists()
    said = out if command == "check" else err
    assert "msmedesk" in said and ("Missing" in said or "not a complete" in said)
    _assert_plain(err)
    if command != "check":
        assert err.startswith("msmedesk: ") and err.count("\n") == 1


@pytest.mark.parametrize("make", [_without_tables, _partial], ids=["no tables", "partial"])
def test_the_window_and_readers_refuse_a_file_without_our_schema_untouched(
        tmp_path: Path, make) -> None:
    path = make(tmp_path / "office" / "hollow.sqlite")
    before, names = digest(path), listing(path.parent)
    for opener in (lambda: desk.connect(path), lambda: desk.connect(path, read_only=True)):
        with pytest.raises(ActionFailed, match="not a complete msmedesk data file") as info:
            opener()
        _assert_plain(str(info.value))
    for open_it in (open_read_only, open_for_reading, open_for_writing):
        with pytest.raises(DataFileError, match="left as it was"):
            open_it(path)
    assert digest(path) == before and listing(path.parent) == names


# ---------------------------------------------------------------- restore


@pytest.mark.parametrize("kind", ["trigger", "no tables"])
def test_restore_refuses_a_backup_that_is_not_only_ours(tmp_path: Path, capsys,
                                                        kind: str) -> None:
    path = sample_file(tmp_path / "office" / "records.sqlite")
    if kind == "trigger":
        bad = _planted(tmp_path / "elsewhere", EVIL)
    else:
        bad = _without_tables(tmp_path / "elsewhere" / "hollow.sqlite")
    before, records = digest(path), export_json(path)
    with pytest.raises(DataFileError, match="not a sound msmedesk backup"):
        restore(bad, path, tmp_path / "bk")
    code, out, err = cli_in_process(capsys, "restore", str(bad), "--db", str(path),
                                    "--backup-dir", str(tmp_path / "bk"))
    assert code == 1 and "nothing was changed" in err
    assert ('"evil"' in err) if kind == "trigger" else ("none of msmedesk's tables" in err)
    _assert_plain(err)
    assert digest(path) == before and export_json(path) == records
    # A sound backup still goes back.
    backup = make_backup(path, "manual", tmp_path / "bk")
    _execute(path, "DELETE FROM spotlights")
    restore(backup, path, tmp_path / "bk")
    assert export_json(path) == records


# ---------------------------------------------------------------- where "ours" comes from


def test_the_quick_expected_schema_is_what_a_fresh_migration_makes(tmp_path: Path) -> None:
    """The models' quick answer equals a migration's exact one and a new file's schema, so
    a new file and the sample check sound and open for changes (no false refusal)."""
    from msmedesk.db import schema

    version = header.SCHEMA_VERSION
    quick = schema.expected(version)
    assert quick == schema.expected(version, exactly=True)
    path = tmp_path / "new.sqlite"
    open_data_file(path).dispose()
    con = sqlite3.connect(path)
    try:
        assert schema.objects(con) == quick
    finally:
        con.close()
    assert {o.kind for o in quick} == {"table", "index", "column"}
    for made in (path, sample_file(tmp_path / "sample.sqlite")):
        assert schema.difference(made) == schema.SchemaDifference()
        assert check_with_warnings(made).problems == ()
        open_for_writing(made, backup=False).close()


def test_an_older_schema_is_judged_by_its_own_revision(tmp_path: Path, monkeypatch) -> None:
    """A file of an older schema is compared with what the migrations made at its version,
    and after its upgrade with what they make now: nothing they made is ever foreign."""
    from msmedesk.db import schema

    newer_program(tmp_path / "program", monkeypatch)
    path = sample_file(tmp_path / "office" / "old.sqlite")
    assert schema.difference(path) == schema.SchemaDifference()
    open_for_writing(path, backup_folder=tmp_path / "bk").close()  # upgraded to the newer schema
    assert schema.difference(path) == schema.SchemaDifference()
    assert check_with_warnings(path).problems == ()
    _execute(path, EVIL)
    assert [o.name for o in schema.difference(path).foreign] == ["evil"]
