"""Section 3, the implementation of the December 2020 MSME Package, annex by annex."""

from __future__ import annotations

from msmedesk.domain import PackageEntry
from msmedesk.report import wording
from msmedesk.report.model import Block, Paragraph, Section, Subsection
from msmedesk.report.sections.context import Context, Runs, numbered

PACKAGE_SYMBOL = "INF/MSME/4/Rev.2"
"""The December 2020 MSME Package, with the annexes that section 3 follows."""

# An entry naming this many Members or more gives their count first ("Five Members, namely").
_COUNTED = 3


def package_section(ctx: Context) -> Section:
    """The introduction citing the Package, then one subsection per annex with entries."""
    blocks: list[Block] = []
    entries = [e for e in ctx.records.package_entries if e.year == ctx.year]
    annexes = sorted({e.annex for e in entries})
    if annexes:
        runs = ctx.runs().add("Members continued to implement the December 2020 MSME "
                               "Package (").symbol(PACKAGE_SYMBOL).add(").")
    else:
        # A year without entries says so, rather than claim that Members went on with it.
        runs = ctx.runs().add("No implementation of the December 2020 MSME Package (")
        runs.symbol(PACKAGE_SYMBOL).add(f") was recorded for {ctx.year}.")
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
        names = wording.join(ctx.prose(m) for m in entry.members)
        if len(entry.members) >= _COUNTED:
            # "Five Members, namely Canada, …, and Uruguay, have concluded …" (3.5 of 2024).
            runs.add(wording.counted(len(entry.members), "Member", start=True) + ", namely ")
            runs.user(names).add(",")
        else:
            runs.user(wording.capitalize(names))
        if summary:
            runs.add(" ").user(wording.sentence(summary))
        else:
            who = "it" if len(entry.members) == 1 else "they"
            runs.add(" ").placeholder(f"[what {who} did: not recorded]").add(".")
    elif summary:
        runs.user(wording.sentence(wording.capitalize(summary)))
    else:
        runs.placeholder(f"[Annex {entry.annex} entry not described]").add(".")
