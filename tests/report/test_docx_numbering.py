"""A Word file staff can keep editing: list numbering, clean properties, the template."""

from __future__ import annotations

import copy
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from lxml import etree

from msmedesk.records import Services
from msmedesk.report import write_report
from msmedesk.report.docx_render import load_template, render_docx
from msmedesk.report.model import Paragraph, Report, Section, Text
from tests.report.word_lists import list_number, shown_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
SOFFICE = shutil.which("soffice")


@pytest.fixture
def sample_docx(sample_services: Services, tmp_path: Path) -> Path:
    out = tmp_path / "draft.docx"
    write_report(sample_services, 2024, "docx", out)
    return out


def test_numbers_are_word_list_numbers_not_text(sample_docx: Path) -> None:
    """Headings and paragraphs carry numPr; their text holds no typed number or tab."""
    document = docx.Document(str(sample_docx))
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        listed = list_number(paragraph)
        if style in ("Heading 1", "Numbered Paragraph"):
            assert listed is not None, paragraph.text[:40]
            assert listed[1] == (0 if style == "Heading 1" else 1)
            assert not paragraph.text[:1].isdigit(), paragraph.text[:40]
        else:
            assert listed is None
    assert len({list_number(p)[0] for p in document.paragraphs if list_number(p)}) == 1


def test_the_list_reads_as_the_reference(sample_docx: Path) -> None:
    """Shown numbers: "1", "1.1.", … "2.1." restarting per section; "3.1\tAnnex 1" as typed."""
    document = docx.Document(str(sample_docx))
    shown = shown_text(document)
    # No typed number (Word numbers it); the date keeps its no-break spaces.
    assert document.paragraphs[3].text.startswith("On 13\u00a0December\u00a02017")
    assert shown[2] == "1\tINTRODUCTION"
    assert shown[3].startswith("1.1.\tOn 13\u00a0December\u00a02017")
    numbers = [s.split("\t")[0] for s in shown if "\t" in s]
    assert numbers[:6] == ["1", "1.1.", "1.2.", "1.3.", "2", "2.1."]
    assert "3.1" in numbers and numbers.index("3.1.") < numbers.index("3.1") \
        < numbers.index("3.2.")
    assert "3.1\tAnnex 1" in shown


def test_the_numbering_definition_is_multilevel(sample_docx: Path) -> None:
    """numbering.xml: one multi-level list, "%1" for sections and "%1.%2." for paragraphs."""
    document = docx.Document(str(sample_docx))
    numbering = document.part.numbering_part.element
    num_id = next(list_number(p)[0] for p in document.paragraphs if list_number(p))
    num = numbering.xpath(f"w:num[@w:numId='{num_id}']")[0]
    abstract_id = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    abstract = numbering.xpath(f"w:abstractNum[@w:abstractNumId='{abstract_id}']")[0]
    assert abstract.find(qn("w:multiLevelType")).get(qn("w:val")) == "multilevel"
    levels = {lvl.get(qn("w:ilvl")): lvl.find(qn("w:lvlText")).get(qn("w:val"))
              for lvl in abstract.findall(qn("w:lvl"))}
    assert levels == {"0": "%1", "1": "%1.%2."}


def test_a_paragraph_inserted_renumbers_the_rest(sample_docx: Path, tmp_path: Path) -> None:
    """As Word does on Enter: a copy of 1.1.'s paragraph properties; 1.2. becomes 1.3."""
    document = docx.Document(str(sample_docx))
    before = shown_text(document)
    first = document.paragraphs[3]
    new = document.paragraphs[4].insert_paragraph_before("A paragraph staff added.")
    new._p.insert(0, copy.deepcopy(first._p.pPr))
    edited = tmp_path / "edited.docx"
    document.save(str(edited))
    after = shown_text(docx.Document(str(edited)))
    assert after[4] == "1.2.\tA paragraph staff added."
    assert after[5] == before[4].replace("1.2.\t", "1.3.\t", 1)
    assert after[6] == before[5].replace("1.3.\t", "1.4.\t", 1)
    assert after[8].startswith("2.1.\t")  # the next section still starts at 2.1.
    if SOFFICE is None or shutil.which("pdftotext") is None:
        pytest.skip("LibreOffice or pdftotext is not installed")
    text = _libreoffice_text(edited, tmp_path)
    assert "1.2. A paragraph staff added. 1.3. The following Annual Report" in text


def _libreoffice_text(source: Path, outdir: Path) -> str:
    profile = (outdir / "lo-profile").as_uri()
    subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                    "pdf", "--outdir", str(outdir), str(source)], check=True,
                   capture_output=True, timeout=180)
    pdf = outdir / f"{source.stem}.pdf"
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(out.split())


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_list_numbers_and_the_header(sample_docx: Path,
                                                           tmp_path: Path) -> None:
    """LibreOffice lays the list out as "2.1.", "3.1 Annex 1", and evaluates the fields."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed")
    text = _libreoffice_text(sample_docx, tmp_path)
    assert "1 INTRODUCTION 1.1. On 13 December 2017" in text
    assert "3.1 Annex 1 3.2. " in text and "3.2 Annex 2 3.3. " in text
    pdf = tmp_path / "draft.pdf"
    pages = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                           text=True).stdout.split("\f")
    pages = [" ".join(p.split()) for p in pages if p.strip()]
    assert f"Page: 1/{len(pages)}" in pages[0] and "Original: English" in pages[0]
    assert "- 2 -" in pages[1] or "-2-" in pages[1]


def test_numbers_off_the_list_stay_typed(small_report: Report, tmp_path: Path) -> None:
    """A report whose numbers a list cannot show (2.1. in section 1) keeps them as typed."""
    usual = tmp_path / "usual.docx"
    render_docx(small_report, usual)
    assert list_number(docx.Document(str(usual)).paragraphs[3]) is not None
    odd = replace(small_report, sections=(
        Section(1, "Intro", (Paragraph("2.1.", (Text("Odd."),)),)),))
    out = tmp_path / "odd.docx"
    render_docx(odd, out)
    document = docx.Document(str(out))
    assert [p.text for p in document.paragraphs[2:]] == ["1\tINTRO", "2.1.\tOdd."]
    assert all(list_number(p) is None for p in document.paragraphs)


def _part(path: Path, name: str) -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(name))


def _check_clean(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        app = archive.read("docProps/app.xml").decode()
        types = archive.read("[Content_Types].xml").decode()
    assert "Macintosh" not in app and "Microsoft" not in app
    assert "<Application>msmedesk</Application>" in app
    assert "AppVersion" not in app
    assert "word/stylesWithEffects.xml" not in names and "stylesWithEffects" not in types
    settings = _part(path, "word/settings.xml")
    modes = settings.xpath("w:compat/w:compatSetting[@w:name='compatibilityMode']/@w:val",
                           namespaces={"w": W})
    assert modes == ["15"]


def test_word_properties_are_the_drafts_own(sample_docx: Path) -> None:
    """Title of the Group's year report, our author, today's dates, no Word 2010 mode."""
    _check_clean(sample_docx)
    props = docx.Document(str(sample_docx)).core_properties
    assert props.title == "Informal Working Group on MSMEs: 2024 Annual Report"
    assert props.author == "WTO Secretariat"
    assert props.created is not None and props.created.year >= 2025
    assert props.modified is not None and props.modified.year >= 2025
    assert props.revision == 1


def test_the_shipped_template_is_clean() -> None:
    """The template itself: no Mac Word 2013 dates, no compatibility mode, no old styles."""
    from importlib.resources import files

    template = files("msmedesk") / "resources" / "report-template.docx"
    path = Path(str(template))
    _check_clean(path)
    props = load_template().core_properties
    assert props.created is not None and props.created.year >= 2025
    assert props.author == "WTO Secretariat"
