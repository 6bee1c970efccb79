"""Paragraph numbers as Word shows them, worked out from numPr and numbering.xml.

A test helper: python-docx's ``paragraph.text`` leaves list numbers out, so this counts
the list levels the way Word does (a level's counter restarts when a higher level of
the same list appears; ``%n`` in a level's text is level n's counter).
"""

from __future__ import annotations

from typing import Any

from docx.oxml.ns import qn


def _levels(document: Any) -> dict[str, dict[int, tuple[int, str, str]]]:
    """numId -> ilvl -> (start, numFmt, lvlText)."""
    numbering = document.part.numbering_part.element
    abstract: dict[str, dict[int, tuple[int, str, str]]] = {}
    for element in numbering.findall(qn("w:abstractNum")):
        levels = {}
        for lvl in element.findall(qn("w:lvl")):
            start = lvl.find(qn("w:start"))
            fmt = lvl.find(qn("w:numFmt"))
            text = lvl.find(qn("w:lvlText"))
            levels[int(lvl.get(qn("w:ilvl")))] = (
                int(start.get(qn("w:val"))) if start is not None else 0,
                fmt.get(qn("w:val")) if fmt is not None else "decimal",
                text.get(qn("w:val")) if text is not None else "",
            )
        abstract[element.get(qn("w:abstractNumId"))] = levels
    nums = {}
    for num in numbering.findall(qn("w:num")):
        ref = num.find(qn("w:abstractNumId")).get(qn("w:val"))
        nums[num.get(qn("w:numId"))] = abstract[ref]
    return nums


def list_number(paragraph: Any) -> tuple[str, int] | None:
    """(numId, ilvl) of a paragraph numbered by a list of its own properties, or None."""
    ppr = paragraph._p.pPr
    num_pr = ppr.numPr if ppr is not None else None
    if num_pr is None or num_pr.numId is None:
        return None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    return str(num_pr.numId.val), int(ilvl)


def shown_text(document: Any) -> list[str]:
    """Each body paragraph's text with its list number and tab in front, as Word shows it."""
    levels = _levels(document)
    counters: dict[str, dict[int, int]] = {}
    out = []
    for paragraph in document.paragraphs:
        listed = list_number(paragraph)
        if listed is None:
            out.append(paragraph.text)
            continue
        num_id, ilvl = listed
        defs = levels[num_id]
        count = counters.setdefault(num_id, {})
        count[ilvl] = count.get(ilvl, defs[ilvl][0] - 1) + 1
        for deeper in [k for k in count if k > ilvl]:
            del count[deeper]
        assert defs[ilvl][1] == "decimal"
        number = defs[ilvl][2]
        for level, value in count.items():
            number = number.replace(f"%{level + 1}", str(value))
        out.append(f"{number}\t{paragraph.text}")
    return out
