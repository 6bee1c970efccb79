"""Word numbering for the report's headings and paragraphs, and clean document properties.

Numbers are a multi-level Word list (``word/numbering.xml``), not typed text, so that a
paragraph staff insert in Word renumbers the rest: level 0 numbers the sections ("2"),
level 1 the paragraphs ("2.1.", restarting in each section). A sub-heading ("3.1 Annex 1")
keeps its number as text: as a third level ("%1.%3" restarting only with a section) Word
counts it right but LibreOffice restarts it after every paragraph ("3.1 Annex 1",
"3.1 Annex 2"), and outside the list it never disturbs the paragraphs' count. The
report's numbers are checked against what the list will show; a report whose numbers
the list cannot reproduce keeps typed numbers rather than print different ones.
"""

from __future__ import annotations

import datetime as dt

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.text.paragraph import CT_P

from msmedesk.report.model import Paragraph, Report

SECTION_LEVEL, PARAGRAPH_LEVEL = 0, 1
# The hanging indent of the styles (1.27 cm) in twips: the number sits in it.
INDENT_TWIPS = 720
# Word 2013 and later: no "Compatibility Mode" in the title bar.
COMPATIBILITY_MODE = "15"
AUTHOR = "WTO Secretariat"
APP_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-'
    'properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/'
    'docPropsVTypes"><Application>msmedesk</Application><DocSecurity>0</DocSecurity>'
    "<ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
    "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
_APP_CT = "application/vnd.openxmlformats-officedocument.extended-properties+xml"
_STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def numbers_follow_the_list(report: Report) -> bool:
    """Whether the report's numbers are exactly those the Word list will show."""
    for index, section in enumerate(report.sections, start=1):
        if section.number != index:
            return False
        paragraphs = [block for block in section.blocks if isinstance(block, Paragraph)]
        for count, paragraph in enumerate(paragraphs, start=1):
            if paragraph.number != f"{index}.{count}.":
                return False
    return True


def _level(ilvl: int, text: str) -> str:
    return (
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        f'<w:pPr><w:tabs><w:tab w:val="num" w:pos="{INDENT_TWIPS}"/></w:tabs>'
        f'<w:ind w:left="{INDENT_TWIPS}" w:hanging="{INDENT_TWIPS}"/></w:pPr></w:lvl>'
    )


def add_report_list(document: DocxDocument) -> int:
    """Add the report's multi-level list to the numbering part; return its ``numId``."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId")))
                    for a in numbering.findall(qn("w:abstractNum"))]
    abstract_id = max(abstract_ids, default=-1) + 1
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:nsid w:val="4D534D45"/><w:multiLevelType w:val="multilevel"/>'
        '<w:name w:val="WTO report numbering"/>'
        + _level(SECTION_LEVEL, "%1")
        + _level(PARAGRAPH_LEVEL, "%1.%2.")
        + "</w:abstractNum>"
    )
    # abstractNum elements come before every num element.
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    num = numbering.add_num(abstract_id)
    return int(num.numId)


def number_paragraph(p: CT_P, num_id: int, level: int) -> None:
    """Give the paragraph the list's number at ``level``."""
    num_pr = p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = level
    num_pr.get_or_add_numId().val = num_id


def clean_properties(document: DocxDocument, report: Report) -> None:
    """Title, author and dates of this draft; no foreign application or Word 2010 mode."""
    props = document.core_properties
    props.title = f"{report.title}: {report.subtitle}"
    props.subject = report.symbol or ""
    props.keywords = "WTO; MSME Group; annual report"
    props.author = props.last_modified_by = AUTHOR
    props.comments = f"Draft of the {report.year} annual report, written by msmedesk"
    props.category = ""
    now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
    props.created = props.modified = now
    props.revision = 1
    set_app_properties(document)
    set_compatibility_mode(document)
    drop_styles_with_effects(document)


def set_app_properties(document: DocxDocument) -> None:
    """Say msmedesk wrote the file (a template's app.xml says "Microsoft Macintosh Word")."""
    package = document.part.package
    for rel in package.rels.values():
        if rel.reltype == RT.EXTENDED_PROPERTIES and not rel.is_external:
            rel.target_part._blob = APP_XML.encode()  # a plain Part: its bytes are its content
            return
    part = Part(PackURI("/docProps/app.xml"), _APP_CT, APP_XML.encode(), package)
    package.relate_to(part, RT.EXTENDED_PROPERTIES)


def set_compatibility_mode(document: DocxDocument) -> None:
    """Word 2013+ layout: Word 2010's compatibility mode would show in the title bar."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = OxmlElement("w:compat")
        anchor = next((el for tag in ("w:docVars", "w:rsids", "m:mathPr", "w:themeFontLang",
                                      "w:clrSchemeMapping", "w:shapeDefaults",
                                      "w:decimalSymbol", "w:listSeparator")
                       if (el := settings.find(qn(tag))) is not None), None)
        if anchor is not None:
            anchor.addprevious(compat)
        else:
            settings.append(compat)
    for setting in compat.findall(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), COMPATIBILITY_MODE)
            return
    setting = OxmlElement("w:compatSetting")
    setting.set(qn("w:name"), "compatibilityMode")
    setting.set(qn("w:uri"), "http://schemas.microsoft.com/office/word")
    setting.set(qn("w:val"), COMPATIBILITY_MODE)
    compat.append(setting)


def drop_styles_with_effects(document: DocxDocument) -> None:
    """Word 2010's second copy of the styles; later Words neither need nor keep it."""
    part = document.part
    for rel in list(part.rels.values()):
        if rel.reltype == _STYLES_WITH_EFFECTS:
            part.drop_rel(rel.rId)
