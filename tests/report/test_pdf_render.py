"""The Qt rendering: A4 pages laid out by hand, footnotes at the foot of their page.

Every test that paints in this process asks for pytest-qt's ``qapp`` first, so the one
application of the test session is a QApplication that widget tests can share.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from msmedesk.report.model import (
    DATE_PLACEHOLDER,
    SYMBOL_PLACEHOLDER,
    NoteRef,
    Paragraph,
    Report,
    Text,
)
from msmedesk.report.pdf_render import paint_report, render_pdf

ROOT = Path(__file__).resolve().parents[2]
MARKUP = 'Smith & Sons <b>bold</b> "quotes"'
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed")


def pdf_pages(path: Path) -> list[str]:
    """The text of each page, whitespace collapsed."""
    out = subprocess.run(
        [PDFTOTEXT, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [" ".join(page.split()) for page in pages]


def page_boxes(path: Path) -> list[list[tuple[str, float, float, float]]]:
    """(word, xMin, yMin, height) of every word, page by page, in points."""
    html = subprocess.run(
        [PDFTOTEXT, "-bbox", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    word = r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>'
    return [
        [(w, float(x), float(y0), float(y1) - float(y0)) for x, y0, y1, w in re.findall(word, page)]
        for page in html.split("<page ")[1:]
    ]


def word_boxes(path: Path) -> list[tuple[str, float, float]]:
    """(word, xMin, yMin) of every word on page 1, in points."""
    return [(w, x, y) for w, x, y, _ in page_boxes(path)[0]]


@pytest.fixture(scope="module")
def small_pdf(qapp: object, small_report: Report, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pdf") / "small.pdf"
    return path, render_pdf(small_report, path)


@pytest.fixture(scope="module")
def long_pdf(qapp: object, long_report: Report, tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("pdf") / "long.pdf"
    return path, render_pdf(long_report, path)


def test_writes_an_a4_pdf(small_pdf: tuple[Path, int]) -> None:
    """A PDF file of one A4 page for the small report."""
    path, pages = small_pdf
    data = path.read_bytes()
    assert data.startswith(b"%PDF-")
    assert pages == 1
    # MediaBox of A4 in points: 595 x 842.
    box = re.search(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert box is not None
    assert (round(float(box[1])), round(float(box[2]))) == (595, 842)


@needs_pdftotext
def test_text_numbers_notes_and_literal_markup(
    small_pdf: tuple[Path, int], small_report: Report
) -> None:
    """Numbers, headings, the notes on the page, user markup as characters."""
    path, pages = small_pdf
    (text,) = pdf_pages(path)
    assert pages == len(pdf_pages(path))
    for number in ("1.1.", "1.2.", "2.1.", "2.2.", "3.1.", "3.2."):
        assert f"{number} " in text
    assert "INFORMAL WORKING GROUP ON MSMEs" in text
    assert "1 INTRODUCTION" in text and "3.1 Annex 1" in text
    assert MARKUP in text
    assert "Trade & Gender <i>data</i>." in text
    for note in small_report.footnotes:
        assert " ".join(note.plain_text().split()) in text
    assert text.index("3.2. Canada") < text.index("Previous Annual Reports")
    assert SYMBOL_PLACEHOLDER in text and DATE_PLACEHOLDER in text
    # The first page's header: no "- 1 -", but the page count and the language.
    assert text.startswith(f"{SYMBOL_PLACEHOLDER} {DATE_PLACEHOLDER} Page: 1/1 "
                           "Original: English INFORMAL")
    assert not re.search(r"-\s?1\s?-", text)


@needs_pdftotext
def test_layout_on_the_page(small_pdf: tuple[Path, int]) -> None:
    """Margins of 2.5 cm, number in the hanging indent, notes below the body."""
    path, _ = small_pdf
    boxes = word_boxes(path)
    margin = 25 / 25.4 * 72  # points
    number = next(b for b in boxes if b[0] == "1.1.")
    text_start = next(b for b in boxes if b[0] == "On")
    assert number[1] == pytest.approx(margin, abs=1.0)
    assert text_start[1] == pytest.approx(margin + 12.7 / 25.4 * 72, abs=1.0)
    continuation = [b for b in boxes if b[0] == "established"]
    assert continuation[0][1] == pytest.approx(text_start[1], abs=1.0)
    last_body = next(b for b in boxes if b[0] == "TPRs.")
    first_note = next(b for b in boxes if b[0] == "Previous")
    assert first_note[2] > last_body[2] + 100  # at the foot, not after the text
    assert first_note[2] < 842 - margin


@needs_pdftotext
def test_long_report_puts_each_note_on_its_marker_page(
    long_pdf: tuple[Path, int], long_report: Report
) -> None:
    """Several pages; each note once, on the page where its marker is, under the body."""
    path, count = long_pdf
    pages = pdf_pages(path)
    assert count == len(pages) >= 3
    anchors: dict[int, str] = {}
    for section in long_report.sections:
        for paragraph in section.paragraphs:
            parts = paragraph.content
            for before, part in zip(parts, parts[1:], strict=False):
                if isinstance(part, NoteRef):
                    assert isinstance(before, Text)
                    anchors[part.number] = before.text.split()[-1]  # "ANCHOR7."
    assert len(anchors) == len(long_report.footnotes) >= 8
    for number, anchor in anchors.items():
        word = long_report.footnote(number).plain_text().split()[0]  # "NOTEBODY7"
        note_pages = [i for i, page in enumerate(pages) if re.search(rf"\b{word}\b", page)]
        anchor_pages = [i for i, page in enumerate(pages) if anchor in page]
        assert len(note_pages) == 1, f"note {number} printed {len(note_pages)} times"
        assert note_pages == anchor_pages, f"note {number} is not on its marker's page"
        page = pages[note_pages[0]]
        # Notes sit under the body text of their page.
        assert page.index(anchor) < page.index(word)
    # The body area really shrinks: 9 pt body lines end above the 8 pt note block.
    margin = 25 / 25.4 * 72
    for index, boxes in enumerate(page_boxes(path), start=1):
        inside = [b for b in boxes if margin - 2 < b[2] < 842 - margin]
        body = [b[2] + b[3] for b in inside if b[3] > 10.0]
        notes = [b[2] for b in inside if 8.5 < b[3] < 10.0]
        assert body and notes, f"page {index} lacks body text or notes"
        assert max(body) < min(notes), f"notes overlap the body on page {index}"
    for index, page in enumerate(pages, start=1):
        assert "INF/MSME/R/46" in page
        assert ("6 February 2025" in page) == (index == 1)
        assert (f"Page: 1/{count}" in page) == (index == 1)
        assert ("Original: English" in page) == (index == 1)
        # Later pages: the symbol, then "- n -" centred (pdftotext may drop the spaces).
        dashes = rf"-\s?{index}\s?-"
        shown = bool(re.match(rf"(INF/MSME/R/46 {dashes}|{dashes} INF/MSME/R/46) ", page))
        assert shown == (index > 1)


@needs_pdftotext
def test_no_line_is_lost_or_doubled_across_pages(
    long_pdf: tuple[Path, int], long_report: Report
) -> None:
    """Every paragraph number appears exactly once over all pages, in order."""
    path, _ = long_pdf
    text = " ".join(pdf_pages(path))
    expected = [p.number for s in long_report.sections for p in s.paragraphs]
    found = re.findall(r"(?<![\d.])(\d\.\d\.) Members", text)
    assert found == expected


def test_same_painter_drives_qprinter_and_preview(
    qapp: object, qtbot: object, small_report: Report, tmp_path: Path
) -> None:
    """paint_report draws on a QPrinter with its own margins and in print preview."""
    from PySide6.QtGui import QPageSize
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    assert printer.pageLayout().margins().left() > 0  # unlike our QPdfWriter
    assert paint_report(small_report, printer) == 1
    assert out.read_bytes().startswith(b"%PDF-")
    if PDFTOTEXT is not None:
        # The printer's margins do not shift the page: "1.1." still sits at 2.5 cm.
        number = next(b for b in word_boxes(out) if b[0] == "1.1.")
        assert number[1] == pytest.approx(25 / 25.4 * 72, abs=1.0)

    preview_printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    preview = QPrintPreviewWidget(preview_printer)
    qtbot.addWidget(preview)
    painted: list[int] = []
    preview.paintRequested.connect(lambda p: painted.append(paint_report(small_report, p)))
    preview.updatePreview()
    assert painted == [1]
    assert preview.pageCount() == 1


def test_unwritable_path_raises(qapp: object, small_report: Report, tmp_path: Path) -> None:
    """A PDF that cannot be written is an error, not a silent empty result."""
    with pytest.raises(OSError):
        render_pdf(small_report, tmp_path / "no-such-folder" / "report.pdf")


def test_missing_note_prints_a_visible_gap(
    qapp: object, small_report: Report, tmp_path: Path
) -> None:
    """A marker whose note is absent still renders, flagged for staff."""
    from dataclasses import replace

    report = replace(small_report, footnotes=small_report.footnotes[:2])
    path = tmp_path / "gap.pdf"
    assert render_pdf(report, path) == 1
    if PDFTOTEXT is not None:
        assert "[note 3 missing]" in pdf_pages(path)[0]


def test_pdf_needs_no_qtwidgets(tmp_path: Path) -> None:
    """render_pdf works with only QtGui: no QtWidgets import, a QGuiApplication made."""
    out = tmp_path / "alone.pdf"
    code = f"""
import sys
from msmedesk.report.model import Paragraph, Report, Section, Text
from msmedesk.report.pdf_render import render_pdf
report = Report(2024, "Title", "Subtitle",
                (Section(1, "Intro", (Paragraph("1.1.", (Text("Hello."),)),)),), ())
assert render_pdf(report, {str(out)!r}) == 1
from PySide6.QtGui import QGuiApplication
assert type(QGuiApplication.instance()).__name__ == "QGuiApplication"
assert "PySide6.QtWidgets" not in sys.modules, "QtWidgets was imported"
"""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF-")


def test_paragraph_with_line_break_stays_one_paragraph(
    qapp: object, small_report: Report, tmp_path: Path
) -> None:
    """A newline in user text breaks the line, not the numbered paragraph."""
    from dataclasses import replace

    from msmedesk.report.model import Section

    para = Paragraph("1.1.", (Text("First line\nsecond line"),))
    report = replace(small_report, sections=(Section(1, "Intro", (para,)),), title_note=None)
    path = tmp_path / "break.pdf"
    render_pdf(report, path)
    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed")
    boxes = word_boxes(path)
    first = next(b for b in boxes if b[0] == "First")
    second = next(b for b in boxes if b[0] == "second")
    assert second[2] > first[2]  # on the next line
    assert second[1] == pytest.approx(first[1], abs=1.0)  # at the indent, not the margin


@needs_pdftotext
def test_document_symbols_are_not_broken_across_lines(
    qapp: object, small_report: Report, tmp_path: Path
) -> None:
    """Qt would break after '/' or '-'; a symbol stays whole on one line, and searchable."""
    from dataclasses import replace

    from msmedesk.report.model import Section

    symbol = "INF/MSME/W/58-INF/TGE/COM/11"
    # Filler of every length up to two lines puts the symbol across a line end somewhere.
    paragraphs = tuple(
        Paragraph(f"1.{n}.", (Text("x " * n), Text(symbol, "symbol"), Text(" end.")))
        for n in range(20, 100)
    )
    report = replace(small_report, sections=(Section(1, "Intro", paragraphs),), title_note=None)
    path = tmp_path / "symbols.pdf"
    render_pdf(report, path)
    out = subprocess.run(
        [PDFTOTEXT, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    whole = [line for line in out.splitlines() if symbol in line]
    assert len(whole) == len(paragraphs)
