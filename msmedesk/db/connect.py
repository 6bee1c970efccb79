"""Connecting to a data file as its state was found: build a missing one, back up and
upgrade an old one, else the writer's (or a reader's) engine on it.

The step of ``opening`` that makes the engine, kept apart so that an open file
(``opened.OpenDataFile``) can connect again after a restore without importing the
opener; SQLAlchemy loads with the first engine made (``files``).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from msmedesk.db import header
from msmedesk.db.backups import make_backup
from msmedesk.db.errors import DataFileError
from msmedesk.db.files import build_data_file, copy_database, make_engine, migrate
from msmedesk.db.header import FileState, inspect_file

if TYPE_CHECKING:
    from sqlalchemy import Engine


def open_data_file(path: Path, *, create: bool = True, readonly: bool = False,
                   backup_folder: Path | None = None) -> Engine:
    """Open (creating or upgrading as needed) the data file and return its engine.

    An old file is backed up before it is upgraded: into ``backup_folder`` when given (as
    a ``before-upgrade`` backup that rotation never removes), else beside the file.
    """
    path = Path(path)
    return _connect(path, inspect_file(path), create=create, readonly=readonly,
                    backup_folder=backup_folder)


def _connect(path: Path, state: FileState, *, create: bool, readonly: bool,
             backup_folder: Path | None) -> Engine:
    """The engine on ``path`` as ``state`` found it: built if missing, upgraded if old."""
    if not state.exists:
        if not create or readonly:
            raise DataFileError(f"There is no data file at {path}.")
        build_data_file(path)
        return make_engine(path)
    if state.schema_version < header.SCHEMA_VERSION:
        if readonly:
            raise DataFileError(f"{path} needs an upgrade and cannot be opened read-only.")
        if backup_folder is not None:
            make_backup(path, "before-upgrade", backup_folder)
        else:
            stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
            backup = path.with_name(f"{path.stem}.before-upgrade-{stamp}"
                                    f"{path.suffix or '.sqlite'}")
            copy_database(path, backup)
        engine = make_engine(path)
        migrate(engine)
        return engine
    return make_engine(path, readonly=readonly)
