"""Keeping the records safe, as the window shows it: a locked or damaged file, backups.

* ``open_with_choices``: open a data file through the opener app.py wired, and when
  another msmedesk holds it, or it is damaged, ask the user what to do (open it
  read-only, break another computer's lock, restore the newest backup, rescue what can
  be read into a new file and open that) in plain words.
* ``RestoreDialog``: File > Restore from backup, a list of the file's backups.
* ``SettingsDialog``: where backups go, and Back up now.

The window asks through its ``Prompts`` (``choose``, ``run_dialog``), so tests answer.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from msmedesk import paths

from msmedesk.ui.backend import (
    ActionFailed,
    Backend,
    BackupEntry,
    BackupStatus,
    Damage,
    FileDamaged,
    FileLocked,
    Opener,
)
from msmedesk.ui.prompts import Prompts

BACKUP_FOLDER_KEY = "backups/folder"
MAX_FINDINGS = 3

READ_ONLY = "read_only"
BREAK_LOCK = "break_lock"
RESTORE = "restore"
RESCUE = "rescue"
DATA_FILTER = "msmedesk data files (*.sqlite *.db *.msmedesk);;All files (*)"

REASONS = {
    "daily": "Automatic (first opening of the day)",
    "periodic": "Automatic, while changes were being made (every 30 minutes)",
    "on-close": "Automatic, when the window closed after changes",
    "before-import": "Automatic, before an import",
    "before-upgrade": "Automatic, before an upgrade",
    "before-restore": "Automatic, before a restore",
    "manual": "Made with Back up now",
}


# ---------------------------------------------------------------- words


def describe_when(made: datetime, now: datetime | None = None) -> str:
    """ "today 14:02", "yesterday 09:15" or "27 June 2024 14:02"."""
    now = now or datetime.now()
    days = (now.date() - made.date()).days
    if days == 0:
        return f"today {made:%H:%M}"
    if days == 1:
        return f"yesterday {made:%H:%M}"
    return f"{made.day} {made:%B %Y %H:%M}"


def describe_size(size: int) -> str:
    """ "340 KB", "12.4 MB"."""
    if size < 1024 * 1024:
        return f"{max(1, round(size / 1024)):,} KB"
    return f"{size / (1024 * 1024):,.1f} MB"


def last_backup_text(backend: Backend, now: datetime | None = None) -> str:
    """ "Last backup 14:02, after your latest change" (``backup_status.backup_status_text``)."""
    from msmedesk.ui.backup_status import backup_status_text

    try:
        status = backend.backup_status()
    except Exception:  # an unreadable folder: no backup can be named
        status = BackupStatus(None, known=False)
    return backup_status_text(status, now)


def saved_backup_folder(settings: QSettings) -> Path | None:
    """The backup folder chosen in Settings, or None for the default."""
    value = settings.value(BACKUP_FOLDER_KEY, "")
    text = str(value or "").strip()
    return Path(text).expanduser() if text else None


def damage_text(damage: Damage) -> str:
    """What is wrong with a damaged file, and what restoring would do, in plain words."""
    shown = [f.removeprefix("Damage: ").rstrip(".") for f in damage.findings[:MAX_FINDINGS]]
    more = len(damage.findings) - len(shown)
    lines = [f"{damage.path.name} is damaged: msmedesk cannot rely on what it reads from "
             "this file.", "", "What SQLite found:"]
    lines += [f"  • {line}." for line in shown]
    if more:
        lines.append(f"  • … and {more} more (the command msmedesk check lists them all).")
    lines.append("")
    if damage.newest is not None:
        lines.append(f"The newest backup was made {describe_when(damage.newest[1])}. "
                     "Restoring it brings back the records as they were then; the damaged "
                     "file is kept in the backup folder first.")
    else:
        lines.append(f"No backup of this file was found in {damage.backup_dir}.")
    return "\n".join(lines)


# ---------------------------------------------------------------- questions


def ask_locked(prompts: Prompts, parent: QWidget | None, exc: FileLocked) -> str | None:
    """Open read-only, break another computer's lock, or cancel (None)."""
    text = (f"{exc}\n\nOnly one msmedesk at a time may change a data file. You can open it "
            "read-only to look at the records, write reports and export them; nothing can "
            "be changed.")
    choices = [(READ_ONLY, "Open read-only")]
    if exc.other_host:
        text += ("\n\nThe lock was made on another computer. Break it only if msmedesk is "
                 "no longer running there: two programs changing the same file can lose "
                 "records.")
        choices.append((BREAK_LOCK, "Break the lock and open"))
    return prompts.choose(parent, "The data file is in use", text, choices)


def ask_damaged(prompts: Prompts, parent: QWidget | None, damage: Damage,
                can_restore: bool = True) -> str | None:
    """Restore the newest backup, open read-only, or cancel (None)."""
    choices = []
    if damage.newest is not None and can_restore:
        choices.append((RESTORE, f"Restore the newest backup ({describe_when(damage.newest[1])})"))
    if damage.readable:
        choices.append((READ_ONLY, "Open read-only"))
    text = damage_text(damage)
    if damage.rescue is not None:
        choices.append((RESCUE, "Rescue what can be read…"))
        text += ("\n\nRescue what can be read copies every record SQLite can still read "
                 "into a new data file and says what was saved and what was lost; the "
                 "damaged file is left as it is.")
    return prompts.choose(parent, "The data file is damaged", text, choices)


def rescue_damaged(prompts: Prompts, parent: QWidget | None, damage: Damage) -> Path | None:
    """Rescue what can be read of a damaged file into a new file the user names, show
    what was saved and lost, and return the new file if the user wants it opened."""
    if damage.rescue is None:
        return None
    suggested = damage.path.with_name(f"{damage.path.stem}-rescued.sqlite")
    out = prompts.save_path(parent, "Rescue into a new data file", suggested, DATA_FILTER)
    if out is None:
        return None
    if out.exists() or out.resolve() == damage.path.resolve():
        prompts.error(parent, "Rescue what can be read",
                      f"{out} already exists. The rescue writes a new file only: choose a "
                      "name that is not taken.")
        return None
    with prompts.progress(parent, f"Rescuing what can be read of {damage.path.name}…") \
            as progress:
        try:
            rescued = damage.rescue(out, progress)
        except ActionFailed as exc:
            prompts.error(parent, "The rescue failed", str(exc))
            return None
    if rescued is None:
        return None
    text = "\n".join(rescued.lines) + "\n\nOpen the rescued file now?"
    if prompts.ask(parent, "Rescue finished", text, yes="Open the rescued file"):
        return rescued.path
    return None


def open_with_choices(opener: Opener, path: Path, create: bool, prompts: Prompts,
                      parent: QWidget | None, backup_folder: Path | None = None
                      ) -> Backend | None:
    """Open ``path``, asking the user what to do if it is locked or damaged.

    Returns the backend, or None when the user cancelled or the file cannot be opened
    (the reason was shown).
    """
    options: dict[str, Any] = {"backup_folder": backup_folder}
    for _attempt in range(4):  # each answer changes the options; no endless questions
        try:
            return opener(path, create, **options)
        except FileLocked as exc:
            if options.get("read_only") or options.get("force"):
                prompts.error(parent, "Cannot open the data file", str(exc))
                return None
            answer = ask_locked(prompts, parent, exc)
            if answer == READ_ONLY:
                options["read_only"] = True
            elif answer == BREAK_LOCK:
                options["force"] = True
            else:
                return None
        except FileDamaged as exc:
            if options.get("restore"):
                prompts.error(parent, "Cannot open the data file", str(exc))
                return None
            answer = ask_damaged(prompts, parent, exc.damage)
            if answer == RESTORE and exc.damage.newest is not None:
                options["restore"] = exc.damage.newest[0]
            elif answer == RESCUE:
                rescued = rescue_damaged(prompts, parent, exc.damage)
                if rescued is not None:  # open it instead (else the question comes back)
                    path, create = rescued, False
            elif answer == READ_ONLY:
                options["read_only"] = True
            else:
                return None
        except ActionFailed as exc:
            prompts.error(parent, "Cannot open the data file", str(exc))
            return None
    return None


# ---------------------------------------------------------------- File > Restore from backup


class RestoreDialog(QDialog):
    """The data file's backups, newest first; OK restores the selected one."""

    def __init__(self, parent: QWidget | None, backend: Backend,
                 backups: Sequence[BackupEntry]):
        super().__init__(parent)
        self.setWindowTitle("Restore from backup")
        self.backups = list(backups)
        intro = QLabel(
            f"Choose the backup whose records should replace those in "
            f"<b>{html.escape(backend.path.name)}</b>. The records as they are now are saved "
            "as a backup first, so a restore can itself be undone.")
        intro.setWordWrap(True)
        where = QLabel(f"Backups in {html.escape(str(backend.backup_dir))}")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(len(self.backups), 3)
        self.table.setAccessibleName("Backups")
        self.table.setHorizontalHeaderLabels(["Made", "Why", "Size"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        for row, b in enumerate(self.backups):
            cells = [describe_when(b.made), REASONS.get(b.reason, b.reason),
                     describe_size(b.size)]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(str(b.path))
                if column == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.restore_button = self.buttons.addButton(
            "&Restore…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.table.itemSelectionChanged.connect(self._on_selection)
        self.table.doubleClicked.connect(lambda _index: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.buttons)
        if self.backups:
            self.table.selectRow(0)
        self._on_selection()
        self.resize(620, 380)

    def _on_selection(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)

    def select(self, row: int) -> None:
        """Select the backup in ``row`` (0 = newest)."""
        self.table.selectRow(row)

    def selected(self) -> BackupEntry | None:
        """The backup chosen, or None."""
        rows = self.table.selectionModel().selectedRows()
        return self.backups[rows[0].row()] if rows else None


# ---------------------------------------------------------------- Settings


class SettingsDialog(QDialog):
    """Where automatic backups go, and a Back up now button."""

    def __init__(self, parent: QWidget | None, backend: Backend, chosen: Path | None,
                 back_up_now: Callable[[Path | None], str]):
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self._backend = backend
        self._back_up_now = back_up_now
        self.default_folder = paths.backup_dir(backend.path)
        heading = QLabel("<b>Backups</b>")
        explain = QLabel(
            "msmedesk saves a backup of the data file the first time it is opened each day, "
            "every 30 minutes while you make changes, when you close it after changes, "
            "before every import and before a restore. Choose where these backups go: "
            "another disk or a network folder keeps them safe if this computer fails.")
        explain.setWordWrap(True)
        self.folder = QLineEdit(str(chosen) if chosen else "")
        self.folder.setPlaceholderText(f"Default: {self.default_folder}")
        self.folder.setAccessibleName("Backup folder")
        self.folder.setMinimumWidth(420)
        folder_label = QLabel("Backup &folder:")
        folder_label.setBuddy(self.folder)
        browse = QPushButton("&Browse…")
        browse.clicked.connect(self._browse)
        default = QPushButton("Use the &default")
        default.clicked.connect(self.folder.clear)
        row = QHBoxLayout()
        row.addWidget(folder_label)
        row.addWidget(self.folder, 1)
        row.addWidget(browse)
        row.addWidget(default)
        self.last_label = QLabel(last_backup_text(backend))
        self.last_label.setAccessibleName("Last backup")
        self.back_up_button = QPushButton("Back &up now")
        self.back_up_button.clicked.connect(self.back_up_now)
        self.result_label = QLabel()
        self.result_label.setWordWrap(True)
        self.result_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        now_row = QHBoxLayout()
        now_row.addWidget(self.last_label, 1)
        now_row.addWidget(self.back_up_button)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addSpacing(6)
        layout.addLayout(row)
        layout.addSpacing(6)
        layout.addLayout(now_row)
        layout.addWidget(self.result_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def chosen_folder(self) -> Path | None:
        """The folder typed or chosen, or None for the default."""
        text = self.folder.text().strip()
        return Path(text).expanduser() if text else None

    def _browse(self) -> None:
        start = str(self.chosen_folder() or self.default_folder)
        name = QFileDialog.getExistingDirectory(self, "Where backups go", start)
        if name:
            self.folder.setText(name)

    def back_up_now(self) -> bool:
        """Make a backup into the folder shown; says how it went below the button."""
        try:
            summary = self._back_up_now(self.chosen_folder() or self.default_folder)
        except ActionFailed as exc:
            self.result_label.setStyleSheet("color: #b00020;")
            self.result_label.setText(f"No backup was made: {exc}")
            return False
        self.result_label.setStyleSheet("")
        self.result_label.setText(summary)
        self.last_label.setText(last_backup_text(self._backend))
        return True
