"""The JSON archive (shared/archive-format.md): export everything, import all or nothing.

Import checks the whole archive first (every record, every reference, every clash with
what the data file already holds) and only then writes, in one transaction, with bulk
Core inserts. A record whose key already exists with the same content is left alone,
so importing the same archive twice changes nothing.

The steps, one module each: ``file`` (reading the file's bytes and JSON), ``parse`` (the
header and every record), ``load`` (the data file's records), ``plan`` (what to add, or
what is refused), ``bulk`` (writing the plan), ``importer`` and ``export`` (the two ways
through), ``sample`` (the shipped sample records); ``record_set`` holds what they share.
"""

from msmedesk.archive.export import export_archive, to_json
from msmedesk.archive.file import MAX_ARCHIVE_BYTES, ArchiveError
from msmedesk.archive.importer import import_archive, import_data
from msmedesk.archive.load import load_records
from msmedesk.archive.parse import check_header, parse_archive, read_archive
from msmedesk.archive.record_set import (
    FORMAT,
    SECTIONS,
    VERSION,
    Cancelled,
    ImportResult,
    Progress,
    RecordSet,
    counts_text,
)
from msmedesk.archive.sample import sample_path

__all__ = [
    "FORMAT", "MAX_ARCHIVE_BYTES", "SECTIONS", "VERSION", "ArchiveError", "Cancelled",
    "ImportResult", "Progress", "RecordSet", "check_header", "counts_text", "export_archive",
    "import_archive", "import_data", "load_records", "parse_archive", "read_archive",
    "sample_path", "to_json",
]
