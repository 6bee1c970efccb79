"""``msmedesk report`` and ``write_report``: every format, literal user text, real Word
footnotes, LibreOffice reading the .docx back, and the command's failures."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from msmedesk.cli import main
from msmedesk.db.engine import open_data_file
from msmedesk.domain import Meeting, Member, OutreachEvent, PartialDate
from msmedesk.records import Services
from msmedesk.report import make_report, write_report

MARKUP = 'Smith & Sons <b>bold</b> & <i>x</i> > y'
JOINERS = ("Five new Members joined the MSME Group during 2024: Cabo Verde, the Democratic "
           "Republic of the Congo, Maldives, Mauritius and Mozambique, bringing total MSME Group "
           "membership to 103.")


def _squash(text: str) -> str:
    """Text with every run of white space as one space (PDF text breaks lines)."""
    return re.sub(r"\s+", " ", text).strip()


class _TextOnly(HTMLParser):
    """The characters a browser would show."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _html_text(source: str) -> str:
    parser = _TextOnly()
    parser.feed(source)
    return _squash("".join(parser.parts))


def _markdown_text(source: str) -> str:
    """Markdown source with the renderer's own tags dropped and backslash escapes resolved."""
    source = re.sub(r"(?<!\\)</?(?:strong|em|sup)>", "", source)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source)


def _docx_text(path: Path) -> str:
    from docx import Document as DocxDocument

    document = DocxDocument(str(path))
    return "\n".join(p.text for p in document.paragraphs)


@pytest.fixture
def markup_file(data_file: Path) -> Path:
    """A data file whose 2026 meeting narrative and event title hold markup characters."""
    services = Services(open_data_file(data_file))
    try:
        services.members.create(Member("Albania"))
        services.meetings.create(Meeting(date(2026, 3, 3), convening_notice="INF/MSME/CN/41",
                                         summary_document="INF/MSME/R/51", summary=MARKUP))
        services.outreach.create(OutreachEvent(PartialDate(2026, 5), "A <script> & more",
                                               kind="joint-event", summary="Done & <done>."))
    finally:
        services.close()
    return data_file


@pytest.fixture(autouse=True)
def _widgets_application(qapp: Any) -> None:
    """A QApplication before any PDF is painted, so later widget tests can run here too."""


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "pdf"])
def test_user_text_comes_out_literally(markup_file: Path, tmp_path: Path, fmt: str) -> None:
    """<, > and & in a narrative are those characters in every format."""
    out = tmp_path / f"report.{fmt}"
    services = Services(open_data_file(markup_file, create=False))
    try:
        write_report(services, 2026, fmt, out)
    finally:
        services.close()
    if fmt == "md":
        source = out.read_text(encoding="utf-8")
        assert "<b>bold" not in source and "<script>" not in source
        shown = _markdown_text(source)
    elif fmt == "html":
        source = out.read_text(encoding="utf-8")
        assert "<b>bold" not in source and "<script>" not in source
        shown = _html_text(source)
    elif fmt == "docx":
        shown = _docx_text(out)
    else:
        if shutil.which("pdftotext") is None:
            assert out.read_bytes().startswith(b"%PDF")
            pytest.skip("pdftotext is not installed")
        shown = _squash(subprocess.run(["pdftotext", "-layout", str(out), "-"], check=True,
                                       capture_output=True, text=True).stdout)
        shown = shown.replace("- ", "-")
    assert MARKUP in _squash(shown)
    assert "A <script> & more" in _squash(shown)
    assert "Done & <done>." in _squash(shown)


def test_docx_has_real_word_footnotes(sample_services: Services, tmp_path: Path) -> None:
    """word/footnotes.xml is a part of the document, referenced from the body text."""
    out = tmp_path / "report.docx"
    report = write_report(sample_services, 2024, "docx", out)
    with zipfile.ZipFile(out) as package:
        names = package.namelist()
        assert "word/footnotes.xml" in names
        rels = package.read("word/_rels/document.xml.rels").decode("utf-8")
        body = package.read("word/document.xml").decode("utf-8")
        notes = html.unescape(package.read("word/footnotes.xml").decode("utf-8"))
        types = package.read("[Content_Types].xml").decode("utf-8")
    assert "relationships/footnotes" in rels and "footnotes.xml" in rels
    assert "wordprocessingml.footnotes+xml" in types
    referenced = {int(n) for n in re.findall(r'<w:footnoteReference w:id="(\d+)"', body)}
    assert referenced == {n.number for n in report.footnotes} == {1, 2, 3, 4, 5}
    assert "Uruguay and Viet Nam." in notes
    assert "Previous Annual Reports include" in notes
    assert JOINERS in _docx_text(out)


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext is not installed")
def test_libreoffice_reads_the_docx_back(sample_services: Services, tmp_path: Path) -> None:
    """LibreOffice opens the .docx; its PDF holds the text and the footnotes."""
    out = tmp_path / "report.docx"
    write_report(sample_services, 2024, "docx", out)
    profile = (tmp_path / "lo-profile").as_uri()
    subprocess.run([str(_soffice()), f"-env:UserInstallation={profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "report.pdf"
    text = _squash(subprocess.run(["pdftotext", str(pdf), "-"], check=True,
                                  capture_output=True, text=True).stdout)
    assert "INFORMAL WORKING GROUP ON MSMEs" in text
    assert "103." in text and "Cabo Verde, the Democratic Republic of the Congo" in text
    assert "Uruguay and Viet Nam." in text  # footnote 2
    assert "Previous Annual Reports include JOB/GC/207 dated 3 December 2018" in text
    assert "ad referendum at its 10 December 2024 open-ended meeting." in text


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "md"])
def test_command_writes_each_format(sample_file: Path, tmp_path: Path, fmt: str,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    """``msmedesk report`` writes the file in the format asked for and says where."""
    out = tmp_path / f"draft.{fmt}"
    assert main(["report", "--year", "2024", "--db", str(sample_file), "--format", fmt,
                 "-o", str(out)]) == 0
    assert str(out) in capsys.readouterr().out
    data = out.read_bytes()
    magic = {"docx": b"PK", "pdf": b"%PDF"}
    if fmt in magic:
        assert data.startswith(magic[fmt])
    else:
        text = data.decode("utf-8")
        assert "2024" in text and "Viet Nam" in text
        shown = _html_text(text) if fmt == "html" else _markdown_text(text)
        assert "The MSME Group held four open-ended meetings during 2024, on 19 March, 1 July, " \
            "18 October and 10 December." in _squash(shown)


def test_command_default_name_is_docx_by_year(sample_file: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Without --format and -o: MSME-Group-annual-report-YEAR.docx in the current folder."""
    monkeypatch.chdir(tmp_path)
    assert main(["report", "--year", "2024", "--db", str(sample_file)]) == 0
    assert (tmp_path / "MSME-Group-annual-report-2024.docx").read_bytes().startswith(b"PK")


def test_unknown_year_gives_a_draft_with_placeholders(sample_file: Path, tmp_path: Path) -> None:
    """A year without records is a draft full of named gaps, not a crash."""
    out = tmp_path / "draft.md"
    assert main(["report", "--year", "2031", "--db", str(sample_file), "--format", "md",
                 "-o", str(out)]) == 0
    shown = _markdown_text(out.read_text(encoding="utf-8"))
    assert "[no open-ended meetings recorded for 2031]" in shown
    assert "Annual Report (2031) ad referendum at its open-ended meeting of [date not recorded]." \
        in shown
    assert "2024 ANNUAL REPORT" not in shown and "19 March" not in shown


def test_missing_data_file_is_one_sentence(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """A data file that is not there: one plain sentence on stderr, exit 1, nothing made."""
    missing = tmp_path / "nowhere.sqlite"
    with pytest.raises(SystemExit) as stop:
        main(["report", "--year", "2024", "--db", str(missing), "-o", str(tmp_path / "x.docx")])
    assert stop.value.code == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and err.startswith("msmedesk: ")
    assert "Traceback" not in err
    assert not missing.exists() and not (tmp_path / "x.docx").exists()


def test_pdf_from_a_fresh_process_without_display(sample_file: Path, tmp_path: Path) -> None:
    """The installed command paints the PDF with no display and no Qt platform set."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    out = tmp_path / "draft.pdf"
    done = subprocess.run([sys.executable, "-m", "msmedesk", "report", "--year", "2024", "--db",
                           str(sample_file), "--format", "pdf", "-o", str(out)],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_pdf_then_a_window_in_one_process(sample_file: Path, tmp_path: Path) -> None:
    """After write_report made the Qt application for a PDF, widgets can still be made."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from msmedesk.db.engine import open_data_file\n"
        "from msmedesk.records import Services\n"
        "from msmedesk.report import write_report\n"
        f"services = Services(open_data_file(Path({str(sample_file)!r}), create=False))\n"
        f"write_report(services, 2024, 'pdf', Path({str(tmp_path / 'a.pdf')!r}))\n"
        "services.close()\n"
        "from PySide6.QtWidgets import QWidget\n"
        "QWidget()\n"
        "print('ok')\n"
    )
    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


# ---------------------------------------------------------------- the file and the year


def _run(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    """main() as the command runs it: (exit status, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main([str(a) for a in args])
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def _refused(code: int, err: str) -> str:
    """The one plain sentence of a refusal."""
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("msmedesk: ") and "Traceback" not in err
    return lines[0]


@pytest.mark.parametrize(("name", "magic"), [
    ("r.pdf", b"%PDF"), ("r.html", b"<!DOCTYPE html>"),
    ("r.htm", b"<!DOCTYPE html>"), ("R.PDF", b"%PDF"), ("r.md", b"<strong>"),
])
def test_the_format_follows_the_file_name(sample_file: Path, tmp_path: Path, name: str,
                                          magic: bytes,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """`-o r.pdf` without --format writes a PDF (and so on), not a Word file."""
    out = tmp_path / name
    code, _, err = _run(capsys, "report", "--year", "2024", "--db", sample_file, "-o", out)
    assert code == 0, err
    assert out.read_bytes()[:len(magic)].lower() == magic.lower()


def test_a_name_that_says_no_format_or_another_is_refused(
        sample_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """r.txt needs --format; r.pdf with --format docx contradicts it; nothing is written."""
    message = _refused(*_run(capsys, "report", "--year", "2024", "--db", sample_file, "-o",
                             tmp_path / "r.txt")[:3:2])
    assert "r.txt" in message and "--format" in message
    message = _refused(*_run(capsys, "report", "--year", "2024", "--db", sample_file,
                             "--format", "docx", "-o", tmp_path / "r.pdf")[:3:2])
    assert "r.pdf" in message and "PDF" in message and "docx" in message
    assert list(tmp_path.glob("r.*")) == []
    # --format says what an unknown ending cannot.
    code, _, err = _run(capsys, "report", "--year", "2024", "--db", sample_file, "--format",
                        "md", "-o", tmp_path / "r.txt")
    assert code == 0, err
    assert "four open-ended meetings" in (tmp_path / "r.txt").read_text(encoding="utf-8")


def test_report_refuses_an_existing_file_unless_forced(
        sample_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    """-o and the default name alike: refused naming the file and --force; --force replaces."""
    monkeypatch.chdir(tmp_path)
    for given in (("-o", "mine.docx"), ()):
        target = tmp_path / (given[1] if given else "MSME-Group-annual-report-2024.docx")
        target.write_bytes(b"the user's own draft")
        message = _refused(*_run(capsys, "report", "--year", "2024", "--db", sample_file,
                                 *given)[:3:2])
        assert target.name in message and "--force" in message
        assert target.read_bytes() == b"the user's own draft"
        code, _, err = _run(capsys, "report", "--year", "2024", "--db", sample_file, *given,
                            "--force")
        assert code == 0, err
        assert target.read_bytes().startswith(b"PK")
    # --format alone still names the default file, and that name is refused the same way.
    args = ("report", "--year", "2024", "--db", sample_file, "--format", "html")
    assert _run(capsys, *args)[0] == 0
    page = tmp_path / "MSME-Group-annual-report-2024.html"
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert page.name in _refused(*_run(capsys, *args)[:3:2])


def test_report_never_writes_over_the_data_file(sample_file: Path, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    """A name that is the data file (a symlink here) is refused whatever the flags."""
    link = tmp_path / "r.md"
    link.symlink_to(sample_file)
    before = sample_file.read_bytes()
    message = _refused(*_run(capsys, "report", "--year", "2024", "--db", sample_file, "-o",
                             link, "--force")[:3:2])
    assert "data file being read" in message
    assert sample_file.read_bytes() == before and link.is_symlink()


@pytest.mark.parametrize("year", ["0", "99999", "1899", "2201", "-5"])
def test_a_year_no_date_can_hold_is_refused(sample_file: Path, tmp_path: Path, year: str,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """Outside 1900-2200: one sentence naming the year and the range, nothing written."""
    out = tmp_path / "r.md"
    message = _refused(*_run(capsys, "report", f"--year={year}", "--db", sample_file, "-o",
                             out)[:3:2])
    assert year in message and "1900 to 2200" in message
    assert not out.exists()


@pytest.mark.parametrize(("year", "says"), [
    (1999, ["before the MSME Group was established (in December 2017)",
            "Nothing is recorded for 1999"]),
    (date.today().year + 2, ["more than a year ahead", "Nothing is recorded"]),
    (2021, ["Nothing is recorded for 2021"]),
])
def test_an_odd_year_gets_its_draft_and_a_warning(sample_file: Path, tmp_path: Path,
                                                  year: int, says: list[str],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """Before the Group, after next year or without records: written, with warning lines."""
    out = tmp_path / "r.md"
    code, stdout, err = _run(capsys, "report", "--year", year, "--db", sample_file, "-o", out)
    assert code == 0
    assert f"Wrote the draft {year} annual report" in stdout
    assert f"[no open-ended meetings recorded for {year}]" in _markdown_text(
        out.read_text(encoding="utf-8"))
    # The warnings come first; the year-end checklist's gaps follow them.
    lines = [line for line in err.strip().splitlines() if line.startswith("msmedesk: ")]
    assert len(lines) == len(says)
    for line, said in zip(lines, says, strict=True):
        assert line.startswith("msmedesk: warning: ") and said in line
    # The sample's 2024 and the Group's first year are ordinary: no warning.
    for ordinary in (2024, 2017):
        code, _, err = _run(capsys, "report", "--year", ordinary, "--db", sample_file, "-o",
                            tmp_path / f"r{ordinary}.md")
        assert code == 0 and "msmedesk: warning" not in err


def test_the_report_command_lists_the_draft_s_gaps_on_stderr(
        sample_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A count with last year's beside it, then one line per gap naming its record; the
    draft is written all the same."""
    services = Services(open_data_file(sample_file))
    try:
        meeting = next(m for m in services.year_records(2024).meetings
                       if m.date == date(2024, 10, 18))
        services.meetings.update(replace(meeting, summary_document=None))
        last_year = len(make_report(services, 2023).gaps)
        gaps = make_report(services, 2024).gaps
    finally:
        services.close()
    out = tmp_path / "r.md"
    code, stdout, err = _run(capsys, "report", "--year", "2024", "--db", sample_file, "-o", out)
    assert code == 0 and "Wrote the draft 2024" in stdout
    assert "[summary document not recorded]" in _markdown_text(out.read_text(encoding="utf-8"))
    lines = err.strip().splitlines()
    assert lines[0] == f"{len(gaps)} gaps in the draft (2023: {last_year}):"
    assert lines[1:] == [f"  {gap.line()}" for gap in gaps]
    assert ("  Open-ended meeting of 18 October 2024: summary document not recorded"
            in lines)
