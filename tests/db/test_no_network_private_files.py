"""Nothing leaks (issue 5.7): no network connection, and files readable by their owner only.

Every command runs in this process with the socket layer replaced by a trap, so any
attempt at a connection (or even a name lookup) fails the test. Data files, their -wal and
-shm, lock files and backups are created 0600 whatever the umask.
"""

from __future__ import annotations

import os
import socket
import stat
from pathlib import Path

import pytest
from safety_support import run_here

from msmedesk.db.backups import list_backups
from msmedesk.db.safety import open_for_writing
from msmedesk.domain import Member
from msmedesk.records import Services


class NetworkUsed(AssertionError):
    pass


@pytest.fixture
def no_network(monkeypatch):
    calls: list[str] = []

    def trap(name: str):
        def refuse(*args, **kwargs):
            calls.append(name)
            raise NetworkUsed(f"msmedesk tried the network: {name}{args[:2]}")
        return refuse

    class TrapSocket(socket.socket):
        def __init__(self, *args, **kwargs):
            calls.append("socket")
            raise NetworkUsed("msmedesk tried to open a socket")

    monkeypatch.setattr(socket, "socket", TrapSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                 "gethostbyaddr", "socketpair", "fromfd"):
        monkeypatch.setattr(socket, name, trap(name))
    yield calls
    assert calls == []


def _ok(*args: str) -> str:
    done = run_here(*args)
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def test_no_command_touches_the_network(tmp_path: Path, no_network) -> None:
    db = str(tmp_path / "d.sqlite")
    bk = str(tmp_path / "bk")
    _ok("sample", "--db", db, "--backup-dir", bk)
    _ok("export", str(tmp_path / "a.json"), "--db", db)
    _ok("import", str(tmp_path / "a.json"), "--db", db, "--backup-dir", bk)
    for fmt in ("md", "html", "docx"):
        _ok("report", "--year", "2024", "--format", fmt, "-o", str(tmp_path / f"r.{fmt}"),
            "--db", db)
    _ok("check", "--db", db)
    _ok("backup", str(tmp_path / "copy.sqlite"), "--db", db)
    _ok("restore", str(tmp_path / "copy.sqlite"), "--db", db, "--backup-dir", bk)
    # Refusals too (a lock names its host without asking any name server).
    (tmp_path / "d.sqlite.lock").write_text('{"host": "pc-17", "pid": 1, "user": "x"}')
    done = run_here("import", str(tmp_path / "a.json"), "--db", db)
    assert done.returncode == 1 and "pc-17" in done.stderr
    _ok("import", str(tmp_path / "a.json"), "--db", db, "--break-lock")
    assert no_network == []


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o002])
def test_files_are_private_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        db = tmp_path / "data" / "d.sqlite"
        bk = tmp_path / "bk"
        _ok("sample", "--db", str(db), "--backup-dir", str(bk))
        assert _mode(db) == 0o600
        with open_for_writing(db, backup_folder=bk) as opened:
            Services(opened.engine).members.create(Member(name="Atlantis"))
            for companion in ("-wal", "-shm"):
                assert _mode(Path(str(db) + companion)) == 0o600, companion
            assert _mode(opened.lock.lock_path) == 0o600
        _ok("backup", str(tmp_path / "copy.sqlite"), "--db", str(db))
        assert _mode(tmp_path / "copy.sqlite") == 0o600
        _ok("import", str(_export(tmp_path, db)), "--db", str(db), "--backup-dir", str(bk))
        _ok("restore", str(tmp_path / "copy.sqlite"), "--db", str(db), "--backup-dir", str(bk))
        assert _mode(db) == 0o600
        backups = list_backups(bk)
        assert {b.reason for b in backups} >= {"daily", "before-restore"}
        assert all(_mode(b.path) == 0o600 for b in backups)
        assert _mode(bk) & 0o077 == 0
    finally:
        os.umask(old)


def _export(tmp_path: Path, db: Path) -> Path:
    out = tmp_path / "a.json"
    _ok("export", str(out), "--db", str(db))
    return out
