"""Render the draft report as one standalone, printable HTML5 page.

All user text goes through ``html.escape``: a summary holding ``<b>`` or ``&`` shows
those characters. Notes are gathered at the end under "Notes", with links both ways.
A line break staff typed inside a narrative is a ``<br>``, as it is a line break in the
.docx and the PDF. For print: A4 with the margins of the Word template; a long unbroken
word wraps (``overflow-wrap: anywhere``) instead of widening the page, so a browser never
shrinks the page to fit it.
"""

from __future__ import annotations

import re
from html import escape

from msmedesk.report.header import ORIGINAL, date_text, symbol_text
from msmedesk.report.model import (
    Footnote,
    Inline,
    NoteRef,
    Paragraph,
    Report,
    Subsection,
    Text,
    heading_case,
)

CSS = """
@page { size: A4; margin: 25mm 25mm 25mm 25mm; }
html, body { font-family: Verdana, "DejaVu Sans", Geneva, sans-serif; font-size: 9pt;
       line-height: 1.35; color: #000; background: #fff; }
/* A word longer than the line (a web address, a pasted code) wraps instead of widening
   the page: printed, a browser would otherwise shrink the whole page to fit it. */
body { overflow-wrap: anywhere; word-wrap: break-word; }
body { max-width: 160mm; margin: 2em auto; padding: 0 1em; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
.doc-header { text-align: right; margin-bottom: 2.5em; }
.doc-header p { margin: 0; }
.doc-header .original { margin-top: 1em; }
h1, .subtitle { text-align: center; font-size: 9pt; font-weight: bold; margin: 0 0 0.6em; }
.subtitle { margin-bottom: 2em; }
h2, h3 { font-size: 9pt; font-weight: bold; margin: 1.4em 0 1em;
         padding-left: 12.7mm; text-indent: -12.7mm; page-break-after: avoid;
         break-after: avoid; }
/* The number's trailing space is dropped by the inline-block but kept in copied text. */
.num { display: inline-block; width: 12.7mm; text-indent: 0; }
p.para { text-align: justify; margin: 0 0 1em; padding-left: 12.7mm; text-indent: -12.7mm;
         orphans: 2; widows: 2; }
sup { font-size: 70%; line-height: 0; vertical-align: super; }
sup.note-ref a { text-decoration: none; color: inherit; }
/* A document symbol is never broken over two lines, unless it is longer than a line. */
.symbol { white-space: nowrap; }
mark.placeholder { background: #ff0; color: #000; font-weight: bold; }
.notes { margin-top: 3em; border-top: 0; font-size: 8pt; }
.notes hr { width: 50mm; margin: 0 0 0.8em; border: 0; border-top: 0.5pt solid #000; }
.notes h2 { padding-left: 0; text-indent: 0; margin: 0 0 0.8em; }
.notes ol { margin: 0; padding-left: 2em; }
.notes li { margin-bottom: 0.4em; text-align: justify; }
.backref { text-decoration: none; margin-left: 0.3em; }
@media print { .backref { display: none; } }
"""


class _Refs:
    """Gives every marker of a note its own anchor id; the note links back to the first."""

    def __init__(self) -> None:
        self.count: dict[int, int] = {}

    def anchor(self, number: int) -> str:
        seen = self.count.get(number, 0) + 1
        self.count[number] = seen
        return f"ref-{number}" if seen == 1 else f"ref-{number}-{seen}"


# A symbol this long may be wider than a line: it may wrap like any long word.
_LONG_SYMBOL = 40
_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
# Code points an HTML document may not hold (controls, noncharacters, lone surrogates):
# dropped, as the .docx drops what XML cannot carry; they print as nothing anyway.
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff"
                        "\ud800-\udfff]")


def _text(part: Text) -> str:
    lines = _LINE_BREAKS.split(part.text)
    text = "<br>\n".join(escape(_FORBIDDEN.sub("", line)) for line in lines)
    if part.style == "sup":
        return f"<sup>{text}</sup>"
    if part.style == "italic":
        return f"<em>{text}</em>"
    if part.style == "symbol":
        if len(part.text) > _LONG_SYMBOL:
            return f'<span class="symbol-long">{text}</span>'
        return f'<span class="symbol">{text}</span>'
    if part.style == "placeholder":
        return f'<mark class="placeholder">{text}</mark>'
    return text


def _marker(number: int, refs: _Refs) -> str:
    return (
        f'<sup class="note-ref"><a id="{refs.anchor(number)}" href="#note-{number}" '
        f'aria-label="Note {number}">{number}</a></sup>'
    )


def _inline(parts: tuple[Inline, ...], refs: _Refs) -> str:
    return "".join(
        _marker(part.number, refs) if isinstance(part, NoteRef) else _text(part) for part in parts
    )


def _note(note: Footnote, refs: _Refs) -> str:
    body = "".join(_text(part) for part in note.content)
    back = ""
    if note.number in refs.count:
        back = (
            f' <a class="backref" href="#ref-{note.number}" '
            f'aria-label="Back to text of note {note.number}">&#8617;</a>'
        )
    return f'<li id="note-{note.number}" value="{note.number}">{body}{back}</li>'


def render_html(report: Report) -> str:
    """The report as a standalone HTML5 document with embedded CSS."""
    refs = _Refs()
    symbol = _text(symbol_text(report))
    date = _text(date_text(report))
    title = escape(heading_case(report.title))
    if report.title_note is not None:
        title += _marker(report.title_note, refs)
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{escape(report.title)}: {escape(report.subtitle)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        f'<header class="doc-header"><p class="symbol">{symbol}</p>'
        f'<p class="date">{date}</p>'
        f'<p class="original">{escape(ORIGINAL)}</p></header>',
        "<main>",
        f"<h1>{title}</h1>",
        f'<p class="subtitle">{escape(heading_case(report.subtitle))}</p>',
    ]
    for section in report.sections:
        out.append(f'<section id="section-{section.number}">')
        out.append(
            f'<h2><span class="num">{section.number} </span>'
            f"{escape(heading_case(section.title))}</h2>"
        )
        for block in section.blocks:
            if isinstance(block, Subsection):
                number, title = escape(block.number), escape(block.title)
                out.append(f'<h3><span class="num">{number} </span>{title}</h3>')
            elif isinstance(block, Paragraph):
                out.append(
                    f'<p class="para"><span class="num">{escape(block.number)} </span>'
                    f"{_inline(block.content, refs)}</p>"
                )
        out.append("</section>")
    out.append("</main>")
    if report.footnotes:
        out.append('<section class="notes" aria-labelledby="notes-heading">')
        out.append('<hr><h2 id="notes-heading">Notes</h2>')
        out.append("<ol>")
        out.extend(_note(note, refs) for note in report.footnotes)
        out.append("</ol>")
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)
