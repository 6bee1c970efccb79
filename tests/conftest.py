"""Shared fixtures: fresh migrated data files, services over them, the 2024 sample.

Migrating a new file with Alembic takes a noticeable fraction of a second, so a
template is built once per session with ``open_data_file`` and each test gets a copy
(the pattern Anki's test suite uses for its collections).
"""

from __future__ import annotations

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
def place(request: pytest.FixtureRequest) -> str:
    """Where ``services`` and ``sample_services`` keep the records: "sqlite" (a data file)
    unless the test runs on both places (``pytest_generate_tests``)."""
    return str(getattr(request, "param", "sqlite"))


@pytest.fixture
def services(request: pytest.FixtureRequest, place: str) -> Iterator[Services]:
    """Services over ``data_file`` (or, on "postgresql", a fresh server database), closed
    after the test."""
    s = (pg.services_for(request.getfixturevalue("server_url")) if place == "postgresql"
         else Services(open_data_file(request.getfixturevalue("data_file"))))
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def sample_file(tmp_path: Path, sample_template_file: Path) -> Path:
    """A data file of this test's own holding the 2024 sample records."""
    return _settled_copy(sample_template_file, tmp_path / "sample.sqlite")


@pytest.fixture
def sample_services(request: pytest.FixtureRequest, place: str) -> Iterator[Services]:
    """Services over a data file with the 2024 sample imported (archive.import_archive),
    or on "postgresql" over a server database holding it."""
    if place == "postgresql":
        cluster: pg.PgCluster = request.getfixturevalue("pg_cluster")
        name = f"t_{uuid.uuid4().hex[:12]}"
        s = pg.services_for(cluster.create_database(
            name, template=request.getfixturevalue("pg_sample_template")))
        request.addfinalizer(lambda: cluster.drop_database(name))
    else:
        s = Services(open_data_file(request.getfixturevalue("sample_file")))
    try:
        yield s
    finally:
        s.close()


# The test modules of the services, the archive and the report run on a data file and on a
# server: each of their tests that asks for ``services`` or ``sample_services`` (and not
# for a data file of its own) runs twice.
_BOTH_FOLDERS = ("records", "report")
_BOTH_MODULES = ("test_records", "test_archive")


def pytest_configure(config: pytest.Config) -> None:
    """The marker of a test about a data file's own workings (SQLite's plans, indexes)."""
    config.addinivalue_line("markers", "file_only: runs on a data file only, never on a "
                            "server (it tests SQLite's own workings)")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Run the services', archive's and report's tests on SQLite and on PostgreSQL."""
    if "place" not in metafunc.fixturenames or metafunc.definition.get_closest_marker(
            "file_only"):
        return
    where = metafunc.definition.path.relative_to(Path(__file__).parent)
    both = where.parts[0] in _BOTH_FOLDERS or where.name.startswith(_BOTH_MODULES)
    asked = set(metafunc.definition._fixtureinfo.argnames)
    if both and asked & {"services", "sample_services"} and not asked & {
            "data_file", "sample_file", "sample_template_file", "template_file"}:
        metafunc.parametrize("place", ["sqlite", "postgresql"], indirect=True)


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
    cluster = pg.start_cluster()
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


@pytest.fixture(scope="session")
def pg_sample_template(pg_cluster: pg.PgCluster, pg_template: str) -> str:
    """The name of a server database holding the 2024 sample, imported once per session."""
    name = "msmedesk_sample_template"
    services = pg.services_for(pg_cluster.create_database(name, template=pg_template))
    try:
        archive.import_archive(services, archive.sample_path())
    finally:
        services.close()  # a template must have no connection when it is copied
    return name


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
