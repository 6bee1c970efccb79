"""The File menu's actions: new, open, sample, import, export and back up; the Group and About."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path

from msmedesk import __version__

from msmedesk.ui.backend import ActionFailed, Backend
from msmedesk.ui.window.base import WindowBase

DATA_FILTER = "msmedesk data files (*.sqlite *.db *.msmedesk);;All files (*)"
ARCHIVE_FILTER = "msmedesk archives (*.json);;All files (*)"
LAST_SERVER = "server/last"  # the address File > Open server… opened last (no password)


class WindowFiles(WindowBase):
    """What the window does with data files and archives (the backend does the work)."""

    def _switch_to(self, path: Path, create: bool) -> bool:
        assert self.backend is not None  # (only offered with a data file open)
        # Loaded after the first paint (app.py: the window paints before its parts load).
        from msmedesk.ui.safety_dialogs import open_with_choices, saved_backup_folder

        if path.resolve() == self.backend.path.resolve():
            return True
        backend = open_with_choices(self._opener, path, create, self.prompts, self,
                                    saved_backup_folder(self._settings))
        if backend is None:
            return False
        self._replace_backend(backend)
        return True

    def _replace_backend(self, backend: Backend) -> None:
        assert self.backend is not None  # (only offered with a data file open)
        self._save_tabs()
        old = self.backend
        self._attach(backend)
        old.close()
        self._install_report_menu()

    def new_data_file(self) -> None:
        """File > New data file: create an empty file and open it."""
        assert self.backend is not None  # (only offered with a data file open)
        suggested = self.backend.path.parent / "new-records.sqlite"
        path = self.prompts.save_path(self, "New data file", suggested, DATA_FILTER)
        if path is None:
            return
        if path.exists():
            self.prompts.error(self, "New data file",
                               f"{path} already exists. Choose another name, or open it with "
                               "File > Open.")
            return
        self._switch_to(path, True)

    def open_data_file(self, path: Path | None = None) -> None:
        """File > Open: open another data file."""
        assert self.backend is not None  # (only offered with a data file open)
        if path is None:
            path = self.prompts.open_path(self, "Open a data file", self.backend.path.parent,
                                          DATA_FILTER)
        if path is None:
            return
        if not path.exists():
            self.prompts.error(self, "Cannot open the data file", f"There is no file at {path}.")
            self._forget_recent(path)
            return
        self._switch_to(path, False)

    def open_server(self) -> None:
        """File > Open server…: the office's records on a PostgreSQL server."""
        assert self.backend is not None  # (only offered with a data file open)
        if self.server_opener is None:
            return
        # Loaded when first used: most offices never open a server.
        from PySide6.QtWidgets import QDialog

        from msmedesk.validation.server_address import ServerFields, fields_of

        from msmedesk.ui.server_dialog import OpenServerDialog

        last = str(self._settings.value(LAST_SERVER, "") or "")
        dialog = OpenServerDialog(fields_of(last) if last else ServerFields(),
                                  self.server_opener, self)
        if self.prompts.run_dialog(dialog) != QDialog.DialogCode.Accepted or not dialog.opened:
            return
        # The address holds no password (the dialog has no field for one): safe to keep.
        self._settings.setValue(LAST_SERVER, dialog.address)
        self._replace_backend(dialog.opened)

    def load_sample(self) -> None:
        """Load the 2024 sample records into the empty data file."""
        assert self.backend is not None  # (only offered with a data file open)
        with self.prompts.progress(self, "Loading the 2024 sample records…") as progress:
            try:
                summary = self.backend.load_sample(progress)
            except ActionFailed as exc:
                self.prompts.error(self, "Cannot load the sample records", str(exc))
                return
        if summary is None:
            return
        self._after_bulk_change()

    def import_archive(self) -> None:
        """File > Import archive: add an archive's records, all or nothing."""
        assert self.backend is not None  # (only offered with a data file open)
        path = self.prompts.open_path(self, "Import an archive", Path.home(), ARCHIVE_FILTER)
        if path is None:
            return
        with self.prompts.progress(self, f"Importing {path.name}…") as progress:
            try:
                summary = self.backend.import_archive(path, progress)
            except ActionFailed as exc:
                self.prompts.error(self, "Import failed", f"{exc}\n\nNothing was imported.")
                return
        if summary is None:
            self.prompts.inform(self, "Import cancelled", "Nothing was imported.")
            return
        self._after_bulk_change()
        self.prompts.inform(self, "Import finished", summary)

    def export_archive(self) -> None:
        """File > Export archive: write every record to an archive file."""
        assert self.backend is not None  # (only offered with a data file open)
        suggested = (Path.home()
                     / f"{self.backend.path.stem}-archive-{date.today().isoformat()}.json")
        path = self.prompts.save_path(self, "Export an archive", suggested, ARCHIVE_FILTER)
        if path is None:
            return
        with self.prompts.progress(self, f"Writing {path.name}…") as progress:
            try:
                summary = self.backend.export_archive(path, progress)
            except ActionFailed as exc:
                self.prompts.error(self, "Export failed", str(exc))
                return
        if summary is None:
            self.prompts.inform(self, "Export cancelled", f"{path.name} was not written.")
            return
        self.prompts.inform(self, "Export finished", summary)

    def back_up(self) -> None:
        """File > Back up: save a copy of the data file."""
        assert self.backend is not None  # (only offered with a data file open)
        suggested = (self.backend.backup_dir
                     / f"{self.backend.path.stem}-{date.today().isoformat()}.sqlite")
        path = self.prompts.save_path(self, "Back up the data file", suggested, DATA_FILTER)
        if path is None:
            return
        try:
            summary = self.backend.back_up(path)
        except ActionFailed as exc:
            self.prompts.error(self, "Back-up failed", str(exc))
            return
        self.prompts.inform(self, "Back-up finished", summary)

    def edit_group(self) -> bool:
        """Edit > Group profile: the Group's own record; whether it was saved."""
        assert self.backend is not None  # (only offered with a data file open)
        from msmedesk.ui import forms  # loaded when the first form opens
        from msmedesk.ui.choices import ServiceChoices
        from msmedesk.ui.forms.stale import VersionState

        group = self.backend.services.group
        profile, version = group.get_versioned()
        # The version read: a save after another desk's change is refused, with the offer
        # to reload (forms/stale.py).
        state = VersionState(profile, version, group.get_versioned)
        dialog = forms.open_form(self, "group", ServiceChoices(self.backend.services),
                                 lambda changed: group.save(changed, version=state.version),
                                 profile)
        dialog.versioned = state
        self.prompts.run_dialog(dialog)
        return getattr(dialog, "saved", None) is not None

    def about(self) -> None:
        """Help > About: version, and the data file and where backups go (on a server: the
        database, the role and whether the connection is encrypted)."""
        from msmedesk.ui.safety_dialogs import last_backup_text

        esc = html.escape
        head = f"<h3>msmedesk {esc(__version__)}</h3>"
        if self.backend is None:
            self.prompts.about(self, "About msmedesk", head)
            return
        intro = ("<p>Records and annual-report drafts of the office of the Coordinator of the "
                 "WTO Informal Working Group on MSMEs.</p>")
        reason = (esc(self.backend.readonly_reason) + "<br>"
                  if self.backend.readonly_reason else "")
        if self.backend.server:
            rows = "".join(f"<b>{esc(name)}:</b> {esc(value)}<br>"
                           for name, value in self.backend.server_details)
            shown = " (open read-only)" if self.backend.readonly else ""
            self.prompts.about(self, "About msmedesk", f"{head}{intro}<p>{rows}{shown}"
                                                       f"{'<br>' if shown else ''}{reason}</p>")
            return
        self.prompts.about(
            self, "About msmedesk",
            f"{head}{intro}"
            f"<p><b>Data file:</b> {esc(str(self.backend.path))}"
            f"{' (open read-only)' if self.backend.readonly else ''}<br>"
            f"{reason}"
            f"<b>Backups go to:</b> {esc(str(self.backend.backup_dir))}<br>"
            f"<b>{esc(last_backup_text(self.backend))}</b></p>")
