"""The HTML rendering: standalone, printable, notes linked both ways, text escaped."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from html.parser import HTMLParser

from hypothesis import given
from hypothesis import strategies as st

from msmedesk.report.html_render import _FORBIDDEN, _LINE_BREAKS, render_html
from msmedesk.report.model import (
    DATE_PLACEHOLDER,
    SYMBOL_PLACEHOLDER,
    NoteRef,
    Paragraph,
    Report,
    Section,
    Text,
)

MARKUP = 'Smith & Sons <b>bold</b> "quotes"'
PLACEHOLDER = "[summary of the meeting not recorded]"


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str, cls: str | None = None) -> list[Element]:
        found = []
        for child in self.children:
            if child.tag == tag and (cls is None or cls in child.attrs.get("class", "").split()):
                found.append(child)
            found += child.find_all(tag, cls)
        return found


VOID = {"meta", "hr", "br", "img", "link", "input"}


class TreeParser(HTMLParser):
    """A small DOM from the standard library's parser (text is unescaped by it)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#root", {})
        self.stack = [self.root]
        self.doctype = ""

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def parse(html: str) -> TreeParser:
    parser = TreeParser()
    parser.feed(html)
    parser.close()
    assert [e.tag for e in parser.stack] == ["#root"], "unclosed elements"
    return parser


def test_standalone_printable_document(small_report: Report) -> None:
    """HTML5 doctype, UTF-8, embedded CSS with an A4 page and a Verdana-like font."""
    html = render_html(small_report)
    tree = parse(html)
    assert tree.doctype.lower() == "doctype html"
    (page,) = tree.root.find_all("html")
    assert page.attrs["lang"] == "en"
    assert tree.root.find_all("meta")[0].attrs["charset"] == "utf-8"
    (style,) = tree.root.find_all("style")
    assert "@page" in style.text and "size: A4" in style.text
    assert "Verdana" in style.text
    assert not tree.root.find_all("link") and not tree.root.find_all("script")


def test_user_markup_is_text_not_markup(small_report: Report) -> None:
    """'<b>', '&' and quotes in user text appear as characters, in body and notes."""
    tree = parse(render_html(small_report))
    paragraphs = tree.root.find_all("p", "para")
    assert any(MARKUP in p.text for p in paragraphs)
    tags = {e.tag for e in tree.root.find_all("b")} | {e.tag for e in tree.root.find_all("i")}
    assert tags == set()
    notes = tree.root.find_all("li")
    assert "Trade & Gender <i>data</i>." in notes[2].text


def test_headings_and_numbered_paragraphs(small_report: Report) -> None:
    """Title in capitals, "1 INTRODUCTION", "3.1 Annex 1", paragraphs "2.1. ..."."""
    tree = parse(render_html(small_report))
    (h1,) = tree.root.find_all("h1")
    assert h1.text == "INFORMAL WORKING GROUP ON MSMEs1"
    assert [h.text for h in tree.root.find_all("h2")][:3] == [
        "1 INTRODUCTION",
        "2 OPEN-ENDED MEETINGS HELD BY THE INFORMAL WORKING GROUP ON MSMEs DURING 2024",
        "3 IMPLEMENTATION OF THE DECEMBER 2020 MSME PACKAGE",
    ]
    assert [h.text for h in tree.root.find_all("h3")] == ["3.1 Annex 1"]
    numbers = [p.find_all("span", "num")[0].text for p in tree.root.find_all("p", "para")]
    assert numbers == ["1.1. ", "1.2. ", "2.1. ", "2.2. ", "3.1. ", "3.2. "]
    first = tree.root.find_all("p", "para")[0]
    assert first.text.startswith("1.1. On 13 December 2017, at the 11th Ministerial")
    assert first.find_all("sup")[0].text == "th"


def test_markers_link_to_notes_and_back(small_report: Report) -> None:
    """Each marker links to its note under "Notes", and each note links back."""
    tree = parse(render_html(small_report))
    markers = tree.root.find_all("sup", "note-ref")
    links = [m.children[0] for m in markers]
    assert [a.attrs["href"] for a in links] == ["#note-1", "#note-2", "#note-3"]
    assert [a.text for a in links] == ["1", "2", "3"]
    ids = {a.attrs["id"] for a in links}
    (notes,) = tree.root.find_all("section", "notes")
    assert notes.find_all("h2")[0].text == "Notes"
    items = notes.find_all("li")
    assert [li.attrs["id"] for li in items] == ["note-1", "note-2", "note-3"]
    for note, li in zip(small_report.footnotes, items, strict=True):
        assert note.plain_text() in li.text
        (back,) = li.find_all("a", "backref")
        assert back.attrs["href"].removeprefix("#") in ids
    # Notes come after the body.
    (main,) = tree.root.find_all("main")
    assert not main.find_all("li")


def test_note_referred_to_twice_gets_unique_anchors(small_report: Report) -> None:
    """A second marker of the same note gets its own id; ids stay unique."""
    para = Paragraph("1.1.", (Text("One."), NoteRef(2), Text(" Two."), NoteRef(2)))
    report = replace(small_report, sections=(Section(1, "Intro", (para,)),), title_note=None)
    tree = parse(render_html(report))
    anchors = [a for a in tree.root.find_all("a") if "id" in a.attrs]
    ids = [a.attrs["id"] for a in anchors]
    assert len(ids) == len(set(ids)) == 2
    assert {a.attrs["href"] for a in anchors} == {"#note-2"}


def test_placeholders_are_highlighted(small_report: Report) -> None:
    """Gaps to fill, and the unknown symbol and date, are visible marks."""
    tree = parse(render_html(small_report))
    marks = [m.text for m in tree.root.find_all("mark", "placeholder")]
    assert marks == [SYMBOL_PLACEHOLDER, DATE_PLACEHOLDER, PLACEHOLDER]
    (style,) = tree.root.find_all("style")
    assert "mark.placeholder" in style.text and "background: #ff0" in style.text

    final = replace(small_report, symbol="INF/MSME/R/46", date="6 February 2025")
    tree = parse(render_html(final))
    (header,) = tree.root.find_all("header")
    assert [p.text for p in header.find_all("p")] == [
        "INF/MSME/R/46", "6 February 2025", "Original: English"]
    assert not header.find_all("mark")


@given(text=st.text(max_size=80))
def test_any_text_reads_back_unchanged(text: str) -> None:
    """Whatever the text, the parsed page shows exactly it: its line breaks as line breaks
    (``<br>`` and a new line), without what HTML may not hold (controls, noncharacters)."""
    report = Report(
        year=2024,
        title=text,
        subtitle="Annual Report",
        sections=(Section(1, "Intro", (Paragraph("1.1.", (Text(text),)),)),),
        footnotes=(),
    )
    tree = parse(render_html(report))
    (para,) = tree.root.find_all("p", "para")
    shown = "\n".join(_FORBIDDEN.sub("", line) for line in _LINE_BREAKS.split(text))
    assert para.text == "1.1. " + shown
    (title,) = tree.root.find_all("title")
    assert title.text == f"{text}: Annual Report"
