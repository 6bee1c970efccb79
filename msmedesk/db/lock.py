"""One writer at a time: a lock file beside the data file that names its holder.

``/path/records.sqlite`` is locked by ``/path/records.sqlite.lock``, a small JSON file
(host, process id, user, start time) that appears atomically, already complete, and is
held with an operating-system advisory lock (``flock`` on POSIX, ``msvcrt.locking`` on
Windows) for as long as the writer runs. The advisory lock is what tells a live holder
from a dead one: the system drops it when the process ends, however it ends (a crash, a
SIGKILL, a power cut), so a lock file left behind is recognised as stale even when its
process id has meanwhile been given to another program.

* A stale lock on this host is taken over silently.
* A live holder is reported: :class:`DataFileLocked` names it.
* A lock written on another host (a data file in a shared folder) cannot be proved stale
  from here, so it is refused as well; ``force=True`` breaks it, on the user's explicit
  choice only. A live holder on this host is never broken.

Readers (report, export, backup, check) never take the lock.
"""

from __future__ import annotations

import contextlib
import errno
import getpass
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from msmedesk.db.errors import DataFileError

LOCK_SUFFIX = ".lock"
_MAX_LOCK_BYTES = 4096
# Windows: the byte range locked, far past the content so readers can still read it.
_WIN_LOCK_OFFSET = 1 << 20

# Locks this process holds, by lock-file path (restore() uses the one already held).
_held: dict[Path, WriteLock] = {}


@dataclass(frozen=True)
class LockHolder:
    """Who holds (or held) a data file open for writing."""

    host: str
    pid: int
    user: str
    since: datetime | None

    def describe(self) -> str:
        """ "process 1234 on host pc-17 (since 14:02)"."""
        text = f"process {self.pid} on host {self.host or 'unknown'}"
        if self.user:
            text += f" (user {self.user}"
            text += f", since {_when(self.since)})" if self.since else ")"
        elif self.since:
            text += f" (since {_when(self.since)})"
        return text

    def is_this_host(self) -> bool:
        """Whether the holder ran on the computer this program runs on."""
        return _same_host(self.host, _host())


class DataFileLocked(DataFileError):
    """Another msmedesk process holds the data file open for writing."""

    def __init__(self, path: Path, holder: LockHolder | None, *, other_host: bool):
        self.path = path
        self.holder = holder
        self.other_host = other_host
        if holder is None:
            message = (f"{path} is open in msmedesk in another process (its lock file "
                       f"{lock_path(path).name} cannot be read).")
        else:
            message = f"{path} is open in msmedesk, {holder.describe()}."
        super().__init__(message)


class WriteLock:
    """The right to write one data file; release it when the file is closed."""

    def __init__(self, path: Path, fd: int, holder: LockHolder):
        self.path = path
        self.lock_path = lock_path(path)
        self.holder = holder
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        """Whether this lock is still held."""
        return self._fd is not None

    def release(self) -> None:
        """Give the file up (idempotent): remove the lock file, then drop the OS lock."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        _held.pop(self.lock_path, None)
        # Removed while still holding the OS lock: whoever holds it may remove the file,
        # so nobody else can be removing a newer lock file at the same moment.
        with contextlib.suppress(OSError):
            if _same_file(fd, self.lock_path):
                self.lock_path.unlink()
        _unlock(fd)
        os.close(fd)

    def __enter__(self) -> WriteLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()

    def __repr__(self) -> str:
        state = "held" if self.held else "released"
        return f"<WriteLock {self.path} {state}>"


def lock_path(path: Path) -> Path:
    """The lock file of the data file ``path``."""
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


def held_lock(path: Path) -> WriteLock | None:
    """The lock on ``path`` that this process holds, if any."""
    found = _held.get(lock_path(Path(path).absolute()))
    return found if found is not None and found.held else None


def read_holder(path: Path) -> LockHolder | None:
    """Who the lock file of ``path`` names (live or not), or None without a readable lock."""
    try:
        with lock_path(path).open("rb") as fh:
            return _parse(fh.read(_MAX_LOCK_BYTES))
    except OSError:
        return None


def is_held(path: Path) -> bool:
    """Whether an msmedesk (this one or another) holds ``path`` open for writing now.

    A lock file whose holder is gone is not held; another computer's lock counts as held,
    since its process cannot be seen from here.
    """
    path = Path(path).absolute()
    if held_lock(path) is not None:
        return True
    lpath = lock_path(path)
    try:
        fd = os.open(lpath, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return False
    except OSError:
        return True  # a lock file that cannot even be opened: assume its holder is there
    try:
        # The OS lock is per open file, so even this process's own lock answers False.
        state = _try_lock(fd)
        if state is True:
            _unlock(fd)
            return False
        if state is False:
            return True
        holder = _parse(_read_fd(fd))
        if holder is None:
            return True
        return not holder.is_this_host() or _pid_alive(holder.pid)
    finally:
        os.close(fd)


def acquire_write_lock(path: Path, *, force: bool = False) -> WriteLock:
    """Lock ``path`` for writing by this process, or raise :class:`DataFileLocked`.

    A stale lock of this host is taken over without asking; a lock from another host is
    broken only with ``force=True`` (the user's explicit choice). The folder must exist.
    """
    path = Path(path).absolute()
    lpath = lock_path(path)
    if held_lock(path) is not None:
        raise DataFileLocked(path, _me(), other_host=False)
    me = _me()
    for _attempt in range(20):
        fd = _create(lpath, me)
        if fd is not None:
            lock = WriteLock(path, fd, me)
            _held[lpath] = lock
            _sweep_private_files(lpath)
            return lock
        # A lock file is there: is its holder alive?
        try:
            fd = os.open(lpath, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
        except FileNotFoundError:
            continue  # released meanwhile: try again
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EPERM):
                raise DataFileLocked(path, read_holder(path), other_host=False) from None
            raise DataFileError(f"Cannot read the lock file {lpath}: "
                                f"{exc.strerror or exc}.") from None
        try:
            state = _try_lock(fd)
            holder = _parse(_read_fd(fd))
            if state is False:  # the OS says: its holder is alive
                other = holder is not None and not holder.is_this_host()
                raise DataFileLocked(path, holder, other_host=other)
            if not _same_file(fd, lpath):
                continue  # replaced while we looked: look again
            if holder is not None and not holder.is_this_host():
                # Another computer's lock: its process cannot be seen from here, and
                # advisory locks do not always cross network file systems.
                if not force:
                    raise DataFileLocked(path, holder, other_host=True)
            elif state is None and holder is not None and _pid_alive(holder.pid):
                # No OS locks on this file system: the process id is all there is.
                raise DataFileLocked(path, holder, other_host=False)
            # Stale (or broken by choice): whoever holds the OS lock may remove it.
            with contextlib.suppress(FileNotFoundError):
                lpath.unlink()
        finally:
            _unlock(fd)
            os.close(fd)
    raise DataFileError(f"Cannot lock {path}: its lock file {lpath.name} keeps changing.")


# ---------------------------------------------------------------- helpers


def _host() -> str:
    return socket.gethostname()


def _same_host(a: str, b: str) -> bool:
    return a.split(".")[0].lower() == b.split(".")[0].lower()


def _me() -> LockHolder:
    try:
        user = getpass.getuser()
    except Exception:  # no user name in this environment
        user = ""
    return LockHolder(host=_host(), pid=os.getpid(), user=user,
                      since=datetime.now().astimezone().replace(microsecond=0))


def _when(since: datetime) -> str:
    local = since.astimezone() if since.tzinfo else since
    today = datetime.now(local.tzinfo).date()
    if local.date() == today:
        return local.strftime("%H:%M")
    return f"{local.day} {local.strftime('%B %Y %H:%M')}"


def _content(holder: LockHolder) -> bytes:
    data = {"program": "msmedesk", "host": holder.host, "pid": holder.pid,
            "user": holder.user, "since": holder.since.isoformat() if holder.since else None}
    return (json.dumps(data, ensure_ascii=False) + "\n").encode("utf-8")


def _parse(raw: bytes) -> LockHolder | None:
    try:
        data = json.loads(raw.decode("utf-8"))
        since = data.get("since")
        return LockHolder(host=str(data.get("host") or ""), pid=int(data["pid"]),
                          user=str(data.get("user") or ""),
                          since=datetime.fromisoformat(since) if since else None)
    except (ValueError, TypeError, KeyError, AttributeError):
        return None


def _read_fd(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, _MAX_LOCK_BYTES)


def _create(lpath: Path, me: LockHolder) -> int | None:
    """Create the lock file, complete and OS-locked; None when one is already there."""
    content = _content(me)
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    tmp = _private_file(lpath, os.getpid())
    try:
        # Written and locked under a private name, then linked into place: the lock
        # file never exists half-written, and never unlocked while its holder lives.
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        fd = os.open(tmp, flags, 0o600)
    except OSError as exc:
        raise _cannot_lock(lpath, exc) from None
    try:
        _fchmod(fd)
        _try_lock(fd)
        _write_all(fd, content)
        os.fsync(fd)
        try:
            os.link(tmp, lpath)
        except FileExistsError:
            _unlock(fd)
            os.close(fd)
            return None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS,
                                 errno.EXDEV, errno.EMLINK, errno.EINVAL):
                raise
            # A file system without hard links: create the lock file in place instead.
            _unlock(fd)
            os.close(fd)
            return _create_in_place(lpath, content)
        return fd
    except OSError as exc:
        with contextlib.suppress(OSError):
            _unlock(fd)
            os.close(fd)
        raise _cannot_lock(lpath, exc) from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _private_file(lpath: Path, pid: int) -> Path:
    """The name a lock file is written under by process ``pid`` of this host."""
    return lpath.with_name(f".{lpath.name}.{_host()}.{pid}.tmp")


def _sweep_private_files(lpath: Path) -> None:
    """Remove the private files that processes of this host killed while locking left."""
    mark = _private_file(lpath, 0).name
    prefix, suffix = mark[:-len("0.tmp")], ".tmp"
    try:
        names = [p.name for p in lpath.parent.iterdir()]
    except OSError:
        return
    for name in names:
        pid = name[len(prefix):-len(suffix)]
        if name.startswith(prefix) and name.endswith(suffix) and pid.isdigit() \
                and int(pid) != os.getpid() and not _pid_alive(int(pid)):
            with contextlib.suppress(OSError):
                (lpath.parent / name).unlink()


def _create_in_place(lpath: Path, content: bytes) -> int | None:
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(lpath, flags, 0o600)
    except FileExistsError:
        return None
    try:
        _fchmod(fd)
        _try_lock(fd)
        _write_all(fd, content)
        os.fsync(fd)
    except OSError:
        _unlock(fd)
        os.close(fd)
        with contextlib.suppress(OSError):
            lpath.unlink()
        raise
    return fd


def _cannot_lock(lpath: Path, exc: OSError) -> DataFileError:
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return DataFileError(f"Cannot open {_data(lpath)} for writing: its folder "
                             f"{lpath.parent} is read-only.")
    if exc.errno == errno.ENOSPC:
        return DataFileError(f"Cannot open {_data(lpath)} for writing: the disk is full.")
    return DataFileError(f"Cannot lock {_data(lpath)}: {exc.strerror or exc}.")


def _data(lpath: Path) -> Path:
    return lpath.with_name(lpath.name[: -len(LOCK_SUFFIX)])


def _write_all(fd: int, content: bytes) -> None:
    view = memoryview(content)
    while view:
        view = view[os.write(fd, view):]


def _fchmod(fd: int) -> None:
    # 0600 whatever the umask: the lock names a user and a computer.
    if hasattr(os, "fchmod"):
        os.fchmod(fd, 0o600)


def _same_file(fd: int, path: Path) -> bool:
    try:
        a, b = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino)


def _pid_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - not run on the test machines
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)
        if not handle:
            return False
        ctypes.windll.kernel32.CloseHandle(handle)
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


if sys.platform == "win32":  # pragma: no cover - not run on the test machines
    import msvcrt

    def _try_lock(fd: int) -> bool | None:
        """True when locked, False when another process holds it, None if unsupported."""
        pos = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError as exc:
            if exc.errno in (errno.EACCES, errno.EDEADLK):
                return False
            return None
        finally:
            os.lseek(fd, pos, os.SEEK_SET)

    def _unlock(fd: int) -> None:
        pos = os.lseek(fd, 0, os.SEEK_CUR)
        try:
            os.lseek(fd, _WIN_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
        finally:
            os.lseek(fd, pos, os.SEEK_SET)

else:
    import fcntl

    def _try_lock(fd: int) -> bool | None:
        """True when locked, False when another process holds it, None if unsupported."""
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
                return False
            return None  # ENOLCK, EOPNOTSUPP...: this file system keeps no locks

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
