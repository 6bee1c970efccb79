"""The command line and the history: ``export --history`` adds the optional ``history`` key
(a plain export leaves it out), and ``check`` names a history entry that does not read."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from test_cli import run


def test_export_with_history_adds_the_key_and_a_plain_export_does_not(
        tmp_path: Path, sample_file: Path) -> None:
    plain = run(tmp_path, "export", tmp_path / "plain.json", "--db", sample_file)
    assert plain.returncode == 0, plain.stderr
    assert "history" not in json.loads((tmp_path / "plain.json").read_text("utf-8"))
    whole = run(tmp_path, "export", tmp_path / "whole.json", "--history", "--db", sample_file)
    assert whole.returncode == 0, whole.stderr
    data = json.loads((tmp_path / "whole.json").read_text("utf-8"))
    assert data["history"] and {e["action"] for e in data["history"]} == {"imported"}
    assert {k: v for k, v in data.items() if k != "history"} == json.loads(
        (tmp_path / "plain.json").read_text("utf-8"))


def test_check_names_a_history_entry_that_does_not_read(tmp_path: Path,
                                                        sample_file: Path) -> None:
    assert run(tmp_path, "check", "--db", sample_file).returncode == 0
    con = sqlite3.connect(sample_file)
    with con:
        con.execute("UPDATE history SET action = 'renamed' WHERE id = 2")
        con.execute("UPDATE history SET after = '[1' WHERE id = 3")
        con.execute("UPDATE history SET at = 'later' WHERE id = 4")
    con.close()
    checked = run(tmp_path, "check", "--db", sample_file)
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        "Rule broken: the history's entry 2: its action \"renamed\" is not one of created, "
        "changed, deleted, imported, brought back",
        "Rule broken: the history's entry 3: its record after the change is not JSON text "
        "that reads",
        "Rule broken: the history's entry 4: its time \"later\" is not an ISO 8601 time"]
