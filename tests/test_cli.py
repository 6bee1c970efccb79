"""The command line as a user (and outside tests) run it: exit codes, one-line failures."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

CONSOLE_SCRIPT = Path(sys.executable).with_name("msmedesk")


def _env(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MSMEDESK_")}
    # Never the real per-user data file, whatever the test does.
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "xdg"),
               XDG_CONFIG_HOME=str(tmp_path / "xdg-config"), PYTHONUTF8="1")
    env.update(extra)
    return env


def run(tmp_path: Path, *args: str | Path, script: bool = False, **env: str
        ) -> subprocess.CompletedProcess[str]:
    command = [str(CONSOLE_SCRIPT)] if script else [sys.executable, "-m", "msmedesk"]
    return subprocess.run([*command, *map(str, args)], capture_output=True, text=True,
                          env=_env(tmp_path, **env), cwd=tmp_path, timeout=120)


class Result:
    """What a command line run gave: the exit status and what it printed."""

    def __init__(self, returncode: int, stdout: str, stderr: str):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def cli(tmp_path, monkeypatch, capsys):
    """Runs ``msmedesk.cli.main`` in this process (quicker than a subprocess), with the
    same environment isolation as ``run``."""
    from msmedesk.cli import main

    for key, value in _env(tmp_path).items():
        monkeypatch.setenv(key, value)
    for key in [k for k in os.environ if k.startswith("MSMEDESK_")]:
        monkeypatch.delenv(key)

    def call(*args: str | Path, **env: str) -> Result:
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        capsys.readouterr()
        try:
            code = main([str(a) for a in args])
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        finally:
            for key in env:
                monkeypatch.delenv(key)
        out, err = capsys.readouterr()
        return Result(code, out, err)

    return call


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _one_sentence(result) -> str:
    """The failure message: exit 1, one line on stderr, no traceback."""
    assert result.returncode == 1, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].endswith("."), lines[0]
    return lines[0]


def _members(path: Path) -> int:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM members").fetchone()[0]
    finally:
        con.close()


def _bad_archive(tmp_path: Path) -> Path:
    from msmedesk.archive import sample_path

    data = json.loads(sample_path().read_text(encoding="utf-8"))
    data["meetings"][2]["convening_notice"] = "INF MSME/CN/2"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    return bad


# ---------------------------------------------------------------- as separate processes


def test_console_script_is_installed_and_answers(tmp_path):
    assert CONSOLE_SCRIPT.exists()
    result = run(tmp_path, "--version", script=True)
    assert result.returncode == 0 and result.stdout.startswith("msmedesk ")


def test_sample_into_an_empty_file_then_refused_as_processes(tmp_path):
    db = tmp_path / "office.sqlite"
    result = run(tmp_path, "sample", "--db", db, script=True)
    assert result.returncode == 0, result.stderr
    assert "76 members" in result.stdout
    assert _members(db) == 76
    before = _digest(db)
    message = _one_sentence(run(tmp_path, "sample", "--db", db))
    assert message.startswith("msmedesk: ") and "already holds records" in message
    assert _digest(db) == before


def test_a_bad_archive_fails_in_one_sentence_as_a_process(tmp_path, sample_file):
    before = _digest(sample_file)
    message = _one_sentence(run(tmp_path, "import", _bad_archive(tmp_path), "--db",
                                sample_file, script=True))
    assert 'meetings[2].convening_notice: "INF MSME/CN/2" is not a WTO document symbol' \
        in message
    assert _digest(sample_file) == before


def test_a_foreign_data_file_fails_in_one_sentence_as_a_process(tmp_path):
    db = tmp_path / "foreign.sqlite"
    content = b"just some text\n" * 10
    db.write_bytes(content)
    message = _one_sentence(run(tmp_path, "export", tmp_path / "a.json", "--db", db))
    assert "not an msmedesk data file" in message
    assert db.read_bytes() == content
    assert not list(tmp_path.glob("foreign.sqlite-*"))


def test_bad_usage_exits_2_as_a_process(tmp_path):
    result = run(tmp_path, "frobnicate")
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


# ---------------------------------------------------------------- in this process


def test_help_names_every_command(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in ("sample", "import", "export", "report", "check", "backup"):
        assert command in result.stdout


def test_sample_refused_on_a_file_with_records(cli, sample_file):
    before = _digest(sample_file)
    message = _one_sentence(cli("sample", "--db", sample_file))
    assert "already holds records" in message
    assert _digest(sample_file) == before


def test_export_import_export_round_trip(cli, tmp_path, sample_file):
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    result = cli("export", first, "--db", sample_file)
    assert result.returncode == 0, result.stderr
    fresh = tmp_path / "fresh.sqlite"
    result = cli("import", first, "--db", fresh)
    assert result.returncode == 0, result.stderr
    assert "added 76 members" in result.stdout
    assert cli("export", second, "--db", fresh).returncode == 0
    assert second.read_bytes() == first.read_bytes()
    # The same archive again: nothing new.
    result = cli("import", first, "--db", fresh)
    assert result.returncode == 0 and "nothing new" in result.stdout


def test_a_bad_archive_is_refused_and_changes_nothing(cli, tmp_path, sample_file):
    bad = _bad_archive(tmp_path)
    before = _digest(sample_file)
    message = _one_sentence(cli("import", bad, "--db", sample_file))
    assert 'meetings[2].convening_notice: "INF MSME/CN/2" is not a WTO document symbol' \
        in message
    assert _digest(sample_file) == before
    assert _members(sample_file) == 76
    # Into a data file that does not exist yet: refused before one is created.
    fresh = tmp_path / "fresh.sqlite"
    _one_sentence(cli("import", bad, "--db", fresh))
    assert not fresh.exists()
    # Not an archive at all.
    (tmp_path / "notes.json").write_text("not json")
    assert "not a JSON archive" in _one_sentence(cli("import", tmp_path / "notes.json",
                                                     "--db", sample_file))
    assert "There is no file" in _one_sentence(cli("import", tmp_path / "missing.json",
                                                   "--db", sample_file))
    assert _digest(sample_file) == before


@pytest.mark.parametrize("args", [
    ("import",),
    ("export",),
    ("frobnicate",),
    ("report",),  # --year is required
    ("report", "--year", "twenty"),
    ("report", "--year", "2024", "--format", "rtf"),
    ("check", "--db"),
    ("backup",),
])
def test_bad_usage_exits_2(cli, tmp_path, args):
    result = cli(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "usage:" in result.stderr
    assert not (tmp_path / "xdg").exists()  # no data file was created


def test_check_exit_codes(cli, sample_file):
    result = cli("check", "--db", sample_file)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is sound" in result.stdout
    con = sqlite3.connect(sample_file)
    con.execute("UPDATE documents SET symbol = 'bad/symbol!' WHERE symbol = 'G/MA/357'")
    con.execute("UPDATE outreach_events SET end_date = '2023' WHERE title = 'Trade4MSMEs'")
    con.commit()
    con.close()
    result = cli("check", "--db", sample_file)
    assert result.returncode == 1
    findings = result.stdout.strip().splitlines()
    assert len(findings) == 2, result.stdout
    assert any("documents[" in f and ".symbol:" in f for f in findings)
    assert any("outreach[" in f and ".end_date:" in f for f in findings)


def test_check_of_a_missing_file(cli, tmp_path):
    result = cli("check", "--db", tmp_path / "missing.sqlite")
    assert result.returncode == 1
    assert not (tmp_path / "missing.sqlite").exists()


def test_backup_while_another_connection_holds_a_write_transaction(cli, tmp_path, sample_file):
    # A committed change still in the WAL (the writer keeps its connection open, so no
    # checkpoint), then an open write transaction with an uncommitted change.
    writer = sqlite3.connect(sample_file, isolation_level=None)
    try:
        assert writer.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        writer.execute("INSERT INTO members (name, list_name, sort_name, prose_name, sort_key, "
                       "counts_as, notes) VALUES ('Committed', '', '', '', 'committed', 1, '')")
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("INSERT INTO members (name, list_name, sort_name, prose_name, sort_key, "
                       "counts_as, notes) VALUES ('Uncommitted', '', '', '', 'uncommitted', 1, "
                       "'')")
        assert Path(str(sample_file) + "-wal").stat().st_size > 0
        dest = tmp_path / "copies" / "copy.sqlite"
        result = cli("backup", dest, "--db", sample_file)
        assert result.returncode == 0, result.stderr
        writer.execute("COMMIT")
    finally:
        writer.close()
    con = sqlite3.connect(f"file:{dest}?mode=ro", uri=True)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        names = {n for (n,) in con.execute("SELECT name FROM members")}
    finally:
        con.close()
    assert len(names) == 77
    assert "Committed" in names and "Uncommitted" not in names
    assert not Path(str(dest) + "-wal").exists()
    # The copy is a data file msmedesk opens and finds sound.
    assert cli("check", "--db", dest).returncode == 0


def test_backup_into_a_folder_and_of_a_missing_file(cli, tmp_path, sample_file):
    folder = tmp_path / "backups"
    folder.mkdir()
    assert cli("backup", folder, "--db", sample_file).returncode == 0
    assert _members(folder / sample_file.name) == 76
    message = _one_sentence(cli("backup", folder / "x.sqlite", "--db",
                                tmp_path / "missing.sqlite"))
    assert "missing.sqlite" in message
    assert not (folder / "x.sqlite").exists()


def test_db_option_environment_and_default(cli, tmp_path):
    env_file = tmp_path / "from-env.sqlite"
    flag_file = tmp_path / "from-flag.sqlite"
    assert cli("sample", MSMEDESK_DB=str(env_file)).returncode == 0
    assert _members(env_file) == 76
    # --db wins over the environment.
    assert cli("sample", "--db", flag_file, MSMEDESK_DB=str(env_file)).returncode == 0
    assert _members(flag_file) == 76
    # Neither: the per-user default (platformdirs, here under XDG_DATA_HOME), created on use.
    default = tmp_path / "xdg" / "msmedesk" / "msmedesk.sqlite"
    # Reading commands do not create it.
    assert "There is no data file" in _one_sentence(cli("export", tmp_path / "e.json"))
    assert not default.exists()
    assert cli("sample").returncode == 0
    assert _members(default) == 76
    # The option before the command works as well as after it.
    out = tmp_path / "a.json"
    assert cli("--db", flag_file, "export", out).returncode == 0
    assert len(json.loads(out.read_text())["members"]) == 76


@pytest.mark.parametrize("content", [b"\x00\x01random" * 100, b"", b"just some text\n" * 10])
def test_a_foreign_data_file_is_refused_untouched(cli, tmp_path, content):
    db = tmp_path / "foreign.sqlite"
    db.write_bytes(content)
    for args in (("export", tmp_path / "a.json"), ("sample",),
                 ("import", _bad_archive(tmp_path))):
        message = _one_sentence(cli(*args, "--db", db))
        assert "not an msmedesk data file" in message or "not imported" in message
    assert db.read_bytes() == content
    assert not list(tmp_path.glob("foreign.sqlite-*"))
    assert not (tmp_path / "a.json").exists()


def test_another_programs_database_is_refused_untouched(cli, tmp_path):
    from msmedesk.archive import sample_path

    db = tmp_path / "other.db"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE t (x)")
    con.execute("INSERT INTO t VALUES (1)")
    con.commit()
    con.close()
    before = _digest(db)
    message = _one_sentence(cli("import", sample_path(), "--db", db))
    assert "another program" in message
    assert _digest(db) == before
    assert not list(tmp_path.glob("other.db-*"))


# ---------------------------------------------------------------- no file replaced unasked


def test_backup_refuses_an_existing_file_unless_forced(cli, tmp_path, sample_file):
    """`backup important.docx` names the file and says --force; with --force it replaces."""
    letter = tmp_path / "important.docx"
    letter.write_bytes(b"PK the user's letter")
    message = _one_sentence(cli("backup", letter, "--db", sample_file))
    assert str(letter) in message and "--force" in message
    assert letter.read_bytes() == b"PK the user's letter"
    result = cli("backup", letter, "--force", "--db", sample_file)
    assert result.returncode == 0, result.stderr
    assert _members(letter) == 76


def test_backup_never_writes_over_the_data_file_itself(cli, tmp_path, sample_file,
                                                       monkeypatch):
    """Not by its name, a relative path, a symlink or a hard link, and not with --force."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "link.sqlite").symlink_to(sample_file)
    os.link(sample_file, tmp_path / "hard.sqlite")
    before, files = _digest(sample_file), sorted(os.listdir(tmp_path))
    monkeypatch.chdir(tmp_path / "sub")
    for dest in (sample_file, Path("..") / sample_file.name, tmp_path / "link.sqlite",
                 tmp_path / "hard.sqlite"):
        for force in ((), ("--force",)):
            message = _one_sentence(cli("backup", dest, *force, "--db", sample_file))
            assert "is the data file being read" in message and str(dest) in message
    # The data file named through its hard link: the real name is refused too.
    assert "data file being read" in _one_sentence(
        cli("backup", sample_file, "--force", "--db", tmp_path / "hard.sqlite"))
    assert _digest(sample_file) == before
    assert sorted(os.listdir(tmp_path)) == files


def test_backup_never_writes_over_a_data_file_open_in_msmedesk(cli, tmp_path, sample_file):
    """A data file whose lock is held is refused even with --force, and left unchanged."""
    from msmedesk.db.safety import open_for_writing

    other = tmp_path / "other.sqlite"
    assert cli("backup", other, "--db", sample_file).returncode == 0
    opened = open_for_writing(other, backup_folder=tmp_path / "bk", backup=False)
    try:
        before = _digest(other)
        message = _one_sentence(cli("backup", other, "--force", "--db", sample_file))
        assert str(other) in message and "open in msmedesk, process" in message
        assert _digest(other) == before
        assert _one_sentence(cli("export", other, "--force", "--db", sample_file))
    finally:
        opened.close()
    # Closed: the user may now replace it, having said so.
    assert cli("backup", other, "--force", "--db", sample_file).returncode == 0


def test_a_forced_backup_over_a_data_file_leaves_no_stale_wal(cli, tmp_path, sample_file):
    """The old file's -wal and -shm go with it: the copy is the source, not a mixture."""
    target = tmp_path / "target.sqlite"
    assert cli("backup", target, "--db", sample_file).returncode == 0
    writer = sqlite3.connect(target)
    writer.execute("PRAGMA journal_mode = WAL")
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("DELETE FROM members")
    writer.commit()
    saved = {s: Path(f"{target}{s}").read_bytes() for s in ("-wal", "-shm")}
    writer.close()  # folds the WAL in: put it back, as a crash leaves it
    for suffix, data in saved.items():
        Path(f"{target}{suffix}").write_bytes(data)
    assert cli("backup", target, "--force", "--db", sample_file).returncode == 0
    assert not Path(f"{target}-wal").exists() and not Path(f"{target}-shm").exists()
    assert _members(target) == 76
    assert cli("check", "--db", target).returncode == 0


def test_backup_into_a_folder_takes_a_name_not_yet_there(cli, tmp_path, sample_file):
    """DEST a folder that holds the name already: a new name beside it, nothing replaced."""
    folder = tmp_path / "copies"
    folder.mkdir()
    (folder / sample_file.name).write_text("an older copy")
    result = cli("backup", folder, "--db", sample_file)
    assert result.returncode == 0, result.stderr
    made = folder / f"{sample_file.stem}-2{sample_file.suffix}"
    assert str(made) in result.stdout and _members(made) == 76
    assert (folder / sample_file.name).read_text() == "an older copy"


def test_backup_leaves_a_user_file_named_like_a_temporary_alone(cli, tmp_path, sample_file):
    """No fixed temporary name: the user's copy.sqlite.part survives a backup to copy.sqlite."""
    mine = tmp_path / "copy.sqlite.part"
    mine.write_text("my notes")
    assert cli("backup", tmp_path / "copy.sqlite", "--db", sample_file).returncode == 0
    assert mine.read_text() == "my notes"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_export_refuses_an_existing_file_unless_forced(cli, tmp_path, sample_file):
    """`export` names the file and says --force; a folder gets a new file inside it."""
    target = tmp_path / "a.json"
    target.write_text("the old archive")
    message = _one_sentence(cli("export", target, "--db", sample_file))
    assert str(target) in message and "--force" in message
    assert target.read_text() == "the old archive"
    assert cli("export", target, "--force", "--db", sample_file).returncode == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))["members"]) == 76
    assert "data file being read" in _one_sentence(
        cli("export", sample_file, "--force", "--db", sample_file))
    folder = tmp_path / "out"
    folder.mkdir()
    result = cli("export", folder, "--db", sample_file)
    assert result.returncode == 0, result.stderr
    [made] = folder.iterdir()
    assert made.suffix == ".json" and str(made) in result.stdout
