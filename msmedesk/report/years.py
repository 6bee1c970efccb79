"""Whether a year makes sense for the draft annual report.

A year outside the years a date may hold is refused (``year_problem``). A year that is
possible but odd (before the Group was established, after next year, or without a single
record) still gets its draft, with a sentence saying so (``year_notices``): the user may
mean it, but may as well have mistyped it. The services are read through ``NoticeSource``
(``msmedesk.records.Services`` is one), so that this module imports no database code.
"""

from __future__ import annotations

from datetime import date
from typing import Protocol

from msmedesk.domain import GroupProfile, Member
from msmedesk.registry import DOCUMENTS, MEETINGS, MEMBERS, OUTREACH, PACKAGE, PROPOSALS

# What a year's draft is made of, in the registry's words ("meetings, proposals, ...").
_NOTHING = (", ".join(t.plural for t in (MEETINGS, PROPOSALS, OUTREACH, PACKAGE, DOCUMENTS))
            + f" or new {MEMBERS.plural}")

# The years a date in the records may hold (domain.PartialDate).
FIRST_YEAR = 1900
LAST_YEAR = 2200


class _Years(Protocol):
    def years(self) -> list[int]: ...


class _Group(Protocol):
    def get(self) -> GroupProfile | None: ...


class _Members(Protocol):
    def joiners(self, year: int) -> list[Member]: ...


class NoticeSource(Protocol):
    """The services as ``year_notices`` reads them (read-only, so any service fits)."""

    @property
    def group(self) -> _Group: ...
    @property
    def members(self) -> _Members: ...
    @property
    def meetings(self) -> _Years: ...
    @property
    def proposals(self) -> _Years: ...
    @property
    def outreach(self) -> _Years: ...
    @property
    def package(self) -> _Years: ...
    @property
    def documents(self) -> _Years: ...


def year_problem(year: int) -> str | None:
    """The sentence that refuses ``year``, or None when a report can be written for it."""
    if FIRST_YEAR <= year <= LAST_YEAR:
        return None
    return (f"{year} is not a year a report can be written for; give a year from "
            f"{FIRST_YEAR} to {LAST_YEAR}.")


def year_notices(services: NoticeSource, year: int, today: date | None = None) -> list[str]:
    """Sentences on what is odd about a report for ``year`` (none for an ordinary year)."""
    today = today or date.today()
    notices = []
    profile = services.group.get()
    established = profile.established if profile is not None else None
    name = profile.short_name if profile is not None and profile.short_name else "MSME Group"
    if established is not None and year < established.year:
        notices.append(f"{year} is before the {name} was established (in "
                       f"{established:%B} {established.year}); check the year.")
    if year > today.year + 1:
        notices.append(f"{year} is more than a year ahead; check the year.")
    if not _has_records(services, year):
        notices.append(f"Nothing is recorded for {year} (no {_NOTHING}), so the draft is "
                       "little more than placeholders.")
    return notices


def _has_records(services: NoticeSource, year: int) -> bool:
    for kind in (services.meetings, services.proposals, services.outreach, services.package,
                 services.documents):
        if year in kind.years():
            return True
    return bool(list(services.members.joiners(year)))
