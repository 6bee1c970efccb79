"""Section 2, the open-ended meetings, and what every meeting's paragraph tells.

A meeting's paragraph: the staff narrative, then its presentations, MSME Spotlights and
the proposals discussed, as sentences (section 4 tells its other meetings the same way).
"""

from __future__ import annotations

from collections.abc import Sequence

from msmedesk.domain import Meeting, Presentation, Proposal, Spotlight
from msmedesk.report import wording
from msmedesk.report.model import Block, Paragraph, Section, Text
from msmedesk.report.sections.context import (
    Context,
    Runs,
    numbered,
    open_comma,
    without_article,
)


def meetings_section(ctx: Context) -> Section:
    """The count and dates of the open-ended meetings, then one paragraph each."""
    meetings = sorted(ctx.open_ended_meetings(), key=lambda m: m.date)
    title = f"Open-ended meetings held by the {ctx.profile.name} during {ctx.year}"
    blocks: list[Block] = []
    runs = ctx.runs()
    if not meetings:
        runs.placeholder(f"[no open-ended meetings recorded for {ctx.year}]")
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
        runs.placeholder("[convening notice not recorded]")
    runs.add(").")
    meeting_body(ctx, runs, meeting)
    runs.space().add("A full summary of the meeting and of presentations received is "
                     "available in document ")
    if meeting.summary_document:
        runs.symbol(meeting.summary_document)
    else:
        runs.placeholder("[summary document not recorded]")
    runs.add(".")
    return Paragraph("", tuple(runs.parts))


def meeting_body(ctx: Context, runs: Runs, meeting: Meeting, *, required: bool = True) -> None:
    """The staff narrative, then presentations, spotlights and proposals as sentences."""
    if meeting.summary.strip():
        runs.space().user(wording.sentence(meeting.summary))
    elif required:
        runs.space().placeholder("[narrative of the meeting not recorded]").add(".")
    presentations(ctx, runs, meeting.presentations)
    for spotlight in meeting.spotlights:
        runs.space()
        spotlight_sentence(ctx, runs, spotlight)
    proposal_sentences(ctx, runs, meeting)


def presentations(ctx: Context, runs: Runs, talks: Sequence[Presentation]) -> None:
    """Presentations as sentences: who gave them, grouped where they share a topic.

    The verb follows who spoke and what about (``wording.presentation_verb``):
    organizations and WTO bodies "briefed the Group on", Members and people "presented"
    their own work, "explained" how or why, "presented on" anything else; a sentence
    with the same verb as the one just before it is varied (``wording.varied_verb``).
    """
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
        topic = group[0].topic.strip()
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


def spotlight_sentence(ctx: Context, runs: Runs, s: Spotlight) -> None:
    """An MSME Spotlight: the business, its person and country, who introduced it."""
    runs.add("The MSME Spotlight featured ").user(s.business.strip())
    about = [x.strip() for x in (s.person, s.country) if x.strip()]
    if about:
        runs.add(" (").user(", ".join(about)).add(")")
    if s.introduced_by.strip():
        runs.add(", introduced by ").user(ctx.party(s.introduced_by.strip()))
    description = s.description.strip()
    if description and _starts_with_article(description):
        runs.add(": ").user(wording.sentence(_decapitalize_article(description)))
    elif description:
        runs.add(". ").user(wording.sentence(description))
    else:
        runs.add(".")


def proposal_sentences(ctx: Context, runs: Runs, meeting: Meeting) -> None:
    """The proposals discussed: the new ones listed, the others "continued".

    A proposal the meeting's own text cites already (a presentation of it, or the
    narrative) is not listed again. A single new proposal carries its summary as a
    "which …" clause where the summary reads as one.
    """
    if not meeting.proposals:
        return
    known = ctx.proposals_by_symbol
    cited = " ".join([meeting.summary, *(f"{p.speaker} {p.topic}"
                                         for p in meeting.presentations)])
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
        clause = wording.relative_clause(proposal.summary) if proposal else None
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
    if proposal and proposal.title.strip():
        runs.add(' "').user(proposal.title.strip()).add('"')
    runs.add(" (").symbol(symbol).add(")")
    return runs.texts()


def _is_briefing(p: Presentation) -> bool:
    """A briefing by an organization or a WTO body ("the Committee on …"), not a person."""
    speaker = p.speaker.strip()
    if not speaker:
        return bool(p.organization) and not p.member
    return speaker.startswith("the ") and not p.organization and not p.member


def _decapitalize_article(text: str) -> str:
    """Text that continues a sentence after a colon: "A Nepalese …" -> "a Nepalese …"."""
    for article in ("A ", "An ", "The "):
        if text.startswith(article):
            return article.lower() + text[len(article):]
    return text


def _starts_with_article(text: str) -> bool:
    """Whether the text opens with "A", "An" or "The"."""
    return text.startswith(("A ", "An ", "The "))


def _cites(text: str, symbol: str) -> bool:
    """Whether the text cites the document symbol (whole, not as part of a longer one)."""
    return any(run.style == "symbol" and run.text.lstrip("_") == symbol
               for run in wording.literal_runs(text))
