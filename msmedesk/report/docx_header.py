"""The WTO header of the Word draft, with real fields.

First page (a different first-page header): at the right, the symbol, the date,
"Page: 1/N" (PAGE and NUMPAGES fields) and, after a blank line, "Original: English".
Later pages: the symbol at the right and "- n -" (a PAGE field) centred under it.
Footers are left empty: the footnotes sit at the foot of the page.
"""

from __future__ import annotations

from typing import Protocol

from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.text.paragraph import CT_P
from docx.section import _Footer, _Header
from docx.text.font import Font

from msmedesk.report.header import ORIGINAL, date_text, symbol_text
from msmedesk.report.model import Inline, Report

RIGHT = WD_ALIGN_PARAGRAPH.RIGHT
CENTER = WD_ALIGN_PARAGRAPH.CENTER


class _Writes(Protocol):
    """What the header needs of docx_render's writer."""

    styles: dict[str, str]

    def run(self, p: CT_P, text: str, style_key: str | None = None) -> Font: ...

    def inline(self, p: CT_P, part: Inline) -> None: ...


def write_header(document: DocxDocument, writer: _Writes, report: Report) -> None:
    """The first page's header and the later pages' header; empty footers."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    first = _story(section.first_page_header, writer)
    for part in (symbol_text(report),), (date_text(report),):
        writer.inline(_line(first, writer, RIGHT), part[0])
    count = _line(first, writer, RIGHT)
    writer.run(count, "Page: ")
    field(writer, count, "PAGE", "1")
    writer.run(count, "/")
    field(writer, count, "NUMPAGES", "1")
    _line(first, writer, RIGHT)
    writer.run(_line(first, writer, RIGHT), ORIGINAL)

    later = _story(section.header, writer)
    writer.inline(_line(later, writer, RIGHT), symbol_text(report))
    number = _line(later, writer, CENTER)
    writer.run(number, "- ")
    field(writer, number, "PAGE", "2")
    writer.run(number, " -")
    for footer in (section.first_page_footer, section.footer):
        _line(_story(footer, writer), writer, CENTER)


def _story(story: _Header | _Footer, writer: _Writes) -> _Header | _Footer:
    story.is_linked_to_previous = False
    # Start from an empty story: a template's own header text would otherwise stay.
    element = story._element
    for child in list(element):
        element.remove(child)
    return story


def _line(story: _Header | _Footer, writer: _Writes, align: WD_ALIGN_PARAGRAPH) -> CT_P:
    paragraph = story.add_paragraph()
    paragraph._p.style = writer.styles["footer" if isinstance(story, _Footer) else "header"]
    paragraph.alignment = align
    return paragraph._p


def field(writer: _Writes, p: CT_P, instruction: str, shown: str) -> None:
    """A Word field (begin, instruction, separate, last result, end) at the end of ``p``.

    Page fields in a header are worked out again at every layout, in Word and LibreOffice;
    ``shown`` is only what a reader that does not lay out pages sees.
    """
    for kind in ("begin", None, "separate", "end"):
        r = p.add_r()
        if kind is None:
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = f" {instruction} "
            r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            r.append(char)
        if kind == "separate":
            writer.run(p, shown)
