"""``msmedesk setup-server URL`` at the command line."""

from __future__ import annotations

import uuid

import pytest

from msmedesk.cli import main
from tests import pg


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def _empty(pg_cluster: pg.PgCluster) -> tuple[str, str]:
    name = f"c_{uuid.uuid4().hex[:12]}"
    return name, pg_cluster.create_database(name)


def test_setup_server_makes_the_schema_once(pg_cluster: pg.PgCluster,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    name, url = _empty(pg_cluster)
    code, out, err = _run(capsys, "setup-server", url)
    assert (code, err) == (0, "")
    assert f"msmedesk's tables were created in {name}" in out
    assert pg_cluster.sql("SELECT count(*) FROM members", name) == [(0,)]
    code, out, _err = _run(capsys, "setup-server", url)
    assert code == 0 and "already set up" in out


def test_setup_server_refuses_other_tables_in_one_sentence(
        pg_cluster: pg.PgCluster, capsys: pytest.CaptureFixture[str]) -> None:
    name, url = _empty(pg_cluster)
    pg_cluster.sql("CREATE TABLE payroll (id int)", name)
    code, out, err = _run(capsys, "setup-server", url)
    assert code == 1 and out == ""
    assert err.startswith("msmedesk: ") and err.count("\n") == 1 and "payroll" in err
    assert pg_cluster.sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
                          name) == [(1,)]


def test_setup_server_refuses_a_password_in_the_address(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "setup-server", "postgresql://admin:hunter2@db/msme")
    assert code == 1 and "must not carry a password" in err and "hunter2" not in err


def test_setup_server_refuses_a_file_path(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, "setup-server", "/tmp/office.sqlite")
    assert code == 1 and "is not a server's address" in err


def test_setup_server_is_in_the_help(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = _run(capsys, "--help")
    assert code == 0 and "setup-server" in out
