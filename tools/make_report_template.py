"""Generate msmedesk/resources/report-template.docx, the Word template of the report.

Run from the repository root: ``python tools/make_report_template.py``. The styles
themselves are defined in ``msmedesk.report.docx_render`` (``STYLES``), so the template
and the renderer's fallback for a style missing from a template cannot drift apart.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The tool runs from a checkout, where msmedesk may not be installed.
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from docx.document import Document as DocxDocument  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import parse_xml  # noqa: E402
from docx.oxml.ns import nsdecls, qn  # noqa: E402

from msmedesk.report.docx_numbering import (  # noqa: E402
    AUTHOR,
    drop_styles_with_effects,
    set_app_properties,
    set_compatibility_mode,
)
from msmedesk.report.docx_render import (  # noqa: E402
    FONT,
    HEADER_DISTANCE,
    MARGIN,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    TEMPLATE_NAME,
    define_styles,
    ensure_footnotes_part,
)

DEFAULT_OUTPUT = ROOT / "msmedesk" / "resources" / TEMPLATE_NAME


def _document_defaults(document: DocxDocument) -> None:
    """Verdana 9 pt, British English, no spacing, for every paragraph and run."""
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        styles.remove(defaults)
    # Explicit fonts rather than the default template's theme fonts (Calibri/Cambria),
    # which would otherwise win over a style's w:ascii.
    defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}>"
        "<w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
        '<w:sz w:val="18"/><w:szCs w:val="18"/>'
        '<w:lang w:val="en-GB" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault>"
        '<w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/>'
        "</w:pPr></w:pPrDefault>"
        "</w:docDefaults>"
    )
    styles.insert(0, defaults)


def _page_setup(document: DocxDocument) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = section.bottom_margin = MARGIN
    section.header_distance = section.footer_distance = HEADER_DISTANCE
    section.different_first_page_header_footer = True


def _drop_python_docx_leftovers(document: DocxDocument) -> None:
    """Remove the default template's thumbnail, authorship, application ("Microsoft
    Macintosh Word"), 2013 dates and Word 2010 compatibility mode, which are not ours."""
    package = document.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.THUMBNAIL:
            del package.rels[rel.rId]
    props = document.core_properties
    props.author = props.last_modified_by = AUTHOR
    props.title = "Informal Working Group on MSMEs: Annual Report"
    props.comments = "Template of the msmedesk draft annual report"
    props.revision = 1
    props.created = props.modified = dt.datetime.now(dt.UTC).replace(
        microsecond=0, tzinfo=None)
    set_app_properties(document)
    set_compatibility_mode(document)
    drop_styles_with_effects(document)


def make_template(path: Path) -> None:
    """Build the template from python-docx's default document and save it to ``path``."""
    document = docx.Document()
    document.element.body.clear_content()
    _document_defaults(document)
    define_styles(document, replace=True)
    _page_setup(document)
    # Ship the footnotes part with its separators so that a document started from the
    # template in Word has it too; the renderer reuses it.
    ensure_footnotes_part(document)
    _drop_python_docx_leftovers(document)
    path.parent.mkdir(parents=True, exist_ok=True)
    document.save(str(path))


def main(argv: list[str] | None = None) -> int:
    """Command-line entry: write the template (to the package resources by default)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)
    make_template(args.output)
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
