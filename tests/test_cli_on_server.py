"""The command line pointed at a server: ``--db postgresql://…`` and ``MSMEDESK_DB``.

An address is never taken for a path (which made folders named ``postgresql:`` in the
current folder and exited 0), and one that carries a password is refused in one sentence
that does not repeat it.
"""

from __future__ import annotations

import json

import pytest

from tests.test_cli import _one_sentence, cli  # noqa: F401  (cli: the fixture)

SECRET = "s3cret-Pa55"
COMMANDS = [("sample",), ("import", "archive.json"), ("export", "out.json"),
            ("report", "--year", "2024", "-o", "r.md"), ("check",), ("find", "Mexico"),
            ("backup", "copy.sqlite"), ("restore", "old.sqlite")]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c[0])
def test_an_address_with_a_password_is_refused_in_one_sentence(cli, tmp_path,  # noqa: F811
                                                               command):
    (tmp_path / "archive.json").write_text("{}", encoding="utf-8")
    before = sorted(p.name for p in tmp_path.iterdir())
    url = f"postgresql://ana:{SECRET}@db.example.org/msme"
    sentence = _one_sentence(cli(*command, "--db", url))
    assert "must not carry a password" in sentence
    assert SECRET not in sentence
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no postgresql: folder


@pytest.mark.parametrize("command", COMMANDS[:6], ids=lambda c: c[0])
def test_msmedesk_db_with_a_password_is_refused_too(cli, tmp_path, command):  # noqa: F811
    (tmp_path / "archive.json").write_text("{}", encoding="utf-8")
    url = f"postgresql://ana@db.example.org/msme?password={SECRET}"
    sentence = _one_sentence(cli(*command, MSMEDESK_DB=url))
    assert "must not carry a password" in sentence and SECRET not in sentence
    assert not (tmp_path / "postgresql:").exists()


# ---------------------------------------------------------------- on a real server


def test_every_command_works_on_a_server(cli, tmp_path, server_url, pg_cluster):  # noqa: F811
    loaded = cli("sample", "--db", server_url)
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded the 2024 sample records into t_" in loaded.stdout
    assert not any(p.name.startswith("postgres") for p in tmp_path.iterdir())
    name = server_url.split("/")[3].split("?")[0]
    assert pg_cluster.sql("SELECT count(*) FROM meetings", name) == [(4,)]
    # The sample only into an empty database, as into an empty file.
    assert "already holds records" in _one_sentence(cli("sample", "--db", server_url))

    exported = cli("export", tmp_path, "--db", server_url)  # a folder: named for the database
    assert exported.returncode == 0, exported.stderr
    written = next(tmp_path.glob(f"{name}-archive-*.json"))
    assert '"INF/MSME/W/53"' in written.read_text(encoding="utf-8")

    report = cli("report", "--year", "2024", "-o", tmp_path / "r.md", "--db", server_url)
    assert report.returncode == 0, report.stderr
    assert "four open-ended meetings during 2024" in (tmp_path / "r.md").read_text("utf-8")

    checked = cli("check", "--db", server_url)
    assert checked.returncode == 0, checked.stderr
    assert checked.stdout.strip().splitlines()[-1].endswith("is sound.")

    found = cli("find", "w/53", "--format", "csv", MSMEDESK_DB=server_url)
    assert found.returncode == 0, found.stderr
    assert "INF/MSME/W/53" in found.stdout


def test_an_import_into_a_server_is_all_or_nothing(cli, tmp_path, server_url,  # noqa: F811
                                                   pg_cluster):
    from msmedesk.archive import sample_path

    name = server_url.split("/")[3].split("?")[0]
    data = json.loads(sample_path().read_text(encoding="utf-8"))
    data["meetings"][3]["proposals"] = ["INF/MSME/W/999"]  # names no proposal: refused
    (tmp_path / "bad.json").write_text(json.dumps(data), encoding="utf-8")
    _one_sentence(cli("import", tmp_path / "bad.json", "--db", server_url))
    assert pg_cluster.sql("SELECT count(*) FROM members", name) == [(0,)]

    done = cli("import", sample_path(), "--db", server_url)
    assert done.returncode == 0, done.stderr
    assert pg_cluster.sql("SELECT count(*) FROM members", name) == [(76,)]
    again = cli("import", sample_path(), "--db", server_url)
    assert again.returncode == 0 and "already there" in again.stdout


def test_a_role_that_may_only_read_is_refused_writing(cli, tmp_path, server_url,  # noqa: F811
                                                      pg_cluster):
    name = server_url.split("/")[3].split("?")[0]
    pg_cluster.sql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = "
                   "'clerk_ro') THEN CREATE ROLE clerk_ro LOGIN; END IF; END $$")
    pg_cluster.sql("GRANT SELECT ON ALL TABLES IN SCHEMA public TO clerk_ro", name)
    reader = pg_cluster.url(name, user="clerk_ro")
    sentence = _one_sentence(cli("sample", "--db", reader))
    assert "clerk_ro may only read" in sentence and "nothing was written" in sentence
    assert pg_cluster.sql("SELECT count(*) FROM members", name) == [(0,)]
    checked = cli("check", "--db", reader)  # reading is allowed
    assert checked.returncode == 0, checked.stderr


def test_a_server_that_cannot_be_reached_is_one_sentence(cli, tmp_path):  # noqa: F811
    url = f"postgresql://postgres@/msme?host={tmp_path}&port=1"  # no server listens there
    for command in (("export", "out.json"), ("check",), ("sample",)):
        sentence = _one_sentence(cli(*command, "--db", url))
        assert "msme" in sentence and "Traceback" not in sentence
    assert not (tmp_path / "out.json").exists()
