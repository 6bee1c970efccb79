"""Section 4, Other activities: the year's events and other meetings under "4.1 Other".

Items staff gave an order ("Order in the report") come first, in that order; the rest follow
by date. Then, as in the 2024 report, the Coordinator's speaking engagements in one
paragraph, the website, and the newsletters in one paragraph (each of these placed by the
order of its first item where staff gave one).
"""

from __future__ import annotations

import re

from msmedesk.domain import Meeting, OutreachEvent
from msmedesk.report import wording
from msmedesk.report.model import Block, Paragraph, Section, Subsection
from msmedesk.report.sections.context import Context, Runs, numbered, open_comma, sort_date
from msmedesk.report.sections.events import (
    event_sentences,
    ministerial_events,
    partner_clause,
)
from msmedesk.report.sections.meetings import meeting_body

# Events of these kinds are gathered or placed after the dated activities in section 4.
_LATE_KINDS = ("website", "newsletter", "speaking-engagement")
# The word a newsletter's title may open or close with ("Newsletter 2024-Summer").
_NEWSLETTER = re.compile(r"^newsletters?\b[\s:\-–]*|[\s:\-–]*\bnewsletters?$", re.IGNORECASE)
_MEETING_KINDS = {
    "thematic": "a thematic session",
    "private-sector": "a meeting with the private sector",
    "other": "a meeting",
}

# The verb of the Coordinator's part at a speaking engagement (registry outreach "role").
_ROLE_VERBS = {
    "spoke": "spoke at",
    "moderated": "moderated",
    "judged": "judged",
    "sponsored": "sponsored",
    "attended": "attended",
}

_as_name = wording.as_name


# An item's place in section 4: staff's order first, then the date, then the kind's place.
_Key = tuple[int, int, tuple[int, int, int], int]


def _ordered(events: list[OutreachEvent]) -> list[OutreachEvent]:
    """Events in staff's order where given, the rest after them by date."""
    return sorted(events, key=lambda e: (e.position is None, e.position or 0,
                                         sort_date(e.date)))


def _key(events: list[OutreachEvent], late: int, i: int) -> _Key:
    """Where a paragraph of ``events`` goes: by the first order staff gave, else by date
    (``late``: after the dated items, in the kind's place)."""
    positions = [e.position for e in events if e.position is not None]
    if positions:
        return (0, min(positions), (0, 0, 0), i)
    return (1, late, sort_date(events[0].date) if not late else (0, 0, 0), i)


def other_activities(ctx: Context) -> Section:
    """Items by staff's order, then by date; speaking, website, newsletters (as in 2024)."""
    in_intro = {id(e) for e in ministerial_events(ctx)}
    events = [e for e in ctx.events if id(e) not in in_intro]
    meetings = [m for m in ctx.meetings if m.kind != "open-ended"]
    placed: list[tuple[_Key, Paragraph]] = []
    for i, event in enumerate(e for e in events if e.kind not in _LATE_KINDS):
        runs = ctx.runs()
        with ctx.about(event):
            event_sentences(ctx, runs, event)
        placed.append((_key([event], 0, i), Paragraph("", tuple(runs.parts))))
    for i, meeting in enumerate(meetings):
        runs = ctx.runs()
        with ctx.about(meeting):
            other_meeting(ctx, runs, meeting)
        day = (meeting.date.year, meeting.date.month, meeting.date.day)
        placed.append(((1, 0, day, -1 - i), Paragraph("", tuple(runs.parts))))
    speaking = _ordered([e for e in events if e.kind == "speaking-engagement"])
    if speaking:
        placed.append((_key(speaking, 1, 0), speaking_engagements(ctx, speaking)))
    for i, event in enumerate(e for e in events if e.kind == "website"):
        runs = ctx.runs()
        with ctx.about(event):
            event_sentences(ctx, runs, event)
        placed.append((_key([event], 2, i), Paragraph("", tuple(runs.parts))))
    newsletters = _ordered([e for e in events if e.kind == "newsletter"])
    if newsletters:
        placed.append((_key(newsletters, 3, 0), newsletters_paragraph(ctx, newsletters)))
    # (Notes are renumbered in the order their markers are shown: see annexes.py.)
    blocks: list[Block] = [p for _, p in sorted(placed, key=lambda item: item[0])]
    if blocks:
        blocks.insert(0, Subsection("4.1", "Other"))
    else:
        runs = ctx.runs().placeholder(f"[no other activities recorded for {ctx.year}]")
        blocks.append(Paragraph("", tuple(runs.parts)))
    return Section(4, "Other activities", numbered(4, blocks))


def speaking_engagements(ctx: Context, events: list[OutreachEvent]) -> Paragraph:
    """The Coordinator's interventions at others' events, in one paragraph: a lead
    sentence, then one sentence per event with the verb of the Coordinator's part ("spoke
    at", "moderated") and its place and month folded in; the subject alternates ("the
    Coordinator", "he") so that no two sentences in a row read alike."""
    serving = [c for c in ctx.profile.coordinators if ctx.serves(c)]
    runs = ctx.runs().add(f"As Coordinator of the {ctx.short}, ")
    if serving:
        who = wording.join(f"{c.name}, {c.title}" if c.title.strip() else c.name
                           for c in serving)
        runs.user(who + ("," if open_comma(who) else ""))
    else:
        with ctx.about(ctx.profile):
            runs.placeholder(f"[Coordinator in {ctx.year} not recorded]")
    count = wording.counted(len(events), "meeting or event", "meetings and events")
    runs.add(f" took part in {count} organized by others to raise awareness of the "
             "Group's work.")
    # A pronoun only where the honorific gives it and one Coordinator served.
    pronoun = wording.pronoun(serving[0].name) if len(serving) == 1 else None
    previous = ""
    for i, event in enumerate(events):
        runs.space()
        when = wording.when(event.date, event.end_date, with_year=False)
        subject = "the Coordinator" if i % 2 == 0 or pronoun is None else pronoun
        verb = _ROLE_VERBS.get(event.role, "took part in")
        if when == previous:
            runs.add(f"Also {when[0].lower()}{when[1:]}, {subject} {verb} ")
        else:
            runs.add(f"{when}, {subject} {verb} ")
        previous = when
        runs.user(_as_name(event.title.strip()))
        if event.place.strip():
            runs.add(" ").user(event.place.strip().rstrip("."))
        note = partner_clause(ctx, runs, list(event.partners), " with ", title=event.title)
        with ctx.about(event):
            runs.add(".")
            if note is not None:
                runs.note(note)
            if event.summary.strip():  # (optional here: the sentence says what he did)
                runs.space().user(wording.sentence(event.summary))
    return Paragraph("", tuple(runs.parts))


def other_meeting(ctx: Context, runs: Runs, meeting: Meeting) -> None:
    """A meeting that is not open-ended: its kind and date, then as an open-ended one."""
    what = _MEETING_KINDS.get(meeting.kind, "a meeting")
    runs.add(f"On {wording.full_date(meeting.date)}, the {ctx.short} held {what}")
    if meeting.convening_notice:
        runs.add(" (").symbol(meeting.convening_notice).add(")")
    runs.add(".")
    meeting_body(ctx, runs, meeting)
    if meeting.summary_document:
        runs.space().add("A full summary of the meeting is available in document ")
        runs.symbol(meeting.summary_document).add(".")


def newsletters_paragraph(ctx: Context, events: list[OutreachEvent]) -> Paragraph:
    """The year's newsletters in one paragraph, as the 2024 report has them.

    Titles that only repeat the word ("Newsletter 2024-Summer") are named by what is
    left, in brackets: "two newsletters (2024-Summer and 2024-Fall)".
    """
    runs = ctx.runs()
    short = [_NEWSLETTER.sub("", e.title.strip()).strip() for e in events]
    items = []
    for e, rest in zip(events, short, strict=True):
        item = ctx.runs()
        if all(short):
            item.user(rest)
        else:
            item.add('"').user(e.title.strip()).add('"')
        if e.date.month is not None:
            item.add(f" ({wording.partial_date(e.date)})" if not all(short)
                     else f" of {wording.partial_date(e.date, with_year=False)}")
        items.append(item.texts())
    runs.add(f"During {ctx.year}, the Coordinator issued "
             f"{wording.counted(len(events), 'newsletter')}")
    if all(short):
        runs.add(" (").extend(wording.join_runs(items)).add(").")
    else:
        runs.add(": ").extend(wording.join_runs(items)).add(".")
    for e in events:
        with ctx.about(e):
            if e.summary.strip():
                runs.space().user(wording.sentence(e.summary))
            else:
                runs.space().placeholder("[summary of the newsletter not recorded]").add(".")
    return Paragraph("", tuple(runs.parts))
