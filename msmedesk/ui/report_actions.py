"""The Report menu: preview, print and export the draft annual report of a chosen year.

Importing this module loads Qt only; the report code, Qt's print support and python-docx
are imported when a report is asked for. The services come in from the window and are
used duck-typed (``services.meetings.years()`` and what the report builder asks for), so
this module never imports the records store or SQLAlchemy.

Every question and message goes through a method of ``ReportActions`` (``choose_report``,
``choose_path``, ``run_dialog``, ``ask_open_folder``, ``open_url``, ``show_error``) so
that tests can answer them.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QWidget,
)

if TYPE_CHECKING:
    from msmedesk.report.checklist import Checklist
    from msmedesk.report.model import Report

    from msmedesk.ui.checklist import ChecklistDialog
    from msmedesk.ui.report_dialog import ReportChoice

log = logging.getLogger(__name__)

# Format -> (menu label, file dialog filter). The file's name decides the format written,
# as at the command line (msmedesk.report.format_for); the menu item only preselects it.
FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("Word", "Word documents (*.docx)"),
    "pdf": ("PDF", "PDF documents (*.pdf)"),
    "html": ("HTML", "Web pages (*.html *.htm)"),
    "md": ("Markdown", "Markdown files (*.md)"),
}
WriteRefusal = Callable[[Path], str | None]


def install_report_menu(menu: QMenu, parent: QWidget, services: Any,
                        write_refusal: WriteRefusal | None = None) -> None:
    """Fill ``menu`` with Preview…, Print… and the Export as … actions for ``services``.

    ``write_refusal`` says why a report may not go to a path whatever the save dialog was
    told (the data file itself, a data file open in msmedesk), or None.
    """
    actions = ReportActions(parent, services, menu, write_refusal)
    menu.addAction("Pre&view…", actions.preview).setObjectName("report-preview")
    menu.addAction("&Print…", actions.print_report).setObjectName("report-print")
    menu.addSeparator()
    checklist = menu.addAction("Year-end &checklist…", actions.year_end_checklist)
    checklist.setObjectName("report-checklist")
    checklist.setStatusTip("What the draft of a chosen year still lacks, record by record")
    menu.addSeparator()
    for fmt, (label, _) in FORMATS.items():
        action = menu.addAction(f"Export as {label}…", _exporter(actions, fmt))
        action.setObjectName(f"report-export-{fmt}")
        action.setStatusTip(f"Write the draft annual report of a chosen year as {label}")


def _exporter(actions: ReportActions, fmt: str) -> Callable[[], None]:
    """What Report > Export as ``fmt`` does (Qt calls it with no arguments)."""
    def export() -> None:
        actions.export(fmt)
    return export


def default_file_name(year: int, fmt: str) -> str:
    """The suggested name of an exported report: "MSME-Group-annual-report-2024.docx"."""
    return f"MSME-Group-annual-report-{year}.{fmt}"


class ReportActions(QObject):
    """What the Report menu does; a child of the menu, so it lives as long as the menu."""

    def __init__(self, parent: QWidget, services: Any, owner: QObject | None = None,
                 write_refusal: WriteRefusal | None = None) -> None:
        super().__init__(owner if owner is not None else parent)
        self.setObjectName("report-actions")
        self.window = parent
        self.services = services
        self.write_refusal = write_refusal or (lambda _path: None)
        self.folder: Path | None = None
        # The last symbol and date given, offered again for the same year.
        self.last: ReportChoice | None = None
        # The drafts the open checklist built (the last is the one its list shows).
        self.drafts: list[Report] = []

    # -- the questions and messages (tests replace these)

    def latest_year(self) -> int:
        """The default year: the latest with meetings, else the current year."""
        try:
            years = list(self.services.meetings.years())
        except Exception:  # a services object without meetings still gets a menu
            log.debug("no meeting years to choose from", exc_info=True)
            years = []
        return max(years) if years else date.today().year

    def choose_report(self, title: str) -> ReportChoice | None:
        """Ask for the report's year, symbol and date; None when the user cancels."""
        # Loaded when asked: the dialog reads symbols and dates with the report's rules.
        from msmedesk.ui.report_dialog import ReportDialog

        last = self.last
        dialog = ReportDialog(self.window, title, last.year if last else self.latest_year(),
                              symbol=last.symbol if last else None,
                              date=last.date if last else None)
        try:
            if not dialog.exec():
                return None
            self.last = dialog.choice()
            return self.last
        finally:
            dialog.deleteLater()

    def suggested_path(self, fmt: str, year: int) -> Path:
        """Where the file dialog starts: the last folder used (else Documents) and the name."""
        folder = self.folder
        if folder is None:
            documents = QStandardPaths.writableLocation(
                QStandardPaths.StandardLocation.DocumentsLocation)
            folder = Path(documents) if documents else Path.home()
        return folder / default_file_name(year, fmt)

    def choose_path(self, fmt: str, year: int) -> Path | None:
        """Ask where to write the file; None when the user cancels.

        The dialog offers every format, ``fmt``'s first, and adds the chosen type's ending
        to a name typed without one before it asks whether to replace an existing file.
        """
        dialog = QFileDialog(self.window, f"Export the {year} report as {FORMATS[fmt][0]}",
                             str(self.suggested_path(fmt, year)))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        filters = [f for _, f in FORMATS.values()]
        dialog.setNameFilters(filters)
        dialog.selectNameFilter(FORMATS[fmt][1])
        dialog.setDefaultSuffix(fmt)
        by_filter = {f: key for key, (_, f) in FORMATS.items()}
        dialog.filterSelected.connect(
            lambda chosen: dialog.setDefaultSuffix(by_filter.get(chosen, fmt)))
        try:
            if not dialog.exec() or not dialog.selectedFiles():
                return None
            return Path(dialog.selectedFiles()[0])
        finally:
            dialog.deleteLater()

    def run_dialog(self, dialog: QDialog) -> int:
        """Show a print or preview dialog and wait for it."""
        return int(dialog.exec())

    def ask_open_folder(self, path: Path, report: Report, notices: tuple[str, ...] = ()
                        ) -> bool:
        """Say the file is written (and what is odd or left to fill); offer its folder."""
        text = f"The draft {report.year} annual report is written to {path}."
        if notices:
            text += "\n\n" + "\n".join(notices)
        gaps = len(report.gaps)
        if gaps:
            text += (f"\n\nIt has {gaps} gap{'s' if gaps != 1 else ''} to fill (Report > "
                     f"Year-end checklist lists them), such as {report.gaps[0].line()}.")
        box = QMessageBox(QMessageBox.Icon.Information, "Report written", text,
                          QMessageBox.StandardButton.NoButton, self.window)
        open_button = box.addButton("Open folder", QMessageBox.ButtonRole.AcceptRole)
        close_button = box.addButton(QMessageBox.StandardButton.Close)
        box.setDefaultButton(close_button)
        box.setEscapeButton(close_button)
        box.exec()
        return box.clickedButton() is open_button

    def open_url(self, url: QUrl) -> bool:
        """Open a folder in the system's file manager."""
        return QDesktopServices.openUrl(url)

    def show_error(self, text: str) -> None:
        """Say in one sentence what went wrong."""
        QMessageBox.warning(self.window, "Report", text)

    def show_notice(self, text: str) -> None:
        """Say what is odd about the year asked for, before its draft is shown."""
        QMessageBox.information(self.window, "Report", text)

    def ask_gaps(self, checklist: Checklist) -> str:
        """Before an export: "checklist" to see the gaps, "export" anyway, or "cancel"."""
        box = QMessageBox(QMessageBox.Icon.Question, "Report",
                          f"{checklist.count_line()}: facts the records do not give yet, "
                          "shown in brackets in the draft.",
                          QMessageBox.StandardButton.NoButton, self.window)
        see = box.addButton("See the &checklist", QMessageBox.ButtonRole.AcceptRole)
        anyway = box.addButton("&Export anyway", QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(see)
        box.setEscapeButton(cancel)
        box.exec()
        clicked = box.clickedButton()
        return "checklist" if clicked is see else "export" if clicked is anyway else "cancel"

    def run_checklist(self, dialog: ChecklistDialog) -> int:
        """Show the year-end checklist and wait for it."""
        return int(dialog.exec())

    # -- the work

    def notices(self, year: int) -> tuple[str, ...]:
        """What is odd about a report for ``year`` (msmedesk.report.years), if anything."""
        from msmedesk.report.years import year_notices

        try:
            return tuple(year_notices(self.services, year))
        except Exception:  # the draft matters more than the remark about its year
            log.exception("the notices for %s could not be made", year)
            return ()

    def build(self, year: int, symbol: str | None = None, date: str | None = None
              ) -> Report | None:
        """The report data for ``year``; None (after saying why) when it cannot be made."""
        from msmedesk.report import make_report
        from msmedesk.report.years import year_problem

        problem = year_problem(year)
        if problem:
            self.show_error(problem)
            return None
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return make_report(self.services, year, symbol=symbol, date=date)
        except Exception as exc:
            log.exception("the %s report could not be made", year)
            self.show_error(f"The draft {year} annual report could not be made: {exc}")
            return None
        finally:
            QApplication.restoreOverrideCursor()

    def _chosen_report(self, title: str) -> tuple[int, Report] | None:
        """Ask for a year, build its report and tell its notices; None if that stopped."""
        choice = self.choose_report(title)
        if choice is None:
            return None
        year = choice.year
        report = self.build(year, choice.symbol, choice.date)
        if report is None:
            return None
        notices = self.notices(year)
        if notices:
            self.show_notice("\n".join(notices))
        return year, report

    def checklist_dialog(self, year: int, report: Report, *, export: bool = False
                         ) -> ChecklistDialog:
        """The checklist of ``report``; after a save it builds ``year``'s draft again."""
        from msmedesk.report.checklist import checklist

        from msmedesk.ui.checklist import ChecklistDialog

        self.drafts = []

        def rebuild() -> Checklist:
            again = self.build(year, report.symbol, report.date) if self.drafts else report
            self.drafts.append(again or self.drafts[-1])
            return checklist(self.services, self.drafts[-1])

        return ChecklistDialog(self.window, rebuild, getattr(self.window, "edit_record", None),
                               export=export)

    def year_end_checklist(self) -> None:
        """Report > Year-end checklist: the gaps of a chosen year's draft."""
        chosen = self._chosen_report("Year-end checklist")
        if chosen is None:
            return
        dialog = self.checklist_dialog(*chosen)
        self.run_checklist(dialog)
        dialog.deleteLater()

    def review_gaps(self, year: int, report: Report) -> Report | None:
        """Before an export: say how many gaps the draft has and offer the checklist; the
        report to write (built again if a record was changed meanwhile), or None."""
        from msmedesk.report.checklist import checklist

        if not report.gaps:
            return report
        answer = self.ask_gaps(checklist(self.services, report))
        if answer == "export":
            return report
        if answer != "checklist":
            return None
        dialog = self.checklist_dialog(year, report, export=True)
        accepted = self.run_checklist(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        return self.drafts[-1] if accepted else None

    def _reviewed(self, choice: ReportChoice, progress: QProgressDialog) -> Report | None:
        """The draft to export, built and its gaps reviewed (``review_gaps``) with the
        progress dialog out of the way; None when that stopped the export."""
        year = choice.year
        report = self.build(year, choice.symbol, choice.date)
        if report is None:
            return None
        progress.hide()
        report = self.review_gaps(year, report)
        if report is not None:
            progress.show()
        return report

    def preview(self) -> None:
        """Preview the chosen year's report as it will print (A4, notes at page foot)."""
        chosen = self._chosen_report("Preview the annual report")
        if chosen is None:
            return
        year, report = chosen
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        # The dialog only points at the printer: keep it alive while the dialog runs.
        printer = _a4_printer()
        dialog = QPrintPreviewDialog(printer, self.window)
        dialog.setWindowTitle(f"Draft {year} annual report")
        dialog.paintRequested.connect(lambda device: self._paint(report, device))
        self.run_dialog(dialog)
        dialog.deleteLater()
        del printer

    def print_report(self) -> None:
        """Print the chosen year's report through the system's print dialog."""
        chosen = self._chosen_report("Print the annual report")
        if chosen is None:
            return
        year, report = chosen
        from PySide6.QtPrintSupport import QPrintDialog

        printer = _a4_printer()
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle(f"Print the draft {year} annual report")
        accepted = self.run_dialog(dialog) == QDialog.DialogCode.Accepted
        dialog.deleteLater()
        if accepted:
            self._paint(report, printer)

    def _paint(self, report: Report, printer: Any) -> None:
        from msmedesk.report.pdf_render import paint_report

        try:
            paint_report(report, printer)
        except Exception as exc:
            log.exception("the report could not be painted")
            self.show_error(f"The report could not be printed: {exc}")

    def export(self, fmt: str) -> Path | None:
        """Write the chosen year's report; return the file written, if any.

        ``fmt`` is the format first offered; the chosen file's name decides the one
        written. The save dialog has asked before an existing file is replaced.
        """
        from msmedesk.report import ReportFormatError, format_for, render

        choice = self.choose_report(f"Export the annual report as {FORMATS[fmt][0]}")
        if choice is None:
            return None
        year = choice.year
        path = self.choose_path(fmt, year)
        if path is None:
            return None
        try:
            fmt = format_for(path, option=None)
        except ReportFormatError as exc:
            self.show_error(f"Nothing was written: {exc}")
            return None
        refused = self.write_refusal(path)
        if refused:
            self.show_error(f"Nothing was written: {refused}")
            return None
        progress = QProgressDialog(f"Writing the draft {year} annual report…", "", 0, 3,
                                   self.window)
        progress.setWindowTitle("Report")
        progress.setCancelButton(None)
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        try:
            progress.setValue(1)
            QApplication.processEvents()
            report = self._reviewed(choice, progress)
            if report is None:
                return None
            progress.setLabelText(f"Writing {path.name}…")
            progress.setValue(2)
            QApplication.processEvents()
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                render(report, fmt, path, replace=True)
            finally:
                QApplication.restoreOverrideCursor()
            progress.setValue(3)
        except OSError as exc:
            reason = exc.strerror or str(exc)
            self.show_error(f"The report could not be written to {path}: {reason}.")
            return None
        except Exception as exc:
            log.exception("the report could not be written")
            self.show_error(f"The report could not be written to {path}: {exc}")
            return None
        finally:
            progress.close()
            progress.deleteLater()
        self.folder = path.parent
        if self.ask_open_folder(path, report, self.notices(year)):
            self.open_url(QUrl.fromLocalFile(str(path.parent)))
        return path


def _a4_printer() -> Any:
    """A high-resolution printer set to A4 portrait."""
    from PySide6.QtGui import QPageLayout, QPageSize
    from PySide6.QtPrintSupport import QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(QPageLayout.Orientation.Portrait)
    return printer
