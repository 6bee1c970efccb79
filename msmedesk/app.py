"""The desktop program's wiring: the one place that opens data files and builds the window.

``run(path)`` checks that a window can be opened, paints the window, then opens the data
file, builds the services and hands the window a ``Backend`` (services plus plain file
actions) and an opener for other files.

The window is painted before the data layer is imported: SQLAlchemy and the services
take about 0.4 s to import, the bare window about 0.2 s, so the staff see the window at
once and its records a moment later. This module therefore imports the data layer
(``msmedesk.db``, ``records``, ``archive``, ``validation``, ``safe_write``) and the dialogs
used only after the first paint inside the functions that use them, not at its top; each
such import says so in a one-line comment.
"""

from __future__ import annotations

import ctypes
import linecache
import logging
import os
import re
import signal
import socket
import sys
import traceback
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

import PySide6  # installs PySide6's import, which the imports below skip (plain_import.py)

from msmedesk.plain_import import plain_import

with plain_import():
    from PySide6.QtCore import QCoreApplication, QSettings, QSocketNotifier, QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from msmedesk import __version__, paths

    from msmedesk.ui.backend import (
        ActionFailed,
        Backend,
        FileDamaged,
        FileLocked,
        PasswordWanted,
    )
    from msmedesk.ui.first_paint import after_first_paint
    from msmedesk.ui.main_window import MainWindow

# PySide6's import (before plain_import took over) read the source of the standard modules
# it was given, enum's and contextlib's among them, into linecache: some 700 kB kept for
# good. linecache reads a file again when a traceback needs it.
linecache.clearcache()

NO_DISPLAY = "msmedesk cannot open a window: no display was found (is DISPLAY set?)"
ERROR_LOG = "msmedesk-errors.log"

log = logging.getLogger(__name__)


# ---------------------------------------------------------------- can a window open?


def display_problem(environ: dict[str, str] | None = None, platform: str = sys.platform
                    ) -> str | None:
    """Why Qt could not open a window here (one sentence), or None.

    Qt aborts the whole process when its platform plugin cannot start, so this is
    checked before QApplication is created.
    """
    env = os.environ if environ is None else environ
    if not platform.startswith("linux"):
        return None
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen and chosen not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, vnc, eglfs ...: the user asked for it
    x11 = bool(env.get("DISPLAY"))
    wayland = bool(env.get("WAYLAND_DISPLAY"))
    if chosen == "xcb" and not x11 or chosen.startswith("wayland") and not wayland \
            or not chosen and not (x11 or wayland):
        return NO_DISPLAY
    if chosen == "xcb" or not chosen and x11 and not wayland:
        return _unreachable_x_display(env.get("DISPLAY", "")) or _missing_xcb_library()
    return None


def _unreachable_x_display(display: str) -> str | None:
    # A DISPLAY left over from a closed session makes Qt abort as well.
    match = re.match(r"^(?P<host>[^:]*):(?P<number>\d+)(?:\.\d+)?$", display)
    if not match:
        return None
    number = int(match["number"])
    host = match["host"]
    if host and host not in ("unix", "localhost") and not host.startswith("/"):
        targets: list[tuple[int, Any]] = [(socket.AF_INET, (host, 6000 + number))]
    elif host.startswith("/"):  # macOS launchd style: the socket path itself
        targets = [(socket.AF_UNIX, display.rsplit(":", 1)[0])]
    else:
        path = f"/tmp/.X11-unix/X{number}"
        targets = [(socket.AF_UNIX, path), (socket.AF_UNIX, "\0" + path)]
        if host == "localhost":
            targets.append((socket.AF_INET, ("127.0.0.1", 6000 + number)))
    for family, address in targets:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.settimeout(1.0)
            try:
                probe.connect(address)
            except OSError:
                continue
            return None
    return (f"msmedesk cannot open a window: the display {display} cannot be reached "
            "(is DISPLAY set right?)")


def _missing_xcb_library() -> str | None:
    # Loading Qt's X11 plugin the way Qt will shows a missing system library by name.
    plugin = Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    if not plugin.exists():
        return None
    try:
        ctypes.CDLL(str(plugin))
    except OSError as exc:
        missing = str(exc).split(":")[0].strip()
        return (f"msmedesk cannot open a window: the system library {missing} is missing "
                "(the README's section \"Desktop program\" lists the packages to install)")
    return None


# ---------------------------------------------------------------- a data file's backend


def connect(path: Path, create: bool = True, *, backup_folder: Path | str | None = None,
            read_only: bool = False, force: bool = False,
            restore: Path | None = None) -> Backend:
    """Open (or create) the data file at ``path`` for the window and wire its file actions.

    The window is the file's writer: ``safety.open_for_writing`` refuses a foreign or
    damaged file and takes the write lock, held until the window closes the file. The
    first opening of a day backs the file up in a worker thread once the window is up, so
    a large file does not keep the window from opening; the window's timer and its closing
    back it up again when the records changed (``auto_backup.AutoBackups``).

    ``read_only`` opens it without the lock (another msmedesk holds it), ``force`` breaks
    another computer's lock (the user's explicit choice), ``restore`` first puts that backup
    in place of the file (a damaged file; the file itself is kept as a backup first).
    Raises ``FileLocked``, ``FileDamaged`` or ``ActionFailed``, each in plain words.
    """
    # Data layer: loaded after the window's first paint (about 0.4 s, module docstring).
    from msmedesk.data_file_session import DataFileSession

    return DataFileSession.open(path, create, backup_folder=backup_folder,
                                read_only=read_only, force=force, restore=restore).backend



def connect_server(address: Any, *, password: str | None = None,
                   read_only: bool = False) -> Backend:
    """Open the PostgreSQL database at ``address`` (a ``ServerAddress``) for the window.

    ``password`` is the one the user typed, handed to the driver and not kept. Raises
    ``PasswordWanted`` (the server asks one libpq could not find) or ``ActionFailed``.
    """
    # Data layer: loaded after the window's first paint (about 0.4 s, module docstring).
    from msmedesk.server_session import ServerSession

    return ServerSession.open(address, password=password, read_only=read_only).backend


def connect_server_text(text: str, password: str | None) -> Backend:
    """File > Open server…'s opener: the address as typed, read and opened (one sentence,
    as ``ActionFailed``, for an address that cannot be read or carries a password)."""
    # Data layer: loaded after the window's first paint (about 0.4 s, module docstring).
    from msmedesk.db.errors import DataFileError
    from msmedesk.db.location import ServerAddress, read_location

    try:
        address = read_location(text)
    except DataFileError as exc:
        raise ActionFailed(str(exc)) from None
    if not isinstance(address, ServerAddress):
        raise ActionFailed(f"{text} is not a server's address.")
    return connect_server(address, password=password)


# ---------------------------------------------------------------- unexpected errors


def error_log_path(data_path: Path) -> Path:
    """Where tracebacks of unexpected errors go: the per-user data folder (else the file's)."""
    return _writable_dir(paths.data_dir(), data_path.parent) / ERROR_LOG


def _writable_dir(*candidates: Path) -> Path:
    for folder in candidates:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        if os.access(folder, os.W_OK):
            return folder
    return candidates[-1]


def make_excepthook(log_path: Path, show: Any,
                    handle: Callable[[BaseException], bool] | None = None) -> Any:
    """A sys.excepthook: the traceback goes to ``log_path``, the user gets plain words.

    ``handle`` (the window's ``handle_failure``) may deal with the error itself: a query
    that failed because the data file is damaged gets the damage dialog, not this one.
    """

    def hook(exc_type: type[BaseException], exc: BaseException,
             tb: TracebackType | None) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        written = True
        try:
            # Owner-only: a traceback may quote the office's records and SQL.
            fd = os.open(log_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            if hasattr(os, "fchmod"):
                os.fchmod(fd, 0o600)  # whatever the umask, and a log made before too
            with os.fdopen(fd, "a", encoding="utf-8") as fh:
                fh.write(f"\n--- {datetime.now().isoformat(timespec='seconds')} "
                         f"msmedesk {__version__}\n")
                fh.write("".join(traceback.format_exception(exc_type, exc, tb)))
        except OSError:
            written = False
        if handle is not None:
            try:
                if handle(exc):
                    return
            except Exception:  # the generic message below still reaches the user
                log.exception("handling %s failed", exc_type.__name__)
        where = (f"The details were written to {log_path}." if written
                 else "The details could not be written down.")
        show("msmedesk ran into an unexpected problem and could not finish what you asked. "
             "Everything you saved before is safe in the data file.\n\n"
             f"({exc_type.__name__}: {exc})\n\n{where}")

    return hook


# ---------------------------------------------------------------- the program


WindowCallback = Callable[[MainWindow], None]


def run(path: Path | Any, backup_dir: Path | str | None = None, *,
        on_painted: WindowCallback | None = None,
        on_records_painted: WindowCallback | None = None) -> int:
    """Open the desktop program on the data file at ``path`` (or the server a
    ``ServerAddress`` names); returns the exit status.

    Backups go to ``backup_dir`` (``--backup-dir``), else the folder chosen in Settings,
    else the default (``paths.backup_dir``). The window is painted first and opens the
    data file right after (see the module's docstring). ``on_painted`` is called with the
    window just after its first paint (before the file opens), ``on_records_painted`` once
    the front tab's records are painted (benchmarks/launch.py times start-up with them).
    SIGTERM and SIGINT close the window as the user would.
    """
    problem = display_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    # What the window imports while it runs (the data layer, the dialogs, the forms, the
    # report) is imported in here, where plain_import keeps its source out of memory.
    with plain_import():
        location = Path(path) if isinstance(path, str | os.PathLike) else path
        return _run_window(location, backup_dir, on_painted, on_records_painted)


def _run_window(location: Path | Any, backup_dir: Path | str | None,
                on_painted: WindowCallback | None,
                on_records_painted: WindowCallback | None) -> int:
    """``run`` once a window can open: the window, its event loop and the exit status."""
    app = _application()
    settings = QSettings(paths.APP_AUTHOR, paths.APP_NAME)
    paths.keep_private(settings.fileName())
    interval = _backup_interval(os.environ.get(BACKUP_INTERVAL))
    # A server is named by its database while it opens ("msme on db.example.org").
    path = location if isinstance(location, Path) else Path(location.shown())
    window = (MainWindow(None, connect, settings, path=path) if interval is None else
              MainWindow(None, connect, settings, path=path, backup_interval_ms=interval))
    window.server_opener = connect_server_text
    log_path = error_log_path(path if isinstance(location, Path) else paths.data_dir() / "-")
    sys.excepthook = make_excepthook(log_path, _show_error, window.handle_failure)
    status = {"code": 0}

    def open_file() -> None:
        problem = (open_in_window(window, location, backup_dir, settings, on_records_painted)
                   if isinstance(location, Path) else
                   open_server_in_window(window, location, on_records_painted))
        if problem:
            print(f"msmedesk: {problem}", file=sys.stderr)
            status["code"] = 1
            window.close()

    window.show()
    window.after_first_paint(open_file)
    if on_painted is not None:  # installed last, so Qt asks it first: before the file opens
        window.after_first_paint(lambda: on_painted(window))
    restore_signals = close_on_signals(window)
    try:
        code = int(app.exec())
    finally:
        restore_signals()
    settings.sync()
    paths.keep_private(settings.fileName())
    return status["code"] or code


def _application() -> QCoreApplication:
    """The QApplication (the one there is, else a new one), named for QSettings."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(paths.APP_AUTHOR)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationVersion(__version__)
    return app


def _show_error(text: str) -> None:
    QMessageBox.critical(QApplication.activeWindow(), "msmedesk", text)


def open_in_window(window: MainWindow, path: Path, backup_dir: Path | str | None,
                   settings: QSettings, on_records_painted: WindowCallback | None = None
                   ) -> str | None:
    """Open the data file at ``path`` in ``window``; returns why not (a sentence) or None.

    A file locked by another msmedesk, or damaged, asks the user (read-only, break the
    lock, restore); a file that cannot be opened at all is said in a message box.
    """
    # The dialogs load after the first paint (about 0.1 s: module docstring).
    from msmedesk.ui.safety_dialogs import open_with_choices, saved_backup_folder

    folder = Path(backup_dir) if backup_dir else saved_backup_folder(settings)
    try:
        backend = connect(path, backup_folder=folder)
    except (FileLocked, FileDamaged):
        chosen = open_with_choices(connect, path, True, window.prompts, window, folder)
        if chosen is None:
            return f"{path} was not opened."
        backend = chosen
    except ActionFailed as exc:
        QMessageBox.critical(window, "msmedesk cannot open the data file", str(exc))
        return str(exc)
    window.attach(backend)
    # What a save needs, loaded in the background once the records are on screen.
    _after_records_paint(window, lambda _window: backend.warm_up())
    if on_records_painted is not None:
        _after_records_paint(window, on_records_painted)
    return None


def open_server_in_window(window: MainWindow, address: Any,
                          on_records_painted: WindowCallback | None = None) -> str | None:
    """Open the server database at ``address`` in ``window``; returns why not or None.

    A password the server asks is asked of the user (and not kept); a server that cannot
    be reached is said in a sentence with the offer to try again.
    """
    password: str | None = None
    while True:
        try:
            backend = connect_server(address, password=password)
            break
        except PasswordWanted as exc:
            password = window.prompts.password(
                window, "msmedesk", f"{exc}\n\nThe password for {address.shown()}:")
            if password is None:
                return f"{address.shown()} was not opened."
        except ActionFailed as exc:
            if not window.prompts.ask(window, "msmedesk cannot open the server", str(exc),
                                      yes="Try again"):
                return str(exc)
    window.attach(backend)
    if on_records_painted is not None:
        _after_records_paint(window, on_records_painted)
    return None


def close_on_signals(window: MainWindow,
                     signals: tuple[int, ...] = (signal.SIGTERM, signal.SIGINT)
                     ) -> Callable[[], None]:
    """Make ``signals`` close ``window`` as the user would; returns what undoes that.

    Qt's event loop runs no Python, so a Python signal handler would wait for the next
    event that happens to run some: the signal's wake-up byte, written to a socket that Qt
    watches, makes that event at once. The close is queued, never run inside whatever
    Python code the signal interrupted; the backup on close is made as usual.
    """
    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def drain() -> None:
        # Running this slot is what lets Python run the handler below.
        try:
            reader.recv(64)
        except OSError:
            pass

    def close(signum: int, frame: Any) -> None:
        QTimer.singleShot(0, window, window.close)

    notifier.activated.connect(drain)
    previous = {number: signal.signal(number, close) for number in signals}
    wakeup = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)

    def undo() -> None:
        signal.set_wakeup_fd(wakeup)
        for number, handler in previous.items():
            signal.signal(number, handler)
        notifier.setEnabled(False)
        reader.close()
        writer.close()

    return undo


def _after_records_paint(window: MainWindow, callback: WindowCallback) -> None:
    """Call ``callback(window)`` once the front tab's records (or the empty state) painted."""
    tab = window.current_tab()
    watched = tab.table.viewport() if tab is not None and not window.is_showing_empty_state() \
        else window
    after_first_paint(watched, lambda: callback(window))


# For tests and demonstrations only, not a setting: seconds between the window's periodic
# backups instead of 30 minutes (MainWindow's backup_interval_ms).
BACKUP_INTERVAL = "MSMEDESK_BACKUP_INTERVAL_SECONDS"


def _backup_interval(value: str | None) -> int | None:
    """MainWindow's ``backup_interval_ms`` from BACKUP_INTERVAL, when set to a number."""
    try:
        seconds = float(value) if value else 0.0
    except ValueError:
        return None
    return int(seconds * 1000) if seconds > 0 else None
