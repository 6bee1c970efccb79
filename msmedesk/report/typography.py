"""The draft's typography, settled once for every format: line breaks and non-breaking spaces.

Applied to the finished ``Report`` (``settle``), so that docx, pdf/print, html and markdown
receive the same characters and can only differ in layout:

* every line break staff typed inside a narrative (``\\r\\n``, ``\\r``, U+2028, U+2029, a
  vertical tab as Word writes it …) becomes one ``"\\n"``, which each renderer shows as a
  line break inside the paragraph;
* a date never breaks across lines: the spaces inside "18 October", "10 December 2024",
  "17-19 July 2024" and "May 2024" become NO-BREAK SPACEs;
* a Member's name of two short words ("Viet Nam", "Sri Lanka", "Costa Rica"; two words of
  at most 12 characters in all) never breaks across lines either. Longer names may break
  where a line must end, as the Secretariat's own documents let them.

Only spaces and line ends change; every other character, staff's included, is kept.
``Paragraph.plain_text`` reads the no-break space as an ordinary space.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from msmedesk.domain import MONTHS
from msmedesk.report.model import Footnote, Inline, Paragraph, Report, Text

NBSP = "\u00a0"
# A name of two words this short is kept on one line.
SHORT_NAME = 12

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\u2028\u2029\x0b\x0c\x85]")
_MONTH = "|".join(MONTHS)
# "18 October", "17-19 July 2024", "10 December 2024", "May 2024" (day or year needed).
_DATE = re.compile(
    rf"(?<![\w-])(?:\d{{1,2}}(?:-\d{{1,2}})? (?:{_MONTH})(?: \d{{4}})?|(?:{_MONTH}) \d{{4}})"
    rf"(?![\w-])"
)


def short_names(names: Iterable[str]) -> tuple[str, ...]:
    """The names the report keeps on one line: two words, at most ``SHORT_NAME`` long."""
    out = set()
    for name in names:
        bare = name[4:] if name.startswith("the ") else name
        if len(bare.split(" ")) == 2 and len(bare) <= SHORT_NAME and "," not in bare:
            out.add(bare)
    return tuple(sorted(out, key=len, reverse=True))


def _name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def _bind(match: re.Match[str]) -> str:
    return match.group().replace(" ", NBSP)


def text(value: str, names: re.Pattern[str] | None = None) -> str:
    """One run's text with its line breaks as "\\n" and dates (and names) kept together."""
    value = _LINE_BREAKS.sub("\n", value)
    value = _DATE.sub(_bind, value)
    return names.sub(_bind, value) if names is not None else value


def settle(report: Report, names: Iterable[str] = ()) -> Report:
    """The report with every run's typography settled (see the module's description)."""
    pattern = _name_pattern(short_names(names))

    def run(part: Text) -> Text:
        if part.style == "symbol":
            return part
        return replace(part, text=text(part.text, pattern))

    def inline(parts: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(run(p) if isinstance(p, Text) else p for p in parts)

    sections = tuple(
        replace(section, blocks=tuple(
            replace(b, content=inline(b.content)) if isinstance(b, Paragraph) else b
            for b in section.blocks))
        for section in report.sections
    )
    notes = tuple(Footnote(n.number, tuple(run(p) for p in n.content))
                  for n in report.footnotes)
    return replace(report, sections=sections, footnotes=notes)
