"""The command line pointed at a server: ``--db postgresql://…`` and ``MSMEDESK_DB``.

An address is never taken for a path (which made folders named ``postgresql:`` in the
current folder and exited 0), and one that carries a password is refused in one sentence
that does not repeat it.
"""

from __future__ import annotations

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
