"""Render the draft report as a Word document with real footnotes.

python-docx writes no footnotes, so this module adds the ``word/footnotes.xml`` part
itself through python-docx's packaging API (see wto-conventions.md, "Real footnotes in
Word"). Styles come from ``resources/report-template.docx``; a style missing from the
template is created here, so an older or hand-edited template still renders. Section and
paragraph numbers are a Word list (``docx_numbering``), the WTO header has real page
fields (``docx_header``), and the document's properties are the draft's own.
"""

from __future__ import annotations

import importlib.resources
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P
from docx.oxml.text.run import CT_R
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Cm, Pt
from docx.styles.style import CharacterStyle
from docx.text.font import Font

from msmedesk.report.docx_header import write_header
from msmedesk.report.docx_numbering import (
    PARAGRAPH_LEVEL,
    SECTION_LEVEL,
    add_report_list,
    clean_properties,
    number_paragraph,
    numbers_follow_the_list,
)
from msmedesk.report.model import (
    Footnote,
    Inline,
    NoteRef,
    Paragraph,
    Report,
    Subsection,
    heading_case,
)

TEMPLATE_NAME = "report-template.docx"

# Page geometry of WTO documents: A4, about 2.5 cm margins, header and footer 1.27 cm
# from the paper edge.
PAGE_WIDTH = Cm(21.0)
PAGE_HEIGHT = Cm(29.7)
MARGIN = Cm(2.5)
HEADER_DISTANCE = Cm(1.27)
# Width of the hanging indent that holds "2.10." or "3.1" before the text.
NUMBER_INDENT = Cm(1.27)
FONT = "Verdana"

_SPECIAL_NOTE_TYPES = ("separator", "continuationSeparator", "continuationNotice")
# Characters XML 1.0 forbids; lxml refuses them, and a pasted summary may hold one.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class StyleSpec:
    """One style the report needs: how to find it in a template and how to define it."""

    key: str
    # Name as stored in styles.xml; Word's built-in styles use lower-case internal names
    # ("footnote text") that its UI shows capitalised and localised.
    name: str
    style_id: str
    kind: WD_STYLE_TYPE
    define: Callable[[CharacterStyle], None]
    aliases: tuple[str, ...] = ()


def _paragraph_look(
    *,
    size: float = 9,
    bold: bool = False,
    align: WD_ALIGN_PARAGRAPH | None = None,
    before: float = 0,
    after: float = 0,
    hanging: bool = False,
    keep_with_next: bool = False,
    outline_level: int | None = None,
) -> Callable[[CharacterStyle], None]:
    """A function setting the given paragraph and font properties on a style."""

    def define(style: CharacterStyle) -> None:
        font = style.font
        font.name = FONT
        font.size = Pt(size)
        font.bold = bold
        fmt = style.paragraph_format  # type: ignore[attr-defined]
        fmt.alignment = align
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        fmt.line_spacing = 1.0
        fmt.keep_with_next = keep_with_next
        fmt.widow_control = True
        if hanging:
            # The number sits at the margin, a tab takes the text to the indent and
            # continuation lines align with it.
            fmt.left_indent = NUMBER_INDENT
            fmt.first_line_indent = -NUMBER_INDENT
            fmt.tab_stops.add_tab_stop(NUMBER_INDENT, WD_TAB_ALIGNMENT.LEFT)
        if outline_level is not None:
            # Puts the heading in Word's navigation pane and in a table of contents.
            level = OxmlElement("w:outlineLvl")
            level.set(qn("w:val"), str(outline_level))
            style.element.get_or_add_pPr().insert_element_before(
                level, "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"
            )

    return define


def _normal(style: CharacterStyle) -> None:
    style.font.name = FONT
    style.font.size = Pt(9)
    fmt = style.paragraph_format  # type: ignore[attr-defined]
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0


def _footnote_reference(style: CharacterStyle) -> None:
    style.font.superscript = True


def _plain_character(style: CharacterStyle) -> None:
    # A marker style only: staff can restyle all symbols at once, e.g. as links.
    pass


PARA = WD_STYLE_TYPE.PARAGRAPH
CHAR = WD_STYLE_TYPE.CHARACTER

STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("normal", "Normal", "Normal", PARA, _normal),
    StyleSpec(
        "title",
        "Title",
        "Title",
        PARA,
        _paragraph_look(bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=6, keep_with_next=True),
    ),
    StyleSpec(
        "subtitle",
        "Subtitle",
        "Subtitle",
        PARA,
        _paragraph_look(bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, after=18, keep_with_next=True),
    ),
    StyleSpec(
        "heading1",
        "heading 1",
        "Heading1",
        PARA,
        _paragraph_look(
            bold=True, before=6, after=12, hanging=True, keep_with_next=True, outline_level=0
        ),
        ("Heading 1",),
    ),
    StyleSpec(
        "heading2",
        "heading 2",
        "Heading2",
        PARA,
        _paragraph_look(
            bold=True, before=0, after=12, hanging=True, keep_with_next=True, outline_level=1
        ),
        ("Heading 2",),
    ),
    StyleSpec(
        "numbered",
        "Numbered Paragraph",
        "NumberedParagraph",
        PARA,
        _paragraph_look(align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=9, hanging=True),
    ),
    StyleSpec(
        "footnote_text",
        "footnote text",
        "FootnoteText",
        PARA,
        _paragraph_look(size=8, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2),
        ("Footnote Text",),
    ),
    StyleSpec(
        "footnote_reference",
        "footnote reference",
        "FootnoteReference",
        CHAR,
        _footnote_reference,
        ("Footnote Reference",),
    ),
    StyleSpec("symbol", "Document Symbol", "DocumentSymbol", CHAR, _plain_character),
    StyleSpec("header", "header", "Header", PARA, _paragraph_look()),
    StyleSpec("footer", "footer", "Footer", PARA, _paragraph_look()),
)


def find_style(document: DocxDocument, spec: StyleSpec) -> CharacterStyle | None:
    """The template's style for ``spec``, matched by name first, then by style id."""
    names = {spec.name.lower(), *(alias.lower() for alias in spec.aliases)}
    by_id = None
    for style in document.styles:
        # Paragraph and character styles (the only kinds the report defines) carry a font.
        if style.type != spec.kind or not isinstance(style, CharacterStyle):
            continue
        # Names are what Word keeps stable; ids get localised ("Funotentext").
        if style.name is not None and style.name.lower() in names:
            return style
        if style.style_id == spec.style_id:
            by_id = style
    return by_id


def define_styles(document: DocxDocument, *, replace: bool = False) -> dict[str, str]:
    """Make sure every report style exists; return style ids by key.

    With ``replace`` the styles' existing formatting is dropped and redefined (used when
    building the template); otherwise a template's own definition is respected.
    """
    ids: dict[str, str] = {}
    for spec in STYLES:
        style = find_style(document, spec)
        if style is None:
            style = document.styles.add_style(spec.name, spec.kind)
            style.style_id = spec.style_id
            if spec.kind == PARA and spec.key != "normal":
                style.base_style = document.styles["Normal"]
                style.next_paragraph_style = document.styles["Normal"]
            spec.define(style)
        elif replace:
            for child in list(style.element):
                if child.tag in (qn("w:pPr"), qn("w:rPr")):
                    style.element.remove(child)
            spec.define(style)
        style.hidden = False
        style.quick_style = spec.kind == PARA
        ids[spec.key] = style.style_id
    return ids


def ensure_footnote_settings(document: DocxDocument) -> None:
    """Name the separator notes in settings.xml the way Word itself writes them."""
    settings = document.settings.element
    footnote_pr = settings.find(qn("w:footnotePr"))
    if footnote_pr is None:
        footnote_pr = OxmlElement("w:footnotePr")
        # CT_Settings is a sequence: footnotePr comes before these elements.
        followers = (
            "w:endnotePr w:compat w:docVars w:rsids m:mathPr w:attachedSchema "
            "w:themeFontLang w:clrSchemeMapping w:doNotIncludeSubdocsInStats "
            "w:doNotAutoCompressPictures w:forceUpgrade w:captions w:readModeInkLockDown "
            "w:smartTagType sl:schemaLibrary w:shapeDefaults w:doNotEmbedSmartTags "
            "w:decimalSymbol w:listSeparator"
        ).split()
        anchor = next((el for tag in followers if (el := settings.find(qn(tag))) is not None), None)
        if anchor is not None:
            anchor.addprevious(footnote_pr)
        else:
            settings.append(footnote_pr)
    present = {el.get(qn("w:id")) for el in footnote_pr.findall(qn("w:footnote"))}
    for note_id in ("-1", "0"):
        if note_id not in present:
            entry = OxmlElement("w:footnote")
            entry.set(qn("w:id"), note_id)
            footnote_pr.append(entry)


def _separator_note(kind: str, note_id: str) -> BaseOxmlElement:
    tag = "w:separator" if kind == "separator" else "w:continuationSeparator"
    return parse_xml(
        f'<w:footnote {nsdecls("w")} w:type="{kind}" w:id="{note_id}">'
        '<w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        f"<w:r><{tag}/></w:r></w:p></w:footnote>"
    )


def ensure_footnotes_part(document: DocxDocument) -> XmlPart:
    """The document's footnotes part holding only the separator entries.

    A template's own footnotes part is replaced by one part of the same name that keeps
    its separators (so a restyled separator survives) and drops any ordinary notes.
    """
    doc_part = document.part
    old_rels = [
        rel for rel in doc_part.rels.values() if rel.reltype == RT.FOOTNOTES and not rel.is_external
    ]
    root = parse_xml(f"<w:footnotes {nsdecls('w', 'r')}/>")
    partname = PackURI("/word/footnotes.xml")
    if old_rels:
        old_part = old_rels[0].target_part
        partname = old_part.partname
        old_root = old_part.element if isinstance(old_part, XmlPart) else parse_xml(old_part.blob)
        for note in old_root.findall(qn("w:footnote")):
            if note.get(qn("w:type")) in _SPECIAL_NOTE_TYPES:
                root.append(note)
        for rel in old_rels:
            # Nothing in document.xml refers to this relationship by rId, so it drops;
            # the old part is then unreachable and not written: one part, not two.
            doc_part.drop_rel(rel.rId)
    kinds = {note.get(qn("w:type")) for note in root.findall(qn("w:footnote"))}
    for kind, note_id in (("continuationSeparator", "0"), ("separator", "-1")):
        if kind not in kinds:
            root.insert(0, _separator_note(kind, note_id))
    part = XmlPart(partname, CT.WML_FOOTNOTES, root, doc_part.package)
    doc_part.relate_to(part, RT.FOOTNOTES)
    ensure_footnote_settings(document)
    return part


def load_template(template: Path | None = None) -> DocxDocument:
    """The report template shipped in ``msmedesk/resources`` (or the given file)."""
    if template is not None:
        return docx.Document(str(template))
    resource = importlib.resources.files("msmedesk") / "resources" / TEMPLATE_NAME
    return docx.Document(io.BytesIO(resource.read_bytes()))


def xml_safe(text: str) -> str:
    """The text without the control characters that XML cannot carry."""
    return _XML_INVALID.sub("", text)


class _Writer:
    """Writes one report into one python-docx document."""

    def __init__(self, document: DocxDocument, report: Report) -> None:
        self.document = document
        self.report = report
        self.styles = define_styles(document)
        self.footnotes = ensure_footnotes_part(document).element
        self.num_id: int | None = None

    def run(self, p: CT_P, text: str, style_key: str | None = None) -> Font:
        r: CT_R = p.add_r()
        if style_key is not None:
            r.style = self.styles[style_key]
        # python-docx turns both "\r" and "\n" into a line break: one break per line end.
        r.text = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")
        return Font(r)

    def inline(self, p: CT_P, part: Inline) -> None:
        if isinstance(part, NoteRef):
            r = p.add_r()
            r.style = self.styles["footnote_reference"]
            ref = OxmlElement("w:footnoteReference")
            ref.set(qn("w:id"), str(part.number))
            r.append(ref)
            return
        if part.style == "symbol":
            self.run(p, part.text, "symbol")
            return
        font = self.run(p, part.text)
        if part.style == "sup":
            font.superscript = True
        elif part.style == "italic":
            font.italic = True
        elif part.style == "placeholder":
            # Staff must see every gap they still have to fill.
            font.bold = True
            font.highlight_color = WD_COLOR_INDEX.YELLOW

    def paragraph(self, style_key: str) -> CT_P:
        p = self.document.add_paragraph()._p
        p.style = self.styles[style_key]
        return p

    def numbered(self, style_key: str, number: str, level: int) -> CT_P:
        """A paragraph numbered by the Word list, else (numbers off the list) typed."""
        p = self.paragraph(style_key)
        if self.num_id is None:
            self.run(p, f"{number}\t")
        else:
            number_paragraph(p, self.num_id, level)
        return p

    def body(self) -> None:
        report = self.report
        self.document.element.body.clear_content()
        self.num_id = add_report_list(self.document) if numbers_follow_the_list(report) else None
        title = self.paragraph("title")
        self.run(title, heading_case(report.title))
        if report.title_note is not None:
            self.inline(title, NoteRef(report.title_note))
        self.run(self.paragraph("subtitle"), heading_case(report.subtitle))
        for section in report.sections:
            heading = self.numbered("heading1", str(section.number), SECTION_LEVEL)
            self.run(heading, heading_case(section.title))
            for block in section.blocks:
                if isinstance(block, Subsection):
                    # Typed, not listed: see docx_numbering.
                    self.run(self.paragraph("heading2"), f"{block.number}\t{block.title}")
                elif isinstance(block, Paragraph):
                    p = self.numbered("numbered", block.number, PARAGRAPH_LEVEL)
                    for part in block.content:
                        self.inline(p, part)

    def notes(self) -> None:
        for note in self.report.footnotes:
            self.footnotes.append(self.note(note))

    def note(self, note: Footnote) -> BaseOxmlElement:
        element = OxmlElement("w:footnote")
        element.set(qn("w:id"), str(note.number))
        p: CT_P = OxmlElement("w:p")
        element.append(p)
        p.style = self.styles["footnote_text"]
        r = p.add_r()
        r.style = self.styles["footnote_reference"]
        r.append(OxmlElement("w:footnoteRef"))
        self.run(p, " ")
        for part in note.content:
            self.inline(p, part)
        return element


def build_document(report: Report, template: Path | None = None) -> DocxDocument:
    """The report as an in-memory python-docx document."""
    document = load_template(template)
    writer = _Writer(document, report)
    writer.body()
    writer.notes()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    write_header(document, writer, report)
    clean_properties(document, report)
    return document


def render_docx(report: Report, path: Path, *, template: Path | None = None) -> None:
    """Write the report to ``path`` as a .docx with real Word footnotes."""
    # Built in memory, then written in one go: a full disk fails the write itself, not
    # a zip file left open (whose clean-up would print a traceback).
    buffer = io.BytesIO()
    build_document(report, template).save(buffer)
    Path(path).write_bytes(buffer.getvalue())
