"""The four formats say the same (issue 15, item 5): the same text, the same line breaks
inside narratives, the same footnote numbers.

The 2024 draft and a made-up year are written in every format and read back as text:
the .docx with python-docx (footnotes from its footnotes part), the HTML with an HTML
parser, the Markdown as text (its escapes and the renderer's own markup resolved), the
PDF with pdftotext. Only layout is normalised: spaces, no-break spaces and tabs, the
paragraph numbers (Word may number paragraphs itself), letter case of headings, the
page furniture of the PDF. The .docx, HTML and Markdown must then be equal block by
block and note by note; the PDF must hold every block's words in order.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import docx
import made_up_years
import pytest
from docx.oxml.ns import qn
from lxml import etree

from msmedesk.db.engine import open_data_file
from msmedesk.records import Services
from msmedesk.report import FORMATS, model, render, typography, write_report
from msmedesk.report.model import Paragraph, Report, Section

PDFTOTEXT = shutil.which("pdftotext")
# How each format's note marker is written in the text read back: "⟨3⟩".
_MARK = "⟨{}⟩"


class Text:
    """A report read back: its blocks (title, headings, paragraphs) and notes by number."""

    def __init__(self, blocks: list[str], notes: dict[int, str]) -> None:
        self.blocks = [b for b in (_layout(x) for x in blocks) if b]
        self.notes = {n: _layout(t) for n, t in notes.items()}


_NUMBER = re.compile(r"\A\d+(?:\.\d+)*\.?\s+")


def _layout(text: str) -> str:
    """The text without what is layout: the kind of space, a paragraph number in front,
    spaces around a line break, ligatures, the case of headings."""
    text = unicodedata.normalize("NFKC", text).replace("\u00a0", " ").replace("\t", " ")
    text = re.sub(r"[ ]+", " ", text)
    text = re.sub(r" ?\n ?", "\n", text).strip()
    return _NUMBER.sub("", text, count=1)


# ---------------------------------------------------------------- reading each format


def _docx_runs(element: etree._Element) -> str:
    out = []
    for node in element.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:footnoteReference")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append("\t")
        elif node.tag == qn("w:br"):
            out.append("\n")
        else:
            out.append(_MARK.format(node.get(qn("w:id"))))
    return "".join(out)


def read_docx(path: Path) -> Text:
    """Body paragraphs in order, and the footnotes part's notes by id."""
    document = docx.Document(str(path))
    blocks = [_docx_runs(p) for p in document.element.body.iter(qn("w:p"))]
    notes: dict[int, str] = {}
    for part in document.part.package.parts:
        if str(part.partname) == "/word/footnotes.xml":
            root = etree.fromstring(part.blob)
            for note in root.iter(qn("w:footnote")):
                number = int(note.get(qn("w:id")))
                if number > 0:
                    notes[number] = _docx_runs(note)
    return Text(blocks, notes)


class _Html(HTMLParser):
    """Blocks of a report page: h1, the subtitle, h2, h3, numbered paragraphs, notes."""

    BLOCKS = {"h1", "h2", "h3", "p", "li"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.notes: dict[int, str] = {}
        self.current: list[str] | None = None
        self.note: int | None = None
        self.skipping: list[str] = []  # the page header, a note's link back
        self.marker = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "header" or (tag == "a" and a.get("class") == "backref"):
            self.skipping.append(tag)
        elif self.skipping:
            return
        elif tag in self.BLOCKS:
            self.current = []
            self.note = int(a.get("value") or 0) if tag == "li" else None
        elif tag == "br" and self.current is not None:
            self.current.append("\n")
        elif tag == "sup" and a.get("class") == "note-ref":
            self.marker = True

    def handle_endtag(self, tag: str) -> None:
        if self.skipping:
            if tag == self.skipping[-1]:
                self.skipping.pop()
        elif tag == "sup":
            self.marker = False
        elif tag in self.BLOCKS and self.current is not None:
            text = "".join(self.current)
            if self.note is not None:
                self.notes[self.note] = text
            elif text != "Notes":
                self.blocks.append(text)
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.current is not None and not self.skipping:
            data = re.sub(r"\s+", " ", data)  # white space in the source is one space
            self.current.append(_MARK.format(data) if self.marker else data)


def read_html(path: Path) -> Text:
    """The blocks and notes a browser shows, without the page header."""
    parser = _Html()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    return Text(parser.blocks, parser.notes)


_MD_NOTE = re.compile(r"\A\[\^(\d+)\]: ")


def _markdown_inline(text: str) -> str:
    text = re.sub(r"(?<!\\)\\\n", "\n", text)  # a hard line break
    text = re.sub(r"(?<!\\)</?(?:strong|em|sup)>", "", text)
    text = re.sub(r"(?<!\\)\*+", "", text)  # emphasis; a literal "*" is escaped
    text = re.sub(r"(?<!\\)\[\^(\d+)\]", lambda m: _MARK.format(m.group(1)), text)
    text = re.sub(r"\A#{1,6} ", "", text)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)


def read_markdown(path: Path) -> Text:
    """Blocks are separated by blank lines; "[^n]: …" blocks are the notes."""
    blocks: list[str] = []
    notes: dict[int, str] = {}
    for block in path.read_text(encoding="utf-8").rstrip("\n").split("\n\n"):
        note = _MD_NOTE.match(block)
        if note:
            notes[int(note.group(1))] = _markdown_inline(block[note.end():])
        else:
            blocks.append(_markdown_inline(block))
    return Text(blocks, notes)


def _from_title(text: Text, title: str) -> list[str]:
    """The blocks from the title on (the header before it is the HEADER part's)."""
    starts = [i for i, b in enumerate(text.blocks) if b.upper().startswith(title)]
    assert starts, f"no title {title!r} in {text.blocks[:3]}"
    return text.blocks[starts[0]:]


# ---------------------------------------------------------------- the drafts


@pytest.fixture(scope="module", params=["2024", "made-up"])
def written(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
            template_file: Path, sample_template_file: Path) -> dict[str, Path]:
    """The draft written in each format: 2024's from the sample, or a busy made-up year."""
    folder = tmp_path_factory.mktemp(f"formats-{request.param}")
    made_up = request.param == "made-up"
    shutil.copyfile(template_file if made_up else sample_template_file, folder / "d.sqlite")
    services = Services(open_data_file(folder / "d.sqlite", create=False))
    try:
        if made_up:
            made_up_years.fill(services, "busy")
        year = made_up_years.YEAR if made_up else 2024
        for fmt in FORMATS:
            write_report(services, year, fmt, folder / f"r.{fmt}")
    finally:
        services.close()
    return {fmt: folder / f"r.{fmt}" for fmt in FORMATS}


TITLE = "INFORMAL WORKING GROUP ON MSMES"


def test_docx_html_and_markdown_say_the_same(written: dict[str, Path]) -> None:
    """Block by block and note by note, with the same note numbers at the same places."""
    word, page, markdown = (read_docx(written["docx"]), read_html(written["html"]),
                            read_markdown(written["md"]))
    blocks = _from_title(word, TITLE)
    assert len(blocks) > 10
    for other in (page, markdown):
        theirs = _from_title(other, TITLE)
        for ours, their in zip(blocks, theirs, strict=True):
            assert ours == their
        assert other.notes == word.notes
    markers = [int(m) for m in re.findall(r"⟨(\d+)⟩", "\n".join(blocks))]
    assert sorted(set(markers)) == sorted(word.notes) and markers[0] == 1


@pytest.mark.parametrize("written", ["made-up"], indirect=True)
def test_line_breaks_staff_typed_are_kept_in_every_format(written: dict[str, Path]) -> None:
    """A narrative typed on three lines is on three lines in every format."""
    word, page, markdown = (read_docx(written["docx"]), read_html(written["html"]),
                            read_markdown(written["md"]))
    lines = [_layout(line) for line in made_up_years.BROKEN_NARRATIVE.splitlines()]
    texts = {"docx": word, "html": page, "md": markdown}
    for fmt, text in texts.items():
        (block,) = [b for b in text.blocks if lines[0] in b]
        assert "\n".join(lines) in block, fmt
    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed")
    shown = _pdf_text(written["pdf"]).splitlines()
    # The line after a typed break starts a line of the PDF.
    for line in lines[1:]:
        assert any(row.startswith(line.split(" ", 3)[0] + " " + line.split(" ", 3)[1])
                   for row in shown), line


def _pdf_text(path: Path) -> str:
    assert PDFTOTEXT is not None
    out = subprocess.run([PDFTOTEXT, str(path), "-"], check=True, capture_output=True,
                         text=True).stdout
    return unicodedata.normalize("NFKC", out).replace("\u00a0", " ")


def _in_order(block: str, shown: str, start: int, slack: int = 2000) -> int | None:
    """Where ``block`` ends in ``shown`` (both without white space) read from ``start``;
    where they part (a page's foot and head, a line-end hyphen), what follows in the block
    must come back within ``slack`` characters. None if it is not there."""
    at = shown.find(block[:24], start)
    if at < 0:
        return None
    i = 0
    while i < len(block):
        if at < len(shown) and shown[at] == block[i]:
            i, at = i + 1, at + 1
            continue
        probe = block[i : i + 12]
        at = shown.find(probe, at, at + slack + len(probe))
        if at < 0:
            return None
    return at


def _squash(text: str) -> str:
    # pdftotext joins a word hyphenated at a line's end ("small-scale" -> "smallscale").
    return re.sub(r"[\s\-\u00ad]+", "", text)


def test_pdf_holds_every_block_and_note_in_order(written: dict[str, Path]) -> None:
    """Every block of the .docx is in the PDF in order, and every note with its number."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed")
    shown = _squash(_pdf_text(written["pdf"]))
    word = read_docx(written["docx"])
    at = 0
    for block in _from_title(word, TITLE):
        # pdftotext glues a note's marker to the word before it ("103.2").
        found = _in_order(_squash(re.sub(r"⟨(\d+)⟩", r"\1", block)), shown, at)
        assert found is not None, block[:120]
        at = found
    # A note's number may come before or after its text in pdftotext's reading order; it
    # is a line of its own.
    lines = _pdf_text(written["pdf"]).splitlines()
    for number, note in sorted(word.notes.items()):
        assert _in_order(_squash(note), shown, 0) is not None, note
        assert str(number) in lines or any(x.startswith(f"{number} ") for x in lines), number


def test_dates_and_short_member_names_do_not_break(written: dict[str, Path]) -> None:
    """Dates and short Member names hold no-break spaces in the .docx, HTML and Markdown."""
    for fmt in ("docx", "html", "md"):
        if fmt == "docx":
            parts = docx.Document(str(written[fmt])).part.package.parts
            raw = "".join(part.blob.decode("utf-8") for part in parts
                          if str(part.partname) in ("/word/document.xml", "/word/footnotes.xml"))
        else:
            raw = written[fmt].read_text(encoding="utf-8")
        assert "10\u00a0December" in raw, fmt
        assert "Viet\u00a0Nam" in raw, fmt
        assert not re.search(r"\b\d{1,2} (?:March|July|October|December)\b", raw), fmt


def test_pdf_breaks_no_date_or_short_name(tmp_path: Path) -> None:
    """Laid out in the PDF, "18 October" and "Viet Nam" never end one line and start the
    next, wherever the line ends fall (each repetition shifts them by a letter)."""
    if PDFTOTEXT is None:
        pytest.skip("pdftotext is not installed")
    parts = [f"{'x' * (i % 9 + 1)} Viet Nam met on 18 October and 10 December 2024"
             for i in range(60)]
    body = Paragraph("1.1.", (model.Text(", ".join(parts) + "."),))
    report = Report(2024, "Informal Working Group on MSMEs", "2024 Annual Report",
                    (Section(1, "Introduction", (body,)),), ())
    render(typography.settle(report, ["Viet Nam"]), "pdf", tmp_path / "r.pdf")
    lines = [x.strip() for x in _pdf_text(tmp_path / "r.pdf").splitlines() if x.strip()]
    assert len(lines) > 20
    for line, following in zip(lines, lines[1:], strict=False):
        assert not line.endswith("Viet") and not following.startswith("Nam"), line
        assert not (re.search(r"\b\d{1,2}$", line)
                    and following.startswith(("October", "December"))), line
        assert not (line.endswith("December") and re.match(r"\d{4}", following)), line
