"""Section 4, Other activities: the year's events and other meetings, in date order.

Then, as in the 2024 report, the Coordinator's speaking engagements in one paragraph, the
website, and the newsletters in one paragraph.
"""

from __future__ import annotations

import re

from msmedesk.domain import Meeting, OutreachEvent
from msmedesk.report import wording
from msmedesk.report.model import Block, Paragraph, Section
from msmedesk.report.sections.context import Context, Runs, numbered, open_comma, sort_date
from msmedesk.report.sections.events import (
    close_event,
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

_as_name = wording.as_name


def other_activities(ctx: Context) -> Section:
    """Events and meetings by date; then speaking, website, newsletters (as in 2024)."""
    in_intro = {id(e) for e in ministerial_events(ctx)}
    events = [e for e in ctx.events if id(e) not in in_intro]
    meetings = [m for m in ctx.meetings if m.kind != "open-ended"]
    dated: list[tuple[tuple[int, int, int], int, OutreachEvent | Meeting]] = []
    for i, event in enumerate(e for e in events if e.kind not in _LATE_KINDS):
        dated.append((sort_date(event.date), i, event))
    for i, meeting in enumerate(meetings):
        dated.append(((meeting.date.year, meeting.date.month, meeting.date.day), -1 - i,
                      meeting))
    dated.sort(key=lambda item: (item[0], item[1]))
    blocks: list[Block] = []
    for _, _, item in dated:
        runs = ctx.runs()
        with ctx.about(item):
            if isinstance(item, Meeting):
                other_meeting(ctx, runs, item)
            else:
                event_sentences(ctx, runs, item)
        blocks.append(Paragraph("", tuple(runs.parts)))
    speaking = sorted((e for e in events if e.kind == "speaking-engagement"),
                      key=lambda e: sort_date(e.date))
    if speaking:
        blocks.append(speaking_engagements(ctx, speaking))
    for event in (e for e in events if e.kind == "website"):
        runs = ctx.runs()
        with ctx.about(event):
            event_sentences(ctx, runs, event)
        blocks.append(Paragraph("", tuple(runs.parts)))
    newsletters = [e for e in events if e.kind == "newsletter"]
    if newsletters:
        blocks.append(newsletters_paragraph(ctx, newsletters))
    if not blocks:
        runs = ctx.runs().placeholder(f"[no other activities recorded for {ctx.year}]")
        blocks.append(Paragraph("", tuple(runs.parts)))
    return Section(4, "Other activities", numbered(4, blocks))


def speaking_engagements(ctx: Context, events: list[OutreachEvent]) -> Paragraph:
    """The Coordinator's interventions at others' events, in one paragraph: a lead
    sentence, then one sentence per event dated within the year, the subject and verb
    varied ("the Coordinator took part in", "he attended") so that no opening repeats."""
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
        subject = "the Coordinator" if i == 0 or pronoun is None else pronoun
        verb = ("took part in", "attended")[i % 2]
        if when == previous:
            runs.add(f"Also {when[0].lower()}{when[1:]}, {subject} {verb} ")
        else:
            runs.add(f"{when}, {subject} {verb} ")
        previous = when
        runs.user(_as_name(event.title.strip()))
        note = partner_clause(ctx, runs, list(event.partners), " with ", title=event.title)
        with ctx.about(event):
            close_event(ctx, runs, event, note)
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
