"""app.py: the check for a display, the wiring of a data file, unexpected errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from msmedesk import app as desk

from msmedesk.ui.backend import ActionFailed


@pytest.mark.parametrize(("env", "expected"), [
    ({}, desk.NO_DISPLAY),
    ({"QT_QPA_PLATFORM": "xcb"}, desk.NO_DISPLAY),
    ({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"}, desk.NO_DISPLAY),
    ({"QT_QPA_PLATFORM": "offscreen"}, None),
    ({"WAYLAND_DISPLAY": "wayland-0"}, None),
])
def test_display_problem(env: dict[str, str], expected: str | None) -> None:
    """Without DISPLAY or WAYLAND_DISPLAY (and no other platform chosen) Qt cannot start."""
    assert desk.display_problem(env, "linux") == expected


def test_other_systems_always_have_a_display() -> None:
    """Windows and macOS need no check."""
    assert desk.display_problem({}, "win32") is None


def test_no_display_is_one_sentence_and_exit_1(tmp_path: Path) -> None:
    """`msmedesk` without a display says so in one sentence and exits 1, creating nothing."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    db = tmp_path / "never.sqlite"
    result = subprocess.run([sys.executable, "-m", "msmedesk", "--db", str(db)], env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == desk.NO_DISPLAY
    assert not db.exists()


def test_a_display_that_is_not_there(tmp_path: Path) -> None:
    """A DISPLAY left from a closed session: one sentence and exit 1, not a Qt abort."""
    assert desk.display_problem({"DISPLAY": ":97"}, "linux") == (
        "msmedesk cannot open a window: the display :97 cannot be reached "
        "(is DISPLAY set right?)")
    env = {k: v for k, v in os.environ.items() if k not in ("WAYLAND_DISPLAY",
                                                            "QT_QPA_PLATFORM")}
    env["DISPLAY"] = ":97"
    result = subprocess.run([sys.executable, "-m", "msmedesk", "--db",
                             str(tmp_path / "never.sqlite")], env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1 and "cannot be reached" in result.stderr


def test_connect_wires_the_data_file(data_file: Path) -> None:
    """A backend names its file and backup folder; the file is locked until closed."""
    backend = desk.connect(data_file)
    try:
        assert backend.path == data_file
        assert backend.services.is_empty()
        assert backend.backup_dir == data_file.parent / "backups"
        with pytest.raises(ActionFailed, match="open in msmedesk"):
            desk.connect(data_file)
    finally:
        backend.close()
    desk.connect(data_file).close()  # free again


def test_connect_refuses_a_missing_file_when_not_creating(tmp_path: Path) -> None:
    """Open (not New) on a path with no file says so and creates nothing."""
    with pytest.raises(ActionFailed, match="no data file"):
        desk.connect(tmp_path / "absent.sqlite", create=False)
    assert list(tmp_path.iterdir()) == []


def test_excepthook_logs_the_traceback_and_shows_plain_words(tmp_path: Path) -> None:
    """An unexpected error: the traceback goes to the log, the user reads a sentence."""
    shown: list[str] = []
    log = tmp_path / desk.ERROR_LOG
    hook = desk.make_excepthook(log, shown.append)
    try:
        raise RuntimeError("the flux capacitor")
    except RuntimeError as exc:
        hook(type(exc), exc, exc.__traceback__)
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert len(shown) == 1
    assert "Traceback" not in shown[0] and str(log) in shown[0]
    assert "safe" in shown[0]


def test_a_missing_system_library_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Qt's X11 plugin that cannot load says which library the system lacks."""
    def fail(path: str) -> None:
        raise OSError("libxcb-icccm.so.4: cannot open shared object file: No such file")

    monkeypatch.setattr(desk.ctypes, "CDLL", fail)
    monkeypatch.setattr(desk, "_unreachable_x_display", lambda display: None)
    message = desk.display_problem({"DISPLAY": ":0"}, "linux")
    assert message is not None
    assert message.startswith("msmedesk cannot open a window: the system library "
                              "libxcb-icccm.so.4 is missing")
