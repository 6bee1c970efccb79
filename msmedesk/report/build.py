"""Gather one year's records into the draft annual report (data only, no rendering).

``build_report`` reads the year's records once (``YearRecords``, in one session) and
``build_from`` writes every sentence that follows from them, in the shape of the Group's
2024 report (shared/reference): title with the note on previous reports; 1 Introduction;
2 Open-ended meetings; 3 Implementation of the December 2020 MSME Package; 4 Other
activities; 5 Conclusion (one module each in ``msmedesk.report.sections``). The
narratives staff wrote are placed verbatim after their generated opening; a fact that is
missing shows as a bracketed placeholder that names it. Apart from the one read it is pure.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Protocol

from msmedesk.registry import DOCUMENTS, GROUP, MEETINGS, OUTREACH, PACKAGE
from msmedesk.registry.annexes import ANNEX_TYPE
from msmedesk.report import typography, wording
from msmedesk.report.gaps import record_gaps
from msmedesk.report.header import header_gaps
from msmedesk.report.model import Report, Section, Text, YearRecords
from msmedesk.report.sections.annexes import annex_notes, in_order_shown
from msmedesk.report.sections.conclusion import conclusion
from msmedesk.report.sections.context import Context
from msmedesk.report.sections.introduction import introduction, previous_reports_note
from msmedesk.report.sections.meetings import meetings_section
from msmedesk.report.sections.other_activities import other_activities
from msmedesk.report.sections.package import PACKAGE_SYMBOL, package_section

__all__ = ["PACKAGE_SYMBOL", "YearSource", "build_from", "build_report"]


class YearSource(Protocol):
    """What the report reads from: ``msmedesk.records.Services`` is one."""

    def year_records(self, year: int) -> YearRecords:
        """Everything the report of ``year`` draws on, read in one session."""
        ...


def build_report(services: YearSource, year: int, *, symbol: str | None = None,
                 date: str | None = None) -> Report:
    """The draft annual report for ``year``, from one read of the services.

    ``symbol`` and ``date`` head the document (``msmedesk.report.header`` reads them);
    while either is unknown the header shows a placeholder, counted among the warnings.
    """
    return build_from(services.year_records(year), symbol=symbol, date=date)


def build_from(records: YearRecords, *, symbol: str | None = None,
               date: str | None = None) -> Report:
    """The draft annual report of the year's records.

    Built twice: the first draft shows which organizations' acronyms the text uses more than
    once; the second spells every organization out on first mention and adds "(ACR)" only
    for those, so that no acronym is introduced and then never used.
    """
    first = _draft(Context(records))
    report = _draft(Context(records, reused=_reused_acronyms(first, records)))
    members = (*records.members_before, *records.joiners, *records.members_at_end)
    report = typography.settle(report, {n for m in members for n in (m.name, m.prose_label)})
    # The header's gaps come first: they are the first thing on the first page.
    return replace(report, symbol=symbol or None, date=date or None,
                   warnings=header_gaps(symbol, date) + report.warnings)


def _draft(ctx: Context) -> Report:
    """Every section in order; notes are numbered as their markers first appear."""
    # A placeholder no record's loop claims is about the list (or profile) it comes from.
    with ctx.about(DOCUMENTS):
        title_note = previous_reports_note(ctx)
    parts = ((GROUP, introduction), (MEETINGS, meetings_section), (PACKAGE, package_section),
             (OUTREACH, other_activities), (MEETINGS, conclusion))
    built = []
    for kind, section in parts:
        with ctx.about(kind):
            built.append(section(ctx))
    sections: tuple[Section, ...] = tuple(built)
    with ctx.about(ANNEX_TYPE):
        sections = annex_notes(ctx, sections, PACKAGE_SYMBOL)
    sections, notes, title_note = in_order_shown(sections, ctx.notes, title_note)
    return Report(
        year=ctx.year,
        title=ctx.profile.name or "Informal Working Group on MSMEs",
        subtitle=f"{ctx.year} Annual Report",
        sections=sections,
        footnotes=notes,
        title_note=title_note,
        warnings=tuple(ctx.warnings),
        record_gaps=record_gaps(ctx.placed, ctx.records),
    )


def _reused_acronyms(report: Report, records: YearRecords) -> frozenset[str]:
    """Acronyms found at least twice in the draft's text (document symbols left out)."""
    runs = [r for s in report.sections for p in s.paragraphs for r in p.content
            if isinstance(r, Text)] + [r for n in report.footnotes for r in n.content]
    text = "\n".join(r.text for r in runs if r.style != "symbol")
    # (An organization with a short name is named by it after the first mention.)
    acronyms = {(o.short_name or "").strip() or o.acronym for o in records.organizations
                if o.acronym or (o.short_name or "").strip()}
    words = Counter(_WORD_RUN.findall(text))
    return frozenset(a for a in acronyms if a and _twice(text, a, words))


# Runs of the characters that wording.acronym_pattern does not allow beside an acronym.
_WORD_RUN = re.compile(r"[A-Za-z0-9&/]+")


def _twice(text: str, acronym: str, words: Counter[str]) -> bool:
    """Whether the acronym occurs at least twice as a whole word.

    An acronym made only of those characters is a whole word exactly where a maximal run
    of them equals it, so the runs are counted once for all acronyms; others are matched
    by their pattern. (A ``findall`` per acronym over a large year's draft took seconds.)
    """
    if _WORD_RUN.fullmatch(acronym):
        return words[acronym] >= 2
    if text.count(acronym) < 2:
        return False
    matches = wording.acronym_pattern(acronym).finditer(text)
    return next(matches, None) is not None and next(matches, None) is not None
