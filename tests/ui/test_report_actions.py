"""The Report menu: its actions, preview and print painting the report, export with a
suggested name and an offer to open the folder, and imports deferred until asked."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QUrl
from PySide6.QtPrintSupport import (
    QPrintDialog,
    QPrinter,
    QPrintPreviewDialog,
    QPrintPreviewWidget,
)
from PySide6.QtWidgets import QDialog, QMenu, QWidget

from msmedesk.records import Services

from msmedesk.ui.report_actions import ReportActions, install_report_menu
from msmedesk.ui.report_dialog import ReportChoice, ReportDialog


class _Scripted:
    """Answers for one ReportActions: the year, the path, the dialogs, the offer."""

    def __init__(self, actions: ReportActions, year: int | None, path: Path | None,
                 symbol: str | None = None, date: str | None = None) -> None:
        self.errors: list[str] = []
        self.offered: list[Path] = []
        self.notices: list[tuple[str, ...]] = []
        self.shown: list[str] = []
        self.opened: list[QUrl] = []
        self.dialogs: list[Any] = []
        self.reports: list[Any] = []
        self.open_folder = False
        choice = None if year is None else ReportChoice(year, symbol, date)
        actions.choose_report = lambda title: choice  # type: ignore[method-assign]
        actions.choose_path = lambda fmt, y: path  # type: ignore[method-assign]
        actions.show_error = self.errors.append  # type: ignore[method-assign]
        actions.ask_open_folder = self._offer  # type: ignore[method-assign]
        actions.open_url = self._open  # type: ignore[method-assign]
        actions.show_notice = self.shown.append  # type: ignore[method-assign]
        # The draft's gaps are the checklist's tests' (test_checklist.py): export anyway.
        actions.ask_gaps = lambda checklist: "export"  # type: ignore[method-assign]

    def _offer(self, path: Path, report: Any, notices: tuple[str, ...] = ()) -> bool:
        self.offered.append(path)
        self.reports.append(report)
        self.notices.append(notices)
        return self.open_folder

    def _open(self, url: QUrl) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture
def menu(qtbot: Any, sample_services: Services) -> tuple[QMenu, ReportActions]:
    """A Report menu installed for the 2024 sample, and the object behind it."""
    parent = QWidget()
    qtbot.addWidget(parent)
    menu = QMenu("&Report", parent)
    install_report_menu(menu, parent, sample_services)
    actions = menu.findChild(ReportActions)
    assert actions is not None
    return menu, actions


def _action(menu: QMenu, name: str) -> Any:
    found = [a for a in menu.actions() if a.objectName() == name]
    assert len(found) == 1, name
    return found[0]


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                          check=True)
    return " ".join(done.stdout.split())


def test_menu_has_preview_print_and_four_exports(menu: tuple[QMenu, ReportActions]) -> None:
    """Preview…, Print…, the year-end checklist, then Export as Word / PDF / HTML /
    Markdown…."""
    labels = [a.text() for a in menu[0].actions() if not a.isSeparator()]
    assert labels == ["Pre&view…", "&Print…", "Year-end &checklist…", "Export as Word…",
                      "Export as PDF…", "Export as HTML…", "Export as Markdown…"]


def test_default_year_and_file_name(menu: tuple[QMenu, ReportActions], tmp_path: Path) -> None:
    """The year offered is the latest with meetings; the name carries year and format."""
    actions = menu[1]
    assert actions.latest_year() == 2024
    assert actions.suggested_path("docx", 2024).name == "MSME-Group-annual-report-2024.docx"
    actions.folder = tmp_path
    assert actions.suggested_path("md", 2023) == tmp_path / "MSME-Group-annual-report-2023.md"


@pytest.mark.parametrize(("name", "fmt", "magic"), [
    ("report-export-docx", "docx", b"PK"), ("report-export-pdf", "pdf", b"%PDF"),
    ("report-export-html", "html", b"<!DOCTYPE html>"), ("report-export-md", "md", b""),
])
def test_export_writes_the_file_and_offers_the_folder(
        menu: tuple[QMenu, ReportActions], tmp_path: Path, name: str, fmt: str,
        magic: bytes) -> None:
    """Export writes the chosen year's report where asked, then offers to open the folder."""
    target = tmp_path / f"MSME-Group-annual-report-2024.{fmt}"
    script = _Scripted(menu[1], 2024, target)
    script.open_folder = True
    _action(menu[0], name).trigger()
    assert script.errors == []
    data = target.read_bytes()
    assert data.lower().startswith(magic.lower())
    if fmt in ("html", "md"):
        assert "Viet\u00a0Nam" in data.decode("utf-8")  # kept on one line
    assert script.offered == [target]
    assert script.opened == [QUrl.fromLocalFile(str(tmp_path))]
    assert menu[1].folder == tmp_path


def test_export_cancelled_writes_nothing(menu: tuple[QMenu, ReportActions],
                                         tmp_path: Path) -> None:
    """Cancelling the year or the file dialog writes nothing and says nothing."""
    out = tmp_path / "out"
    out.mkdir()
    first = _Scripted(menu[1], None, out / "x.docx")
    _action(menu[0], "report-export-docx").trigger()
    second = _Scripted(menu[1], 2024, None)
    _action(menu[0], "report-export-docx").trigger()
    assert list(out.iterdir()) == []
    assert first.offered == second.offered == [] and first.errors == second.errors == []


def test_export_failure_is_one_sentence(menu: tuple[QMenu, ReportActions],
                                        tmp_path: Path) -> None:
    """A folder that does not exist: a plain message, no offer, no traceback."""
    target = tmp_path / "missing" / "report.md"
    script = _Scripted(menu[1], 2024, target)
    _action(menu[0], "report-export-md").trigger()
    assert len(script.errors) == 1
    assert script.errors[0].startswith(f"The report could not be written to {target}")
    assert script.offered == []


def test_preview_paints_the_report(menu: tuple[QMenu, ReportActions], tmp_path: Path,
                                   qtbot: Any) -> None:
    """The preview dialog, shown, lays out the chosen year's report on its own printer."""
    script = _Scripted(menu[1], 2024, None)
    out = tmp_path / "preview.pdf"
    pages: list[int] = []

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, QPrintPreviewDialog)
        script.dialogs.append(dialog)
        dialog.show()  # paints through the dialog's own printer, which must stay alive
        widget = dialog.findChild(QPrintPreviewWidget)
        assert widget is not None
        qtbot.waitUntil(lambda: widget.pageCount() > 0)
        pages.append(widget.pageCount())
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        dialog.paintRequested.emit(printer)
        dialog.reject()
        return int(QDialog.DialogCode.Rejected)

    menu[1].run_dialog = run  # type: ignore[method-assign]
    _action(menu[0], "report-preview").trigger()
    assert len(script.dialogs) == 1 and script.errors == []
    assert pages and pages[0] >= 3
    text = _pdf_text(out)
    assert "2024 ANNUAL REPORT" in text
    assert "Uruguay and Viet Nam." in text


def test_print_paints_only_when_accepted(menu: tuple[QMenu, ReportActions],
                                         tmp_path: Path) -> None:
    """Print paints on the printer the dialog returns, and nothing when cancelled."""
    script = _Scripted(menu[1], 2024, None)
    out = tmp_path / "printed.pdf"
    answer = [QDialog.DialogCode.Rejected]

    def run(dialog: QDialog) -> int:
        assert isinstance(dialog, QPrintDialog)
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return int(answer[0])

    menu[1].run_dialog = run  # type: ignore[method-assign]
    _action(menu[0], "report-print").trigger()
    assert not out.exists()
    answer[0] = QDialog.DialogCode.Accepted
    _action(menu[0], "report-print").trigger()
    assert script.errors == []
    assert "The MSME Group held four open-ended meetings during 2024" in _pdf_text(out)


def test_year_without_records_still_exports(menu: tuple[QMenu, ReportActions],
                                            tmp_path: Path) -> None:
    """A year with nothing recorded gives a draft of placeholders, not an error."""
    target = tmp_path / "r.md"
    script = _Scripted(menu[1], 2031, target)
    _action(menu[0], "report-export-md").trigger()
    assert script.errors == []
    assert "open-ended meetings in 2031: none recorded" in target.read_text(encoding="utf-8")


def test_menu_imports_no_report_code_until_asked(tmp_path: Path) -> None:
    """Installing the menu loads neither python-docx, the report code nor SQLAlchemy."""
    code = (
        "import sys\n"
        "from PySide6.QtWidgets import QApplication, QMenu, QWidget\n"
        "app = QApplication([])\n"
        "from msmedesk.ui.report_actions import install_report_menu\n"
        "class Meetings:\n"
        "    def years(self):\n"
        "        return [2022, 2023]\n"
        "class Services:\n"
        "    meetings = Meetings()\n"
        "w = QWidget(); m = QMenu(w)\n"
        "install_report_menu(m, w, Services())\n"
        "loaded = [n for n in ('docx', 'msmedesk.report.build', 'msmedesk.report.docx_render',\n"
        "          'msmedesk.report.pdf_render', 'sqlalchemy', 'msmedesk.records',\n"
        "          'msmedesk.db') if n in sys.modules]\n"
        "print(loaded, len(m.actions()))\n"
    )
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "9"]  # with the checklist and its separator


def test_default_year_without_meetings_is_this_year(qtbot: Any) -> None:
    """Services that know no meeting years offer the current year."""
    from datetime import date

    parent = QWidget()
    qtbot.addWidget(parent)
    actions = ReportActions(parent, object())
    assert actions.latest_year() == date.today().year


# ---------------------------------------------------------------- the file and the year


@pytest.mark.parametrize(("item", "name", "magic"), [
    ("report-export-docx", "r.pdf", b"%PDF"), ("report-export-pdf", "r.docx", b"PK"),
    ("report-export-md", "r.htm", b"<!DOCTYPE html>"), ("report-export-html", "r.md", b"<strong>"),
])
def test_export_writes_the_format_the_chosen_name_says(
        menu: tuple[QMenu, ReportActions], tmp_path: Path, item: str, name: str,
        magic: bytes) -> None:
    """The chosen file's type decides the format, whichever Export item opened the dialog."""
    target = tmp_path / name
    script = _Scripted(menu[1], 2024, target)
    _action(menu[0], item).trigger()
    assert script.errors == []
    assert target.read_bytes()[:len(magic)].lower() == magic.lower()
    assert script.offered == [target]


def test_export_to_a_name_that_says_no_format_is_refused(menu: tuple[QMenu, ReportActions],
                                                         tmp_path: Path) -> None:
    """r.txt: one sentence naming the file and the endings; nothing written."""
    out = tmp_path / "out"
    out.mkdir()
    script = _Scripted(menu[1], 2024, out / "r.txt")
    _action(menu[0], "report-export-md").trigger()
    assert len(script.errors) == 1 and "r.txt" in script.errors[0]
    assert ".docx" in script.errors[0] and ".md" in script.errors[0]
    assert list(out.iterdir()) == [] and script.offered == []


def test_the_save_dialog_adds_the_chosen_type_to_a_bare_name(
        menu: tuple[QMenu, ReportActions], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A name typed without an ending gets the selected type's before the overwrite check."""
    from PySide6.QtWidgets import QFileDialog

    seen: dict[str, Any] = {}

    def static_dialog(*args: Any) -> tuple[str, str]:
        # It adds no ending before asking whether to replace a file: "draft" is asked
        # about, "draft.pdf" written.
        raise AssertionError("the static save dialog was used")

    def accept_bare_name(dialog: QFileDialog) -> int:
        seen["filters"] = dialog.nameFilters()
        seen["replace_asked"] = not dialog.testOption(
            QFileDialog.Option.DontConfirmOverwrite)
        dialog.selectFile(str(tmp_path / "draft"))
        return 1

    monkeypatch.setattr(QFileDialog, "exec", accept_bare_name)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(static_dialog))
    assert menu[1].choose_path("pdf", 2024) == tmp_path / "draft.pdf"
    assert menu[1].choose_path("md", 2024) == tmp_path / "draft.md"
    assert len(seen["filters"]) == 4 and seen["replace_asked"]


def test_export_never_writes_over_the_open_data_file(qtbot: Any, sample_file: Path,
                                                     tmp_path: Path) -> None:
    """Through app.py's wiring: a name that is the data file (a symlink) is refused."""
    from msmedesk import app as desk

    backend = desk.connect(sample_file, backup_folder=tmp_path / "bk")
    try:
        parent = QWidget()
        qtbot.addWidget(parent)
        menu = QMenu(parent)
        install_report_menu(menu, parent, backend.services, backend.write_refusal)
        actions = menu.findChild(ReportActions)
        link = tmp_path / "r.md"
        link.symlink_to(sample_file)
        before = sample_file.read_bytes()
        script = _Scripted(actions, 2024, link)
        _action(menu, "report-export-md").trigger()
        assert len(script.errors) == 1 and "data file open in this window" in script.errors[0]
        assert script.offered == [] and link.is_symlink()
    finally:
        backend.close()
    assert sample_file.read_bytes() == before


def test_an_impossible_year_is_refused(menu: tuple[QMenu, ReportActions],
                                       tmp_path: Path) -> None:
    """Year 0 (say, from a script): one sentence, nothing written."""
    target = tmp_path / "r.md"
    script = _Scripted(menu[1], 0, target)
    _action(menu[0], "report-export-md").trigger()
    assert len(script.errors) == 1 and "1900 to 2200" in script.errors[0]
    assert not target.exists()


def test_the_year_dialog_offers_every_year_a_date_may_hold(
        menu: tuple[QMenu, ReportActions], monkeypatch: pytest.MonkeyPatch) -> None:
    """1900 to 2200: a year before the Group or years ahead can be asked for (and noticed)."""
    asked: list[tuple[int, int, int]] = []

    def run(dialog: ReportDialog) -> int:
        asked.append((dialog.year.minimum(), dialog.year.maximum(), dialog.year.value()))
        dialog.year.setValue(1999)
        return 1

    monkeypatch.setattr(ReportDialog, "exec", run)
    assert ReportActions.choose_report(menu[1], "Export") == ReportChoice(1999)
    assert asked == [(1900, 2200, 2024)]


def test_an_odd_year_is_exported_with_a_notice(menu: tuple[QMenu, ReportActions],
                                               tmp_path: Path) -> None:
    """1999: the draft is written and the message says the Group did not exist yet."""
    target = tmp_path / "r.md"
    script = _Scripted(menu[1], 1999, target)
    _action(menu[0], "report-export-md").trigger()
    assert script.errors == [] and target.exists()
    [notices] = script.notices
    assert any("before the MSME Group was established" in n for n in notices)
    assert any("Nothing is recorded for 1999" in n for n in notices)
    # 2024, the sample's year, is ordinary: no notice.
    script = _Scripted(menu[1], 2024, tmp_path / "r2024.md")
    _action(menu[0], "report-export-md").trigger()
    assert script.notices == [()]


def test_preview_of_an_odd_year_shows_the_notice_first(menu: tuple[QMenu, ReportActions]
                                                       ) -> None:
    """A year after next: the notice, then the preview."""
    from datetime import date

    year = date.today().year + 2
    script = _Scripted(menu[1], year, None)
    order: list[str] = []
    menu[1].show_notice = lambda text: order.append(text)  # type: ignore[method-assign]
    menu[1].run_dialog = lambda dialog: order.append("dialog") or 0  # type: ignore[method-assign]
    _action(menu[0], "report-preview").trigger()
    assert script.errors == []
    assert len(order) == 2 and order[1] == "dialog"
    assert f"{year} is more than a year ahead" in order[0]


def test_export_carries_the_symbol_and_date_asked_for(menu: tuple[QMenu, ReportActions],
                                                      tmp_path: Path) -> None:
    """Symbol and date from the dialog head the file; without them, two more gaps."""
    target = tmp_path / "r.md"
    script = _Scripted(menu[1], 2024, target, "INF/MSME/R/47", "6 February 2025")
    _action(menu[0], "report-export-md").trigger()
    assert script.errors == []
    assert target.read_text("utf-8").startswith(
        "INF/MSME/R/47\n\n6 February 2025\n\nOriginal: English\n\n")
    assert script.reports[0].warnings == ()
    bare = _Scripted(menu[1], 2024, tmp_path / "bare.md")
    _action(menu[0], "report-export-md").trigger()
    assert bare.reports[0].warnings[:2] == ("[INF/MSME/R/…]", "[date]")


def test_the_written_message_counts_the_header_gaps(menu: tuple[QMenu, ReportActions],
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The 2024 sample's body has no gap: "It has 2 gaps" are the symbol and the date."""
    from PySide6.QtWidgets import QMessageBox

    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: said.append(box.text()) or 0)
    _Scripted(menu[1], 2024, tmp_path / "r.md")
    menu[1].ask_open_folder = ReportActions.ask_open_folder.__get__(menu[1])  # type: ignore
    _action(menu[0], "report-export-md").trigger()
    assert len(said) == 1
    assert "It has 2 gaps to fill" in said[0]
    assert "Document symbol of the report not given" in said[0]
