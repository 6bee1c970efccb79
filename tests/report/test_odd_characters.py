"""Separators, control and Qt's internal characters in user text: every format renders them.

A U+2029 (paragraph separator) in a meeting's summary crashed the PDF report (issue 13,
item 10): QTextCursor.insertText starts a new block at it, which the page layout did not
expect. Every format must render any text the program accepts, showing its visible
characters.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import pytest
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st

from msmedesk.db.engine import open_data_file
from msmedesk.domain import Meeting
from msmedesk.records import Services
from msmedesk.report import FORMATS, render, wording, write_report
from msmedesk.report.model import Footnote, NoteRef, Paragraph, Report, Section, Text
from msmedesk.validation import ValidationError

# What QTextCursor.insertText makes a new block of (besides "\n"): the paragraph
# separator and Qt's own frame markers. Line separators, controls and the like are in the
# examples of the property test below.
BLOCK_MAKERS = {
    "paragraph separator": "\u2029",
    "three separators": "\u2029\u2029\u2029",
    "Qt frame start": "\ufdd0",
    "Qt frame end": "\ufdd1",
}
PDFTOTEXT = shutil.which("pdftotext")


class _TextOnly(HTMLParser):
    """The characters a browser would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible(text: str) -> str:
    """The characters that print as something: no spaces, separators or controls."""
    return "".join(ch for ch in text if ch.isprintable() and not ch.isspace())


def _html_text(source: str) -> str:
    parser = _TextOnly()
    parser.feed(source)
    parser.close()
    return "".join(parser.parts)


def _markdown_text(source: str) -> str:
    """Markdown source with the renderer's own tags dropped and backslash escapes resolved
    (a backslash at a line's end is a hard line break)."""
    source = re.sub(r"(?<!\\)\\\n", "\n", source)
    source = re.sub(r"(?<!\\)</?(?:strong|em|sup)>", "", source)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source)


def _docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _report(odd: str) -> Report:
    """Two numbered paragraphs, the first and its note holding ``odd`` between two words."""
    first = Paragraph("1.1.", (Text(f"Before{odd}after"), NoteRef(1)))
    second = Paragraph("1.2.", (Text("Closing words."),))
    return Report(year=2024, title="Informal Working Group on MSMEs",
                  subtitle="2024 Annual Report",
                  sections=(Section(1, "Introduction", (first, second)),),
                  footnotes=(Footnote(1, (Text(f"Note{odd}text"),)),))


@pytest.fixture(autouse=True)
def _widgets_application(qapp: Any) -> None:
    """A QApplication before any PDF is painted, so later widget tests can run here too."""


@pytest.mark.parametrize("odd", list(BLOCK_MAKERS.values()), ids=list(BLOCK_MAKERS))
def test_pdf_keeps_a_paragraph_whole_around_odd_characters(tmp_path: Path, odd: str) -> None:
    """The PDF renders, with both words, the note and the next paragraph's number."""
    out = tmp_path / "report.pdf"
    render(_report(odd), "pdf", out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed")
    shown = subprocess.run([PDFTOTEXT, str(out), "-"], check=True, capture_output=True,
                           text=True).stdout
    words = shown.split()
    for word in ("1.1.", "1.2.", "Closing", "1/1"):  # "Page: 1/1" in the header
        assert word in words
    assert "Before" in shown and "after" in shown and "Note" in shown and "text" in shown
    # The separator is a line break inside paragraph 1.1., not a paragraph of its own.
    assert shown.index("Before") < shown.index("after") < shown.index("1.2.")


@pytest.fixture(scope="module")
def meeting(tmp_path_factory: pytest.TempPathFactory,
            template_file: Path) -> Iterator[tuple[Services, Meeting]]:
    """Services on a data file with one 2024 meeting, whose summary each example replaces."""
    path = tmp_path_factory.mktemp("odd") / "msmedesk.sqlite"
    shutil.copyfile(template_file, path)
    services = Services(open_data_file(path, create=False))
    try:
        yield services, services.meetings.create(Meeting(date(2024, 3, 19), summary="First."))
    finally:
        services.close()


@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(summary=st.text(min_size=1, max_size=60))
@example(summary="Before\u2029after")
@example(summary="\u2029")
@example(summary="One\u2028two\u2029\u2029three")
@example(summary="Frame \ufdd0 start \ufdd1 end \ufffc")
@example(summary="Control \x00 \x0b \x0c \x85 \r\n end")
@example(summary="Broken \ud800 half")
def test_any_accepted_summary_renders_in_every_format(
    meeting: tuple[Services, Meeting], tmp_path: Path, summary: str
) -> None:
    """Whatever the program accepts as a summary renders in all four formats, and the
    Markdown, HTML and Word files show its visible characters in order."""
    services, record = meeting
    try:
        services.meetings.update(Meeting(record.date, summary=summary, id=record.id))
    except ValidationError:
        reject()  # refused with a message: it can never reach a report
    stored = services.meetings.get(record.id).summary
    # A narrative starts its sentence with a capital (wording.own_sentence).
    expected = _visible(wording.capitalize(stored))
    for fmt in FORMATS:
        out = tmp_path / f"report.{fmt}"
        write_report(services, 2024, fmt, out, replace=True)  # each example rewrites it
        assert out.stat().st_size > 0
        if fmt == "md":
            shown = _markdown_text(out.read_text(encoding="utf-8"))
        elif fmt == "html":
            shown = _html_text(out.read_text(encoding="utf-8"))
        elif fmt == "docx":
            shown = _docx_text(out)
        else:
            assert out.read_bytes().rstrip().endswith(b"%%EOF")
            continue
        assert expected in _visible(shown), fmt
