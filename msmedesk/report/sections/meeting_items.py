"""What a meeting's paragraph tells after its narrative, and in which order: presentations,
MSME Spotlights, the proposals discussed and the narrative after the presentations.

Staff may number these items ("Place in the meeting"); numbered items come first, in the
order of their numbers, and the others follow in the usual order (presentations,
spotlights, proposals), so a meeting with no numbers reads as it always has. The
narrative after the presentations comes last unless it is numbered too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from msmedesk.domain import Meeting, Presentation, Proposal, Spotlight
from msmedesk.report import wording
from msmedesk.report.sections.context import Context, Runs

ItemKind = Literal["presentation", "spotlight", "proposals", "closing"]


@dataclass(frozen=True)
class Item:
    """One thing a meeting's paragraph tells, with what it tells."""

    kind: ItemKind
    presentation: Presentation | None = None
    spotlight: Spotlight | None = None


def opens(p: Presentation) -> bool:
    """Whether the meeting opened with this presentation (it is told first)."""
    return p.opening == "yes"


def ordered_items(meeting: Meeting) -> list[Item]:
    """The meeting's items (its opening presentations aside) in the order the report tells
    them: numbered ones first by number, then the rest as listed; the closing narrative
    last unless numbered."""
    keyed: list[tuple[tuple[int, int, int], Item]] = []
    usual = 0

    def add(order: int | None, item: Item, last: bool = False) -> None:
        nonlocal usual
        usual += 1
        key = (0, order, usual) if order is not None else (2 if last else 1, 0, usual)
        keyed.append((key, item))

    for p in meeting.presentations:
        if not opens(p):
            add(p.order, Item("presentation", presentation=p))
    for s in meeting.spotlights:
        add(s.order, Item("spotlight", spotlight=s))
    if meeting.proposals:
        add(meeting.proposals_order, Item("proposals"))
    if meeting.closing.strip():
        add(meeting.closing_order, Item("closing"), last=True)
    return [item for _key, item in sorted(keyed, key=lambda k: k[0])]


def with_subject(ctx: Context, topic: str) -> str:
    """The topic with the subject of a proposal it cites told after the proposal's symbol
    ("… (INF/MSME/W/58-INF/TGE/COM/11) to compile a compendium …"), unless it says it."""
    for symbol, proposal in ctx.proposals_by_symbol.items():
        subject = proposal.subject.strip().rstrip(".")
        if not subject or symbol not in topic or subject in topic:
            continue
        end = topic.index(symbol) + len(symbol)
        if topic[end:end + 1] == ")":
            end += 1
        return f"{topic[:end]} {subject}{topic[end:]}"
    return topic


def subject_of(proposal: Proposal | None) -> str:
    """The proposal's subject as the report words it after its symbol, or ""."""
    return proposal.subject.strip().rstrip(".") if proposal else ""


# A noun phrase ("a micro jam maker") follows the business's name; a sentence ("It exports
# tea to Europe.") stands alone. A description opening with an article and without one of
# these verbs reads as a noun phrase.
_ARTICLES = ("a ", "an ", "the ")
_FINITE = re.compile(r"\b(is|are|was|were|has|have|had|does|did|will|can|joined|spoke|"
                     r"said|told|presented|explained|exports|sells|makes|runs)\b", re.I)


def _noun_phrase(text: str) -> bool:
    """Whether the text reads as a noun phrase rather than a sentence."""
    one = text.rstrip(".").strip()
    return (one.lower().startswith(_ARTICLES) and not re.search(r"[.!?;:]\s", one)
            and not _FINITE.search(one))


def _first_sentence(text: str) -> tuple[str, str]:
    """The description's first sentence and the rest ("" when it is one sentence)."""
    found = re.search(r"[.!?]\s+(?=[A-Z\"“‘(])", text)
    if not found:
        return text, ""
    return text[:found.start() + 1], text[found.end():]


def spotlight_sentence(ctx: Context, runs: Runs, s: Spotlight) -> None:
    """An MSME Spotlight: the business (what it is), its person and country, who
    introduced it. A description whose first sentence is a noun phrase ("A micro jam
    maker.") follows the name, its full stop dropped; a sentence stays a sentence of its
    own, never starting in lower case."""
    runs.add("The MSME Spotlight featured ").user(s.business.strip())
    about = [x.strip() for x in (s.person, s.country) if x.strip()]
    if about:
        runs.add(" (").user(", ".join(about)).add(")")
    description = s.description.strip()
    first, rest = _first_sentence(description)
    if description and _noun_phrase(first):
        phrase = first.rstrip(".").strip()
        runs.add(", ").user(phrase[0].lower() + phrase[1:])  # (it opens with an article)
        description = rest.strip()
    if s.introduced_by.strip():
        runs.add(", introduced by ").user(ctx.party(s.introduced_by.strip()))
    runs.add(".")
    if description:
        runs.space().user(wording.sentence(wording.capitalize(description)))
