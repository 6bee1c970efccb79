"""Section 1, Introduction, and the title's note on the previous annual reports.

The Group's establishment, its Coordinators and membership in the year, and what it issued
or held at a Ministerial Conference.
"""

from __future__ import annotations

import re
from datetime import date

from msmedesk.domain import Coordinator, Document, OutreachEvent, PartialDate
from msmedesk.registry import MEMBERS
from msmedesk.report import wording
from msmedesk.report.model import Block, Paragraph, Section, Text
from msmedesk.report.sections.context import Context, Runs, numbered
from msmedesk.report.sections.events import event_sentences, ministerial_events

# "Coordinator's Report to the 13th Ministerial Conference": what, and which Conference.
_CONFERENCE = re.compile(
    r"^(?P<what>.+?)\s+(?:to|for|at)\s+the\s+(?P<n>\d+)(?:st|nd|rd|th)\s+"
    r"Ministerial\s+Conference$")


def previous_reports_note(ctx: Context) -> int | None:
    """Note 1: the earlier annual reports with their dates."""
    end = date(ctx.year, 12, 31)
    own = f"{ctx.year} annual report"
    reports = [d for d in ctx.records.annual_reports
               if own not in d.title.lower() and d.date is not None and d.date <= end]
    established = ctx.profile.established
    if not reports and established is not None and established.year >= ctx.year:
        return None  # the Group's first year: nothing came before
    runs = ctx.runs()
    if not reports:
        runs.add("Previous Annual Reports include ")
        runs.placeholder("[previous annual reports not recorded]").add(".")
        return ctx.add_note(runs.texts())
    items = [dated(d) for d in reports]
    runs.add("Previous Annual Reports include " if len(items) > 1
             else "The previous Annual Report is ")
    runs.extend(wording.join_runs(items, semicolons=True)).add(".")
    return ctx.add_note(runs.texts())


def dated(document: Document) -> tuple[Text, ...]:
    """ "JOB/GC/207 dated 3 December 2018" as runs."""
    assert document.date is not None
    return (Text(document.symbol, "symbol"),
            Text(f" dated {wording.full_date(document.date)}"))


def introduction(ctx: Context) -> Section:
    """Establishment, Coordinator, membership, and the Ministerial Conference."""
    blocks: list[Block] = [establishment(ctx), coordination(ctx)]
    ministerial = ministerial_paragraph(ctx)
    if ministerial is not None:
        blocks.append(ministerial)
    return Section(1, "Introduction", numbered(1, blocks))


def establishment(ctx: Context) -> Paragraph:
    """When, where, by how many and by which document the Group was established."""
    p = ctx.profile
    runs = ctx.runs().add("On ")
    if p.established:
        runs.add(wording.full_date(p.established))
    else:
        runs.placeholder("[date of establishment not recorded]")
    runs.add(", at ")
    if p.established_at.strip():
        runs.extend(wording.ordinal_text(p.established_at.strip()))
    else:
        runs.placeholder("[Ministerial Conference not recorded]")
    runs.add(", ")
    if p.founding_members is not None:
        runs.add(wording.number(p.founding_members))
    else:
        runs.placeholder("[number of founding Members not recorded]")
    if p.founders.strip():
        runs.add(" WTO Members representing ").user(p.founders.strip().rstrip("."))
        runs.add(" established the ")
    else:
        runs.add(" WTO Members established the ")
    name = p.name or "Informal Working Group on MSMEs"
    long_name = name.replace("MSMEs", "Micro, Small and Medium-Sized Enterprises (MSMEs)", 1)
    runs.add(f"{long_name} (")
    if p.established_by:
        runs.symbol(p.established_by)
    else:
        runs.placeholder("[establishing document not recorded]")
    runs.add(").")
    statement = ctx.records.establishing_document if p.established_by else None
    if statement is not None and statement.title.startswith("Joint Ministerial Statement"):
        runs.add(' In their Joint Ministerial Statement, the "Friends of MSMEs" committed to '
                 'discussing and identifying "horizontal and non-discriminatory solutions" '
                 "to improve the participation of MSMEs in international trade while "
                 "considering the specific needs of developing economies.")
    return Paragraph("", tuple(runs.parts))


def coordination(ctx: Context) -> Paragraph:
    """The year's Coordinator(s), joiners, leavers and the membership at year end."""
    runs = ctx.runs()
    runs.add(f"The following Annual Report describes the activities of the "
             f"{ctx.profile.name} ({ctx.short}) in {ctx.year}.")
    serving = [c for c in ctx.profile.coordinators if ctx.serves(c)]
    serving.sort(key=lambda c: (c.start or PartialDate(1900)))
    if not serving:
        runs.space().placeholder(f"[Coordinator in {ctx.year} not recorded]")
        runs.add(f" coordinated the {ctx.short} through the year.")
    for c in serving:
        runs.space().user(coordinator_sentence(ctx, c))
    runs.space()
    with ctx.about(MEMBERS):
        membership(ctx, runs)
    return Paragraph("", tuple(runs.parts))


def coordinator_sentence(ctx: Context, c: Coordinator) -> str:
    """One sentence on a Coordinator's service during the year."""
    who = f"{c.name}, {c.title}," if c.title.strip() else c.name
    before = c.start is None or c.start.year < ctx.year
    through = c.end is None or c.end.year > ctx.year
    group = f"the {ctx.short}"
    if before and through:
        return f"{who} continued to coordinate {group} through the year."
    if before:
        assert c.end is not None
        if c.end.month is None:
            return f"{who} coordinated {group} during part of the year."
        until = wording.partial_date(c.end, with_year=False)
        return f"{who} coordinated {group} until {until}."
    assert c.start is not None
    if through:
        if c.start.month is None:
            return f"{who} became Coordinator of {group} during the year."
        on = "on" if c.start.day is not None else "in"
        return (f"{who} became Coordinator of {group} {on} "
                f"{wording.partial_date(c.start, with_year=False)}.")
    assert c.end is not None
    if c.start.month is None or c.end.month is None:
        return f"{who} coordinated {group} during part of the year."
    start = wording.partial_date(c.start, with_year=False)
    end = wording.partial_date(c.end, with_year=False)
    return f"{who} coordinated {group} from {start} to {end}."


def membership(ctx: Context, runs: Runs) -> None:
    """The joiners sentence with the new total, and the note listing the Members."""
    joiners = ctx.records.joiners
    at_end = ctx.records.members_at_end
    before = ctx.records.members_before
    leavers = {m.name: m for m in [*before, *joiners]
               if m.left is not None and m.left.year == ctx.year}
    total = wording.number(ctx.records.membership_total)
    group = f"the {ctx.short}"
    if not at_end:
        runs.placeholder(f"[membership of the {ctx.short} at the end of {ctx.year} "
                         "not recorded]").add(".")
        return
    names = wording.join(m.prose_label for m in joiners)
    left = wording.join(m.prose_label for m in leavers.values())
    if joiners:
        runs.add(wording.counted(len(joiners), "new Member", start=True)
                 + f" joined {group} during {ctx.year}: ")
        runs.user(names)
        if not leavers:
            runs.add(f", bringing total {ctx.short} membership to {total}.")
        else:
            runs.add(". ").user(wording.capitalize(left))
            runs.add(f" left {group} during the year, so that total {ctx.short} "
                     f"membership at the end of {ctx.year} was {total}.")
    elif leavers:
        runs.add(f"No new Members joined {group} during {ctx.year}. ")
        runs.user(wording.capitalize(left))
        runs.add(f" left {group} during the year, so that total {ctx.short} membership "
                 f"at the end of {ctx.year} was {total}.")
    else:
        runs.add(f"No new Members joined {group} during {ctx.year}; total {ctx.short} "
                 f"membership remained at {total}.")
    note = ctx.runs().add(f"Members of the {ctx.profile.name} are: ")
    note.user(wording.join(m.list_label for m in at_end)).add(".")
    runs.note(ctx.add_note(note.texts()))


def ministerial_paragraph(ctx: Context) -> Paragraph | None:
    """The Group's Ministerial Conference documents and events of the year, if any."""
    runs = ctx.runs()
    for document in ministerial_documents(ctx):
        rest = document.title
        for sep in (" – ", " - ", ": "):
            if rest.startswith(ctx.profile.name + sep):
                rest = rest[len(ctx.profile.name) + len(sep):]
                break
        rest = rest[4:] if rest.startswith("The ") else rest
        runs.space()
        conference = _CONFERENCE.match(rest)
        if conference:
            n = int(conference.group("n"))
            abbreviation = f"MC{n}"
            if abbreviation in ctx.mentioned:
                runs.add(f"At {abbreviation}, the {ctx.short} also issued the ")
            else:
                ctx.mentioned.add(abbreviation)
                runs.add("At the ").extend(wording.ordinal_runs(n))
                runs.add(f" Ministerial Conference ({abbreviation}), the {ctx.short} "
                         "issued the ")
            runs.user(conference.group("what"))
        else:
            runs.add(f"The {ctx.short} issued the ").user(rest)
        runs.add(" (").symbol(document.symbol).add(")")
        if document.about.strip():
            # What the document summarized, as staff recorded it ("summarizing the ...").
            runs.add(", ").user(document.about.strip().rstrip("."))
        runs.add(".")
    previous: OutreachEvent | None = None
    follow = 0
    held = 0  # events so far (a publication issued is not an event)
    for event in ministerial_events(ctx):
        runs.space()
        if event.kind == "publication":
            # Issued on the day of the event before it: "The Group also issued …".
            also = int(previous is not None and previous.date == event.date)
            event_sentences(ctx, runs, event, follow=also, opens=not runs.parts)
            continue
        held += 1
        same = (previous is not None and previous.kind == event.kind
                and previous.date == event.date)
        follow = follow + 1 if same else 0
        with ctx.about(event):
            event_sentences(ctx, runs, event, follow=follow, opens=not runs.parts,
                            count=held)
        previous = event
    if not runs.parts:
        return None
    return Paragraph("", tuple(runs.parts))


def ministerial_documents(ctx: Context) -> list[Document]:
    """Ministerial documents of the Group issued in the year."""
    found = []
    for document in ctx.records.ministerial_documents:
        if document.symbol == ctx.profile.established_by:
            continue
        if not document.title.startswith(ctx.profile.name):
            continue
        if _document_year(document) == ctx.year:
            found.append(document)
    return found


def _document_year(document: Document) -> int | None:
    """The year of a document: its date, else the "(24)" of a WT/MIN(24)/… symbol."""
    if document.date is not None:
        return document.date.year
    match = re.match(r"WT/MIN\((\d\d)\)/", document.symbol)
    return 2000 + int(match.group(1)) if match else None
