"""Keeping the records safe: the backup status and timer, restore, damage and Settings."""

from __future__ import annotations

import logging
from pathlib import Path

from msmedesk.server_lost import ServerLost

from msmedesk.ui.backend import ActionFailed, Damage, FileDamaged
from msmedesk.ui.window.base import WindowBase

log = logging.getLogger(__name__)


class WindowSafety(WindowBase):
    """Backups (periodic and on closing), restoring one, and a damaged data file."""

    def _show_last_backup(self) -> None:
        from msmedesk.ui.safety_dialogs import last_backup_text

        if self.backend is None or self._saving_on_close:
            return
        # A server keeps no backup copies of its own (its administrator backs it up; File >
        # Back up… writes a data file): "No backup yet" would only alarm.
        self.backup_label.setVisible(not self.backend.server)
        if self.backend.server:
            return
        self.backup_label.setText(last_backup_text(self.backend))
        self.backup_label.setToolTip(
            f"Backups go to {self.backend.backup_dir}. msmedesk backs the data file up at "
            "the first opening of a day, every 30 minutes while you make changes and when "
            "you close it after changes.")

    def periodic_backup(self) -> bool:
        """The backup timer's handler: back up in the background if the records changed.

        Returns whether a backup was started (none when nothing changed since the newest
        backup, or one is being made).
        """
        if self.backend is None or self.backend.readonly:
            return False
        started = self.backend.periodic_backup(self.notice.emit, self.damage_found.emit,
                                               self.backup_made.emit)
        if started:
            self._show_last_backup()  # "Saving a backup…" until it is done
        return started

    def _back_up_before_closing(self) -> None:
        """The backup on close, when the records changed: the window keeps painting
        "Saving a backup…" meanwhile; a failure is told, and the window closes anyway."""
        from PySide6.QtCore import QCoreApplication

        from msmedesk.ui.backup_status import SAVING, wait_while_painting

        self.backup_timer.stop()
        backend = self.backend
        if backend is None or backend.readonly:
            return
        status = backend.backup_status()
        if not (status.changed or status.saving):  # a periodic one running is waited for
            return
        self._saving_on_close = True
        self.backup_label.setText(SAVING)
        # Nothing can be changed meanwhile: what is being saved is what the file holds.
        self.stack.setEnabled(False)  # (the central widget)
        self.menuBar().setEnabled(False)
        try:
            failure = wait_while_painting(backend.back_up_on_close,
                                          QCoreApplication.processEvents)
        except Exception as exc:  # the window closes whatever happened to the backup
            log.exception("the backup on closing failed")
            failure = f"No backup of {backend.path.name} was made on closing ({exc})."
        finally:
            self._saving_on_close = False
            self.stack.setEnabled(True)
            self.menuBar().setEnabled(True)
        if failure:  # logged where it failed
            self.prompts.error(self, "The backup on closing was not made", failure)

    def restore_from_backup(self) -> None:
        """File > Restore from backup: put a chosen backup in place of the data file."""
        assert self.backend is not None  # (only offered with a data file open)
        if self.backend.readonly:
            return
        try:
            backups = self.backend.list_backups()
        except ActionFailed as exc:
            self.prompts.error(self, "Restore from backup", str(exc))
            return
        from msmedesk.ui.safety_dialogs import RestoreDialog, describe_when

        if not backups:
            self.prompts.inform(self, "Restore from backup",
                                f"There are no backups of {self.backend.path.name} in "
                                f"{self.backend.backup_dir} yet.")
            return
        dialog = RestoreDialog(self, self.backend, backups)
        self.prompts.run_dialog(dialog)
        chosen = dialog.selected() if dialog.result() else None
        if chosen is None:
            return
        question = (f"Replace every record in {self.backend.path.name} with the records of "
                    f"the backup made {describe_when(chosen.made)}?\n\n"
                    "Changes made since then will no longer be in the data file. The records "
                    "as they are now are saved as a backup first (\"before a restore\"), so "
                    "you can go back to them the same way.")
        if not self.prompts.ask(self, "Restore from backup", question, yes="Restore"):
            return
        summary = self._restore(chosen.path)
        if summary is not None:
            self.prompts.inform(self, "Restore finished", summary)

    def _restore(self, backup: Path) -> str | None:
        """Restore ``backup`` over the open file, then show the restored records."""
        assert self.backend is not None  # (only offered with a data file open)
        self._save_tabs()
        failure = None
        try:
            summary = self.backend.restore_backup(backup)
        except ActionFailed as exc:
            failure = str(exc)
        # The services are new either way (on the restored file, or on the file as it was).
        self._report_for = None
        self._attach(self.backend)
        self._install_report_menu()
        if failure is not None:
            self.prompts.error(self, "The backup was not restored", failure)
            return None
        return summary

    def offer_damage(self, damage: Damage) -> None:
        """The data file was found damaged: say what is wrong and offer the newest backup."""
        from msmedesk.ui.safety_dialogs import READ_ONLY, RESCUE, RESTORE, ask_damaged

        if self.backend is None or self._damage_offered or damage.path != self.backend.path:
            return
        self._damage_offered = True
        answer = ask_damaged(self.prompts, self, damage,
                             can_restore=not self.backend.readonly)
        if answer == RESTORE and damage.newest is not None:
            summary = self._restore(damage.newest[0])
            if summary is not None:
                self.prompts.inform(self, "Restore finished", summary)
        elif answer == READ_ONLY and not self.backend.readonly:
            self.reopen_read_only()
        elif answer == RESCUE:
            from msmedesk.ui.safety_dialogs import rescue_damaged

            rescued = rescue_damaged(self.prompts, self, damage)
            if rescued is not None:
                self._switch_to(rescued, False)

    def handle_failure(self, exc: BaseException) -> bool:
        """A query failed: if the file is damaged, say so and offer a backup (True); if the
        server stopped answering, say so (True): the lists keep what they showed."""
        if self.backend is None:
            return False
        if isinstance(exc, ServerLost):
            self.prompts.error(self, "The server does not answer",
                               f"{exc}\n\nThe lists keep what they showed, and a form keeps "
                               "what you typed in it. When the server is back, save again or "
                               "choose View > Refresh.")
            return True
        try:
            damage = self.backend.diagnose(exc)
        except Exception:  # the diagnosis must not hide the failure itself
            log.exception("diagnosing a failure")
            return False
        if damage is None:
            return False
        self.offer_damage(damage)
        return True

    def reopen_read_only(self) -> None:
        """Give up the write lock and show the same data file read-only."""
        assert self.backend is not None  # (only offered with a data file open)
        from msmedesk.ui.safety_dialogs import saved_backup_folder

        path = self.backend.path
        self._save_tabs()
        old = self.backend
        old.close()
        try:
            backend = self._opener(path, False, read_only=True,
                                   backup_folder=saved_backup_folder(self._settings))
        except (ActionFailed, FileDamaged) as exc:
            self.prompts.error(self, "Cannot open the data file", str(exc))
            backend = self._opener(path, False, backup_folder=saved_backup_folder(self._settings))
        self._report_for = None
        self._attach(backend)
        self._install_report_menu()

    def open_settings(self) -> None:
        """Edit > Settings: where backups go, and Back up now."""
        assert self.backend is not None  # (only offered with a data file open)
        from msmedesk.ui.safety_dialogs import (
            BACKUP_FOLDER_KEY,
            SettingsDialog,
            saved_backup_folder,
        )

        dialog = SettingsDialog(self, self.backend, saved_backup_folder(self._settings),
                                self._back_up_now)
        self.prompts.run_dialog(dialog)
        if not dialog.result():
            self._show_last_backup()
            return
        folder = dialog.chosen_folder()
        self._settings.setValue(BACKUP_FOLDER_KEY, str(folder) if folder else "")
        try:
            self.backend.set_backup_dir(folder)
        except ActionFailed as exc:
            self.prompts.error(self, "Settings", str(exc))
        self._show_last_backup()

    def _back_up_now(self, folder: Path | None) -> str:
        assert self.backend is not None  # (only offered with a data file open)
        try:
            return self.backend.back_up_now(folder)
        except FileDamaged as exc:
            self.offer_damage(exc.damage)
            raise
