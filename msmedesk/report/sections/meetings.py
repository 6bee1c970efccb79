"""Section 2, the open-ended meetings, and what every meeting's paragraph tells.

A meeting's paragraph: the presentation it opened with, the staff narrative, then its
presentations, MSME Spotlights, the proposals discussed and the narrative after the
presentations, in the order staff gave them (section 4 tells its other meetings the same way).
"""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import Meeting, Presentation, Proposal
from msmedesk.report import wording
from msmedesk.report.model import Block, Paragraph, Section, Text
from msmedesk.report.sections.context import (
    Context,
    Runs,
    numbered,
    open_comma,
    without_article,
)
from msmedesk.report.sections.meeting_items import (
    opens,
    ordered_items,
    spotlight_sentence,
    subject_of,
    with_subject,
)


def meetings_section(ctx: Context) -> Section:
    """The count and dates of the open-ended meetings, then one paragraph each."""
    meetings = sorted(ctx.open_ended_meetings(), key=lambda m: m.date)
    title = f"Open-ended meetings held by the {ctx.profile.name} during {ctx.year}"
    blocks: list[Block] = []
    runs = ctx.runs()
    if not meetings:
        runs.nothing(f"open-ended meetings in {ctx.year}")
        return Section(2, title, numbered(2, [Paragraph("", tuple(runs.parts))]))
    dates = wording.join(wording.day_month(m.date) for m in meetings)
    runs.add(f"The {ctx.short} held "
             f"{wording.counted(len(meetings), 'open-ended meeting')} during {ctx.year}, "
             f"on {dates}.")
    blocks.append(Paragraph("", tuple(runs.parts)))
    for i, meeting in enumerate(meetings):
        with ctx.about(meeting):
            blocks.append(open_ended_meeting(ctx, meeting, i + 1, len(meetings)))
    return Section(2, title, numbered(2, blocks))


def open_ended_meeting(ctx: Context, meeting: Meeting, nth: int, count: int) -> Paragraph:
    """Opening with ordinal and notice, narrative, presentations, proposals, summary."""
    runs = ctx.runs()
    day = wording.day_month(meeting.date)
    if nth == 1:
        runs.add(f"On {day}, the {ctx.short} held its ").extend(wording.ordinal_runs(nth))
        runs.add(f" open-ended meeting of {ctx.year} (")
    elif nth == count:
        runs.add(f"The {ctx.short} held its ").extend(wording.ordinal_runs(nth))
        runs.add(f" and last open-ended meeting of the year on {day} (")
    else:
        runs.add(f"The {ctx.short} held its ").extend(wording.ordinal_runs(nth))
        runs.add(f" open-ended meeting of the year on {day} (")
    if meeting.convening_notice:
        runs.symbol(meeting.convening_notice)
    else:
        runs.gap("convening notice")
    runs.add(").")
    meeting_body(ctx, runs, meeting)
    runs.space().add("A full summary of the meeting and of presentations received is "
                     "available in document ")
    if meeting.summary_document:
        runs.symbol(meeting.summary_document)
    else:
        runs.gap("summary document")
    runs.add(".")
    return Paragraph("", tuple(runs.parts))


def meeting_body(ctx: Context, runs: Runs, meeting: Meeting, *, required: bool = True) -> None:
    """The opening presentation, the staff narrative, then the meeting's items in their
    order (``meeting_items.ordered_items``): presentations, spotlights, the proposals
    discussed and the narrative after the presentations."""
    for talk in meeting.presentations:
        if opens(talk):
            opening_sentence(ctx, runs, talk)
    if meeting.summary.strip():
        runs.space().user(wording.own_sentence(meeting.summary))
    elif required:
        runs.space().gap("narrative of the meeting", ends_sentence=True)
    talks: list[Presentation] = []
    for item in ordered_items(meeting):
        p = item.presentation
        if p is not None and not (talks and p.lead_in.strip()):
            talks.append(p)
            continue
        presentations(ctx, runs, talks)
        talks = [p] if p is not None else []
        if item.kind == "spotlight" and item.spotlight is not None:
            runs.space()
            spotlight_sentence(ctx, runs, item.spotlight)
        elif item.kind == "proposals":
            proposal_sentences(ctx, runs, meeting)
        elif item.kind == "closing":
            runs.space().user(wording.own_sentence(meeting.closing))
    presentations(ctx, runs, talks)


def opening_sentence(ctx: Context, runs: Runs, p: Presentation) -> None:
    """ "The meeting opened with a presentation by … on …", with the subject of the
    proposal it presented."""
    if p.lead_in.strip():
        runs.space().user(wording.own_sentence(p.lead_in))
    topic = with_subject(ctx, p.topic.strip())
    runs.space().add("The meeting opened with a presentation by ")
    who = presenter(ctx, p, topic)
    if who:
        runs.user(who)
    else:
        runs.gap("presenter")
    if topic:
        runs.add(" on ").user(wording.sentence(topic))
    else:
        runs.add(".")


def presentations(ctx: Context, runs: Runs, talks: Sequence[Presentation]) -> None:
    """Presentations as sentences: who gave them, grouped where they share a topic.

    The verb follows who spoke and what about (``wording.presentation_verb``):
    organizations and WTO bodies "briefed the Group on", Members and people "presented"
    their own work, "explained" how or why, "presented on" anything else; a sentence
    with the same verb as the one just before it is varied (``wording.varied_verb``).
    """
    if talks and talks[0].lead_in.strip():
        runs.space().user(wording.own_sentence(talks[0].lead_in))
    plain = [p for p in talks if not p.speaker.strip() and not p.topic.strip()
             and (p.organization or p.member)]
    if plain:
        names = [ctx.org(p.organization) if p.organization else ctx.prose(p.member or "")
                 for p in plain]
        runs.space().add("The Group received "
                         + ("a presentation" if len(names) == 1 else "presentations")
                         + " from ").user(wording.join(names)).add(".")
    rest = [p for p in talks if p not in plain]
    groups: list[list[Presentation]] = []
    for p in rest:
        if groups and p.topic.strip() and groups[-1][-1].topic.strip() == p.topic.strip():
            groups[-1].append(p)
        else:
            groups.append([p])
    previous = ""
    repeat = 0
    for group in groups:
        runs.space()
        topic = with_subject(ctx, group[0].topic.strip())
        subjects = [s for s in (presenter(ctx, p, topic) for p in group) if s]
        if not subjects:
            runs.add("The Group received a presentation on ")
            runs.user(wording.sentence(topic))
            previous = ""
            continue
        if len(subjects) == 2 and open_comma(subjects[0]):
            who = f"{subjects[0]}, and {subjects[1]}"
        else:
            who = wording.join(subjects)
        if open_comma(subjects[-1]):
            who += ","
        runs.user(wording.capitalize(who))
        if not topic:
            runs.add(" gave a presentation.")
            previous = ""
            continue
        verb = wording.presentation_verb(
            topic, briefing=all(_is_briefing(p) for p in group))
        repeat = repeat + 1 if verb == previous else 0
        runs.add(f" {wording.varied_verb(verb, repeat)} ").user(wording.sentence(topic))
        previous = verb


def presenter(ctx: Context, p: Presentation, topic: str = "") -> str:
    """Who gave a presentation: "Lazzat Daniyarova of the World Customs Organization
    (WCO)", "Vanessa Erogbogbo, Chief of …, at the ITC", "Crispin Waymouth (European
    Union)", "the United Kingdom". A speaker whose topic names their organization in
    full ("the work of the Standards and Trade Development Facility") is named alone."""
    speaker = p.speaker.strip()
    if speaker and p.organization:
        if ctx.spelled_in(p.organization, topic):
            return speaker
        org = ctx.org(p.organization)
        return f"{speaker} {'at' if open_comma(speaker) else 'of'} {org}"
    if speaker and p.member:
        return f"{speaker} ({without_article(ctx.prose(p.member))})"
    if speaker:
        return speaker
    if p.organization:
        return ctx.org(p.organization)
    if p.member:
        return ctx.prose(p.member)
    return ""


def proposal_sentences(ctx: Context, runs: Runs, meeting: Meeting) -> None:
    """The proposals discussed: the new ones listed, the others "continued".

    A proposal the meeting's own text cites already (a presentation of it, or the
    narrative) is not listed again. A single new proposal carries its summary as a
    "which …" clause where the summary reads as one.
    """
    if not meeting.proposals:
        return
    known = ctx.proposals_by_symbol
    cited = " ".join([meeting.summary, meeting.closing,
                      *(f"{p.speaker} {p.topic} {p.lead_in}" for p in meeting.presentations)])
    new: list[tuple[str, Proposal | None]] = []
    again: list[tuple[str, Proposal | None]] = []
    for symbol in meeting.proposals:
        if _cites(cited, symbol):
            continue
        proposal = known.get(symbol)
        first = min(proposal.discussed_at) if proposal and proposal.discussed_at else None
        (again if first is not None and first < meeting.date else new).append(
            (symbol, proposal))
    if len(new) == 1:
        runs.space().add("The Group discussed a new proposal for future work: ")
        runs.extend(proposal_runs(ctx, *new[0]))
        proposal = new[0][1]
        clause = (wording.relative_clause(proposal.summary)
                  if proposal and not subject_of(proposal) else None)
        if clause:
            runs.add(", ").user(clause)
        runs.add(".")
    elif new:
        runs.space().add(f"The Group discussed {wording.counted(len(new), 'new proposal')} "
                         "for future work: ")
        items = [(Text(f"{i}) "), *proposal_runs(ctx, *item)) for i, item in
                 enumerate(new, start=1)]
        runs.extend(wording.join_runs(items, semicolons=True, serial_comma=True)).add(".")
    if again:
        runs.space().add("The Group continued its discussion of ")
        items = [proposal_runs(ctx, *item) for item in again]
        runs.extend(wording.join_runs(items, semicolons=len(items) > 2)).add(".")


def proposal_runs(ctx: Context, symbol: str, proposal: Proposal | None) -> tuple[Text, ...]:
    """ "the United States proposal "Title" (INF/MSME/W/51)"."""
    runs = ctx.runs()
    proponents = proposal.proponents if proposal else ()
    if len(proponents) == 1:
        runs.add("the ").user(without_article(ctx.party(proponents[0])))
        runs.add(" proposal")
    elif proponents:
        runs.add("the joint proposal of ").user(
            wording.join(ctx.party(p) for p in proponents))
    else:
        runs.add("the proposal")
    subject = subject_of(proposal)
    if proposal and proposal.title.strip() and not subject:
        runs.add(' "').user(proposal.title.strip()).add('"')
    runs.add(" (").symbol(symbol).add(")")
    if subject:
        runs.add(" ").user(subject)
    return runs.texts()


def _is_briefing(p: Presentation) -> bool:
    """A briefing by an organization or a WTO body ("the Committee on …"), not a person."""
    speaker = p.speaker.strip()
    if not speaker:
        return bool(p.organization) and not p.member
    return speaker.startswith("the ") and not p.organization and not p.member


def _cites(text: str, symbol: str) -> bool:
    """Whether the text cites the document symbol (whole, not as part of a longer one)."""
    return any(run.style == "symbol" and run.text.lstrip("_") == symbol
               for run in wording.literal_runs(text))
