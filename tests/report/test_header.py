"""The WTO header: symbol and date from the user (or placeholders counted as gaps), with
"Page: 1/N" and "Original: English" on page 1 and "- n -" on later pages."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import docx
import pytest

from msmedesk.cli import main
from msmedesk.records import Services
from msmedesk.report import make_report, write_report
from msmedesk.report.html_render import render_html
from msmedesk.report.markdown_render import render_markdown
from msmedesk.report.model import DATE_PLACEHOLDER, SYMBOL_PLACEHOLDER, Report

PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext is not installed")


def _pages(path: Path) -> list[str]:
    out = subprocess.run([PDFTOTEXT, str(path), "-"], check=True, capture_output=True,
                         text=True).stdout.split("\f")
    return [" ".join(page.split()) for page in out if page.strip()]


# -- the rules ---------------------------------------------------------------------

def test_symbol_and_date_are_read_as_the_program_reads_them() -> None:
    """Stray spaces and "_" go; "6/2/2025" is 6 February (day first); empty is None."""
    from msmedesk.report.header import read_report_date, read_symbol

    assert read_symbol("  _INF/MSME/R/47 ") == "INF/MSME/R/47"
    assert read_symbol("   ") is None and read_symbol(None) is None
    assert read_report_date("6/2/2025") == "6 February 2025"
    assert read_report_date("6 Feb 2025") == "6 February 2025"
    assert read_report_date("") is None


@pytest.mark.parametrize(("symbol", "says"), [
    ("INF MSME R 47", '--symbol "INF MSME R 47" is not a WTO document symbol (e.g. '
                      "INF/MSME/R/47)."),
    ("INF/MSME/R/47; INF/MSME/R/48", '--symbol "INF/MSME/R/47; INF/MSME/R/48" holds two '
                                     "symbols; give the report's own one only"),
])
def test_a_bad_symbol_is_named_with_its_option(symbol: str, says: str) -> None:
    """The sentence names the option and what is wrong."""
    from msmedesk.report.header import HeaderError, read_symbol

    with pytest.raises(HeaderError) as caught:
        read_symbol(symbol, "--symbol")
    assert str(caught.value).startswith(says)


@pytest.mark.parametrize(("date", "says"), [
    ("February 2025", "--date: February 2025 needs the day as well."),
    ("30/2/2025", "--date: 30 February 2025 is not a date"),
    ("soon", '--date: "soon" is not a date I can read'),
])
def test_a_bad_date_is_named_with_its_option(date: str, says: str) -> None:
    """A month alone, a day that does not exist, words: refused in one sentence."""
    from msmedesk.report.header import HeaderError, read_report_date

    with pytest.raises(HeaderError) as caught:
        read_report_date(date, "--date")
    assert str(caught.value).startswith(says)


def test_a_symbol_of_another_series_is_flagged() -> None:
    """The Group's reports are INF/MSME/R/…; JOB/GC/207 (2018) is allowed but flagged."""
    from msmedesk.report.header import symbol_flag

    assert symbol_flag("INF/MSME/R/47") is None
    assert symbol_flag("JOB/GC/207") == (
        "JOB/GC/207 is not of the annual reports' series (INF/MSME/R/…)")


# -- the report's data ---------------------------------------------------------------

def test_missing_symbol_and_date_are_gaps(sample_services: Services) -> None:
    """Without them, both placeholders lead the warnings; with them, neither is there."""
    bare = make_report(sample_services, 2024)
    assert bare.symbol is None and bare.date is None
    assert bare.warnings[:2] == (SYMBOL_PLACEHOLDER, DATE_PLACEHOLDER)
    known = make_report(sample_services, 2024, symbol="INF/MSME/R/47", date="6 February 2025")
    assert (known.symbol, known.date) == ("INF/MSME/R/47", "6 February 2025")
    assert SYMBOL_PLACEHOLDER not in known.warnings and DATE_PLACEHOLDER not in known.warnings
    assert known.warnings == bare.warnings[2:]
    only_date = make_report(sample_services, 2024, date="6 February 2025")
    assert only_date.warnings[:1] == (SYMBOL_PLACEHOLDER,)
    assert DATE_PLACEHOLDER not in only_date.warnings


# -- each format -----------------------------------------------------------------------

@pytest.fixture
def final(small_report: Report) -> Report:
    return replace(small_report, symbol="INF/MSME/R/47", date="6 February 2025")


def test_markdown_header_has_symbol_date_and_language(final: Report) -> None:
    """No pages in Markdown: symbol, date, "Original: English", then the title."""
    blocks = render_markdown(final).split("\n\n")
    assert blocks[:4] == ["INF/MSME/R/47", "6 February 2025", "Original: English",
                          "# INFORMAL WORKING GROUP ON MSMEs[^1]"]
    assert "Page:" not in render_markdown(final)


def test_html_header_has_symbol_date_and_language(final: Report) -> None:
    """The <header>: symbol, date and language, at the right; no page numbers."""
    page = render_html(final)
    start = page.index('<header class="doc-header">')
    header = page[start:page.index("</header>", start)]
    assert '<p class="symbol">INF/MSME/R/47</p>' in header
    assert '<p class="date">6 February 2025</p>' in header
    assert '<p class="original">Original: English</p>' in header
    assert "Page:" not in page


def test_word_header_differs_on_the_first_page(final: Report, tmp_path: Path) -> None:
    """Page 1: symbol, date, "Page: 1/N", "Original: English"; later: symbol, "- n -"."""
    from msmedesk.report.docx_render import render_docx

    out = tmp_path / "r.docx"
    render_docx(final, out)
    section = docx.Document(str(out)).sections[0]
    assert section._sectPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}titlePg") is not None
    assert [p.text for p in section.first_page_header.paragraphs] == [
        "INF/MSME/R/47", "6 February 2025", "Page: 1/1", "", "Original: English"]
    assert [p.text for p in section.header.paragraphs] == ["INF/MSME/R/47", "- 2 -"]


@needs_pdftotext
def test_pdf_header_on_the_first_and_later_pages(sample_services: Services,
                                                 tmp_path: Path) -> None:
    """The 2024 draft: "Page: 1/N" and the language on page 1, "- n -" after it."""
    out = tmp_path / "r.pdf"
    write_report(sample_services, 2024, "pdf", out, symbol="INF/MSME/R/47",
                 date="6 February 2025")
    pages = _pages(out)
    total = len(pages)
    assert total >= 3
    assert pages[0].startswith(
        f"INF/MSME/R/47 6 February 2025 Page: 1/{total} Original: English INFORMAL")
    for number, page in enumerate(pages[1:], start=2):
        head = page[:40]
        assert "INF/MSME/R/47" in head and (f"-{number}-" in head or f"- {number} -" in head)
        assert "Page:" not in page and "Original: English" not in page


@needs_pdftotext
def test_pdf_first_page_body_starts_below_the_header(sample_services: Services,
                                                     tmp_path: Path) -> None:
    """The taller first header never overlaps the title."""
    out = tmp_path / "r.pdf"
    write_report(sample_services, 2024, "pdf", out)
    boxes = subprocess.run([PDFTOTEXT, "-bbox", "-f", "1", "-l", "1", str(out), "-"],
                           check=True, capture_output=True, text=True).stdout
    words = re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]+)<', boxes)
    english = next(float(bottom) for _, bottom, word in words if word == "English")
    informal = next(float(top) for top, _, word in words if word == "INFORMAL")
    assert informal > english + 5


# -- the command line ------------------------------------------------------------------

def test_command_puts_symbol_and_date_in_the_header(sample_file: Path, tmp_path: Path) -> None:
    """--symbol and --date (as people write dates) head the draft."""
    out = tmp_path / "r.md"
    assert main(["report", "--year", "2024", "--db", str(sample_file), "-o", str(out),
                 "--symbol", "INF/MSME/R/47", "--date", "6/2/2025"]) == 0
    assert out.read_text("utf-8").startswith(
        "INF/MSME/R/47\n\n6 February 2025\n\nOriginal: English\n\n")


@pytest.mark.parametrize(("option", "value", "says"), [
    ("--symbol", "INF MSME", '--symbol "INF MSME" is not a WTO document symbol'),
    ("--date", "2025", "--date: "),
    ("--date", "31/2/2025", "--date: 31 February 2025 is not a date"),
])
def test_command_refuses_a_bad_symbol_or_date(sample_file: Path, tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str], option: str,
                                              value: str, says: str) -> None:
    """One sentence naming the option, exit 1, nothing written."""
    out = tmp_path / "out" / "r.docx"
    out.parent.mkdir()
    with pytest.raises(SystemExit) as stop:
        main(["report", "--year", "2024", "--db", str(sample_file), "-o", str(out),
              option, value])
    assert stop.value.code == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert err.startswith(f"msmedesk: Nothing was written: {says}")
    assert list(out.parent.iterdir()) == []


def test_command_writes_an_odd_symbol_with_a_warning(sample_file: Path, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    """A valid symbol of another series is written as given, and said on stderr."""
    out = tmp_path / "r.md"
    assert main(["report", "--year", "2024", "--db", str(sample_file), "-o", str(out),
                 "--symbol", "JOB/GC/207"]) == 0
    assert out.read_text("utf-8").startswith("JOB/GC/207\n\n")
    assert ("msmedesk: warning: JOB/GC/207 is not of the annual reports' series "
            "(INF/MSME/R/…)") in capsys.readouterr().err
