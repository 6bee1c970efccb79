"""Where the data file, its backups and the settings live.

An explicit path wins, then the environment (``MSMEDESK_DB``, ``MSMEDESK_BACKUP_DIR``),
then the per-user folders that platformdirs names for this system.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

APP_NAME = "msmedesk"
APP_AUTHOR = "WTO"
DEFAULT_FILE_NAME = "msmedesk.sqlite"


def data_dir() -> Path:
    """The per-user folder for msmedesk's data."""
    return Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))


def data_file(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data file to open: ``--db``, else ``MSMEDESK_DB``, else the per-user default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("MSMEDESK_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / DEFAULT_FILE_NAME


def backup_dir(data_path: Path, explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where automatic backups of ``data_path`` go: chosen folder, env, or beside the data."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("MSMEDESK_BACKUP_DIR")
    if env:
        return Path(env).expanduser()
    return data_path.parent / "backups"
