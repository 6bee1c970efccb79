"""Reading an archive file: a regular file of at most MAX_ARCHIVE_BYTES, UTF-8 JSON.

What is not such a file is refused in one plain sentence before it is read (a device, a
pipe, a folder, a file over the limit), and no more than the limit is ever read. Keys given
twice in one JSON object are noted under ``validation.DUPLICATE_KEYS``, and integers too
long for Python kept as ``validation.HugeNumber``, so that the archive's checks can name
their record and field.
"""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import Any

from msmedesk import validation
from msmedesk.validation import FieldError

# The largest archive read: well above the benchmark's largest (scale 10, 1.4 million
# records: 474 MB written compactly, more when indented as an export is). A larger file
# is refused before anything is read, and no more than this is ever read (a file that
# grows meanwhile is refused too). Stated in README.md.
MAX_ARCHIVE_BYTES = 1024 * 1024 * 1024


class ArchiveError(Exception):
    """An archive that cannot be read or imported; ``errors`` lists every problem."""

    def __init__(self, message: str, errors: tuple[FieldError, ...] = ()):
        self.errors = errors
        super().__init__(message)


def read_json(path: Path) -> Any:
    """The JSON value of the archive file at ``path``, or ArchiveError in one sentence."""
    return _json_of(path, _read_bytes(path))


def _read_bytes(path: Path) -> bytes:
    """The bytes of the regular file at ``path``, at most MAX_ARCHIVE_BYTES of them.

    A device or FIFO is refused before it is opened: /dev/zero says its size is 0 and then
    never ends, and opening a FIFO waits for a writer. The file is opened without waiting
    (O_NONBLOCK) and looked at again once open, in case the name changed meanwhile.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ArchiveError(f"There is no file {path}.") from None
    except OSError as exc:
        raise ArchiveError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    _check_kind(path, st)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise ArchiveError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    try:
        size = os.fstat(fd)
        _check_kind(path, size)
        with os.fdopen(fd, "rb", closefd=False) as fh:
            # One read of the size the file has (and a byte more, to see if it grew);
            # a file that grew is read on in pieces, never past the limit.
            raw = fh.read(size.st_size + 1)
            if len(raw) > size.st_size:
                pieces = [raw]
                read = len(raw)
                while read <= MAX_ARCHIVE_BYTES and (piece := fh.read(
                        min(1 << 24, MAX_ARCHIVE_BYTES + 1 - read))):
                    pieces.append(piece)
                    read += len(piece)
                raw = b"".join(pieces)
    except OSError as exc:
        raise ArchiveError(f"Cannot read {path}: {exc.strerror or exc}.") from None
    finally:
        os.close(fd)
    if len(raw) > MAX_ARCHIVE_BYTES:
        raise _too_large(path, len(raw), "or more")
    return raw


def _check_kind(path: Path, st: os.stat_result) -> None:
    """Refuse what is not a regular file of at most MAX_ARCHIVE_BYTES."""
    if stat.S_ISDIR(st.st_mode):
        raise ArchiveError(f"{path} is a folder, not an archive.")
    if not stat.S_ISREG(st.st_mode):
        what = ("a device" if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode)
                else "a pipe" if stat.S_ISFIFO(st.st_mode)
                else "a socket" if stat.S_ISSOCK(st.st_mode) else "not a file")
        raise ArchiveError(f"{path} is not a regular file (it is {what}); an archive is a "
                           "file that msmedesk export wrote.")
    if st.st_size > MAX_ARCHIVE_BYTES:
        raise _too_large(path, st.st_size)


def _too_large(path: Path, size: int, more: str = "") -> ArchiveError:
    mb = f"{size / 2**20:,.0f} MB{' ' + more if more else ''}"
    return ArchiveError(f"{path} is {mb}, far larger than any msmedesk archive (the limit is "
                        f"{MAX_ARCHIVE_BYTES // 2**20:,} MB); it was not read.")


def _json_of(path: Path, raw: bytes) -> Any:
    """The JSON value of the file's bytes; duplicate keys listed under DUPLICATE_KEYS."""
    try:
        # A byte order mark (Notepad writes one) changes no character: it is skipped.
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArchiveError(f"{path} is not a JSON archive (it is not UTF-8 text).") from None
    try:
        try:
            return json.loads(text, object_pairs_hook=_object)
        except ValueError as exc:
            if isinstance(exc, json.JSONDecodeError) or "digits" not in str(exc):
                raise
        # An integer too long for Python to convert: read again, keeping such numbers
        # as HugeNumber, so that the message names their field (rare: costs a second read).
        return json.loads(text, object_pairs_hook=_object, parse_int=_integer)
    except json.JSONDecodeError as exc:
        raise ArchiveError(f"{path} is not a JSON archive (line {exc.lineno}: "
                           f"{exc.msg.lower()}).") from None
    except RecursionError:
        raise ArchiveError(f"{path} is not an msmedesk archive (nested too deeply).") from None


def _object(pairs: list[tuple[str, Any]], dict: type[dict[Any, Any]] = dict,
            len: Callable[[Any], int] = len) -> dict[Any, Any]:
    # A JSON object with a key given twice would keep only the last value: the keys
    # given twice are noted under DUPLICATE_KEYS, which the checks refuse by name.
    # (Called once per object of the archive: the builtins are bound as arguments.)
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj[validation.DUPLICATE_KEYS] = tuple(dict.fromkeys(
            k for k, _ in pairs if k in seen or seen.add(k)))  # type: ignore[func-returns-value]
    return obj


def _integer(text: str) -> int | validation.HugeNumber:
    return int(text) if len(text) <= validation.HugeNumber.DIGITS else validation.HugeNumber(text)
