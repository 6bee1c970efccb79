"""The tests' own PostgreSQL cluster (tests/pg.py): found, started, skipped or failed."""

from __future__ import annotations

import glob
import os
import shutil
import tempfile
from pathlib import Path

import pytest

from tests import pg


def test_without_a_server_the_postgresql_half_is_skipped_saying_why(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg, "server_binaries", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no PostgreSQL server binaries"):
        pg.start_cluster()


def test_under_ci_a_missing_server_fails_instead(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pg, "server_binaries", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="tools/setup installs them"):
        pg.start_cluster()


@pytest.mark.skipif(not glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                    reason="Debian's PostgreSQL folders are not on this machine")
def test_debians_server_folder_is_found_off_the_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "which", lambda _name: None)
    found = pg.server_binaries()
    assert found is not None and (found / "initdb").exists() and (found / "pg_ctl").exists()


def test_the_cluster_listens_on_its_own_socket_only(pg_cluster: pg.PgCluster) -> None:
    assert Path(pg_cluster.socket, f".s.PGSQL.{pg_cluster.port}").is_socket()
    assert pg_cluster.sql("SHOW listen_addresses") == [("",)]
    assert pg_cluster.sql("SELECT current_user") == [("postgres",)]


def test_each_test_gets_a_fresh_database(server_url: str, pg_cluster: pg.PgCluster) -> None:
    name = server_url.split("/")[3].split("?")[0]
    pg_cluster.sql("INSERT INTO saved_searches (name, scope, query) VALUES ('a', '', 'b')",
                   name)
    template = pg_cluster.sql("SELECT count(*) FROM saved_searches", "msmedesk_template")
    assert template == [(0,)]


def test_a_killed_runs_cluster_is_swept_and_a_live_ones_kept(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    dead, live = tmp_path / f"{pg.PREFIX}dead", tmp_path / f"{pg.PREFIX}live"
    for folder, owner in ((dead, 2 ** 22 + 7), (live, os.getpid())):  # (beyond pid_max)
        (folder / "data").mkdir(parents=True)
        (folder / pg.OWNER).write_text(str(owner))
    pg.sweep_abandoned()
    assert not dead.exists() and live.exists()
