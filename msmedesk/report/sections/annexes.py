"""The Package's annexes as notes, and the numbering of every note in the order shown.

An annex ("Annex 1") gets a note at its first mention in the body, as in the 2024 report:
"Annex 1: Recommendation on … (INF/MSME/4/Rev.2)", from the annex's record, or a
placeholder when its title is not recorded. Text staff wrote is not changed: the marker is
placed after the words "Annex 1". Sections are built in an order that is not always the
order shown (section 4 places items by staff's order), so every note is then numbered by
where its marker first appears.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from msmedesk.domain import Annex
from msmedesk.report.model import Block, Footnote, Inline, NoteRef, Paragraph, Section, Text
from msmedesk.report.sections.context import Context

# "Annex 1" as a whole word, not "Annexes" nor "Annex 12".
_MENTION = re.compile(r"\bAnnex\s+([1-9])\b")


def annex_notes(ctx: Context, sections: Sequence[Section], symbol: str) -> tuple[Section, ...]:
    """``sections`` with a note marker after each annex's first mention (notes added to
    ``ctx``); ``symbol``: the Package's, for an annex recorded without one."""
    by_number = {a.number: a for a in ctx.records.annexes}
    noted: set[int] = set()
    out = []
    for section in sections:
        blocks: list[Block] = []
        for block in section.blocks:
            if isinstance(block, Paragraph):
                block = replace(block, content=_marked(ctx, block.content, noted, by_number,
                                                       symbol))
            blocks.append(block)
        out.append(replace(section, blocks=tuple(blocks)))
    return tuple(out)


def _marked(ctx: Context, content: tuple[Inline, ...], noted: set[int],
            by_number: dict[int, Annex], symbol: str) -> tuple[Inline, ...]:
    parts: list[Inline] = []
    for run in content:
        if not isinstance(run, Text) or run.style != "plain":
            parts.append(run)
            continue
        text, start = run.text, 0
        for match in _MENTION.finditer(text):
            number = int(match.group(1))
            if number in noted:
                continue
            noted.add(number)
            parts.append(Text(text[start:match.end()]))
            parts.append(NoteRef(_annex_note(ctx, number, by_number.get(number), symbol)))
            start = match.end()
        if text[start:]:
            parts.append(Text(text[start:]))
    return tuple(parts)


def _annex_note(ctx: Context, number: int, annex: Annex | None, symbol: str) -> int:
    """The note on one annex: its title and document, or a placeholder for the title."""
    runs = ctx.runs().add(f"Annex {number}: ")
    if annex is not None and annex.title.strip():
        runs.user(annex.title.strip().rstrip("."))
    else:
        runs.placeholder(f"[title of Annex {number} not recorded]")
    runs.add(" (").symbol(annex.symbol if annex is not None and annex.symbol else symbol)
    return ctx.add_note(runs.add(")").texts())


def in_order_shown(sections: Sequence[Section], notes: Sequence[Footnote],
                   title_note: int | None
                   ) -> tuple[tuple[Section, ...], tuple[Footnote, ...], int | None]:
    """Every note numbered by where its marker first appears (the title's first)."""
    order: dict[int, int] = {}
    if title_note is not None:
        order[title_note] = 1
    for section in sections:
        for block in section.blocks:
            if isinstance(block, Paragraph):
                for run in block.content:
                    if isinstance(run, NoteRef) and run.number not in order:
                        order[run.number] = len(order) + 1
    for note in notes:  # (a note without a marker keeps its place after the others)
        order.setdefault(note.number, len(order) + 1)

    def renumbered(content: tuple[Inline, ...]) -> tuple[Inline, ...]:
        return tuple(NoteRef(order[r.number]) if isinstance(r, NoteRef) else r
                     for r in content)

    out = tuple(replace(s, blocks=tuple(
        replace(b, content=renumbered(b.content)) if isinstance(b, Paragraph) else b
        for b in s.blocks)) for s in sections)
    footnotes = tuple(sorted((replace(n, number=order[n.number]) for n in notes),
                             key=lambda n: n.number))
    return out, footnotes, (order[title_note] if title_note is not None else None)
