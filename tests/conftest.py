"""Shared fixtures: fresh migrated data files, services over them, the 2024 sample.

Migrating a new file with Alembic takes a noticeable fraction of a second, so a
template is built once per session with ``open_data_file`` and each test gets a copy
(the pattern Anki's test suite uses for its collections).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from msmedesk import archive
from msmedesk.db.engine import migrate, open_data_file
from msmedesk.db.location import ServerAddress
from msmedesk.records import Services
from tests import pg


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


# --- PostgreSQL: a throwaway cluster of the session's own (tests/pg.py) ---------------

_PG_TEMPLATE = "msmedesk_template"


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pg.PgCluster]:
    """A throwaway PostgreSQL cluster, stopped at the end; skipped only without a server
    (under CI=true its absence fails the test instead)."""
    binaries = pg.server_binaries()
    if binaries is None:
        reason = ("no PostgreSQL server binaries (initdb, pg_ctl) were found; tools/setup "
                  "installs them")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    cluster = pg.PgCluster(binaries)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: pg.PgCluster) -> str:
    """The name of a database migrated once, cloned for each test (CREATE DATABASE … TEMPLATE)."""
    url = pg_cluster.create_database(_PG_TEMPLATE)
    engine = create_engine(ServerAddress(make_url(url)).engine_url)
    try:
        migrate(engine)
    finally:
        engine.dispose()  # a template must have no connection when it is copied
    return _PG_TEMPLATE


@pytest.fixture
def server_url(pg_cluster: pg.PgCluster, pg_template: str) -> Iterator[str]:
    """The address of a fresh migrated database of this test's own."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    url = pg_cluster.create_database(name, template=pg_template)
    try:
        yield url
    finally:
        pg_cluster.drop_database(name)


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest) -> str | Path:
    """A fresh migrated place for records: a data file's path, then a server's address."""
    if request.param == "sqlite":
        return request.getfixturevalue("data_file")
    return request.getfixturevalue("server_url")
