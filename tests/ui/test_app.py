"""app.py: the check for a display, the wiring of a data file, unexpected errors."""

from __future__ import annotations

import os
import signal
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


_START = """
import sys
from PySide6.QtCore import QTimer
from msmedesk import app


def painted(window):
    print("PAINTED data layer loaded:", "sqlalchemy" in sys.modules, flush=True)


def records_painted(window):
    rows = window.current_tab().table.model().rowCount()
    print("RECORDS", rows, flush=True)
    if "--stay" not in sys.argv:
        QTimer.singleShot(0, window, window.close)


status = app.run(sys.argv[1], on_painted=painted, on_records_painted=records_painted)
print("STATUS", status, flush=True)
"""


def _environ(tmp_path: Path) -> dict[str, str]:
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen",
            "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")}


def _start(db: Path, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run the desktop program as a user starts it; it closes once its records are painted."""
    return subprocess.run([sys.executable, "-c", _START, str(db)], env=_environ(tmp_path),
                          capture_output=True, text=True, timeout=120)


def test_the_window_is_painted_before_the_data_layer_loads(sample_file: Path,
                                                           tmp_path: Path) -> None:
    """Start-up paints the window first, then opens the file and paints its records; the
    caller's callbacks are told of both, in that order."""
    result = _start(sample_file, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "PAINTED data layer loaded: False"
    assert lines[1].startswith("RECORDS ") and int(lines[1].split()[1]) > 0
    assert lines[2:] == ["STATUS 0"]


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_closes_the_window_and_releases_the_data_file(
        sample_file: Path, tmp_path: Path, signum: int) -> None:
    """``kill -TERM`` (or Ctrl+C) closes the window as the user would: exit status 0, the
    data file's lock released and its lock file gone (a killed program leaves it)."""
    from msmedesk.db.lock import is_held, lock_path

    process = subprocess.Popen([sys.executable, "-c", _START, str(sample_file), "--stay"],
                               env=_environ(tmp_path), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        seen = [process.stdout.readline() for _ in range(2)]  # painted, then its records
        assert seen[1].startswith("RECORDS "), seen
        assert is_held(sample_file)
        process.send_signal(signum)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert stdout.splitlines() == ["STATUS 0"]
    assert not is_held(sample_file)
    assert not lock_path(sample_file).exists()


def test_a_file_that_cannot_be_opened_closes_the_window_with_status_1(tmp_path: Path) -> None:
    """A data file that is not msmedesk's: the window says why, closes, and exits 1."""
    foreign = tmp_path / "notes.sqlite"
    foreign.write_bytes(b"These are not msmedesk records.\n" * 200)
    before = foreign.read_bytes()
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "XDG_CONFIG_HOME": str(tmp_path / "config"),
               "XDG_DATA_HOME": str(tmp_path / "data")}
    code = _START.replace("import sys\n", "import sys\nfrom PySide6.QtWidgets import "
                          "QMessageBox\nQMessageBox.critical = staticmethod(lambda *a: print("
                          "'TOLD', a[2], flush=True))\n", 1)
    result = subprocess.run([sys.executable, "-c", code, str(foreign)], env=environ,
                            capture_output=True, text=True, timeout=120)
    assert "TOLD" in result.stdout and "STATUS 1" in result.stdout, result.stdout + result.stderr
    ours = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert ours == [f"msmedesk: {foreign} is not an msmedesk data file."]
    assert foreign.read_bytes() == before


def test_a_locked_file_asks_and_a_refusal_exits_1(sample_file: Path, tmp_path: Path) -> None:
    """Another msmedesk holds the file: the window asks; declining closes it with status 1."""
    from msmedesk.db.lock import acquire_write_lock

    code = _START.replace("status = app.run", (
        "import msmedesk.ui.safety_dialogs as dialogs\n"
        "def decline(opener, path, create, prompts, parent, folder):\n"
        "    print('ASKED', parent.windowTitle(), flush=True)\n"
        "    return None\n"
        "dialogs.open_with_choices = decline\n"
        "status = app.run"), 1)
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
               "XDG_CONFIG_HOME": str(tmp_path / "config"),
               "XDG_DATA_HOME": str(tmp_path / "data")}
    with acquire_write_lock(sample_file):
        result = subprocess.run([sys.executable, "-c", code, str(sample_file)], env=environ,
                                capture_output=True, text=True, timeout=120)
    assert f"ASKED {sample_file.name} — msmedesk" in result.stdout, result.stderr
    assert "STATUS 1" in result.stdout
    ours = [line for line in result.stderr.splitlines() if "propagateSizeHints" not in line]
    assert ours == [f"msmedesk: {sample_file} was not opened."]



_SOURCES = """
import linecache
import sys
from pathlib import Path

from PySide6.QtCore import QTimer
from msmedesk import app

kept = str(Path(sys.argv[2]))  # a file whose lines the caller read before the start
linecache.getlines(kept)


def full_sources():
    # linecache keeps a module's whole text as (size, mtime, lines, path); a lazy entry
    # (a 1-tuple) holds no lines, and "<...>" are SQLAlchemy's few generated functions.
    return [name for name, entry in linecache.cache.items()
            if len(entry) > 2 and not name.startswith("<")]


def records_painted(window):
    data_layer = [name for name in full_sources()
                  if "sqlalchemy" in name or "/msmedesk/records/" in name
                  or "/msmedesk/db/" in name or name.endswith("data_file_session.py")]
    print("RECORDS", window.current_tab().table.model().rowCount(), flush=True)
    print("DATA LAYER SOURCES", len(data_layer), data_layer[:3], flush=True)
    print("CALLER'S LINES KEPT", kept in full_sources(), flush=True)
    QTimer.singleShot(0, window, window.close)


print("STATUS", app.run(sys.argv[1], on_records_painted=records_painted), flush=True)
"""


def test_the_data_layer_loaded_after_the_paint_leaves_no_source_in_memory(
        sample_file: Path, tmp_path: Path) -> None:
    """PySide6 reads the source of every module imported after it; the data layer, loaded
    after the first paint, must not stay in memory as source lines (about 20 MB), and the
    caller's own cached lines (a traceback's) are left alone."""
    result = subprocess.run([sys.executable, "-c", _SOURCES, str(sample_file), __file__],
                            env=_environ(tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("RECORDS ") and int(lines[0].split()[1]) > 0
    assert lines[1] == "DATA LAYER SOURCES 0 []"
    assert lines[2] == "CALLER'S LINES KEPT True"
    assert lines[3:] == ["STATUS 0"]


_WARM = """
import sys, time
from PySide6.QtCore import QTimer
from msmedesk import app


def records_painted(window):
    # The records come through the plain connection; what a save needs follows them.
    print("AT RECORDS", "sqlalchemy.orm" in sys.modules, flush=True)

    def wait():
        if window.backend.warmed():
            print("WARMED", "sqlalchemy.orm" in sys.modules, flush=True)
            window.close()
        else:
            QTimer.singleShot(10, window, wait)

    QTimer.singleShot(0, window, wait)


status = app.run(sys.argv[1], on_records_painted=records_painted)
print("STATUS", status, flush=True)
"""


def test_the_window_loads_what_a_save_needs_after_its_records(sample_file: Path,
                                                              tmp_path: Path) -> None:
    """The first records are read without SQLAlchemy; once they are painted the window
    loads it (and the services) in the background, so that a first save need not wait."""
    result = subprocess.run([sys.executable, "-c", _WARM, str(sample_file)],
                            env=_environ(tmp_path), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["AT RECORDS False", "WARMED True", "STATUS 0"]
