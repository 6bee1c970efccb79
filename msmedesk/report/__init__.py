"""The draft annual report: built once as data from the services, then rendered.

Python-docx and Qt are imported only inside ``write_report`` so that importing this
package (as the program's Report menu does) costs nothing until a report is asked for.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from msmedesk.report.model import Report

FORMATS = ("docx", "pdf", "html", "md")


def default_file_name(year: int, fmt: str) -> str:
    """The name a report file gets unless the user chooses another."""
    return f"MSME-Group-annual-report-{year}.{fmt}"


def make_report(services: Any, year: int) -> Report:
    """The report for ``year`` as data (see ``msmedesk.report.build``)."""
    from msmedesk.report.build import build_report

    return build_report(services, year)


def render(report: Report, fmt: str, output: Path) -> None:
    """Write an already built report to ``output`` in format ``fmt``."""
    output = Path(output)
    if fmt == "docx":
        from msmedesk.report.docx_render import render_docx

        render_docx(report, output)
    elif fmt == "pdf":
        from msmedesk.report.pdf_render import render_pdf

        _ensure_gui_application()
        render_pdf(report, output)
    elif fmt == "html":
        from msmedesk.report.html_render import render_html

        output.write_text(render_html(report), encoding="utf-8")
    elif fmt == "md":
        from msmedesk.report.markdown_render import render_markdown

        output.write_text(render_markdown(report), encoding="utf-8")
    else:
        raise ValueError(f'"{fmt}" is not a report format (use one of {", ".join(FORMATS)})')


def write_report(services: Any, year: int, fmt: str, output: Path) -> Report:
    """Build the draft report for ``year`` and write it to ``output``; return the data."""
    if fmt not in FORMATS:
        raise ValueError(f'"{fmt}" is not a report format (use one of {", ".join(FORMATS)})')
    report = make_report(services, year)
    render(report, fmt, Path(output))
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


_APP: Any = None
