"""``msmedesk backup DEST --db URL`` and ``msmedesk restore FILE --db URL [--replace]``,
and the roles ``setup-server`` tells an administrator to make, against a real server."""

from __future__ import annotations

import re
import uuid

from sqlalchemy.engine import make_url

from msmedesk.db.server_roles import EDITORS, READERS, grant_statements, role_statements
from tests import pg
from tests.test_cli import _one_sentence, cli  # noqa: F401  (cli: the fixture)


def _dbname(url: str) -> str:
    return make_url(url).database or ""


def test_a_server_restored_from_a_file_backs_up_into_a_file_with_the_same_export(
        cli, server_url, sample_file, tmp_path):  # noqa: F811
    """restore, then backup: the new data file opens offline and exports as the first."""
    done = cli("restore", sample_file, "--db", server_url)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Restored {sample_file} onto ")

    copy = tmp_path / "office-copy.sqlite"
    done = cli("backup", copy, "--db", server_url)
    assert done.returncode == 0, done.stderr
    assert "all as of one moment" in done.stdout and copy.exists()

    assert cli("export", tmp_path / "a.json", "--db", sample_file).returncode == 0
    assert cli("export", tmp_path / "b.json", "--db", copy).returncode == 0
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()
    assert cli("check", "--db", copy).returncode == 0  # a sound data file of its own


def test_restore_onto_records_asks_for_replace_then_keeps_them_on_the_server(
        cli, server_url, sample_file, pg_cluster: pg.PgCluster):  # noqa: F811
    name = _dbname(server_url)
    assert cli("restore", sample_file, "--db", server_url).returncode == 0
    pg_cluster.sql("DELETE FROM spotlights", dbname=name)

    sentence = _one_sentence(cli("restore", sample_file, "--db", server_url))
    assert "already holds records" in sentence and "--replace" in sentence
    assert pg_cluster.sql("SELECT count(*) FROM spotlights", dbname=name) == [(0,)]

    done = cli("restore", sample_file, "--db", server_url, "--replace")
    assert done.returncode == 0, done.stderr
    kept = re.search(r"in the schema (msmedesk_backup_\d{8}_\d{6})", done.stdout)
    assert kept, done.stdout
    assert pg_cluster.sql(f"SELECT count(*) FROM {kept[1]}.spotlights", dbname=name) == [(0,)]
    assert pg_cluster.sql("SELECT count(*) FROM spotlights", dbname=name) == [(4,)]


def test_a_backup_destination_that_exists_is_kept_without_force(
        cli, server_url, tmp_path):  # noqa: F811
    dest = tmp_path / "taken.sqlite"
    dest.write_bytes(b"mine")
    sentence = _one_sentence(cli("backup", dest, "--db", server_url))
    assert "already exists" in sentence and dest.read_bytes() == b"mine"


def test_a_role_that_may_only_read_cannot_restore(
        cli, server_url, sample_file, pg_cluster: pg.PgCluster):  # noqa: F811
    name = _dbname(server_url)
    reader = f"reader_{uuid.uuid4().hex[:8]}"
    pg_cluster.sql(f"CREATE ROLE {reader} LOGIN")
    pg_cluster.sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {reader}", dbname=name)
    url = server_url.replace("postgres@", f"{reader}@")
    sentence = _one_sentence(cli("restore", sample_file, "--db", url))
    assert f"role {reader} may only read" in sentence and "Nothing was changed" in sentence
    assert pg_cluster.sql("SELECT count(*) FROM members", dbname=name) == [(0,)]


def test_setup_server_prints_how_to_make_both_roles_and_grant_them(
        cli, pg_cluster: pg.PgCluster):  # noqa: F811
    name = f"c_{uuid.uuid4().hex[:12]}"
    done = cli("setup-server", pg_cluster.create_database(name))
    assert done.returncode == 0, done.stderr
    for statement in (*role_statements(), *grant_statements()):
        assert statement in done.stdout
    assert f"GRANT {EDITORS} TO" in done.stdout and READERS in done.stdout


def test_restore_of_a_data_file_takes_replace_and_is_as_before(
        cli, sample_file, tmp_path):  # noqa: F811
    """A path is still a data file: restore's --replace is accepted, nothing else changes."""
    copy = tmp_path / "copy.sqlite"
    assert cli("backup", copy, "--db", sample_file).returncode == 0
    done = cli("restore", copy, "--db", sample_file, "--replace")
    assert done.returncode == 0 and done.stdout.startswith(f"Restored {sample_file}")
