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


_START = """
import sys
from msmedesk import app
from msmedesk.ui.main_window import MainWindow

seen = {}
first_paint = MainWindow.after_first_paint


def spy(self, callback):
    def then():
        seen.setdefault("data layer at first paint", "sqlalchemy" in sys.modules)
        callback()
    first_paint(self, then)


MainWindow.after_first_paint = spy
status = app.run(sys.argv[1])
print("SEEN", seen, "STATUS", status, flush=True)
"""


def _start(db: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run the desktop program as a user starts it; it closes once its records are painted."""
    environ = {**os.environ, "QT_QPA_PLATFORM": "offscreen", desk.BENCHMARK_EXIT_AFTER_PAINT: "1",
               "XDG_CONFIG_HOME": str(tmp_path / "config"),
               "XDG_DATA_HOME": str(tmp_path / "data"), **env}
    return subprocess.run([sys.executable, "-c", _START, str(db)], env=environ,
                          capture_output=True, text=True, timeout=120)


def test_the_window_is_painted_before_the_data_layer_loads(sample_file: Path,
                                                           tmp_path: Path) -> None:
    """Start-up paints the window first, then opens the file and paints its records."""
    result = _start(sample_file, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    marks = [line.split()[1] for line in lines if line.startswith("BENCHMARK ")]
    assert marks == ["painted", "records"]
    painted, records = (float(line.split()[2]) for line in lines if line.startswith("BENCHMARK"))
    assert painted <= records
    assert "{'data layer at first paint': False} STATUS 0" in lines[-1]


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


def test_forget_sources_empties_the_cache_of_source_lines_before_an_import() -> None:
    """The finder finds nothing itself and leaves linecache empty (see ForgetSources)."""
    import linecache

    assert linecache.getlines(desk.__file__)
    assert desk.__file__ in linecache.cache
    assert desk.ForgetSources().find_spec("anything") is None
    assert linecache.cache == {}


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
