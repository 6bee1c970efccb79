"""The report reads a year once: one session, one frozen ``YearRecords``, built from alone."""

from __future__ import annotations

import ast
import dataclasses
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import sessionmaker

import msmedesk
from msmedesk.domain import (
    Document,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Proposal,
)
from msmedesk.records import Services
from msmedesk.report import build, make_report

REPORT = Path(msmedesk.__file__).parent / "report"


@pytest.fixture
def counted_sessions(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many database sessions are opened from here on (every service opens its own)."""
    opened = [0]
    original = sessionmaker.__call__

    def counting(self: sessionmaker[Any], *args: Any, **kwargs: Any) -> Any:
        opened[0] += 1
        return original(self, *args, **kwargs)

    monkeypatch.setattr(sessionmaker, "__call__", counting)
    return opened


@pytest.mark.parametrize("year", [2024, 2031])
def test_a_report_opens_one_session(sample_services: Services, counted_sessions: list[int],
                                    year: int) -> None:
    """Building a year's report (a busy year or an empty one) reads the file in one session."""
    report = make_report(sample_services, year)
    assert report.year == year
    assert counted_sessions[0] == 1


def _records(services: Services) -> None:
    """2026 with neighbours in 2025 and 2027 that the year's read must leave out."""
    services.group.save(GroupProfile(established=date(2017, 12, 13),
                                     established_by="WT/MIN(17)/58/Rev.1"))
    services.documents.create(Document("WT/MIN(17)/58/Rev.1", "Joint Ministerial Statement",
                                       date(2017, 12, 13), "ministerial"))
    for member in (Member("Albania"), Member("Chad", joined=PartialDate(2026, 4)),
                   Member("Oman", left=PartialDate(2026, 2)),
                   Member("Vanuatu", joined=PartialDate(2027, 2)),
                   Member("European Union", counts_as=28)):
        services.members.create(member)
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    for symbol, day in (("INF/MSME/R/50", date(2025, 2, 1)), ("INF/MSME/R/60", date(2027, 2, 1))):
        services.documents.create(Document(symbol, "Annual Report", day, "annual-report"))
    services.proposals.create(Proposal("INF/MSME/W/70", "New", ("Albania",)))
    services.proposals.create(Proposal("INF/MSME/W/60", "Old", ("Chad",)))
    services.meetings.create(Meeting(date(2025, 12, 1), proposals=("INF/MSME/W/60",)))
    services.meetings.create(Meeting(date(2026, 9, 9), kind="thematic"))
    services.meetings.create(Meeting(date(2026, 2, 10), proposals=("INF/MSME/W/70",)))
    services.meetings.create(Meeting(date(2027, 1, 15)))
    services.outreach.create(OutreachEvent(PartialDate(2026, 6), "Champions", kind="award",
                                           partners=("ITC",)))
    services.outreach.create(OutreachEvent(PartialDate(2025, 6), "Old award", kind="award"))
    services.package.create(PackageEntry(3, 2026, ("Albania",), "reported"))
    services.package.create(PackageEntry(1, 2025, ("Chad",), "old entry"))


def test_year_records_hold_the_year_and_what_its_sentences_name(services: Services) -> None:
    """The year's meetings, events and entries; the members around it; the proposals its
    meetings discussed; the reports up to its end; never a record of another year."""
    _records(services)
    records = services.year_records(2026)
    assert records.year == 2026
    assert records.profile is not None
    assert records.profile.established_by == "WT/MIN(17)/58/Rev.1"
    assert records.establishing_document is not None
    assert records.establishing_document.title == "Joint Ministerial Statement"
    assert [m.date for m in records.meetings] == [date(2026, 2, 10), date(2026, 9, 9)]
    assert [e.title for e in records.outreach] == ["Champions"]
    assert records.outreach[0].partners == ("ITC",)
    assert [(e.annex, e.year) for e in records.package_entries] == [(3, 2026)]
    assert [p.symbol for p in records.proposals] == ["INF/MSME/W/70"]
    assert [d.symbol for d in records.annual_reports] == ["INF/MSME/R/50"]
    assert [d.symbol for d in records.ministerial_documents] == ["WT/MIN(17)/58/Rev.1"]
    assert [o.acronym for o in records.organizations] == ["ITC"]
    assert {m.name for m in records.members_before} == {"Albania", "Oman", "European Union"}
    assert [m.name for m in records.joiners] == ["Chad"]
    assert {m.name for m in records.members_at_end} == {"Albania", "Chad", "European Union"}
    assert records.membership_total == 30


def test_the_report_is_built_from_the_year_records_alone(services: Services,
                                                          counted_sessions: list[int]) -> None:
    """Once read, the records make the same report without another look at the file."""
    _records(services)
    expected = build.build_report(services, 2026)
    records = services.year_records(2026)
    read = counted_sessions[0]
    assert build.build_from(records) == expected
    assert counted_sessions[0] == read
    # And it is the records that speak: a year's records with another meeting say so.
    extra = dataclasses.replace(records, meetings=(
        *records.meetings, Meeting(date(2026, 12, 1), summary="A late meeting.")))
    assert "A late meeting." in "".join(
        p.plain_text() for s in build.build_from(extra).sections for p in s.paragraphs)


def test_what_the_report_reads_is_typed_and_reads_no_database() -> None:
    """The builder and its sections name no ``Any`` and import neither the database nor the
    services: they get a ``YearRecords`` and nothing else."""
    modules = [REPORT / "build.py", REPORT / "years.py", REPORT / "__init__.py",
               *sorted((REPORT / "sections").glob("*.py"))]
    for module in modules:
        tree = ast.parse(module.read_text(encoding="utf-8"))
        names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
        assert "Any" not in names, f"{module.name} types something as Any"
        imported = [n.module or "" for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
        imported += [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
        for name in imported:
            assert not name.startswith(("sqlalchemy", "msmedesk.db", "msmedesk.records")), (
                f"{module.name} imports {name}")
