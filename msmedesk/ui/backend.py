"""What the window is given to work with: the services of one data file and plain callables.

app.py builds a ``Backend`` for each data file it opens; the window never opens a file,
an archive or a backup itself, so that ``msmedesk.ui`` stays free of SQLAlchemy. This
module imports neither Qt nor the services, so app.py can use it before Qt is loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # hints only: the services come from app.py at run time
    from msmedesk.records import Services

Progress = Callable[[int, int], bool]
"""Called with (done, total); returning False asks the work to stop and write nothing."""


class ActionFailed(Exception):
    """A file action that could not be done; the message is plain words for the user."""


def _nothing_to_start(_tell: Callable[[str], None]) -> None:
    pass


@dataclass
class Backend:
    """One open data file: its services and the file actions app.py wired for it.

    Attributes:
        path: the data file.
        services: the record services (``msmedesk.records.Services``, duck-typed here).
        backup_dir: where backups of this file go by default.
        load_sample: load the 2024 sample records; returns a summary, or None if cancelled.
        import_archive: import an archive file; returns a summary, or None if cancelled.
        export_archive: write every record to an archive; a summary, or None if cancelled.
        back_up: copy the data file to a path; returns a summary.
        close: release the data file.
        start_background: start what follows the opening (the day's first backup) once the
            window is up; it calls the function given (from any thread) with a sentence
            the user should read, if something went wrong.
    """

    path: Path
    services: Services
    backup_dir: Path
    load_sample: Callable[[Progress], str | None]
    import_archive: Callable[[Path, Progress], str | None]
    export_archive: Callable[[Path, Progress], str | None]
    back_up: Callable[[Path], str]
    close: Callable[[], None]
    start_background: Callable[[Callable[[str], None]], None] = _nothing_to_start


Opener = Callable[[Path, bool], Backend]
"""Open (``create=True``: or create) the data file at a path; raises ActionFailed."""
