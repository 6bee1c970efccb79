"""Shared fixtures: fresh migrated data files, services over them, the 2024 sample.

Migrating a new file with Alembic takes a noticeable fraction of a second, so a
template is built once per session with ``open_data_file`` and each test gets a copy
(the pattern Anki's test suite uses for its collections).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.db.engine import open_data_file
from msmedesk.records import Services


def _settled_copy(source: Path, dest: Path) -> Path:
    # The engine was disposed, so SQLite checkpointed and removed the WAL: the main
    # file alone is the whole database.
    assert not Path(str(source) + "-wal").exists()
    shutil.copyfile(source, dest)
    return dest


@pytest.fixture(scope="session")
def template_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new, migrated, empty data file, built once per test session."""
    path = tmp_path_factory.mktemp("template") / "template.sqlite"
    open_data_file(path).dispose()
    return path


@pytest.fixture(scope="session")
def sample_template_file(tmp_path_factory: pytest.TempPathFactory, template_file: Path) -> Path:
    """A data file holding the 2024 sample, imported once per test session."""
    path = _settled_copy(template_file, tmp_path_factory.mktemp("sample") / "sample.sqlite")
    services = Services(open_data_file(path))
    try:
        archive.import_archive(services, archive.sample_path())
    finally:
        services.close()
    return path


@pytest.fixture
def data_file(tmp_path: Path, template_file: Path) -> Path:
    """A fresh migrated data file of this test's own."""
    return _settled_copy(template_file, tmp_path / "msmedesk.sqlite")


@pytest.fixture
def services(data_file: Path) -> Iterator[Services]:
    """Services over ``data_file``, closed after the test."""
    s = Services(open_data_file(data_file))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sample_file(tmp_path: Path, sample_template_file: Path) -> Path:
    """A data file of this test's own holding the 2024 sample records."""
    return _settled_copy(sample_template_file, tmp_path / "sample.sqlite")


@pytest.fixture
def sample_services(sample_file: Path) -> Iterator[Services]:
    """Services over a data file with the 2024 sample imported (archive.import_archive)."""
    s = Services(open_data_file(sample_file))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="session")
def sample_archive() -> dict:
    """The shipped 2024 sample archive as JSON."""
    import json

    return json.loads(archive.sample_path().read_text(encoding="utf-8"))
