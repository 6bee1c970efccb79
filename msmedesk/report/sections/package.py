"""Section 3, the implementation of the December 2020 MSME Package, annex by annex."""

from __future__ import annotations

from msmedesk.domain import PackageEntry
from msmedesk.report import wording
from msmedesk.report.model import Block, Paragraph, Section, Subsection
from msmedesk.report.sections.context import Context, Runs, numbered

PACKAGE_SYMBOL = "INF/MSME/4/Rev.2"
"""The December 2020 MSME Package, with the annexes that section 3 follows."""


def package_section(ctx: Context) -> Section:
    """The introduction citing the Package, then one subsection per annex with entries."""
    blocks: list[Block] = []
    runs = ctx.runs().add("Members continued to implement the December 2020 MSME "
                           "Package (").symbol(PACKAGE_SYMBOL).add(").")
    blocks.append(Paragraph("", tuple(runs.parts)))
    entries = [e for e in ctx.records.package_entries if e.year == ctx.year]
    annexes = sorted({e.annex for e in entries})
    if not annexes:
        runs = ctx.runs().placeholder(
            f"[no implementation of the Package recorded for {ctx.year}]")
        blocks.append(Paragraph("", tuple(runs.parts)))
    for i, annex in enumerate(annexes, start=1):
        blocks.append(Subsection(f"3.{i}", f"Annex {annex}"))
        runs = ctx.runs()
        for entry in (e for e in entries if e.annex == annex):
            runs.space()
            with ctx.about(entry):
                package_entry(ctx, runs, entry)
        blocks.append(Paragraph("", tuple(runs.parts)))
    return Section(3, "Implementation of the December 2020 MSME Package",
                   numbered(3, blocks))


def package_entry(ctx: Context, runs: Runs, entry: PackageEntry) -> None:
    """ "Canada and China included …" or the entry's own sentence."""
    summary = entry.summary.strip()
    if entry.members:
        runs.user(wording.capitalize(wording.join(ctx.prose(m) for m in entry.members)))
        if summary:
            runs.add(" ").user(wording.sentence(summary))
        else:
            runs.add(" ").placeholder("[what these Members did not recorded]").add(".")
    elif summary:
        runs.user(wording.sentence(wording.capitalize(summary)))
    else:
        runs.placeholder(f"[Annex {entry.annex} entry not described]").add(".")
