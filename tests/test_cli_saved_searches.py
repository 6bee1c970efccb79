"""``msmedesk find @name``: a saved search run at the command line (Find anywhere's first,
else the one tab's that has the name, limited to that tab's records), and one plain
sentence when there is none, or when two tabs have one of that name."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from msmedesk.cli import main
from msmedesk.db.engine import open_data_file
from msmedesk.records import Services


@pytest.fixture
def office(sample_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample with saved searches of a tab and of Find anywhere; a private home."""
    for key in [k for k in os.environ if k.startswith("MSMEDESK_")]:
        monkeypatch.delenv(key)
    for key, value in {"HOME": tmp_path / "home", "XDG_DATA_HOME": tmp_path / "xdg",
                       "XDG_CONFIG_HOME": tmp_path / "xdg-config"}.items():
        monkeypatch.setenv(key, str(value))
    services = Services(open_data_file(sample_file))
    try:
        services.saved_searches.create("October", "meetings", "October")
        services.saved_searches.create("Mexico", None, "Mexico")
        services.saved_searches.create("Open", "meetings", "ITC")
        services.saved_searches.create("Open", "outreach", "ITC")
    finally:
        services.close()
    return sample_file


def _find(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["find", *args])
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def test_a_tab_s_saved_search_finds_that_tab_s_records_only(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _find(capsys, "@october", "--db", str(office), "--format", "json")
    assert code == 0, err
    groups = json.loads(out)["groups"]
    assert [g["type"] for g in groups] == ["meetings"]
    assert any("18 October 2024" in r["label"] for r in groups[0]["records"])
    # The same words typed (not saved) find more than meetings.
    code, out, _ = _find(capsys, "October", "--db", str(office), "--format", "json")
    assert len(json.loads(out)["groups"]) > 1


def test_find_anywhere_s_saved_search_searches_everything(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _find(capsys, "@Mexico", "--db", str(office), "--format", "json")
    assert code == 0, err
    typed = _find(capsys, "Mexico", "--db", str(office), "--format", "json")[1]
    assert json.loads(out)["groups"] == json.loads(typed)["groups"]
    assert "members" in [g["type"] for g in json.loads(out)["groups"]]


def test_a_missing_or_ambiguous_name_is_one_sentence_and_exit_1(
        office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _find(capsys, "@nothing", "--db", str(office))
    assert (code, out) == (1, "")
    assert err.strip().endswith('There is no saved search called "nothing".')
    assert len(err.strip().splitlines()) == 1
    code, out, err = _find(capsys, "@Open", "--db", str(office))
    assert (code, out) == (1, "")
    assert '"@meetings/Open" or "@outreach/Open"' in err and "Traceback" not in err
    code, out, err = _find(capsys, "@outreach/Open", "--db", str(office), "--format", "json")
    assert code == 0, err
    assert [g["type"] for g in json.loads(out)["groups"]] == ["outreach"]
