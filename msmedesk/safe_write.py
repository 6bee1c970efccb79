"""Writing a file the user named without ever leaving half a file or replacing one unasked.

Every file msmedesk writes for the user (a backup, an archive, a report) is written to a
hidden temporary file with a unique name in the destination's folder, flushed to disk and
then renamed into place, so an interrupted run leaves the name as it was. Whether an
existing file may be replaced is the caller's question to have asked (``--force`` at the
command line, the save dialog's own question in the window); some files are never
replaced, whatever the answer: the data file being read, and any data file that an
msmedesk holds open for writing (``refusal``).

Pure Python, no Qt; the lock check loads ``msmedesk.db.lock`` only when it is asked.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import time
from collections.abc import Callable
from pathlib import Path

# SQLite opens a "-wal" or hot "-journal" beside a file whatever file it is, and would put
# the old file's changes into the new one: these go with the file they belonged to.
SQLITE_SIDECARS = ("-wal", "-shm", "-journal")
SQLITE_MAGIC = b"SQLite format 3\x00"
_TEMP_MARK = ".partial"
# A hidden temporary file of ours: ".NAME.<16 hex digits>.partial[.EXT][-journal...]".
_TEMP_RE = re.compile(r"^\..+\.[0-9a-f]{16}\.partial(?:\.[^./]*)?(?:-journal|-wal|-shm)?$")
# Temporary files older than this were left by a run that was killed: removed when seen.
_ABANDONED_AFTER = 24 * 3600


class DestinationRefused(Exception):
    """A destination that is not written to; the message is one plain sentence."""


class WriteCancelled(Exception):
    """The writer was told to stop before the file was put in place; nothing was written."""


def free_name(folder: Path, name: str) -> Path:
    """``folder/name``, or ``folder/STEM-2.EXT`` (-3, ...) when that name is taken."""
    folder = Path(folder)
    candidate = folder / name
    stem, suffix = Path(name).stem, Path(name).suffix
    n = 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def is_unfinished(path: Path) -> bool:
    """Whether ``path`` is named as one of our temporary files (a write not yet finished)."""
    return bool(_TEMP_RE.match(Path(path).name))


def is_same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (symlinks, hard links and relative paths seen through)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def refusal(dest: Path, data_file: Path | None = None,
            role: str = "the data file being read") -> str | None:
    """Why ``dest`` may not be written whatever the user answers, or None.

    Never written: the data file ``data_file`` (under any spelling; ``role`` says what it
    is to the user), and any data file an msmedesk holds open for writing (its lock is
    held).
    """
    dest = Path(dest)
    if data_file is not None and is_same_file(dest, data_file):
        which = "" if Path(os.path.abspath(dest)) == Path(os.path.abspath(data_file)) \
            else f" ({data_file})"
        return (f"{dest} is {role}{which}; msmedesk never writes over it, so choose another "
                "name.")
    holder = _lock_holder(dest)
    if holder is not None:
        return (f"{dest} is a data file open in msmedesk, {holder}; msmedesk never writes "
                "over it, so choose another name.")
    return None


def choose_destination(dest: Path, default_name: str, *, replace: bool,
                       data_file: Path | None = None,
                       how_to_replace: str = "run the command again with --force") -> Path:
    """The file to write for the destination the user gave, or :class:`DestinationRefused`.

    A folder gets ``default_name`` inside it, under a name not yet taken. An existing
    file is refused unless ``replace`` (the sentence says ``how_to_replace``); the files
    of ``refusal`` are refused always.
    """
    dest = Path(dest)
    if dest.is_dir():
        dest = free_name(dest, default_name)
    reason = refusal(dest, data_file)
    if reason:
        raise DestinationRefused(reason)
    if os.path.lexists(dest) and not replace:
        raise DestinationRefused(f"{dest} already exists; to replace it, {how_to_replace}.")
    return dest


def write_atomically(dest: Path, write: Callable[[Path], object], *, replace: bool = False,
                     private: bool = False, proceed: Callable[[], bool] | None = None) -> None:
    """Write ``dest`` through ``write(temporary_path)``, then put it in place in one rename.

    The temporary file is created empty (readable by the owner only when ``private``) with
    a unique name in ``dest``'s folder; ``write`` fills it; it is flushed to disk and
    renamed to ``dest``. Without ``replace`` a file that appeared at ``dest`` meanwhile is
    left alone (:class:`DestinationRefused`). ``proceed``, asked just before the rename,
    may still stop it (:class:`WriteCancelled`). On any failure the temporary file goes and
    ``dest`` is as it was. A replaced SQLite file's ``-wal``, ``-shm`` and ``-journal`` go
    too, so SQLite never mixes the old file's changes into the new one.
    """
    dest = Path(dest)
    folder = dest.parent
    _sweep_abandoned(folder)
    tmp = _create_temporary(dest, private)
    try:
        write(tmp)
        _fsync_file(tmp)
        if proceed is not None and not proceed():
            raise WriteCancelled(f"{dest} was not written.")
        # Set aside, not removed, until the rename is done: if it fails, the old file
        # keeps changes that only its -wal holds.
        aside = _set_sidecars_aside(dest) if replace and _is_sqlite(dest) else []
        try:
            _put_in_place(tmp, dest, replace)
        except BaseException:
            for original, moved in aside:
                with contextlib.suppress(OSError):
                    os.replace(moved, original)
            raise
        fsync_dir(folder)
        for original, moved in aside:
            with contextlib.suppress(OSError):
                moved.unlink()
            # A reader of the old file may have made a new one meanwhile.
            with contextlib.suppress(OSError):
                original.unlink()
    except BaseException:
        for leftover in (tmp, *(Path(f"{tmp}{s}") for s in SQLITE_SIDECARS)):
            with contextlib.suppress(OSError):
                leftover.unlink()
        raise


def create_temporary(dest: Path, private: bool = True) -> Path:
    """A new empty file with a unique hidden name beside ``dest`` (owner-only when ``private``).

    Named like the temporary files of :func:`write_atomically`, so one that a killed run
    left behind is swept away a day later (here as in :func:`write_atomically`).
    """
    _sweep_abandoned(Path(dest).parent)
    return _create_temporary(Path(dest), private)


def link_into_place(tmp: Path, dest: Path) -> None:
    """Give the finished file ``tmp`` the name ``dest``, never replacing a file already there.

    :class:`DestinationRefused` when ``dest`` exists (``tmp`` is then left to the caller).
    """
    _put_in_place(Path(tmp), Path(dest), replace=False)
    fsync_dir(Path(dest).parent)


def make_private(path: Path) -> None:
    """Make an existing file readable and writable by its owner only (0600)."""
    with contextlib.suppress(OSError):
        os.chmod(path, 0o600)


# ---------------------------------------------------------------- helpers


def _lock_holder(dest: Path) -> str | None:
    """Who holds ``dest`` (or a data file that is the same file) open for writing."""
    from msmedesk.db.lock import LOCK_SUFFIX, is_held, read_holder

    candidates = {Path(os.path.abspath(dest)), Path(os.path.realpath(dest))}
    if os.path.exists(dest):
        # A hard link names its file under another name: look at the locks beside it.
        for folder in {c.parent for c in candidates}:
            with contextlib.suppress(OSError):
                for lock in folder.glob(f"*{LOCK_SUFFIX}"):
                    data = lock.with_name(lock.name[: -len(LOCK_SUFFIX)])
                    if is_same_file(data, dest):
                        candidates.add(data)
    for candidate in sorted(candidates):
        if is_held(candidate):
            holder = read_holder(candidate)
            return holder.describe() if holder is not None else "another process"
    return None


def _create_temporary(dest: Path, private: bool) -> Path:
    flags = os.O_CREAT | os.O_EXCL | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    while True:
        # The destination's suffix last: a renderer may look at it.
        tmp = dest.with_name(f".{dest.stem}.{secrets.token_hex(8)}{_TEMP_MARK}{dest.suffix}")
        try:
            fd = os.open(tmp, flags, 0o600 if private else 0o666)
        except FileExistsError:
            continue
        try:
            if private and hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # whatever the umask
        finally:
            os.close(fd)
        return tmp


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    """Make a rename or a new file in ``folder`` durable (POSIX; elsewhere nothing)."""
    # The rename itself reaches the disk only with its folder (POSIX).
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _put_in_place(tmp: Path, dest: Path, replace: bool) -> None:
    if replace:
        os.replace(tmp, dest)
        return
    try:
        # link() fails if the name is taken, where rename() would replace silently.
        os.link(tmp, dest)
    except FileExistsError:
        raise DestinationRefused(f"{dest} appeared while it was being written; it was left "
                                 "as it is.") from None
    except OSError:
        # A file system without hard links: the check and the rename are two steps.
        if os.path.lexists(dest):
            raise DestinationRefused(f"{dest} appeared while it was being written; it was "
                                     "left as it is.") from None
        os.rename(tmp, dest)
        return
    os.unlink(tmp)


def _is_sqlite(path: Path) -> bool:
    try:
        with open(path, "rb") as fh:
            return fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC
    except OSError:
        return False


def _set_sidecars_aside(path: Path) -> list[tuple[Path, Path]]:
    """Rename the SQLite files beside ``path`` to hidden unique names; (original, new)."""
    moved: list[tuple[Path, Path]] = []
    for suffix in SQLITE_SIDECARS:
        original = Path(f"{path}{suffix}")
        if not os.path.lexists(original):
            continue
        aside = path.with_name(f".{path.stem}.{secrets.token_hex(8)}{_TEMP_MARK}"
                               f"{path.suffix}{suffix}")
        try:
            os.replace(original, aside)
        except FileNotFoundError:
            continue
        except OSError:
            for back, gone in moved:
                with contextlib.suppress(OSError):
                    os.replace(gone, back)
            raise
        moved.append((original, aside))
    return moved


def _sweep_abandoned(folder: Path) -> None:
    """Remove temporary files that a killed msmedesk left in ``folder`` long ago."""
    limit = time.time() - _ABANDONED_AFTER
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if not is_unfinished(Path(entry.name)):
            continue
        with contextlib.suppress(OSError):
            if entry.is_file(follow_symlinks=False) and entry.stat().st_mtime < limit:
                os.unlink(entry.path)
