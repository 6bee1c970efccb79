"""What a refusal over damage advises: the rescue for a damaged data file, nothing about the
data file when it is the backup being restored that is unsound (issue 13, item 15)."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from safety_support import corrupt_middle_page, digest, run_here, sample_file


@pytest.mark.parametrize("command", [["export", "out.json"], ["report", "--year", "2024"],
                                     ["backup", "copy.sqlite"]])
def test_a_damaged_data_file_is_refused_with_the_rescue_named(tmp_path: Path,
                                                            command: list[str]) -> None:
    """Export, report and backup of a damaged file say how to rescue what can be read."""
    path = sample_file(tmp_path / "office records.sqlite")
    corrupt_middle_page(path)
    before = digest(path)
    args = [a if a == "2024" or a.startswith("-") or a in ("export", "report", "backup")
            else str(tmp_path / a) for a in command]
    result = run_here(*args, "--db", str(path))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert message.count("\n") == 0, message  # one sentence
    assert "is damaged" in message
    rescued = tmp_path / "office records-rescued.sqlite"
    assert f"msmedesk rescue {shlex.quote(str(path))} {shlex.quote(str(rescued))}" in message
    assert digest(path) == before


def test_a_refused_restore_blames_the_backup_not_the_data_file(tmp_path: Path) -> None:
    """An unsound backup is refused; the advice does not send the user to check their file."""
    backup = sample_file(tmp_path / "old.sqlite")
    corrupt_middle_page(backup)
    data = sample_file(tmp_path / "d.sqlite")
    before = digest(data)
    result = run_here("restore", str(backup), "--db", str(data))
    assert result.returncode == 1
    message = result.stderr.strip()
    assert "old.sqlite is not a sound msmedesk backup" in message
    assert "nothing was changed" in message
    assert "check" not in message and "rescue" not in message and "restore" not in \
        message.split("backup", 1)[1]
    assert digest(data) == before
