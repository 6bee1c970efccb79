"""The data file's errors and the words for why a file operation failed (the bottom of db/)."""

from __future__ import annotations

import errno
from pathlib import Path


class DataFileError(Exception):
    """A data file that cannot be opened; the message is one plain sentence."""


class NotADataFile(DataFileError):
    """The file is not an msmedesk data file (foreign, damaged or truncated)."""


class NewerDataFile(DataFileError):
    """The file was written by a newer version of msmedesk."""


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in words a user can act on."""
    if exc.errno == errno.ENOSPC:
        return "the disk is full"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "permission denied (read-only)"
    return (exc.strerror or str(exc)).rstrip(".").lower()


def ensure_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if missing, or say in one sentence why not."""
    if folder.is_dir():
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DataFileError(f"Cannot create the folder {folder}: {os_reason(exc)}.") from None
