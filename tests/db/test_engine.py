"""Opening data files: new ones, foreign or damaged ones, newer and older schemas."""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from mako.template import Template
from sqlalchemy import text

from msmedesk import paths
from msmedesk.db import header
from msmedesk.db.engine import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DataFileError,
    NewerDataFile,
    NotADataFile,
    inspect_file,
    open_data_file,
)
from msmedesk.db.models import Base, compared
from msmedesk.records import Services

MIGRATIONS = header.MIGRATIONS


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _no_companions(path: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(str(path) + suffix).exists(), f"{path.name}{suffix} was left behind"


def _pragmas(engine) -> dict[str, object]:
    with engine.connect() as c:
        return {name: c.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "user_version",
                             "application_id")}


# ---------------------------------------------------------------- a new data file


def test_a_new_file_gets_wal_foreign_keys_and_full_sync(tmp_path):
    path = tmp_path / "new.sqlite"
    engine = open_data_file(path)
    try:
        assert _pragmas(engine) == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2,
                                    "user_version": SCHEMA_VERSION,
                                    "application_id": APPLICATION_ID}
        with engine.connect() as c:
            tables = {r[0] for r in c.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"members", "meetings", "proposals", "alembic_version"} <= tables
    finally:
        engine.dispose()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert inspect_file(path).schema_version == SCHEMA_VERSION


def test_every_connection_of_a_reopened_file_has_the_pragmas(data_file):
    engine = open_data_file(data_file)
    try:
        for _ in range(2):
            assert _pragmas(engine)["foreign_keys"] == 1
            assert _pragmas(engine)["synchronous"] == 2
            assert _pragmas(engine)["journal_mode"] == "wal"
        # Foreign keys are enforced, not just switched on.
        with pytest.raises(Exception, match="FOREIGN KEY"), engine.begin() as c:
            c.execute(text("INSERT INTO package_entry_members (entry_id, member_id, position) "
                           "VALUES (999, 999, 0)"))
    finally:
        engine.dispose()


def test_new_file_folders_are_created(tmp_path):
    path = tmp_path / "a" / "b" / "msmedesk.sqlite"
    open_data_file(path).dispose()
    assert inspect_file(path).exists


def test_a_missing_file_is_not_created_when_not_asked(tmp_path):
    path = tmp_path / "missing.sqlite"
    with pytest.raises(DataFileError, match="There is no data file"):
        open_data_file(path, create=False)
    with pytest.raises(DataFileError, match="There is no data file"):
        open_data_file(path, readonly=True)
    assert not path.exists()


def test_a_file_where_a_folder_should_be(tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder")
    with pytest.raises(DataFileError, match="Cannot create"):
        open_data_file(blocker / "msmedesk.sqlite")
    assert blocker.read_text() == "not a folder"


# ---------------------------------------------------------------- where the data file is


def test_data_file_location_db_then_environment_then_platformdirs(tmp_path, monkeypatch):
    monkeypatch.delenv("MSMEDESK_DB", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    default = paths.data_file()
    assert default == tmp_path / "xdg" / "msmedesk" / "msmedesk.sqlite"
    monkeypatch.setenv("MSMEDESK_DB", str(tmp_path / "env.sqlite"))
    assert paths.data_file() == tmp_path / "env.sqlite"
    assert paths.data_file(tmp_path / "explicit.sqlite") == tmp_path / "explicit.sqlite"
    monkeypatch.setenv("MSMEDESK_DB", "~/office.sqlite")
    assert paths.data_file() == tmp_path / "home" / "office.sqlite"
    # The default is created on first use, folders and all.
    open_data_file(default).dispose()
    assert inspect_file(default).schema_version == SCHEMA_VERSION


def test_backup_folder_location(tmp_path, monkeypatch):
    monkeypatch.delenv("MSMEDESK_BACKUP_DIR", raising=False)
    data = tmp_path / "d" / "msmedesk.sqlite"
    assert paths.backup_dir(data) == tmp_path / "d" / "backups"
    monkeypatch.setenv("MSMEDESK_BACKUP_DIR", str(tmp_path / "env"))
    assert paths.backup_dir(data) == tmp_path / "env"
    assert paths.backup_dir(data, tmp_path / "x") == tmp_path / "x"


# ---------------------------------------------------------------- files that are not ours


def _random_bytes(path: Path, _template: Path) -> None:
    path.write_bytes(os.urandom(8192))


def _text_file(path: Path, _template: Path) -> None:
    path.write_text("Members of the Informal Working Group on MSMEs are: Afghanistan; ...\n" * 50)


def _other_sqlite(path: Path, _template: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    con.executemany("INSERT INTO notes (body) VALUES (?)", [("x" * 100,)] * 200)
    con.commit()
    con.close()


def _other_sqlite_wal(path: Path, _template: Path) -> None:
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE members (id INTEGER PRIMARY KEY, name TEXT)")
    con.execute("PRAGMA user_version = 1")
    con.commit()
    con.close()


def _truncated(path: Path, template: Path) -> None:
    data = template.read_bytes()
    path.write_bytes(data[: len(data) // 2 + 100])


def _truncated_at_a_page(path: Path, template: Path) -> None:
    data = template.read_bytes()
    page = int.from_bytes(data[16:18], "big")
    path.write_bytes(data[: (len(data) // page // 2) * page])


def _empty(path: Path, _template: Path) -> None:
    path.write_bytes(b"")


def _header_only(path: Path, template: Path) -> None:
    path.write_bytes(template.read_bytes()[:60])


def _folder(path: Path, _template: Path) -> None:
    path.mkdir()
    (path / "inside.txt").write_text("x")


def _ours_without_schema(path: Path, template: Path) -> None:
    shutil.copyfile(template, path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 0")
    con.close()


FOREIGN = [_random_bytes, _text_file, _other_sqlite, _other_sqlite_wal, _truncated,
           _truncated_at_a_page, _empty, _header_only, _folder, _ours_without_schema]


def _snapshot(path: Path) -> object:
    if path.is_dir():
        return sorted((p.name, p.read_bytes()) for p in path.iterdir())
    return _digest(path)


@pytest.mark.parametrize("make", FOREIGN, ids=lambda f: f.__name__.strip("_"))
@pytest.mark.parametrize("mode", ["write", "read", "readonly"])
def test_foreign_or_damaged_files_are_refused_and_untouched(tmp_path, sample_file, make, mode):
    path = tmp_path / "target.sqlite"
    make(path, sample_file)
    before = _snapshot(path)
    with pytest.raises(NotADataFile) as info:
        open_data_file(path, create=(mode == "write"), readonly=(mode == "readonly"))
    assert str(path) in str(info.value)
    assert "\n" not in str(info.value)
    assert _snapshot(path) == before
    _no_companions(path)


def test_the_sample_file_is_big_enough_for_truncation_tests(sample_file):
    page = int.from_bytes(sample_file.read_bytes()[16:18], "big")
    assert sample_file.stat().st_size >= 8 * page


# ---------------------------------------------------------------- newer and older schemas


def test_a_newer_schema_is_refused_and_untouched(tmp_path, sample_file):
    (tmp_path / "office").mkdir()
    path = tmp_path / "office" / "newer.sqlite"
    shutil.copyfile(sample_file, path)
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    before = _digest(path)
    for kwargs in ({}, {"create": False}, {"readonly": True}):
        with pytest.raises(NewerDataFile, match="newer version of msmedesk"):
            open_data_file(path, **kwargs)
    assert _digest(path) == before
    _no_companions(path)
    assert list(path.parent.iterdir()) == [path]  # no backup either


# The program's newest revision, and the one this test-only revision adds after it.
HEAD = f"{SCHEMA_VERSION:04d}"
NEXT = f"{SCHEMA_VERSION + 1:04d}"

SECOND_REVISION = f'''"""a test-only revision after the program's last

Revision ID: {NEXT}
Revises: {HEAD}
"""

from alembic import op
import sqlalchemy as sa

revision = "{NEXT}"
down_revision = "{HEAD}"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table("upgrade_probe", sa.Column("id", sa.Integer(), primary_key=True))
    with op.batch_alter_table("members") as batch_op:
        batch_op.add_column(sa.Column("probe_note", sa.String(), nullable=True))
    op.execute("PRAGMA user_version = {SCHEMA_VERSION + 1}")


def downgrade() -> None:
    raise NotImplementedError
'''


@pytest.fixture
def second_revision(tmp_path, monkeypatch):
    """The program as if it shipped one revision more: a copy of the real migrations plus
    one, found where the migration step looks (``header.MIGRATIONS``)."""
    fake_pkg = tmp_path / "program"
    shutil.copytree(MIGRATIONS, fake_pkg / "migrations",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (fake_pkg / "migrations" / "versions" / f"{NEXT}_test_probe.py").write_text(SECOND_REVISION)
    monkeypatch.setattr(header, "MIGRATIONS", fake_pkg / "migrations")
    monkeypatch.setattr(header, "SCHEMA_VERSION", SCHEMA_VERSION + 1)
    return fake_pkg


def test_an_older_schema_is_backed_up_then_upgraded(tmp_path, sample_file, second_revision):
    folder = tmp_path / "office"
    folder.mkdir()
    path = folder / "records.sqlite"
    shutil.copyfile(sample_file, path)
    original = _digest(path)
    assert inspect_file(path).schema_version == SCHEMA_VERSION

    engine = open_data_file(path)
    services = Services(engine)
    try:
        # Upgraded by the new revision, records intact.
        assert _pragmas(engine)["user_version"] == SCHEMA_VERSION + 1
        with engine.connect() as c:
            assert c.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == NEXT
            assert c.exec_driver_sql("SELECT count(*) FROM upgrade_probe").scalar() == 0
            assert c.exec_driver_sql(
                "SELECT count(*) FROM members WHERE probe_note IS NULL").scalar() == 76
        assert services.members.membership_at_end(2024) == 103
        assert services.meetings.total() == 4
        assert _pragmas(engine)["foreign_keys"] == 1
    finally:
        services.close()

    backups = [p for p in folder.iterdir() if p != path and "before-upgrade" in p.name]
    assert len(backups) == 1, list(folder.iterdir())
    backup = backups[0]
    assert backup.suffix == ".sqlite"
    # The backup is the file as it was: today's schema, same records.
    con = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("SELECT count(*) FROM members").fetchone()[0] == 76
        assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == HEAD
    finally:
        con.close()
    assert _digest(path) != original

    # Opening the now-current file again neither backs up nor migrates.
    open_data_file(path).dispose()
    assert len([p for p in folder.iterdir() if "before-upgrade" in p.name]) == 1


def test_an_older_schema_is_not_upgraded_read_only(tmp_path, sample_file, second_revision):
    path = tmp_path / "old.sqlite"
    shutil.copyfile(sample_file, path)
    before = _digest(path)
    with pytest.raises(DataFileError, match="needs an upgrade"):
        open_data_file(path, readonly=True)
    assert _digest(path) == before
    assert not list(tmp_path.glob("*before-upgrade*"))
    _no_companions(path)


# ---------------------------------------------------------------- models and migrations agree


def test_models_and_migrations_agree(data_file):
    """What ``alembic check`` does: autogenerate finds nothing to add or change."""
    engine = open_data_file(data_file)
    try:
        with engine.connect() as c:
            diffs = compare_metadata(MigrationContext.configure(
                c, opts={"include_name": compared}), Base.metadata)
    finally:
        engine.dispose()
    assert diffs == []


def test_the_first_revision_marks_the_file_as_engine_expects():
    source = (MIGRATIONS / "versions" / "0001_initial_schema.py").read_text()
    assert f"APPLICATION_ID = {hex(APPLICATION_ID).upper().replace('0X', '0x')}" in source
    assert "SCHEMA_VERSION = 1" in source


def test_a_new_revision_file_raises_the_schema_version(tmp_path, second_revision):
    """The version the program writes is its newest revision's number: a revision file
    added is all it takes (nothing to edit beside it)."""
    assert header.newest_revision(MIGRATIONS) == SCHEMA_VERSION
    assert header.newest_revision(second_revision / "migrations") == SCHEMA_VERSION + 1
    # A revision's number, its file's name and the user_version it sets agree, so that the
    # newest file's name is the version a migrated file carries.
    files = sorted((MIGRATIONS / "versions").glob("[0-9][0-9][0-9][0-9]_*.py"))
    assert [int(f.name[:4]) for f in files] == list(range(1, SCHEMA_VERSION + 1))
    for path in files:
        spec = importlib.util.spec_from_file_location(f"_revision_{path.stem}", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        assert module.revision == path.name[:4]
        assert module.SCHEMA_VERSION == int(path.name[:4])
        assert "set_schema_version(SCHEMA_VERSION)" in path.read_text()


def test_a_revision_made_from_the_template_carries_its_number():
    """``alembic revision --rev-id NNNN`` writes a revision whose schema version is NNNN."""
    source = Template(filename=str(MIGRATIONS / "script.py.mako")).render(
        message="probe", up_revision=NEXT, down_revision=HEAD, create_date="today",
        branch_labels=None, depends_on=None, imports="", upgrades=None, downgrades=None,
        comma=lambda value: str(value))
    namespace: dict = {}
    exec(compile(source, "probe.py", "exec"), namespace)
    assert namespace["SCHEMA_VERSION"] == SCHEMA_VERSION + 1


def test_check_constraints_hold_in_the_database(data_file):
    """Unique keys and checks live in the database too, not only in Python."""
    con = sqlite3.connect(data_file)
    con.execute("PRAGMA foreign_keys = ON")
    bad = [
        "INSERT INTO members (name, list_name, sort_name, prose_name, sort_key, counts_as, "
        "notes) VALUES ('X', '', '', '', 'x', 0, '')",
        "INSERT INTO members (name, list_name, sort_name, prose_name, sort_key, counts_as, "
        "notes, joined) VALUES ('X', '', '', '', 'x', 1, '', '24')",
        "INSERT INTO documents (symbol, title, kind) VALUES ('INF MSME/CN/2', '', 'other')",
        "INSERT INTO documents (symbol, title, kind) VALUES ('JOB/GC/207', '', 'memo')",
        "INSERT INTO meetings (date, kind, summary) VALUES ('2024-03', 'open-ended', '')",
        "INSERT INTO package_entries (annex, year, summary) VALUES (7, 2024, '')",
        "INSERT INTO outreach_events (date, kind, title, summary) VALUES ('2024', 'x', 'T', '')",
    ]
    try:
        for sql in bad:
            with pytest.raises(sqlite3.IntegrityError):
                con.execute(sql)
        con.execute("INSERT INTO documents (symbol, title, kind) VALUES ('JOB/GC/207', '', "
                    "'other')")
        with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
            con.execute("INSERT INTO documents (symbol, title, kind) VALUES ('JOB/GC/207', '', "
                        "'other')")
    finally:
        con.close()
