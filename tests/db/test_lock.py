"""One writer at a time (issue 5.1): the lock file, its holder, stale and foreign locks."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest
from safety_support import (
    PYTHON,
    cli_in_process,
    digest,
    empty_file,
    sample_file,
)

from msmedesk.db.lock import (
    DataFileLocked,
    acquire_write_lock,
    held_lock,
    lock_path,
    read_holder,
)
from msmedesk.db.safety import open_for_writing, open_read_only
from msmedesk.records import Services

HOLD = """
import sys
from pathlib import Path
from msmedesk.db.lock import acquire_write_lock
lock = acquire_write_lock(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.read()
if sys.argv[2] == "release":
    lock.release()
"""


class Holder:
    """Another msmedesk process holding the write lock of a file."""

    def __init__(self, path: Path):
        self.proc = subprocess.Popen([PYTHON, "-c", HOLD, str(path), "release"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        assert line.strip() == "ready", line
        self.pid = self.proc.pid

    def stop(self) -> None:
        if self.proc.poll() is None:
            assert self.proc.stdin is not None
            self.proc.stdin.close()
            self.proc.wait(timeout=20)

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=20)


@pytest.fixture
def holder_of():
    holders: list[Holder] = []

    def start(path: Path) -> Holder:
        h = Holder(path)
        holders.append(h)
        return h

    yield start
    for h in holders:
        if h.proc.poll() is None:
            h.kill()


def _foreign_lock(path: Path, host: str = "pc-17", pid: int = 1234) -> None:
    lock_path(path).write_text(json.dumps({"program": "msmedesk", "host": host, "pid": pid,
                                           "user": "clerk",
                                           "since": "2024-03-19T14:02:00+01:00"}))


def test_lock_file_names_its_holder_and_goes_away(tmp_path: Path) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    lock = acquire_write_lock(path)
    try:
        lpath = lock_path(path)
        assert lpath == tmp_path / "d.sqlite.lock"
        data = json.loads(lpath.read_text())
        assert data["pid"] == os.getpid()
        assert data["host"] == socket.gethostname()
        assert data["user"]
        assert datetime.fromisoformat(data["since"])
        assert stat.S_IMODE(lpath.stat().st_mode) == 0o600
        assert held_lock(path) is lock
        assert read_holder(path).pid == os.getpid()
        # No temporary file is left beside it.
        assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite", "d.sqlite.lock"]
    finally:
        lock.release()
    assert not lock_path(path).exists()
    assert held_lock(path) is None
    again = acquire_write_lock(path)
    try:
        lock.release()  # twice is harmless: the lock taken since stays
        assert held_lock(path) is again and read_holder(path).pid == os.getpid()
        assert lock_path(path).exists()
    finally:
        again.release()


def test_second_writer_in_the_same_process_is_refused(tmp_path: Path) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    with acquire_write_lock(path):
        with pytest.raises(DataFileLocked) as info:
            acquire_write_lock(path)
        assert f"process {os.getpid()}" in str(info.value)
    with acquire_write_lock(path):
        pass


def test_second_writer_is_refused_with_the_holder_named(tmp_path: Path, holder_of) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    holder = holder_of(path)
    with pytest.raises(DataFileLocked) as info:
        acquire_write_lock(path)
    message = str(info.value)
    assert message.startswith(f"{path} is open in msmedesk, process {holder.pid} on host "
                              f"{socket.gethostname()}")
    assert "since" in message and message.endswith(".")
    assert info.value.holder.pid == holder.pid
    assert info.value.other_host is False
    # Even the explicit choice does not break a lock whose process is alive here.
    with pytest.raises(DataFileLocked):
        acquire_write_lock(path, force=True)
    holder.stop()
    assert not lock_path(path).exists()
    with acquire_write_lock(path):
        pass


def test_lock_of_a_killed_process_is_taken_over_silently(tmp_path: Path, holder_of) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    holder = holder_of(path)
    holder.kill()
    assert read_holder(path).pid == holder.pid  # the file is still there...
    with acquire_write_lock(path) as lock:  # ...and taken over without a question
        assert read_holder(path).pid == os.getpid()
        assert lock.held


def test_private_files_of_killed_lockers_are_swept(tmp_path: Path, holder_of) -> None:
    """A process killed while writing its lock file leaves it under a private name; the
    next lock of the file removes it (only this host's, only of processes gone)."""
    path = empty_file(tmp_path / "d.sqlite")
    host = socket.gethostname()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    alive = holder_of(tmp_path / "other.sqlite")  # a live process of this host
    names = {f".d.sqlite.lock.{host}.{dead.pid}.tmp": False,  # swept
             f".d.sqlite.lock.{host}.{alive.pid}.tmp": True,  # its owner may be at work
             f".d.sqlite.lock.elsewhere.{dead.pid}.tmp": True,  # another computer's
             "d.sqlite.notes.tmp": True}
    for name in names:
        (tmp_path / name).write_bytes(b"{}")
    with acquire_write_lock(path):
        assert {name: (tmp_path / name).exists() for name in names} == names


def test_stale_lock_with_a_reused_pid_is_taken_over(tmp_path: Path) -> None:
    # The lock names a live process of this host (pid reuse: here, our parent), but no
    # process holds the OS lock on it: stale.
    path = empty_file(tmp_path / "d.sqlite")
    _foreign_lock(path, host=socket.gethostname(), pid=os.getppid())
    with acquire_write_lock(path):
        assert read_holder(path).pid == os.getpid()


@pytest.mark.parametrize("content", [b"", b"{not json", b"\x00" * 50, b'{"pid": "x"}'])
def test_unreadable_unheld_lock_is_taken_over(tmp_path: Path, content: bytes) -> None:
    # A lock file half-written by a crashed writer on a file system without hard links.
    path = empty_file(tmp_path / "d.sqlite")
    lock_path(path).write_bytes(content)
    with acquire_write_lock(path):
        assert read_holder(path).pid == os.getpid()


def test_lock_from_another_host_is_refused_until_broken(tmp_path: Path) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    _foreign_lock(path)
    with pytest.raises(DataFileLocked) as info:
        acquire_write_lock(path)
    assert info.value.other_host is True
    assert info.value.holder.host == "pc-17"
    assert "process 1234 on host pc-17" in str(info.value)
    assert read_holder(path).host == "pc-17"  # refusing changed nothing
    with acquire_write_lock(path, force=True):
        assert read_holder(path).host == socket.gethostname()


def test_lock_from_same_host_under_a_longer_name_counts_as_this_host(tmp_path: Path) -> None:
    path = empty_file(tmp_path / "d.sqlite")
    # The holder's process (no such pid) is gone: on this host that is seen, and its lock
    # is taken over without --force; on another host it would be refused (test above).
    _foreign_lock(path, host=socket.gethostname().split(".")[0].upper() + ".example.org",
                  pid=2**22 + 17)
    with acquire_write_lock(path) as lock:
        assert held_lock(path) is lock
        holder = read_holder(path)
        assert (holder.host, holder.pid) == (socket.gethostname(), os.getpid())
    assert not lock_path(path).exists()


def test_window_api_offers_read_only_while_another_writes(tmp_path: Path, holder_of) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    holder = holder_of(path)
    with pytest.raises(DataFileLocked):
        open_for_writing(path)
    with open_read_only(path) as opened:
        assert opened.readonly and opened.lock is None
        assert Services(opened.engine).members.total() > 50
    holder.stop()
    with open_for_writing(path) as opened:
        assert opened.lock is not None and opened.lock.held
    assert not lock_path(path).exists()


# ---------------------------------------------------------------- command line


def test_cli_writers_are_refused_and_readers_work(tmp_path: Path, holder_of, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    backup = tmp_path / "copy.sqlite"
    archive = tmp_path / "a.json"
    holder = holder_of(path)
    before = digest(path)

    for args in (["import", str(archive)], ["sample"], ["restore", str(path)]):
        if args[0] == "import":
            archive.write_text('{"format": "msmedesk-archive", "version": 1}')
        code, out, err = cli_in_process(capsys, *args, "--db", str(path))
        assert code == 1, (args, out, err)
        assert f"is open in msmedesk, process {holder.pid} on host" in err, err
        assert "Traceback" not in err and err.count("\n") == 1

    assert cli_in_process(capsys, "export", str(archive), "--force", "--db", str(path))[0] == 0
    assert cli_in_process(capsys, "check", "--db", str(path))[0] == 0
    assert cli_in_process(capsys, "backup", str(backup), "--db", str(path))[0] == 0
    code, _, err = cli_in_process(capsys, "report", "--year", "2024", "--format", "md", "-o",
                        str(tmp_path / "r.md"), "--db", str(path))
    assert code == 0, err
    assert digest(path) == before
    holder.stop()
    code, out, err = cli_in_process(capsys, "import", str(archive), "--db", str(path))
    assert code == 0, err


def test_cli_breaks_a_foreign_lock_only_when_asked(tmp_path: Path, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    archive = tmp_path / "a.json"
    archive.write_text('{"format": "msmedesk-archive", "version": 1}')
    _foreign_lock(path)
    code, _, err = cli_in_process(capsys, "import", str(archive), "--db", str(path))
    assert code == 1
    assert "process 1234 on host pc-17" in err and "--break-lock" in err
    assert read_holder(path).host == "pc-17"
    code, _, err = cli_in_process(capsys, "import", str(archive), "--db", str(path),
                                  "--break-lock")
    assert code == 0, err
    assert not lock_path(path).exists()


def test_cli_takes_over_a_stale_lock_silently(tmp_path: Path, holder_of, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    holder_of(path).kill()
    code, out, err = cli_in_process(capsys, "export", str(tmp_path / "a.json"), "--db", str(path))
    assert code == 0
    code, out, err = cli_in_process(capsys, "import", str(tmp_path / "a.json"), "--db", str(path))
    assert code == 0 and err == ""
    assert not lock_path(path).exists()


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
def test_lock_is_not_inherited_by_programs_it_starts(tmp_path: Path) -> None:
    # A child that inherited the OS lock would keep a crashed writer's lock alive.
    path = empty_file(tmp_path / "d.sqlite")
    with acquire_write_lock(path) as lock:
        child = subprocess.Popen(["sleep", "30"], close_fds=False)
        try:
            fds = Path(f"/proc/{child.pid}/fd")
            targets = {os.path.realpath(fd) for fd in fds.iterdir()}
            assert str(lock.lock_path) not in targets
        finally:
            child.kill()
            child.wait()
