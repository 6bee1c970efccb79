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


def keep_private(settings_file: str) -> None:
    """Make the settings file (it lists the data files used recently) owner-only (0600).

    Created empty and owner-only before Qt first writes it, since Qt's atomic save keeps
    the permissions of the file it replaces; the window calls it again when it ends.
    """
    name = Path(settings_file)
    if not name.is_absolute():  # a registry path (Windows): nothing to chmod
        return
    try:
        name.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600))
        os.chmod(name, 0o600)
    except OSError:
        pass  # the settings are a convenience; the window works without them
