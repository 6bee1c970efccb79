"""The year-end checklist: a draft's gaps (``Report.gaps``) beside last year's count.

Last year's count comes from last year's draft, built by the same code from the same
services (``Services.year_records``, then ``build_from``), so that staff see what is usual.
"""

from __future__ import annotations

from dataclasses import dataclass

from msmedesk.report.build import YearSource, build_from
from msmedesk.report.model import Gap, Report
from msmedesk.report.years import FIRST_YEAR


@dataclass(frozen=True)
class Checklist:
    """A draft's gaps beside the number its year before had."""

    year: int
    gaps: tuple[Gap, ...]
    last_year: int | None  # the number of gaps of last year's draft (None: no such year)

    def count_line(self) -> str:
        """ "12 gaps in the draft (2023: 9)" as the window and the command say it."""
        n = len(self.gaps)
        count = "No gaps" if n == 0 else f"{n} gap{'s' if n != 1 else ''}"
        before = "" if self.last_year is None else f" ({self.year - 1}: {self.last_year})"
        return f"{count} in the draft{before}"


def checklist(source: YearSource, report: Report) -> Checklist:
    """The gaps of ``report`` and the count of last year's draft, read through ``source``."""
    return Checklist(report.year, report.gaps, last_year_count(source, report.year))


def last_year_count(source: YearSource, year: int) -> int | None:
    """How many gaps the draft of the year before ``year`` has (as built with no symbol or
    date given, as ``msmedesk report`` writes it); None before the first possible year."""
    if year - 1 < FIRST_YEAR:
        return None
    return len(build_from(source.year_records(year - 1)).gaps)


__all__ = ["Checklist", "checklist", "last_year_count"]
