"""What each symbol field expects, and which meetings may share a document.

Pure rules, free of Qt and SQLAlchemy, used alike by the form (its flag and question),
the importer and ``check``:

* a convening notice is an INF/MSME/CN/… document, a summary an INF/MSME/R/… one, and a
  proposal has an INF/MSME/W/… part (it may be a joint document of two bodies). A symbol of
  another series is allowed (the user confirms it; an archive may carry it), but it is
  flagged, because it is usually a slip ("INF/MSME/X" is no convening notice);
* a convening notice or summary belongs to one meeting: meetings on different dates never
  share one, while an open-ended meeting and its thematic session on the same day may.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from msmedesk.domain import DocumentSymbol, Meeting, PartialDate, Proposal

_STATUS = r"(?:/(?:Rev|Add|Corr|Suppl)\.[0-9]+)*"


@dataclass(frozen=True)
class Series:
    """A document series a symbol field expects, e.g. convening notices INF/MSME/CN/…."""

    noun: str  # "convening notice"
    prefix: str  # "INF/MSME/CN/"
    # Whether a joint symbol ("INF/MSME/W/58-INF/TGE/COM/11") fits when one of its parts
    # is of the series; a convening notice or summary is the Group's own, never joint.
    joint: bool = False

    @property
    def pattern(self) -> str:
        """How the series reads to a person: "INF/MSME/CN/…"."""
        return f"{self.prefix}…"

    def fits(self, symbol: str) -> bool:
        """Whether a (valid) symbol is of this series: the prefix, a number, any status."""
        one = re.compile(rf"^{re.escape(self.prefix)}[0-9]+{_STATUS}$")
        parts = DocumentSymbol(symbol.strip()).parts() if self.joint else (symbol.strip(),)
        return any(one.match(part) for part in parts)

    def flag(self) -> str:
        """The short flag beside the field: "Not a convening notice (those are …)"."""
        return f"Not {_article(self.noun)} {self.noun} (those are {self.pattern})"

    def problem(self, symbol: str) -> str:
        """The sentence about a symbol of another series (for check and the question)."""
        return f"{symbol} is not {_article(self.noun)} {self.noun} ({self.pattern})"


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


CONVENING_NOTICE = Series("convening notice", "INF/MSME/CN/")
SUMMARY = Series("summary", "INF/MSME/R/")
PROPOSAL = Series("proposal", "INF/MSME/W/", joint=True)

#: The series of each symbol field of a meeting and of a proposal.
MEETING_SERIES = {"convening_notice": CONVENING_NOTICE, "summary_document": SUMMARY}
PROPOSAL_SERIES = {"symbol": PROPOSAL}

#: How a meeting's document fields read in a sentence.
ROLES = {"convening_notice": "convening notice", "summary_document": "summary"}


def off_series(record: Meeting | Proposal) -> list[tuple[str, str]]:
    """(field, sentence) for each valid symbol of ``record`` that is of another series."""
    fields = MEETING_SERIES if isinstance(record, Meeting) else PROPOSAL_SERIES
    out: list[tuple[str, str]] = []
    for name, series in fields.items():
        value = getattr(record, name)
        if value and DocumentSymbol.is_valid(value) and not series.fits(value):
            out.append((name, series.problem(value)))
    return out


def meeting_name(when: date, kind: str = "") -> str:
    """"the meeting of 19 March 2024" ("the thematic meeting of …" for a ``kind`` given)."""
    what = f"{kind} meeting" if kind else "meeting"
    return f"the {what} of {PartialDate.from_date(when).long()}"


@dataclass(frozen=True)
class SharedDocument:
    """One document on two meetings of different dates (which a document may not be)."""

    symbol: str
    first: tuple[date, str]  # (date, field) of the earlier meeting
    second: tuple[date, str]  # (date, field) of the later one

    def sentence(self) -> str:
        """"INF/MSME/CN/28 is the convening notice of both the meeting of … and …"."""
        (d1, f1), (d2, f2) = self.first, self.second
        if f1 == f2:
            return (f"{self.symbol} is the {ROLES[f1]} of both {meeting_name(d1)} and "
                    f"{meeting_name(d2)}")
        return (f"{self.symbol} is the {ROLES[f1]} of {meeting_name(d1)} and the {ROLES[f2]} "
                f"of {meeting_name(d2)}")


def shared_documents(meetings: Iterable[Meeting]) -> list[SharedDocument]:
    """Each document that meetings of different dates share, with the first two such dates.

    Meetings of one day (an open-ended meeting and its thematic session) may share one.
    """
    uses: dict[str, list[tuple[date, str]]] = {}
    for m in meetings:
        for name in ROLES:
            symbol = getattr(m, name)
            if symbol:
                uses.setdefault(symbol, []).append((m.date, name))
    out: list[SharedDocument] = []
    for symbol, found in uses.items():
        found.sort()
        later = next((u for u in found if u[0] != found[0][0]), None)
        if later is not None:
            out.append(SharedDocument(symbol, found[0], later))
    return sorted(out, key=lambda s: (s.first, s.symbol))


def shared_by_new(new: Iterable[tuple[int, Meeting]], old: Iterable[Meeting]
                  ) -> list[tuple[int, str, SharedDocument]]:
    """(position, field, pair) for each document a new meeting shares with an older one.

    ``new`` are meetings about to be added with their positions (in an archive), ``old``
    those already recorded. Each pair is told once, at the later new meeting of it; a pair
    of two old meetings is not told here (``check`` names it), so that a file that holds
    one can still take in other records.
    """
    seen: dict[str, list[tuple[date, str]]] = {}
    for m in old:
        for name in ROLES:
            if getattr(m, name):
                seen.setdefault(getattr(m, name), []).append((m.date, name))
    out: list[tuple[int, str, SharedDocument]] = []
    for position, m in new:
        for name in ROLES:
            symbol = getattr(m, name)
            if not symbol:
                continue
            other = next((u for u in seen.get(symbol, ()) if u[0] != m.date), None)
            if other is not None:
                first, second = sorted([(m.date, name), other])
                out.append((position, name, SharedDocument(symbol, first, second)))
        for name in ROLES:  # after both fields: its own two fields never clash
            if getattr(m, name):
                seen.setdefault(getattr(m, name), []).append((m.date, name))
    return out
