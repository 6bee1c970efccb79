"""Section 5, Conclusion: the report adopted at the year's last open-ended meeting."""

from __future__ import annotations

from msmedesk.report import wording
from msmedesk.report.model import Paragraph, Section
from msmedesk.report.sections.context import Context, numbered


def conclusion(ctx: Context) -> Section:
    """Adopted ad referendum at the year's last open-ended meeting."""
    meetings = ctx.open_ended_meetings()
    body = (ctx.profile.name.split(" on ")[0] if ctx.profile.name.startswith(
        "Informal Working Group") else ctx.short)
    runs = ctx.runs().add(f"The {body} adopted the present Annual Report ({ctx.year}) "
                           "ad referendum at its ")
    if meetings:
        last = max(m.date for m in meetings)
        runs.add(f"{wording.full_date(last)} open-ended meeting.")
    else:
        runs.add("open-ended meeting of ").gap("date", ends_sentence=True)
    return Section(5, "Conclusion", numbered(5, [Paragraph("", tuple(runs.parts))]))
