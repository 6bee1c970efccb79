"""Gather one year's records into the draft annual report (data only, no rendering).

``build_report`` asks the services for the year's records and writes every sentence that
follows from them, in the shape of the Group's 2024 report (shared/reference): title with
the note on previous reports; 1 Introduction; 2 Open-ended meetings; 3 Implementation of
the December 2020 MSME Package; 4 Other activities; 5 Conclusion. The narratives staff
wrote are placed verbatim after their generated opening; a fact that is missing shows as
a bracketed placeholder that names it. Apart from the services it is pure.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from msmedesk.domain import (
    Coordinator,
    Document,
    GroupProfile,
    ListQuery,
    Meeting,
    Member,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
)
from msmedesk.report import wording
from msmedesk.report.model import (
    Block,
    Footnote,
    Inline,
    NoteRef,
    Paragraph,
    Report,
    Section,
    Subsection,
    Text,
)

PACKAGE_SYMBOL = "INF/MSME/4/Rev.2"
"""The December 2020 MSME Package, with the annexes that section 3 follows."""

# Events of these kinds are gathered or placed after the dated activities in section 4.
_LATE_KINDS = ("website", "newsletter", "speaking-engagement")
# A joint event that names a Ministerial Conference belongs in the introduction, as the
# MC13 events do in the 2024 report.
_MINISTERIAL = re.compile(r"\bMC\d+\b|Ministerial Conference")
# More partners than this go to a note, as the Network's members do in the 2024 report.
_PARTNERS_IN_TEXT = 3
# The word a newsletter's title may open or close with ("Newsletter 2024-Summer").
_NEWSLETTER = re.compile(r"^newsletters?\b[\s:\-–]*|[\s:\-–]*\bnewsletters?$", re.IGNORECASE)
# "Coordinator's Report to the 13th Ministerial Conference": what, and which Conference.
_CONFERENCE = re.compile(
    r"^(?P<what>.+?)\s+(?:to|for|at)\s+the\s+(?P<n>\d+)(?:st|nd|rd|th)\s+"
    r"Ministerial\s+Conference$")
_ARTICLES = ("the ", "a ", "an ")
_MEETING_KINDS = {
    "thematic": "a thematic session",
    "private-sector": "a meeting with the private sector",
    "other": "a meeting",
}


def build_report(services: Any, year: int) -> Report:
    """The draft annual report for ``year``, from the services alone.

    Built twice: the first draft shows which organizations' acronyms the text uses more than
    once; the second spells every organization out on first mention and adds "(ACR)" only
    for those, so that no acronym is introduced and then never used.
    """
    first = _Builder(services, year).build()
    return _Builder(services, year, reused=_reused_acronyms(first, services)).build()


def _reused_acronyms(report: Report, services: Any) -> frozenset[str]:
    """Acronyms found at least twice in the draft's text (document symbols left out)."""
    runs = [r for s in report.sections for p in s.paragraphs for r in p.content
            if isinstance(r, Text)] + [r for n in report.footnotes for r in n.content]
    text = "\n".join(r.text for r in runs if r.style != "symbol")
    rows = services.organizations.list(ListQuery(limit=1_000_000))
    acronyms = {row.values[0] for row in rows if row.values[0]}
    words = Counter(_WORD_RUN.findall(text))
    return frozenset(a for a in acronyms if _twice(text, a, words))


# Runs of the characters that wording.acronym_pattern does not allow beside an acronym.
_WORD_RUN = re.compile(r"[A-Za-z0-9&/]+")


def _twice(text: str, acronym: str, words: Counter[str]) -> bool:
    """Whether the acronym occurs at least twice as a whole word.

    An acronym made only of those characters is a whole word exactly where a maximal run
    of them equals it, so the runs are counted once for all acronyms; others are matched
    by their pattern. (A ``findall`` per acronym over a large year's draft took seconds.)
    """
    if _WORD_RUN.fullmatch(acronym):
        return words[acronym] >= 2
    if text.count(acronym) < 2:
        return False
    matches = wording.acronym_pattern(acronym).finditer(text)
    return next(matches, None) is not None and next(matches, None) is not None


# ---------------------------------------------------------------- runs of text


class _Runs:
    """Collects the inline content of one paragraph or note, merging plain runs."""

    def __init__(self, warnings: list[str]) -> None:
        self.parts: list[Inline] = []
        self._warnings = warnings

    def add(self, text: str, style: str = "plain") -> _Runs:
        """Append a run of generated text."""
        if not text:
            return self
        last = self.parts[-1] if self.parts else None
        if style == "plain" and isinstance(last, Text) and last.style == "plain":
            self.parts[-1] = Text(last.text + text)
        else:
            self.parts.append(Text(text, style))  # type: ignore[arg-type]
        return self

    def extend(self, runs: Iterable[Text]) -> _Runs:
        """Append styled runs."""
        for run in runs:
            if run.style == "placeholder":
                self.placeholder(run.text)
            else:
                self.add(run.text, run.style)
        return self

    def symbol(self, symbol: str) -> _Runs:
        """Append a document symbol."""
        return self.add(symbol, "symbol")

    def user(self, text: str) -> _Runs:
        """Append text staff wrote: literal, with symbols and ordinals styled."""
        return self.extend(wording.literal_runs(text))

    def placeholder(self, text: str) -> _Runs:
        """Append a visible "[… not recorded]" gap and note it as a warning."""
        if text not in self._warnings:
            self._warnings.append(text)
        return self.add(text, "placeholder")

    def note(self, number: int) -> _Runs:
        """Append the marker of note ``number``."""
        self.parts.append(NoteRef(number))
        return self

    def space(self) -> _Runs:
        """Separate the next sentence from the last one."""
        if self.parts and not self.text().endswith(" "):
            self.add(" ")
        return self

    def text(self) -> str:
        """The text so far (markers left out)."""
        return "".join(p.text for p in self.parts if isinstance(p, Text))

    def texts(self) -> tuple[Text, ...]:
        """The runs as footnote content (notes have no markers)."""
        return tuple(p for p in self.parts if isinstance(p, Text))


@dataclass(frozen=True)
class _Org:
    """An organization as sentences name it."""

    name: str
    acronym: str | None

    @property
    def label(self) -> str:
        """The short form: the acronym where there is one."""
        return self.acronym or self.name


def _the(name: str) -> str:
    """A name with "the" in front unless it has an article already."""
    return name if name.lower().startswith(_ARTICLES) else f"the {name}"


def _without_article(name: str) -> str:
    """A prose name without its leading "the" ("the Republic of Korea" -> "Republic of Korea")."""
    return name[4:] if name.lower().startswith("the ") else name


def _open_comma(text: str) -> bool:
    """Whether the text holds a comma outside brackets (an appositive: "Kate Kallot, CEO")."""
    depth = 0
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(depth - 1, 0)
        elif ch == "," and depth == 0:
            return True
    return False


_as_name = wording.as_name


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


def _is_briefing(p: Presentation) -> bool:
    """A briefing by an organization or a WTO body ("the Committee on …"), not a person."""
    speaker = p.speaker.strip()
    if not speaker:
        return bool(p.organization) and not p.member
    return speaker.startswith("the ") and not p.organization and not p.member


def _sort_date(value: PartialDate) -> tuple[int, int, int]:
    """Events dated only to the year come after the dated ones ("over the year")."""
    return (value.year, value.month or 13, value.day or 0)


# ---------------------------------------------------------------- the builder


class _Builder:
    """Builds one report; holds the year's lookups and the notes numbered so far."""

    def __init__(self, services: Any, year: int,
                 reused: frozenset[str] | None = None) -> None:
        self.services = services
        # Acronyms used more than once in the text (None: introduce every acronym).
        self.reused = reused
        self.introduced: set[str] = set()
        self.year = year
        self.warnings: list[str] = []
        self.notes: list[Footnote] = []
        self.profile: GroupProfile = services.group.get() or GroupProfile()
        self.short = self.profile.short_name or "MSME Group"
        self.mentioned: set[str] = set()
        self._events_cache: list[OutreachEvent] | None = None
        self._proposals: list[Proposal] | None = None
        self._by_symbol: dict[str, Proposal] | None = None
        rows = services.organizations.list(ListQuery(limit=1_000_000))
        self.orgs: dict[str, _Org] = {}
        for row in rows:
            acronym, name = row.values[0] or None, row.values[1]
            org = _Org(name, acronym)
            self.orgs.setdefault(name, org)
            if acronym:
                self.orgs[acronym] = org
        self.members: dict[str, Member] = {}
        for group in (services.members.at_end_of(year - 1), services.members.joiners(year),
                      services.members.at_end_of(year)):
            for member in group:
                self.members[member.name] = member

    # -- small pieces

    def runs(self) -> _Runs:
        """A new run collector sharing the report's warnings."""
        return _Runs(self.warnings)

    def add_note(self, content: Sequence[Text]) -> int:
        """A new note numbered after the ones so far (document order is build order)."""
        number = len(self.notes) + 1
        self.notes.append(Footnote(number, tuple(content)))
        return number

    def prose(self, name: str) -> str:
        """A Member's name as a sentence uses it ("the United States")."""
        member = self.members.get(name)
        return member.prose_label if member else name

    def org(self, label: str) -> str:
        """An organization in running text: spelled out on first mention, "(ACR)" added when
        the acronym is used again later; after that the acronym ("the ITC", "UNCTAD")."""
        org = self.orgs.get(label)
        if org is None:
            return label
        if not org.acronym:
            self.mentioned.add(org.name)
            return _the(org.name)
        if org.name in self.introduced:
            return wording.acronym_in_text(org.acronym)
        self.mentioned.add(org.name)
        if self.reused is None or org.acronym in self.reused:
            self.introduced.add(org.name)
            return f"{_the(org.name)} ({org.acronym})"
        return _the(org.name)

    def party(self, label: str) -> str:
        """A proponent or partner that may be a Member or an organization."""
        if label in self.members:
            return self.prose(label)
        return self.org(label)

    # -- the whole report

    def build(self) -> Report:
        """Every section in order; notes are numbered as their markers first appear."""
        title_note = self.previous_reports_note()
        sections = (
            self.introduction(),
            self.meetings_section(),
            self.package_section(),
            self.other_activities(),
            self.conclusion(),
        )
        return Report(
            year=self.year,
            title=self.profile.name or "Informal Working Group on MSMEs",
            subtitle=f"{self.year} Annual Report",
            sections=sections,
            footnotes=tuple(self.notes),
            title_note=title_note,
            warnings=tuple(self.warnings),
        )

    def previous_reports_note(self) -> int | None:
        """Note 1: the earlier annual reports with their dates."""
        end = date(self.year, 12, 31)
        own = f"{self.year} annual report"
        reports = [d for d in self.services.documents.of_kind("annual-report", until=end)
                   if own not in d.title.lower() and d.date is not None]
        established = self.profile.established
        if not reports and established is not None and established.year >= self.year:
            return None  # the Group's first year: nothing came before
        runs = self.runs()
        if not reports:
            runs.add("Previous Annual Reports include ")
            runs.placeholder("[previous annual reports not recorded]").add(".")
            return self.add_note(runs.texts())
        items = [self._dated(d) for d in reports]
        runs.add("Previous Annual Reports include " if len(items) > 1
                 else "The previous Annual Report is ")
        runs.extend(wording.join_runs(items, semicolons=True)).add(".")
        return self.add_note(runs.texts())

    @staticmethod
    def _dated(document: Document) -> tuple[Text, ...]:
        """ "JOB/GC/207 dated 3 December 2018" as runs."""
        assert document.date is not None
        return (Text(document.symbol, "symbol"),
                Text(f" dated {wording.full_date(document.date)}"))

    # -- 1 Introduction

    def introduction(self) -> Section:
        """Establishment, Coordinator, membership, and the Ministerial Conference."""
        blocks: list[Block] = [self.establishment(), self.coordination()]
        ministerial = self.ministerial_paragraph()
        if ministerial is not None:
            blocks.append(ministerial)
        return Section(1, "Introduction", _numbered(1, blocks))

    def establishment(self) -> Paragraph:
        """When, where, by how many and by which document the Group was established."""
        p = self.profile
        runs = self.runs().add("On ")
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
        name = p.name or "Informal Working Group on MSMEs"
        long_name = name.replace("MSMEs", "Micro, Small and Medium-Sized Enterprises (MSMEs)", 1)
        runs.add(f" WTO Members established the {long_name} (")
        if p.established_by:
            runs.symbol(p.established_by)
        else:
            runs.placeholder("[establishing document not recorded]")
        runs.add(").")
        statement = (self.services.documents.by_symbol(p.established_by)
                     if p.established_by else None)
        if statement is not None and statement.title.startswith("Joint Ministerial Statement"):
            runs.add(' In their Joint Ministerial Statement, the "Friends of MSMEs" committed to '
                     'discussing and identifying "horizontal and non-discriminatory solutions" '
                     "to improve the participation of MSMEs in international trade while "
                     "considering the specific needs of developing economies.")
        return Paragraph("", tuple(runs.parts))

    def coordination(self) -> Paragraph:
        """The year's Coordinator(s), joiners, leavers and the membership at year end."""
        runs = self.runs()
        runs.add(f"The following Annual Report describes the activities of the "
                 f"{self.profile.name} ({self.short}) in {self.year}.")
        serving = [c for c in self.profile.coordinators if self._serves(c)]
        serving.sort(key=lambda c: (c.start or PartialDate(1900)))
        if not serving:
            runs.space().placeholder(f"[Coordinator in {self.year} not recorded]")
            runs.add(f" coordinated the {self.short} through the year.")
        for c in serving:
            runs.space().user(self._coordinator_sentence(c))
        runs.space()
        self.membership(runs)
        return Paragraph("", tuple(runs.parts))

    def _serves(self, c: Coordinator) -> bool:
        """Whether the Coordinator served at some time during the year."""
        return ((c.start is None or c.start.year <= self.year)
                and (c.end is None or c.end.year >= self.year))

    def _coordinator_sentence(self, c: Coordinator) -> str:
        """One sentence on a Coordinator's service during the year."""
        who = f"{c.name}, {c.title}," if c.title.strip() else c.name
        before = c.start is None or c.start.year < self.year
        through = c.end is None or c.end.year > self.year
        group = f"the {self.short}"
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

    def membership(self, runs: _Runs) -> None:
        """The joiners sentence with the new total, and the note listing the Members."""
        members = self.services.members
        joiners: list[Member] = list(members.joiners(self.year))
        at_end: list[Member] = list(members.at_end_of(self.year))
        before: list[Member] = list(members.at_end_of(self.year - 1))
        leavers = {m.name: m for m in [*before, *joiners]
                   if m.left is not None and m.left.year == self.year}
        total = wording.number(members.membership_at_end(self.year))
        group = f"the {self.short}"
        if not at_end:
            runs.placeholder(f"[membership of the {self.short} at the end of {self.year} "
                             "not recorded]").add(".")
            return
        names = wording.join(m.prose_label for m in joiners)
        left = wording.join(m.prose_label for m in leavers.values())
        if joiners:
            runs.add(wording.counted(len(joiners), "new Member", start=True)
                     + f" joined {group} during {self.year}: ")
            runs.user(names)
            if not leavers:
                runs.add(f", bringing total {self.short} membership to {total}.")
            else:
                runs.add(". ").user(wording.capitalize(left))
                runs.add(f" left {group} during the year, so that total {self.short} "
                         f"membership at the end of {self.year} was {total}.")
        elif leavers:
            runs.add(f"No new Members joined {group} during {self.year}. ")
            runs.user(wording.capitalize(left))
            runs.add(f" left {group} during the year, so that total {self.short} membership "
                     f"at the end of {self.year} was {total}.")
        else:
            runs.add(f"No new Members joined {group} during {self.year}; total {self.short} "
                     f"membership remained at {total}.")
        note = self.runs().add(f"Members of the {self.profile.name} are: ")
        note.user(wording.join(m.list_label for m in at_end)).add(".")
        runs.note(self.add_note(note.texts()))

    def ministerial_paragraph(self) -> Paragraph | None:
        """The Group's Ministerial Conference documents and events of the year, if any."""
        runs = self.runs()
        for document in self.ministerial_documents():
            rest = document.title
            for sep in (" – ", " - ", ": "):
                if rest.startswith(self.profile.name + sep):
                    rest = rest[len(self.profile.name) + len(sep):]
                    break
            rest = rest[4:] if rest.startswith("The ") else rest
            runs.space()
            conference = _CONFERENCE.match(rest)
            if conference:
                n = int(conference.group("n"))
                abbreviation = f"MC{n}"
                if abbreviation in self.mentioned:
                    runs.add(f"At {abbreviation}, the {self.short} also issued the ")
                else:
                    self.mentioned.add(abbreviation)
                    runs.add("At the ").extend(wording.ordinal_runs(n))
                    runs.add(f" Ministerial Conference ({abbreviation}), the {self.short} "
                             "issued the ")
                runs.user(conference.group("what"))
            else:
                runs.add(f"The {self.short} issued the ").user(rest)
            runs.add(" (").symbol(document.symbol).add(").")
        previous: OutreachEvent | None = None
        follow = 0
        for event in self.ministerial_events():
            runs.space()
            same = (previous is not None and previous.kind == event.kind
                    and previous.date == event.date)
            follow = follow + 1 if same else 0
            self.event_sentences(runs, event, follow=follow, opens=not runs.parts)
            previous = event
        if not runs.parts:
            return None
        return Paragraph("", tuple(runs.parts))

    def ministerial_documents(self) -> list[Document]:
        """Ministerial documents of the Group issued in the year."""
        found = []
        for document in self.services.documents.of_kind("ministerial"):
            if document.symbol == self.profile.established_by:
                continue
            if not document.title.startswith(self.profile.name):
                continue
            if _document_year(document) == self.year:
                found.append(document)
        return found

    def ministerial_events(self) -> list[OutreachEvent]:
        """The year's joint events that name a Ministerial Conference."""
        return [e for e in self._events() if _is_ministerial(e)]

    def _events(self) -> list[OutreachEvent]:
        """The year's outreach events (looked up once per report)."""
        if self._events_cache is None:
            events = list(self.services.outreach.in_year(self.year))
            self._events_cache = [e for e in events if e.date.year == self.year]
        return self._events_cache

    # -- 2 Open-ended meetings

    def meetings_section(self) -> Section:
        """The count and dates of the open-ended meetings, then one paragraph each."""
        meetings = [m for m in self.services.meetings.in_year(self.year, kind="open-ended")
                    if m.date.year == self.year]
        meetings.sort(key=lambda m: m.date)
        title = f"Open-ended meetings held by the {self.profile.name} during {self.year}"
        blocks: list[Block] = []
        runs = self.runs()
        if not meetings:
            runs.placeholder(f"[no open-ended meetings recorded for {self.year}]")
            return Section(2, title, _numbered(2, [Paragraph("", tuple(runs.parts))]))
        dates = wording.join(wording.day_month(m.date) for m in meetings)
        runs.add(f"The {self.short} held "
                 f"{wording.counted(len(meetings), 'open-ended meeting')} during {self.year}, "
                 f"on {dates}.")
        blocks.append(Paragraph("", tuple(runs.parts)))
        for i, meeting in enumerate(meetings):
            blocks.append(self.open_ended_meeting(meeting, i + 1, len(meetings)))
        return Section(2, title, _numbered(2, blocks))

    def open_ended_meeting(self, meeting: Meeting, nth: int, count: int) -> Paragraph:
        """Opening with ordinal and notice, narrative, presentations, proposals, summary."""
        runs = self.runs()
        day = wording.day_month(meeting.date)
        if nth == 1:
            runs.add(f"On {day}, the {self.short} held its ").extend(wording.ordinal_runs(nth))
            runs.add(f" open-ended meeting of {self.year} (")
        elif nth == count:
            runs.add(f"The {self.short} held its ").extend(wording.ordinal_runs(nth))
            runs.add(f" and last open-ended meeting of the year on {day} (")
        else:
            runs.add(f"The {self.short} held its ").extend(wording.ordinal_runs(nth))
            runs.add(f" open-ended meeting of the year on {day} (")
        if meeting.convening_notice:
            runs.symbol(meeting.convening_notice)
        else:
            runs.placeholder("[convening notice not recorded]")
        runs.add(").")
        self.meeting_body(runs, meeting)
        runs.space().add("A full summary of the meeting and of presentations received is "
                         "available in document ")
        if meeting.summary_document:
            runs.symbol(meeting.summary_document)
        else:
            runs.placeholder("[summary document not recorded]")
        runs.add(".")
        return Paragraph("", tuple(runs.parts))

    def meeting_body(self, runs: _Runs, meeting: Meeting, *, required: bool = True) -> None:
        """The staff narrative, then presentations, spotlights and proposals as sentences."""
        if meeting.summary.strip():
            runs.space().user(wording.sentence(meeting.summary))
        elif required:
            runs.space().placeholder("[narrative of the meeting not recorded]").add(".")
        self.presentations(runs, meeting.presentations)
        for spotlight in meeting.spotlights:
            runs.space()
            self.spotlight(runs, spotlight)
        self.proposals(runs, meeting)

    def presentations(self, runs: _Runs, talks: Sequence[Presentation]) -> None:
        """Presentations as sentences: who gave them, grouped where they share a topic.

        The verb follows who spoke and what about (``wording.presentation_verb``):
        organizations and WTO bodies "briefed the Group on", Members and people "presented"
        their own work, "explained" how or why, "presented on" anything else; a sentence
        with the same verb as the one just before it is varied (``wording.varied_verb``).
        """
        plain = [p for p in talks if not p.speaker.strip() and not p.topic.strip()
                 and (p.organization or p.member)]
        if plain:
            names = [self.org(p.organization) if p.organization else self.prose(p.member or "")
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
            subjects = [s for s in (self.presenter(p, topic) for p in group) if s]
            if not subjects:
                runs.add("The Group received a presentation on ")
                runs.user(wording.sentence(topic))
                previous = ""
                continue
            if len(subjects) == 2 and _open_comma(subjects[0]):
                who = f"{subjects[0]}, and {subjects[1]}"
            else:
                who = wording.join(subjects)
            if _open_comma(subjects[-1]):
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

    def presenter(self, p: Presentation, topic: str = "") -> str:
        """Who gave a presentation: "Lazzat Daniyarova of the World Customs Organization
        (WCO)", "Vanessa Erogbogbo, Chief of …, at the ITC", "Crispin Waymouth (European
        Union)", "the United Kingdom". A speaker whose topic names their organization in
        full ("the work of the Standards and Trade Development Facility") is named alone."""
        speaker = p.speaker.strip()
        if speaker and p.organization:
            if self._spelled_in(p.organization, topic):
                return speaker
            org = self.org(p.organization)
            return f"{speaker} {'at' if _open_comma(speaker) else 'of'} {org}"
        if speaker and p.member:
            return f"{speaker} ({_without_article(self.prose(p.member))})"
        if speaker:
            return speaker
        if p.organization:
            return self.org(p.organization)
        if p.member:
            return self.prose(p.member)
        return ""

    def _spelled_in(self, label: str, text: str) -> bool:
        """Whether the text spells the organization's name out."""
        org = self.orgs.get(label)
        return org is not None and org.name.lower() in text.lower()

    def spotlight(self, runs: _Runs, s: Spotlight) -> None:
        """An MSME Spotlight: the business, its person and country, who introduced it."""
        runs.add("The MSME Spotlight featured ").user(s.business.strip())
        about = [x.strip() for x in (s.person, s.country) if x.strip()]
        if about:
            runs.add(" (").user(", ".join(about)).add(")")
        if s.introduced_by.strip():
            runs.add(", introduced by ").user(self.party(s.introduced_by.strip()))
        description = s.description.strip()
        if description and _starts_with_article(description):
            runs.add(": ").user(wording.sentence(_decapitalize_article(description)))
        elif description:
            runs.add(". ").user(wording.sentence(description))
        else:
            runs.add(".")

    def proposals(self, runs: _Runs, meeting: Meeting) -> None:
        """The proposals discussed: the new ones listed, the others "continued".

        A proposal the meeting's own text cites already (a presentation of it, or the
        narrative) is not listed again. A single new proposal carries its summary as a
        "which …" clause where the summary reads as one.
        """
        if not meeting.proposals:
            return
        known = self.proposals_by_symbol()
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
            runs.extend(self.proposal_runs(*new[0]))
            proposal = new[0][1]
            clause = wording.relative_clause(proposal.summary) if proposal else None
            if clause:
                runs.add(", ").user(clause)
            runs.add(".")
        elif new:
            runs.space().add(f"The Group discussed {wording.counted(len(new), 'new proposal')} "
                             "for future work: ")
            items = [(Text(f"{i}) "), *self.proposal_runs(*item)) for i, item in
                     enumerate(new, start=1)]
            runs.extend(wording.join_runs(items, semicolons=True, serial_comma=True)).add(".")
        if again:
            runs.space().add("The Group continued its discussion of ")
            items = [self.proposal_runs(*item) for item in again]
            runs.extend(wording.join_runs(items, semicolons=len(items) > 2)).add(".")

    def all_proposals(self) -> list[Proposal]:
        """Every proposal (looked up once per report)."""
        if self._proposals is None:
            self._proposals = list(self.services.proposals.all())
        return self._proposals

    def proposals_by_symbol(self) -> dict[str, Proposal]:
        """Every proposal by its symbol (made once per report, not once per meeting)."""
        if self._by_symbol is None:
            self._by_symbol = {p.symbol: p for p in self.all_proposals()}
        return self._by_symbol

    def proposal_runs(self, symbol: str, proposal: Proposal | None) -> tuple[Text, ...]:
        """ "the United States proposal "Title" (INF/MSME/W/51)"."""
        runs = self.runs()
        proponents = proposal.proponents if proposal else ()
        if len(proponents) == 1:
            runs.add("the ").user(_without_article(self.party(proponents[0])))
            runs.add(" proposal")
        elif proponents:
            runs.add("the joint proposal of ").user(
                wording.join(self.party(p) for p in proponents))
        else:
            runs.add("the proposal")
        if proposal and proposal.title.strip():
            runs.add(' "').user(proposal.title.strip()).add('"')
        runs.add(" (").symbol(symbol).add(")")
        return runs.texts()

    # -- 3 The December 2020 MSME Package

    def package_section(self) -> Section:
        """The introduction citing the Package, then one subsection per annex with entries."""
        blocks: list[Block] = []
        runs = self.runs().add("Members continued to implement the December 2020 MSME "
                               "Package (").symbol(PACKAGE_SYMBOL).add(").")
        blocks.append(Paragraph("", tuple(runs.parts)))
        entries: list[PackageEntry] = [e for e in self.services.package.in_year(self.year)
                                       if e.year == self.year]
        annexes = sorted({e.annex for e in entries})
        if not annexes:
            runs = self.runs().placeholder(
                f"[no implementation of the Package recorded for {self.year}]")
            blocks.append(Paragraph("", tuple(runs.parts)))
        for i, annex in enumerate(annexes, start=1):
            blocks.append(Subsection(f"3.{i}", f"Annex {annex}"))
            runs = self.runs()
            for entry in (e for e in entries if e.annex == annex):
                runs.space()
                self.package_entry(runs, entry)
            blocks.append(Paragraph("", tuple(runs.parts)))
        return Section(3, "Implementation of the December 2020 MSME Package",
                       _numbered(3, blocks))

    def package_entry(self, runs: _Runs, entry: PackageEntry) -> None:
        """ "Canada and China included …" or the entry's own sentence."""
        summary = entry.summary.strip()
        if entry.members:
            runs.user(wording.capitalize(wording.join(self.prose(m) for m in entry.members)))
            if summary:
                runs.add(" ").user(wording.sentence(summary))
            else:
                runs.add(" ").placeholder("[what these Members did not recorded]").add(".")
        elif summary:
            runs.user(wording.sentence(wording.capitalize(summary)))
        else:
            runs.placeholder(f"[Annex {entry.annex} entry not described]").add(".")

    # -- 4 Other activities

    def other_activities(self) -> Section:
        """Events and meetings by date; then speaking, website, newsletters (as in 2024)."""
        in_intro = {id(e) for e in self.ministerial_events()}
        events = [e for e in self._events() if id(e) not in in_intro]
        meetings = [m for m in self.services.meetings.in_year(self.year)
                    if m.kind != "open-ended" and m.date.year == self.year]
        dated: list[tuple[tuple[int, int, int], int, OutreachEvent | Meeting]] = []
        for i, event in enumerate(e for e in events if e.kind not in _LATE_KINDS):
            dated.append((_sort_date(event.date), i, event))
        for i, meeting in enumerate(meetings):
            dated.append(((meeting.date.year, meeting.date.month, meeting.date.day), -1 - i,
                          meeting))
        dated.sort(key=lambda item: (item[0], item[1]))
        blocks: list[Block] = []
        for _, _, item in dated:
            runs = self.runs()
            if isinstance(item, Meeting):
                self.other_meeting(runs, item)
            else:
                self.event_sentences(runs, item)
            blocks.append(Paragraph("", tuple(runs.parts)))
        speaking = sorted((e for e in events if e.kind == "speaking-engagement"),
                          key=lambda e: _sort_date(e.date))
        if speaking:
            blocks.append(self.speaking_engagements(speaking))
        for event in (e for e in events if e.kind == "website"):
            runs = self.runs()
            self.event_sentences(runs, event)
            blocks.append(Paragraph("", tuple(runs.parts)))
        newsletters = [e for e in events if e.kind == "newsletter"]
        if newsletters:
            blocks.append(self.newsletters(newsletters))
        if not blocks:
            runs = self.runs().placeholder(f"[no other activities recorded for {self.year}]")
            blocks.append(Paragraph("", tuple(runs.parts)))
        return Section(4, "Other activities", _numbered(4, blocks))

    def speaking_engagements(self, events: list[OutreachEvent]) -> Paragraph:
        """The Coordinator's interventions at others' events, in one paragraph: a lead
        sentence, then one sentence per event dated within the year, the subject and verb
        varied ("the Coordinator took part in", "he attended") so that no opening repeats."""
        serving = [c for c in self.profile.coordinators if self._serves(c)]
        runs = self.runs().add(f"As Coordinator of the {self.short}, ")
        if serving:
            who = wording.join(f"{c.name}, {c.title}" if c.title.strip() else c.name
                               for c in serving)
            runs.user(who + ("," if _open_comma(who) else ""))
        else:
            runs.placeholder(f"[Coordinator in {self.year} not recorded]")
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
            note = self.partners(runs, list(event.partners), " with ", title=event.title)
            self._close_event(runs, event, note)
        return Paragraph("", tuple(runs.parts))

    def other_meeting(self, runs: _Runs, meeting: Meeting) -> None:
        """A meeting that is not open-ended: its kind and date, then as an open-ended one."""
        what = _MEETING_KINDS.get(meeting.kind, "a meeting")
        runs.add(f"On {wording.full_date(meeting.date)}, the {self.short} held {what}")
        if meeting.convening_notice:
            runs.add(" (").symbol(meeting.convening_notice).add(")")
        runs.add(".")
        self.meeting_body(runs, meeting)
        if meeting.summary_document:
            runs.space().add("A full summary of the meeting is available in document ")
            runs.symbol(meeting.summary_document).add(".")

    def event_sentences(self, runs: _Runs, event: OutreachEvent, *, follow: int = 0,
                        opens: bool = True) -> None:
        """An outreach event: an opening from kind, date and partners, then the summary.

        ``opens``: the sentence starts its paragraph (the Group by its short name, "the MSME
        Group"; "the Group" after). ``follow``: how many events of the same kind and date
        came just before in the paragraph; those openings drop the date and vary ("The Group
        also held …", "A further joint event … was held …").
        """
        title = event.title.strip()
        partners = list(event.partners)
        kind = event.kind
        if follow == 0:
            group = f"the {self.short}" if opens else "the Group"
            lead = f"{wording.when(event.date, event.end_date)}, {group} "
        else:
            lead = "The Group also "
        # A partner the title names already ("the UNCTAD Global Supply Chain Forum") is not
        # named again; a joint event's partners are the Group's co-hosts and always named.
        named = None if kind == "joint-event" else title
        note: int | None
        if kind == "award":
            runs.add(f"{lead}announced ").user(_as_name(title))
            note = self.partners(runs, partners, ", in partnership with ", title=named)
        elif kind in ("network-meeting", "private-sector-dialogue"):
            runs.add(f"{lead}held ").user(_as_name(title))
            note = self.partners(runs, partners, " with ", title=named)
        elif kind == "speaking-engagement":
            runs.add(f"{lead.replace(f'the {self.short} ', 'the Coordinator ')}took part in ")
            runs.user(_as_name(title))
            note = self.partners(runs, partners, " with ", title=named)
        elif kind == "website":
            name = _as_name(title)
            runs.add(f"{lead}maintained ").user(name)
            if "website" not in title.lower():
                runs.add(" website")
            note = self.partners(runs, partners, " with ", title=named)
        elif kind == "joint-event" and follow >= 2:
            runs.add('A further joint event, "').user(title).add('", was held')
            note = self.partners(runs, partners, " with ", title=named)
        elif kind == "joint-event":
            runs.add(f'{lead}held a joint event, "').user(title).add('"')
            note = self.partners(runs, partners, ", with ", title=named)
        else:
            runs.add(f'{lead}took part in "').user(title).add('"')
            note = self.partners(runs, partners, ", with ", title=named)
        self._close_event(runs, event, note)

    def _close_event(self, runs: _Runs, event: OutreachEvent, note: int | None) -> None:
        """The full stop, the partners' note marker, then the summary staff wrote."""
        runs.add(".")
        if note is not None:
            runs.note(note)
        if event.summary.strip():
            runs.space().user(wording.sentence(event.summary))
        else:
            runs.space().placeholder("[summary of the event not recorded]").add(".")

    def partners(self, runs: _Runs, partners: list[str], lead: str,
                 title: str | None = None) -> int | None:
        """Partners named in the sentence, or counted with a note (returned) when many.

        With ``title``, a partner whose name or acronym the title holds is left out.
        """
        if title is not None:
            partners = [p for p in partners if not self._named_in(p, title)]
        if not partners:
            return None
        if len(partners) <= _PARTNERS_IN_TEXT:
            runs.add(lead).user(wording.join(self.party(p) for p in partners))
            return None
        runs.add(lead + wording.counted(len(partners), "organization"))
        names = [self.full_party(p) for p in partners]
        note = self.runs().user(wording.capitalize(wording.join(names, semicolons=True)))
        return self.add_note(note.add(".").texts())

    def _named_in(self, label: str, text: str) -> bool:
        """Whether the text names the organization or Member, in full or by acronym."""
        org = self.orgs.get(label)
        forms = [label] if org is None else [org.name, *([org.acronym] if org.acronym else [])]
        return any(wording.acronym_pattern(form).search(text) for form in forms if form)

    def full_party(self, label: str) -> str:
        """A partner in a list note: always in full, "the Name (ACR)"."""
        org = self.orgs.get(label)
        if org is None:
            return self.party(label)
        self.mentioned.add(org.name)
        if org.acronym:
            self.introduced.add(org.name)
            return f"{_the(org.name)} ({org.acronym})"
        return _the(org.name)

    def newsletters(self, events: list[OutreachEvent]) -> Paragraph:
        """The year's newsletters in one paragraph, as the 2024 report has them.

        Titles that only repeat the word ("Newsletter 2024-Summer") are named by what is
        left, in brackets: "two newsletters (2024-Summer and 2024-Fall)".
        """
        runs = self.runs()
        short = [_NEWSLETTER.sub("", e.title.strip()).strip() for e in events]
        items = []
        for e, rest in zip(events, short, strict=True):
            item = self.runs()
            if all(short):
                item.user(rest)
            else:
                item.add('"').user(e.title.strip()).add('"')
            if e.date.month is not None:
                item.add(f" ({wording.partial_date(e.date)})" if not all(short)
                         else f" of {wording.partial_date(e.date, with_year=False)}")
            items.append(item.texts())
        runs.add(f"During {self.year}, the Coordinator issued "
                 f"{wording.counted(len(events), 'newsletter')}")
        if all(short):
            runs.add(" (").extend(wording.join_runs(items)).add(").")
        else:
            runs.add(": ").extend(wording.join_runs(items)).add(".")
        for e in events:
            if e.summary.strip():
                runs.space().user(wording.sentence(e.summary))
            else:
                runs.space().placeholder("[summary of the newsletter not recorded]").add(".")
        return Paragraph("", tuple(runs.parts))

    # -- 5 Conclusion

    def conclusion(self) -> Section:
        """Adopted ad referendum at the year's last open-ended meeting."""
        meetings = [m for m in self.services.meetings.in_year(self.year, kind="open-ended")
                    if m.date.year == self.year]
        body = (self.profile.name.split(" on ")[0] if self.profile.name.startswith(
            "Informal Working Group") else self.short)
        runs = self.runs().add(f"The {body} adopted the present Annual Report ({self.year}) "
                               "ad referendum at its ")
        if meetings:
            last = max(m.date for m in meetings)
            runs.add(f"{wording.full_date(last)} open-ended meeting.")
        else:
            runs.add("open-ended meeting of ").placeholder("[date not recorded]").add(".")
        return Section(5, "Conclusion", _numbered(5, [Paragraph("", tuple(runs.parts))]))


# ---------------------------------------------------------------- helpers


def _numbered(section: int, blocks: Sequence[Block]) -> tuple[Block, ...]:
    """Number the paragraphs of a section through its subsections: "3.1.", "3.2.", …."""
    out: list[Block] = []
    n = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            n += 1
            out.append(Paragraph(f"{section}.{n}.", block.content))
        else:
            out.append(block)
    return tuple(out)


def _document_year(document: Document) -> int | None:
    """The year of a document: its date, else the "(24)" of a WT/MIN(24)/… symbol."""
    if document.date is not None:
        return document.date.year
    match = re.match(r"WT/MIN\((\d\d)\)/", document.symbol)
    return 2000 + int(match.group(1)) if match else None


def _is_ministerial(event: OutreachEvent) -> bool:
    """A joint event that names a Ministerial Conference (it goes in the introduction)."""
    return event.kind == "joint-event" and bool(
        _MINISTERIAL.search(event.title) or _MINISTERIAL.search(event.summary))
