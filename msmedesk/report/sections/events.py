"""Outreach events as sentences, shared by the introduction and section 4.

An event's opening follows its kind, date and partners; many partners go to a note. The
joint events that name a Ministerial Conference are told in the introduction.
"""

from __future__ import annotations

import re

from msmedesk.domain import OutreachEvent
from msmedesk.report import wording
from msmedesk.report.sections.context import Context, Runs

# More partners than this go to a note, as the Network's members do in the 2024 report.
_PARTNERS_IN_TEXT = 3
# A joint event that names a Ministerial Conference belongs in the introduction, as the
# MC13 events do in the 2024 report.
_MINISTERIAL = re.compile(r"\bMC\d+\b|Ministerial Conference")

_as_name = wording.as_name


def ministerial_events(ctx: Context) -> list[OutreachEvent]:
    """The year's joint events and publications that name a Ministerial Conference."""
    return [e for e in ctx.events if _is_ministerial(e)]


def _is_ministerial(event: OutreachEvent) -> bool:
    """A joint event that names a Ministerial Conference (it goes in the introduction)."""
    return event.kind in ("joint-event", "publication") and bool(
        _MINISTERIAL.search(event.title) or _MINISTERIAL.search(event.summary))


def event_sentences(ctx: Context, runs: Runs, event: OutreachEvent, *, follow: int = 0,
                    opens: bool = True, count: int = 1) -> None:
    """An outreach event: an opening from kind, date and partners, then the summary.

    ``opens``: the sentence starts its paragraph (the Group by its short name, "the MSME
    Group"; "the Group" after). ``follow``: how many events of the same kind and date
    came just before in the paragraph; those openings drop the date and vary ("The Group
    also held …", "A second joint event … was held …"). ``count``: which event of the
    paragraph this is, counted from one (publications are not counted).
    """
    title = event.title.strip()
    partners = list(event.partners)
    kind = event.kind
    if follow == 0:
        group = f"the {ctx.short}" if opens else "the Group"
        lead = f"{wording.when(event.date, event.end_date)}, {group} "
    else:
        lead = "The Group also "
    # A partner the title names already ("the UNCTAD Global Supply Chain Forum") is not
    # named again; a joint event's partners are the Group's co-hosts and always named.
    named = None if kind == "joint-event" else title
    note: int | None
    if kind == "award":
        runs.add(f"{lead}announced ").user(_as_name(title))
        note = partner_clause(ctx, runs, partners, ", in partnership with ", title=named)
    elif kind in ("network-meeting", "private-sector-dialogue"):
        runs.add(f"{lead}held ").user(_as_name(title))
        note = partner_clause(ctx, runs, partners, " with ", title=named)
    elif kind == "speaking-engagement":
        runs.add(f"{lead.replace(f'the {ctx.short} ', 'the Coordinator ')}took part in ")
        runs.user(_as_name(title))
        note = partner_clause(ctx, runs, partners, " with ", title=named)
    elif kind == "website":
        name = _as_name(title)
        runs.add(f"{lead}maintained ").user(name)
        if "website" not in title.lower():
            runs.add(" website")
        note = partner_clause(ctx, runs, partners, " with ", title=named)
    elif kind == "joint-event" and follow >= 1 and count >= 2:
        runs.add(f'A {wording.ordinal(count)} joint event, "').user(title).add('", was held')
        note = partner_clause(ctx, runs, partners, " with ", title=named)
    elif kind == "publication":
        runs.add(f"{lead}issued ")
        runs.user(_as_name(title))
        note = partner_clause(ctx, runs, partners, " with ", title=named)
    elif kind == "joint-event":
        runs.add(f'{lead}held a joint event, "').user(title).add('"')
        note = partner_clause(ctx, runs, partners, ", with ", title=named)
    else:
        runs.add(f'{lead}took part in "').user(title).add('"')
        note = partner_clause(ctx, runs, partners, ", with ", title=named)
    close_event(ctx, runs, event, note)


def close_event(ctx: Context, runs: Runs, event: OutreachEvent, note: int | None) -> None:
    """The full stop, the partners' note marker, then the summary staff wrote."""
    runs.add(".")
    if note is not None:
        runs.note(note)
    if event.summary.strip():
        runs.space().user(wording.sentence(event.summary))
    else:
        runs.space().placeholder("[summary of the event not recorded]").add(".")


def partner_clause(ctx: Context, runs: Runs, partners: list[str], lead: str,
             title: str | None = None) -> int | None:
    """Partners named in the sentence, or counted with a note (returned) when many.

    With ``title``, a partner whose name or acronym the title holds is left out.
    """
    if title is not None:
        partners = [p for p in partners if not ctx.named_in(p, title)]
    if not partners:
        return None
    if len(partners) <= _PARTNERS_IN_TEXT:
        runs.add(lead).user(wording.join(ctx.party(p) for p in partners))
        return None
    runs.add(lead + wording.counted(len(partners), "organization"))
    names = [ctx.full_party(p) for p in partners]
    note = ctx.runs().user(wording.capitalize(wording.join(names, semicolons=True)))
    return ctx.add_note(note.add(".").texts())
