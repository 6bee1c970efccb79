"""The data file's engine and how to open one: the names callers know, in one module.

Each lives where it is made: the errors in ``errors``, recognising a file from its header
in ``header``, the writer's engine, copies, new files and migrations in ``files``, and the
one sequence that opens a file (inspect once, then refuse, lock, back up, migrate,
connect) in ``opening``. Nothing in db/ imports this module, so it never closes a loop.
"""

from __future__ import annotations

from msmedesk.db.connect import open_data_file
from msmedesk.db.errors import (
    DataFileError,
    NewerDataFile,
    NotADataFile,
    ensure_folder,
    os_reason,
)
from msmedesk.db.files import (
    build_data_file,
    copy_database,
    make_engine,
    migrate,
    migrated_copy_engine,
    query_only_connection,
)
from msmedesk.db.header import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    SQLITE_MAGIC,
    FileState,
    inspect_file,
)

# The name the Alembic step had before it moved to ``files`` (a subprocess test uses it).
_migrate = migrate

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "SQLITE_MAGIC", "DataFileError", "FileState",
           "NewerDataFile", "NotADataFile", "build_data_file", "copy_database",
           "ensure_folder", "inspect_file", "make_engine", "migrate", "migrated_copy_engine",
           "open_data_file", "os_reason", "query_only_connection"]
