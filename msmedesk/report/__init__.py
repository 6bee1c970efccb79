"""The draft annual report: built once as data from one read of the services, then rendered.

Python-docx and Qt are imported only inside ``write_report`` so that importing this
package (as the program's Report menu does) costs nothing until a report is asked for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from msmedesk.report.build import YearSource
    from msmedesk.report.model import Report

FORMATS = ("docx", "pdf", "html", "md")
# The file name endings that say a format; the first of each is the one a name gets.
EXTENSIONS = {".docx": "docx", ".pdf": "pdf", ".html": "html", ".htm": "html", ".md": "md"}
KIND_OF_FILE = {"docx": "a Word file", "pdf": "a PDF file", "html": "a web page",
                "md": "a Markdown file"}


class ReportFormatError(ValueError):
    """A file name and format that do not go together; the message is one plain sentence."""


def default_file_name(year: int, fmt: str) -> str:
    """The name a report file gets unless the user chooses another."""
    return f"MSME-Group-annual-report-{year}.{fmt}"


def format_of(path: Path) -> str | None:
    """The report format that the file name ``path`` says (".htm" says html), or None."""
    return EXTENSIONS.get(Path(path).suffix.lower())


def format_for(path: Path, asked: str | None = None, *, option: str | None = "--format"
               ) -> str:
    """The format to write ``path`` in: its name's, which ``asked`` (if given) must agree with.

    A name that says no known format needs ``asked``; one that says another format than
    ``asked`` is refused (:class:`ReportFormatError`; ``option`` names where ``asked``
    comes from, None when nothing can give it).
    """
    named = format_of(path)
    if asked is not None and asked not in FORMATS:
        raise ReportFormatError(f'"{asked}" is not a report format (use one of '
                                f'{", ".join(FORMATS)}).')
    if named is None:
        if asked is None:
            give = f", or give {option}" if option else ""
            raise ReportFormatError(
                f"{Path(path).name} does not say which format to write: end the name in "
                f"{_endings()}{give}.")
        return asked
    if asked is not None and asked != named:
        raise ReportFormatError(f"{Path(path).name} is the name of {KIND_OF_FILE[named]}, but "
                                f"{option} {asked} was given; make the two agree.")
    return named


def _endings() -> str:
    endings = list(EXTENSIONS)
    return ", ".join(endings[:-1]) + " or " + endings[-1]


def make_report(services: YearSource, year: int, *, symbol: str | None = None,
                date: str | None = None) -> Report:
    """The report for ``year`` as data, from one read of the services (see ``build``).

    ``symbol`` and ``date`` head the document; placeholders (and gaps) while absent.
    """
    from msmedesk.report.build import build_report

    return build_report(services, year, symbol=symbol, date=date)


def render(report: Report, fmt: str, output: Path, *, replace: bool = False) -> None:
    """Write an already built report to ``output`` in format ``fmt``.

    Written atomically (``safe_write``): a failure leaves ``output`` as it was, and an
    existing ``output`` is replaced only with ``replace``.
    """
    from msmedesk.safe_write import write_atomically

    if fmt not in FORMATS:
        raise ReportFormatError(f'"{fmt}" is not a report format (use one of '
                                f'{", ".join(FORMATS)}).')
    write_atomically(Path(output), lambda tmp: _render_to(report, fmt, tmp), replace=replace)


def _render_to(report: Report, fmt: str, output: Path) -> None:
    if fmt == "docx":
        from msmedesk.report.docx_render import render_docx

        render_docx(report, output)
    elif fmt == "pdf":
        from msmedesk.report.pdf_render import render_pdf

        _ensure_gui_application()
        render_pdf(report, output)
        _refuse_truncated_pdf(output)
    elif fmt == "html":
        from msmedesk.report.html_render import render_html

        output.write_text(render_html(report), encoding="utf-8")
    else:
        from msmedesk.report.markdown_render import render_markdown

        output.write_text(render_markdown(report), encoding="utf-8")


def _refuse_truncated_pdf(output: Path) -> None:
    """Qt's PDF writer says nothing when a write fails: a PDF without its end is refused."""
    import errno
    import os

    with open(output, "rb") as fh:
        fh.seek(0, os.SEEK_END)
        fh.seek(max(0, fh.tell() - 1024))
        tail = fh.read()
    if b"%%EOF" in tail:
        return
    full = False
    if hasattr(os, "statvfs"):
        stats = os.statvfs(output.parent)
        full = stats.f_bavail * stats.f_frsize < 1 << 20
    code = errno.ENOSPC if full else errno.EIO
    raise OSError(code, os.strerror(code), str(output))


def write_report(services: YearSource, year: int, fmt: str, output: Path, *,
                 replace: bool = False, symbol: str | None = None,
                 date: str | None = None) -> Report:
    """Build the draft report for ``year`` and write it to ``output``; return the data."""
    if fmt not in FORMATS:
        raise ReportFormatError(f'"{fmt}" is not a report format (use one of '
                                f'{", ".join(FORMATS)}).')
    report = make_report(services, year, symbol=symbol, date=date)
    render(report, fmt, Path(output), replace=replace)
    return report


def _ensure_gui_application() -> None:
    """A Qt application for painting the PDF, offscreen when there is no display.

    It is a QApplication (a QGuiApplication that also allows widgets), so that a process
    which writes a PDF first and opens a window later does not abort.
    """
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.instance() is not None:
        return
    no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if no_display and sys.platform.startswith("linux"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    # Kept on the module so that it lives as long as the process.
    global _APP
    _APP = QApplication(sys.argv[:1])


_APP: object = None
