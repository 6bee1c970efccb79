"""Render the draft report as Markdown with footnotes (``[^n]`` markers and definitions).

Target dialect: CommonMark with the footnote extension of GitHub, Pandoc and
Python-Markdown. Escaping rule, so that user text renders as the same characters:

* every character of ``ESCAPED`` is backslash-escaped, ``&`` included (``\\&amp;``
  renders as "&amp;", not as "&"); CommonMark allows a backslash before any ASCII
  punctuation, so the escape never shows;
* a line break inside a paragraph's text is a hard line break (a backslash at the end of
  the line), as it is a line break in the .docx and the PDF; the next line starts with
  its leading spaces dropped and its first character escaped where it could open a list,
  a heading underline or a thematic break, so user text can never turn into a heading,
  list, quote or code block; in a heading a line break becomes a space;
* a paragraph number that would read as a list item ("1.") gets its dot escaped.

Superscripts use inline HTML (``<sup>th</sup>``) as the Group's own Markdown does;
italic and placeholders use ``*``/``**`` when CommonMark's flanking rules make that
safe and ``<em>``/``<strong>`` otherwise.
"""

from __future__ import annotations

import re

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

# Markdown-significant anywhere in a line (emphasis, code, links, footnotes, HTML,
# entities, strikethrough, tables, math, attributes, closing heading hashes).
ESCAPED = frozenset("\\`*_[]<>&#~|$^{}!")
_LINE_BREAKS = re.compile(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*")
_ONE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_LIST_NUMBER = re.compile(r"\A(\d{1,9})([.)])\Z")


# What could open a block at the start of a continuation line once "#", ">", "*", "`",
# "~", "|" and "<" are escaped anyway: "-", "+" (lists, underlines), "=" (an underline),
# a number and its "." or ")" (an ordered list).
_BLOCK_START = re.compile(r"\A(?:([-+=])|(\d{1,9})([.)]))")


def escape_markdown(text: str, *, breaks: bool = False) -> str:
    """The text escaped so that a Markdown renderer shows exactly these characters.

    Its line breaks become spaces, or hard line breaks with ``breaks``.
    """
    if not breaks:
        text = _LINE_BREAKS.sub(" ", text)
        return "".join("\\" + ch if ch in ESCAPED else ch for ch in text)
    lines = _ONE_BREAK.split(text)
    out = [escape_markdown(lines[0])]
    for line in lines[1:]:
        line = escape_markdown(line.lstrip(" \t"))
        out.append(_BLOCK_START.sub(_escape_start, line, count=1))
    # Spaces before a hard break would make a second one.
    return "\\\n".join([line.rstrip(" ") for line in out[:-1]] + out[-1:])


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    return match.group(2) + "\\" + match.group(3)


def _emphasis(text: str, delimiter: str, tag: str, previous: str) -> str:
    """``text`` emphasised, keeping surrounding spaces outside the delimiters."""
    core = text.strip()
    if not core:
        return escape_markdown(text, breaks=True)
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    # Delimiters next to letters or digits always open and close; anything else (a
    # bracket, a quote, an adjacent delimiter) is left to HTML, which never misparses.
    safe = core[0].isalnum() and core[-1].isalnum() and not (previous + lead).endswith("*")
    inner = escape_markdown(core, breaks=True)
    wrapped = f"{delimiter}{inner}{delimiter}" if safe else f"<{tag}>{inner}</{tag}>"
    return escape_markdown(lead, breaks=True) + wrapped + escape_markdown(trail, breaks=True)


def _text(part: Text, previous: str) -> str:
    if part.style == "sup":
        return f"<sup>{escape_markdown(part.text, breaks=True)}</sup>"
    if part.style == "italic":
        return _emphasis(part.text, "*", "em", previous)
    if part.style == "placeholder":
        return _emphasis(part.text, "**", "strong", previous)
    return escape_markdown(part.text, breaks=True)


def _inline(parts: tuple[Inline, ...]) -> str:
    out = ""
    for part in parts:
        out += f"[^{part.number}]" if isinstance(part, NoteRef) else _text(part, out)
    # Two trailing spaces would be a hard line break; a backslash there would show.
    out = out.rstrip()
    while out.endswith("\\") and not out.endswith("\\\\"):
        out = out[:-1].rstrip()
    return out


def _number(number: str) -> str:
    # "1." or "2)" at the start of a line would open an ordered list.
    return _LIST_NUMBER.sub(r"\1\\\2", escape_markdown(number), count=1)


def _note(note: Footnote) -> str:
    return f"[^{note.number}]: {_inline(note.content)}"


def render_markdown(report: Report) -> str:
    """The report as Markdown: headings as in the reference, notes as ``[^n]``."""
    title = escape_markdown(heading_case(report.title))
    if report.title_note is not None:
        title += f"[^{report.title_note}]"
    blocks = [
        # The WTO header without pages (a Markdown file has none): symbol, date, language.
        _inline((symbol_text(report),)),
        _inline((date_text(report),)),
        escape_markdown(ORIGINAL),
        f"# {title}",
        _emphasis(heading_case(report.subtitle), "**", "strong", ""),
    ]
    for section in report.sections:
        blocks.append(f"## {section.number} {escape_markdown(heading_case(section.title))}")
        for block in section.blocks:
            if isinstance(block, Subsection):
                blocks.append(f"### {escape_markdown(block.number)} {escape_markdown(block.title)}")
            elif isinstance(block, Paragraph):
                blocks.append(f"{_number(block.number)} {_inline(block.content)}")
    blocks.extend(_note(note) for note in report.footnotes)
    return "\n\n".join(blocks) + "\n"
