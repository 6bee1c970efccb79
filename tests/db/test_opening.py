"""Opening a data file looks at it once: every opener goes through one sequence.

A file is recognised (its header read, a crash's ``-wal`` recovered) once per open, and
what follows (refusing, locking, backing up, migrating, connecting) acts on that one look.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from msmedesk.db import engine
from msmedesk.db.safety import open_for_reading, open_for_writing, open_read_only
from tests.db.safety_support import sample_file


def _count_looks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every look at a file's header, wherever in db/ a module holds ``inspect_file``."""
    looks: list[Path] = []
    real = engine.inspect_file

    def counted(path: Path) -> engine.FileState:
        looks.append(Path(path))
        return real(path)

    for name, module in list(sys.modules.items()):
        if name.startswith("msmedesk.db") and getattr(module, "inspect_file", None) is real:
            monkeypatch.setattr(module, "inspect_file", counted)
    return looks


def _write(path: Path, folder: Path) -> None:
    open_for_writing(path, backup_folder=folder).close()


def _read_only(path: Path, folder: Path) -> None:
    open_read_only(path, backup_folder=folder).close()


def _reading(path: Path, folder: Path) -> None:
    open_for_reading(path).dispose()


@pytest.mark.parametrize("opener", [_write, _read_only, _reading],
                         ids=["for writing", "read-only", "for reading"])
def test_an_existing_file_is_inspected_once_per_open(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        opener: Callable[[Path, Path], None]) -> None:
    path = sample_file(tmp_path / "office" / "records.sqlite")
    looks = _count_looks(monkeypatch)
    opener(path, tmp_path / "bk")
    assert looks == [path]
