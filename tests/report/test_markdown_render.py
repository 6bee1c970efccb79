"""The Markdown rendering: reference-like headings, [^n] notes, escaped user text."""

from __future__ import annotations

import re
from dataclasses import replace

from hypothesis import given
from hypothesis import strategies as st

from msmedesk.report.markdown_render import ESCAPED, escape_markdown, render_markdown
from msmedesk.report.model import NoteRef, Paragraph, Report, Section, Text

PLACEHOLDER = "[summary of the meeting not recorded]"

# CommonMark: a backslash before ASCII punctuation stands for that character.
_BACKSLASH_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def unescape(markdown: str) -> str:
    """The text a CommonMark renderer shows for escaped inline text."""
    return _BACKSLASH_ESCAPE.sub(r"\1", markdown)


def _blocks(markdown: str) -> list[str]:
    return markdown.rstrip("\n").split("\n\n")


def test_layout_follows_the_reference(small_report: Report) -> None:
    """Title with its note, capitalised numbered headings, paragraphs "1.1. text"."""
    blocks = _blocks(render_markdown(small_report))
    assert blocks[3] == "# INFORMAL WORKING GROUP ON MSMEs[^1]"
    assert blocks[4] == "**2024 ANNUAL REPORT**"
    assert "## 1 INTRODUCTION" in blocks
    assert (
        "## 2 OPEN-ENDED MEETINGS HELD BY THE INFORMAL WORKING GROUP ON MSMEs DURING 2024" in blocks
    )
    assert "### 3.1 Annex 1" in blocks
    numbered = [b.split(" ")[0] for b in blocks if re.match(r"\d+\.\d+\. ", b)]
    assert numbered == ["1.1.", "1.2.", "2.1.", "2.2.", "3.1.", "3.2."]
    assert (
        blocks.index("### 3.1 Annex 1")
        == blocks.index(next(b for b in blocks if b.startswith("3.2. "))) - 1
    )
    assert (
        "1.1. On 13 December 2017, at the 11<sup>th</sup> Ministerial Conference (MC11)"
        in blocks[blocks.index("## 1 INTRODUCTION") + 1]
    )


def test_footnotes_are_markers_and_definitions_at_the_end(small_report: Report) -> None:
    """Markers [^n] in the text, definitions "[^n]: text" last, in order."""
    markdown = render_markdown(small_report)
    blocks = _blocks(markdown)
    definitions = blocks[-3:]
    assert [d.split(":")[0] for d in definitions] == ["[^1]", "[^2]", "[^3]"]
    assert definitions[0] == (
        "[^1]: Previous Annual Reports include JOB/GC/207 dated 3 December 2018 and "
        "INF/MSME/R/42 dated 6 February 2024."
    )
    body = "\n\n".join(blocks[:-3])
    assert re.findall(r"\[\^(\d+)\]", body) == ["1", "2", "3"]
    assert "membership to 103.[^2]" in body


def test_user_markup_is_escaped(small_report: Report) -> None:
    """'<b>bold</b> & "quotes"' is written so that it renders as those characters."""
    markdown = render_markdown(small_report)
    assert 'Smith \\& Sons \\<b\\>bold\\</b\\> "quotes"' in markdown
    assert "<b>" not in markdown
    assert "Trade \\& Gender \\<i\\>data\\</i\\>." in markdown
    line = next(b for b in _blocks(markdown) if b.startswith("2.2. "))
    assert 'Smith & Sons <b>bold</b> "quotes"' in unescape(line)


def test_styles(small_report: Report) -> None:
    """Italic as *...*, a bracketed placeholder as <strong> (** would not close after ])."""
    markdown = render_markdown(small_report)
    assert "titled *Trade for All*." in markdown
    assert "<strong>\\[summary of the meeting not recorded\\]</strong>.[^3]" in markdown
    blocks = _blocks(markdown)
    assert blocks[:3] == ["<strong>\\[INF/MSME/R/…\\]</strong>", "<strong>\\[date\\]</strong>",
                          "Original: English"]
    final = replace(small_report, symbol="INF/MSME/R/46", date="6 February 2025")
    assert _blocks(render_markdown(final))[:3] == ["INF/MSME/R/46", "6 February 2025",
                                                   "Original: English"]


def test_user_text_cannot_start_a_block(small_report: Report) -> None:
    """Line breaks in user text are hard line breaks (as in the .docx and PDF), and no line
    opens a stray heading, list, quote, underline or fence."""
    text = ("first line\n# not a heading\n- not a list\n> not a quote\n```\n"
            "1. not a list\n  + indented\n===\n")
    report = replace(
        small_report,
        sections=(Section(1, "Intro", (Paragraph("1.", (Text(text),)),)),),
    )
    lines = render_markdown(report).splitlines()
    start = next(i for i, ln in enumerate(lines) if "first line" in ln)
    paragraph = lines[start : start + 8]
    # A bare "1." paragraph number must not open an ordered list either.
    assert paragraph[0] == "1\\. first line\\"
    assert [unescape(ln.removesuffix("\\")) for ln in paragraph] == [
        "1. first line", "# not a heading", "- not a list", "> not a quote", "```",
        "1. not a list", "+ indented", "===",
    ]
    # The trailing line break is dropped: a backslash at a paragraph's end would show.
    assert not paragraph[-1].endswith("\\") and lines[start + 8] == ""
    assert not [ln for ln in lines if re.match(r"(-|\+|=|>|```|#|\d+\.)", ln)
                and not ln.startswith(("# ", "## ", "### "))]


def test_emphasis_falls_back_to_html_next_to_punctuation() -> None:
    """Adjacent emphasis or punctuation at the edges uses tags, which always parse."""
    parts = (
        Text("a"),
        Text("x", "italic"),
        Text("y", "italic"),
        Text(' "quoted" ', "italic"),
        NoteRef(1),
    )
    report = Report(
        year=2024,
        title="T",
        subtitle="S",
        sections=(Section(1, "I", (Paragraph("1.1.", parts),)),),
        footnotes=(),
    )
    line = next(ln for ln in render_markdown(report).splitlines() if ln.startswith("1.1."))
    assert line == '1.1. a*x*<em>y</em> <em>"quoted"</em> [^1]'


@given(st.text(max_size=80))
def test_escaping_round_trips(text: str) -> None:
    """Un-escaping the escaped text gives the text back (line breaks as spaces)."""
    escaped = escape_markdown(text)
    expected = re.sub(r"\s*[\r\n\u2028\u2029\x0b\x0c\x85]+\s*", " ", text)
    assert unescape(escaped) == expected
    # No special character is left bare.
    bare = _BACKSLASH_ESCAPE.sub("", escaped)
    assert not set(bare) & ESCAPED
    assert "\n" not in escaped
