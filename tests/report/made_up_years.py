"""Made-up years for the prose and cross-format tests, entered through the services into a
fresh data file as staff would enter them (no hand-made report, no builder shortcut).

``YEAR`` is the made-up year; ``fill(services, kind)`` enters the records of one kind of
year: "empty" (nothing but the Group's profile), "busy" (everything, narratives with
line breaks), "leavers" (Members leaving, some rejoining), "lower-case" (descriptions and
summaries that start in lower case, as staff type them) and "missing" (no narratives,
no summaries, no documents).
"""

from __future__ import annotations

from datetime import date

from msmedesk.domain import (
    Coordinator,
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
)
from msmedesk.records import Services

YEAR = 2029
KINDS = ("empty", "busy", "leavers", "lower-case", "missing")
# A narrative staff typed on three lines; the formats must keep its line breaks.
BROKEN_NARRATIVE = ("Members reviewed the work programme on 18 October.\n"
                    "Viet Nam and Sri Lanka asked for a second session.\r\n"
                    "The Secretariat took note.")
LONG_WORD = "https://example.org/" + "a" * 150


def _profile(services: Services) -> None:
    services.group.save(GroupProfile(
        established=date(2017, 12, 13), established_by="WT/MIN(17)/58/Rev.1",
        established_at="the 11th Ministerial Conference (MC11)", founding_members=88,
        coordinators=(Coordinator("H.E. Mr Ben New", "Ambassador of Kenya"),)))


def _members(services: Services, *, leavers: bool) -> None:
    for member in (
        Member("Albania"),
        Member("Korea, Republic of", prose_name="the Republic of Korea"),
        Member("Viet Nam"),
        Member("Sri Lanka", joined=PartialDate(YEAR, 3, 2)),
        Member("Türkiye"),
        Member("Chad", joined=PartialDate(YEAR - 1, 4)),
        Member("Honduras", left=PartialDate(YEAR, 6, 30) if leavers else None),
        Member("Costa Rica", left=PartialDate(YEAR, 9) if leavers else None),
        Member("El Salvador", joined=PartialDate(YEAR, 8), left=PartialDate(YEAR, 11)
               if leavers else None),
    ):
        services.members.create(member)


def _organizations(services: Services) -> None:
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    services.organizations.create(Organization("World Customs Organization", "WCO"))
    services.organizations.create(Organization("United Nations Conference on Trade and "
                                               "Development", "UNCTAD"))
    services.documents.create(Document("INF/MSME/R/70", "Annual Report", date(YEAR, 2, 1),
                                       "annual-report"))


def _busy(services: Services, *, lower: bool, missing: bool) -> None:
    def say(text: str) -> str:
        if missing:
            return ""
        return text[0].lower() + text[1:] if lower else text

    services.proposals.create(Proposal("INF/MSME/W/90", "Trade and data", ("Albania",),
                                       PartialDate(YEAR)))
    services.proposals.create(Proposal("INF/MSME/W/91", "Single windows", ("Viet Nam", "Chad"),
                                       PartialDate(YEAR)))
    days = (date(YEAR, 3, 19), date(YEAR, 7, 1), date(YEAR, 10, 18), date(YEAR, 12, 10))
    for i, day in enumerate(days):
        services.meetings.create(Meeting(
            day, convening_notice=None if missing else f"INF/MSME/CN/{60 + i}",
            summary_document=None if missing else f"INF/MSME/R/{80 + i}",
            summary=say(BROKEN_NARRATIVE if i == 2 else f"Members exchanged views on {LONG_WORD}"
                        if i == 1 else "Members took stock of the year's work."),
            proposals=("INF/MSME/W/90",) if i < 2 else ("INF/MSME/W/91",),
            presentations=(Presentation(organization="ITC", topic="e-commerce"),
                           Presentation(member="Viet Nam", topic="its SME portal"),
                           Presentation(speaker="Jo Doe", organization="UNCTAD",
                                        topic="how firms export")),
            spotlights=(Spotlight("Tea & Co", "Mia Roe", "Nepal", "ITC",
                                  say("A small tea firm.")),
                        Spotlight("Jam Ltd", "Ana Li", "Chile", "WCO",
                                  say("A micro jam maker that exports to ten markets."))),
        ))
    services.meetings.create(Meeting(date(YEAR, 9, 9), kind="thematic",
                                     summary=say("A thematic session on customs.")))
    for day, title, kind, partners in (
        (PartialDate(YEAR, 6, 27), "Small Business Champions", "award", ("ITC",)),
        (PartialDate(YEAR, 5), "Global Supply Chain Forum", "speaking-engagement", ("UNCTAD",)),
        (PartialDate(YEAR, 11, 4), "Trade Week", "speaking-engagement", ()),
        (PartialDate(YEAR, 4, 2), "Network meeting", "network-meeting", ("ITC", "WCO")),
        (PartialDate(YEAR, 8), "MSME Group newsletter", "newsletter", ()),
    ):
        services.outreach.create(OutreachEvent(day, title, kind=kind, partners=partners,
                                               summary=say("The Coordinator spoke on "
                                                           "small firms.")))
    # With Members, a summary is what they did ("reported on …"), typed in lower case.
    services.package.create(PackageEntry(3, YEAR, ("Albania", "Korea, Republic of"),
                                         "" if missing else "reported on trade facilitation"))
    services.package.create(PackageEntry(5, YEAR, ("Türkiye",),
                                         "" if missing else "shared its data"))
    services.package.create(PackageEntry(6, YEAR, (), "an online trade helpdesk opened"
                                         if lower else "An online trade helpdesk opened"))


def fill(services: Services, kind: str) -> None:
    """Enter the records of one kind of made-up year (see the module's description)."""
    assert kind in KINDS, kind
    _profile(services)
    if kind == "empty":
        return
    _members(services, leavers=kind == "leavers")
    _organizations(services)
    _busy(services, lower=kind == "lower-case", missing=kind == "missing")
