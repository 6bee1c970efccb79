"""The Word rendering: real footnotes, styles from the template, literal user text."""

from __future__ import annotations

import importlib.util
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import Pt
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from msmedesk.report.docx_render import load_template, render_docx, xml_safe
from msmedesk.report.model import (
    DATE_PLACEHOLDER,
    SYMBOL_PLACEHOLDER,
    Paragraph,
    Report,
    Section,
    Text,
)
from tests.report.word_lists import shown_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"
FOOTNOTES_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"
MARKUP = 'Smith & Sons <b>bold</b> "quotes"'
PLACEHOLDER = "[summary of the meeting not recorded]"
ROOT = Path(__file__).resolve().parents[2]


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(member))


@pytest.fixture
def rendered(small_report: Report, tmp_path: Path) -> Path:
    path = tmp_path / "report.docx"
    render_docx(small_report, path)
    return path


def test_footnotes_part_is_registered_and_related(rendered: Path) -> None:
    """One footnotes part, with its content type and a relationship from the document."""
    with zipfile.ZipFile(rendered) as archive:
        names = archive.namelist()
        types = etree.fromstring(archive.read("[Content_Types].xml"))
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
    assert names.count("word/footnotes.xml") == 1
    overrides = {o.get("PartName"): o.get("ContentType") for o in types}
    assert overrides["/word/footnotes.xml"] == FOOTNOTES_CT
    targets = [r.get("Target") for r in rels if r.get("Type") == FOOTNOTES_RT]
    assert targets == ["footnotes.xml"]


def test_separators_come_first_without_reference_marks(rendered: Path) -> None:
    """Ids -1 and 0 are the separator and continuation separator, with no footnoteRef."""
    notes = _xml(rendered, "word/footnotes.xml").findall("w:footnote", NS)
    first, second = notes[0], notes[1]
    assert (first.get(_w("id")), first.get(_w("type"))) == ("-1", "separator")
    assert (second.get(_w("id")), second.get(_w("type"))) == ("0", "continuationSeparator")
    assert first.find(".//w:separator", NS) is not None
    assert second.find(".//w:continuationSeparator", NS) is not None
    assert first.find(".//w:footnoteRef", NS) is None
    assert second.find(".//w:footnoteRef", NS) is None
    settings_xml = _xml(rendered, "word/settings.xml")
    special = settings_xml.findall("w:footnotePr/w:footnote", NS)
    assert sorted(el.get(_w("id")) for el in special) == ["-1", "0"]


def test_each_note_is_a_word_footnote(small_report: Report, rendered: Path) -> None:
    """Note n: FootnoteText paragraph opening with a FootnoteReference footnoteRef run."""
    root = _xml(rendered, "word/footnotes.xml")
    for note in small_report.footnotes:
        (element,) = root.xpath(f"w:footnote[@w:id='{note.number}']", namespaces=NS)
        assert element.get(_w("type")) in (None, "normal")
        p = element.find("w:p", NS)
        assert p.find("w:pPr/w:pStyle", NS).get(_w("val")) == "FootnoteText"
        first_run = p.find("w:r", NS)
        assert first_run.find("w:rPr/w:rStyle", NS).get(_w("val")) == "FootnoteReference"
        assert first_run.find("w:footnoteRef", NS) is not None
        text = "".join(p.itertext())
        assert note.plain_text() in text


def test_body_markers_are_footnote_references(rendered: Path) -> None:
    """Markers are FootnoteReference runs pointing at notes 1, 2 and 3 in order."""
    body = _xml(rendered, "word/document.xml").find("w:body", NS)
    refs = body.findall(".//w:footnoteReference", NS)
    assert [r.get(_w("id")) for r in refs] == ["1", "2", "3"]
    for ref in refs:
        run = ref.getparent()
        assert run.find("w:rPr/w:rStyle", NS).get(_w("val")) == "FootnoteReference"
    title = body.find("w:p", NS)
    assert title.find("w:pPr/w:pStyle", NS).get(_w("val")) == "Title"
    # The title's marker follows the title text.
    assert title.findall(".//w:footnoteReference", NS)[0].get(_w("id")) == "1"
    assert "".join(title.itertext()).startswith("INFORMAL WORKING GROUP ON MSMEs")


def test_paragraphs_carry_report_styles(rendered: Path) -> None:
    """Title, subtitle, headings and numbered paragraphs each use their style.

    Numbers are read as Word shows them: list numbers (numbering.xml) before the text.
    """
    document = docx.Document(str(rendered))
    seen = [(p.style.name, shown) for p, shown in zip(document.paragraphs,
                                                       shown_text(document), strict=True)]
    assert seen[0] == ("Title", "INFORMAL WORKING GROUP ON MSMEs")
    assert seen[1] == ("Subtitle", "2024 ANNUAL REPORT")
    assert ("Heading 1", "1\tINTRODUCTION") in seen
    assert (
        "Heading 1",
        "2\tOPEN-ENDED MEETINGS HELD BY THE INFORMAL WORKING GROUP ON MSMEs DURING 2024",
    ) in seen
    assert ("Heading 2", "3.1\tAnnex 1") in seen
    numbered = [text for style, text in seen if style == "Numbered Paragraph"]
    assert [t.split("\t")[0] for t in numbered] == ["1.1.", "1.2.", "2.1.", "2.2.", "3.1.", "3.2."]
    # The subsection heading sits between paragraphs 3.1. and 3.2.
    names = [text.split("\t")[0] for _, text in seen]
    assert names.index("3.1.") < names.index("3.1") < names.index("3.2.")


def test_user_markup_comes_out_literally(rendered: Path) -> None:
    """'<b>' and '&' in a summary are characters in Word, not markup."""
    document = docx.Document(str(rendered))
    assert any(MARKUP in p.text for p in document.paragraphs)
    with zipfile.ZipFile(rendered) as archive:
        raw = archive.read("word/document.xml").decode()
        notes_raw = archive.read("word/footnotes.xml").decode()
    assert "Smith &amp; Sons &lt;b&gt;bold&lt;/b&gt;" in raw
    assert "<b>" not in raw
    assert "Trade &amp; Gender &lt;i&gt;data&lt;/i&gt;" in notes_raw


def test_text_styles_become_run_formatting(rendered: Path) -> None:
    """Placeholder: bold on yellow; sup: superscript; italic; symbol: its own style."""
    document = docx.Document(str(rendered))
    runs = {r.text: r for p in document.paragraphs for r in p.runs}
    placeholder = runs[PLACEHOLDER]
    assert placeholder.font.bold is True
    assert placeholder.font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert runs["th"].font.superscript is True
    assert runs["Trade for All"].font.italic is True
    assert runs["WT/MIN(17)/58/Rev.1"].style.name == "Document Symbol"
    assert runs[MARKUP].font.bold is None and runs[MARKUP].font.highlight_color is None


def test_header_shows_placeholders_until_symbol_and_date_are_known(
    small_report: Report, tmp_path: Path
) -> None:
    """Unknown symbol and date are highlighted gaps; known ones are printed plainly.

    Page 1 (its own header): symbol, date, "Page: 1/N", "Original: English" at the
    right; later pages: the symbol at the right and "- n -" centred.
    """
    path = tmp_path / "draft.docx"
    render_docx(small_report, path)
    section = docx.Document(str(path)).sections[0]
    assert section.different_first_page_header_footer
    first = [p.text for p in section.first_page_header.paragraphs]
    assert first == [SYMBOL_PLACEHOLDER, DATE_PLACEHOLDER, "Page: 1/1", "", "Original: English"]
    assert {p.alignment for p in section.first_page_header.paragraphs} == {2}  # right
    run = section.first_page_header.paragraphs[0].runs[0]
    assert run.font.highlight_color == WD_COLOR_INDEX.YELLOW
    assert [p.text for p in section.header.paragraphs] == [SYMBOL_PLACEHOLDER, "- 2 -"]
    assert [p.alignment for p in section.header.paragraphs] == [2, 1]  # right, centred

    final = replace(small_report, symbol="INF/MSME/R/46", date="6 February 2025")
    render_docx(final, path)
    section = docx.Document(str(path)).sections[0]
    assert [p.text for p in section.first_page_header.paragraphs][:2] == [
        "INF/MSME/R/46",
        "6 February 2025",
    ]
    assert section.first_page_header.paragraphs[0].runs[0].font.highlight_color is None
    assert section.header.paragraphs[0].text == "INF/MSME/R/46"


def _fields(root: etree._Element) -> list[tuple[str, str]]:
    """(instruction, shown result) of each field, in order."""
    fields, instruction, shown, state = [], "", "", None
    for el in root.iter(_w("fldChar"), _w("instrText"), _w("t")):
        if el.tag == _w("fldChar"):
            kind = el.get(_w("fldCharType"))
            if kind == "end":
                fields.append((instruction.strip(), shown))
                instruction, shown = "", ""
            state = kind
        elif el.tag == _w("instrText"):
            instruction += el.text
        elif state == "separate":
            shown += el.text
    return fields


def test_headers_hold_page_fields_and_footers_are_empty(rendered: Path) -> None:
    """"Page: PAGE/NUMPAGES" on page 1, "- PAGE -" after it, real fields; no footer text."""
    document = docx.Document(str(rendered))
    section = document.sections[0]
    first = section.first_page_header._element
    later = section.header._element
    assert _fields(first) == [("PAGE", "1"), ("NUMPAGES", "1")]
    assert _fields(later) == [("PAGE", "2")]
    count = section.first_page_header.paragraphs[2]._p
    assert "".join(t.text for t in count.iter(_w("t"))) == "Page: 1/1"
    dashes = section.header.paragraphs[1]._p
    assert "".join(t.text for t in dashes.iter(_w("t"))) == "- 2 -"
    assert document.sections[0]._sectPr.find(_w("titlePg")) is not None
    for footer in (section.first_page_footer, section.footer):
        assert not footer.is_linked_to_previous
        assert "".join(p.text for p in footer.paragraphs) == ""


def test_page_is_a4_with_wto_margins_and_verdana(rendered: Path) -> None:
    """A4, 2.5 cm margins; Normal is Verdana 9 pt; the reference mark is superscript."""
    document = docx.Document(str(rendered))
    section = document.sections[0]
    # Word keeps lengths in twips, so centimetres come back rounded.
    assert (section.page_width.cm, section.page_height.cm) == pytest.approx((21.0, 29.7), abs=0.01)
    for margin in ("left", "right", "top", "bottom"):
        assert getattr(section, f"{margin}_margin").cm == pytest.approx(2.5, abs=0.01)
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size) == ("Verdana", Pt(9))
    styles = {s.style_id: s for s in document.styles}
    assert styles["FootnoteReference"].font.superscript is True
    assert styles["FootnoteText"].font.size == Pt(8)
    numbered = styles["NumberedParagraph"].paragraph_format
    assert numbered.first_line_indent == -numbered.left_indent
    assert numbered.left_indent > 0


def test_shipped_template_has_the_styles_and_one_footnotes_part() -> None:
    """The template in the package defines every style by its Word id."""
    document = load_template()
    ids = {s.style_id for s in document.styles}
    assert {
        "Title",
        "Subtitle",
        "Heading1",
        "Heading2",
        "NumberedParagraph",
        "FootnoteText",
        "FootnoteReference",
        "DocumentSymbol",
    } <= ids
    rels = [r for r in document.part.rels.values() if r.reltype == FOOTNOTES_RT]
    assert len(rels) == 1


def test_template_without_styles_or_footnotes_still_renders(
    small_report: Report, tmp_path: Path
) -> None:
    """python-docx's bare default template: missing styles and the part are created."""
    template = tmp_path / "bare.docx"
    docx.Document().save(str(template))
    out = tmp_path / "out.docx"
    render_docx(small_report, out, template=template)
    document = docx.Document(str(out))
    assert "Numbered Paragraph" in [p.style.name for p in document.paragraphs]
    root = _xml(out, "word/footnotes.xml")
    assert [n.get(_w("id")) for n in root.findall("w:footnote", NS)] == ["-1", "0", "1", "2", "3"]


def test_styles_are_found_by_name_when_ids_differ(small_report: Report, tmp_path: Path) -> None:
    """A German Word saves 'footnote text' as id 'Funotentext': the renderer uses it."""
    document = load_template()
    for style in document.styles:
        if style.style_id == "FootnoteText":
            style.style_id = "Funotentext"
        if style.style_id == "NumberedParagraph":
            style.style_id = "NummerierterAbsatz"
    template = tmp_path / "localised.docx"
    document.save(str(template))
    out = tmp_path / "out.docx"
    render_docx(small_report, out, template=template)
    raw = _xml(out, "word/footnotes.xml")
    assert {el.get(_w("val")) for el in raw.iter(_w("pStyle"))} == {"Funotentext"}
    result = docx.Document(str(out))
    assert "FootnoteText" not in {s.style_id for s in result.styles}
    assert "NumberedParagraph" not in {s.style_id for s in result.styles}
    assert result.paragraphs[2].style.name == "Heading 1"


def test_template_footnotes_part_is_reused_not_duplicated(
    small_report: Report, tmp_path: Path
) -> None:
    """A template's own notes are dropped; its separators are kept; one part remains."""
    first = tmp_path / "first.docx"
    render_docx(small_report, first)
    # A rendered report used as a template already has notes 1-3 in its part.
    other = replace(small_report, footnotes=small_report.footnotes[:1], title_note=1)
    other = replace(
        other,
        sections=(Section(1, "Only", (Paragraph("1.1.", (Text("Just text."),)),)),),
    )
    out = tmp_path / "second.docx"
    render_docx(other, out, template=first)
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist().count("word/footnotes.xml") == 1
        rels = etree.fromstring(archive.read("word/_rels/document.xml.rels"))
        types = archive.read("[Content_Types].xml").decode()
    assert [r.get("Type") for r in rels].count(FOOTNOTES_RT) == 1
    assert types.count('PartName="/word/footnotes.xml"') == 1
    ids = [n.get(_w("id")) for n in _xml(out, "word/footnotes.xml").findall("w:footnote", NS)]
    assert ids == ["-1", "0", "1"]


def test_template_script_builds_a_usable_template(small_report: Report, tmp_path: Path) -> None:
    """tools/make_report_template.py writes a template the renderer accepts."""
    spec = importlib.util.spec_from_file_location(
        "make_report_template", ROOT / "tools" / "make_report_template.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    template = tmp_path / "template.docx"
    module.make_template(template)
    loaded = docx.Document(str(template))
    assert loaded.paragraphs == []
    assert loaded.styles["Normal"].font.name == "Verdana"
    out = tmp_path / "out.docx"
    render_docx(small_report, out, template=template)
    assert docx.Document(str(out)).paragraphs[0].style.name == "Title"


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(min_size=1, max_size=60))
def test_any_text_survives_the_round_trip(small_report: Report, tmp_path: Path, text: str) -> None:
    """Whatever staff type (control characters aside) reads back unchanged from Word."""
    report = replace(
        small_report,
        sections=(Section(1, "Intro", (Paragraph("1.1.", (Text(text),)),)),),
    )
    path = tmp_path / "any.docx"
    render_docx(report, path)
    document = docx.Document(str(path))
    expected = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
    assert document.paragraphs[3].text == expected
    assert shown_text(document)[3] == "1.1.\t" + expected


SOFFICE = shutil.which("soffice")


def _soffice(source: Path, target: str, outdir: Path) -> Path:
    # A private profile: a second LibreOffice (a colleague's test run) must not clash.
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run(
        [
            SOFFICE,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    ext = target.split(":")[0]
    out = outdir / f"{source.stem}.{ext}"
    assert out.exists(), f"LibreOffice wrote no {ext}"
    return out


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_reads_body_and_footnotes(
    small_report: Report, rendered: Path, tmp_path: Path
) -> None:
    """LibreOffice sees the body text, markers and real footnotes at the page foot.

    Its plain-text export keeps the marker numbers but leaves the footnote texts out,
    so the notes are checked in its PDF export instead.
    """
    text = _soffice(rendered, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    # The number is Word's list number, which LibreOffice works out and writes out.
    assert re.search(r"^\s*1\.1\.\s+On 13 December 2017, at the 11th Ministerial Conference",
                     text, re.M)
    assert re.search(r"^\s*3\.2\.\s+Canada", text, re.M)
    assert MARKUP in text
    assert "membership to 103.2" in text  # the marker of note 2 after its sentence
    assert "INFORMAL WORKING GROUP ON MSMEs1" in text
    for note in small_report.footnotes:
        assert note.plain_text() not in text

    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    pdf = _soffice(rendered, "pdf", tmp_path)
    pages = subprocess.run(
        ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout.split("\f")
    flat = [" ".join(page.split()) for page in pages]
    for note in small_report.footnotes:
        words = " ".join(note.plain_text().split())
        assert words in flat[0], f"note {note.number} not on page 1"
    assert "[INF/MSME/R/…]" in flat[0]
    assert "Page: 1/1" in flat[0]  # the PAGE and NUMPAGES fields, evaluated
