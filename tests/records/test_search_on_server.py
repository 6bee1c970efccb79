"""The search language on a PostgreSQL server (issue 17, item 1): the same records on a data
file and on a server are found by the same texts, every kind of term (pg_trgm and LIKE for
words within words, the starts of words, GLOB's patterns as regular expressions), in every
tab's box, its pages and its sorts, and in Find anywhere; signs that mean something to
LIKE or to a regular expression (``%``, ``_``, ``.``, ``\\``) are only the signs typed."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from msmedesk.db.location import read_location
from msmedesk.db.server import setup_server
from msmedesk.domain import (
    ListQuery,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PartialDate,
    Presentation,
    Proposal,
)
from msmedesk.records import Services
from msmedesk.records import search_codes as codes
from tests.pg import engine_for, services_for

# Texts a clerk types, one of each kind of term and the signs LIKE and regular expressions
# read as their own.
QUERIES = {
    "members": [
        "cote", "IVOIR", "exic", "ma", "m", "ia", "r", "korea republic", "republic -korea",
        "mexico or peru", "(mexico or peru) -peru", '"united kingdom"', '"kingdom united"',
        "name:=mexico", "name:=mexic", "name:=mex*", "name:m*co", "name:ivoire", "name:voire",
        "1_0", "100", "0% s", '"0% s"', "a%b", "a_b", "_", "%", "u.s", "x.y",
        'name:="u.s. islands"', 'name:="u.s.*"',
        "back\\slash", "\\", "o", "øre", "ore", "name:ø", "[a", "a?c", "*", "name:*",
        "notes:firms", "notes:irms", "two lines", "lines second", "second line", "star*t",
        "star", "name:ст", "ст",
    ],
    "proposals": [
        "status:discussion", "status:iscussion", "status:shipments", "shipments",
        "symbol:INF/MSME/W/5*", "w/53", "proponent:\"United Kingdom\"", "proponent:mex",
        "submitted:2024", "submitted:2024-03..2024-06", "year:2024", "year:2023..2025",
        "-status:discussion", "w/5", "w/",
    ],
    "meetings": [
        "speaker:Kallot", "kallot", "ka", "date:2024-06..2024-12", "date:>=2024-10-18",
        "year:2024", "cn/26", "INF/MSME/CN/26*",
    ],
    "outreach": [
        "trade centre", "partner:itc", "itc", "date:2024-07-15", "date:2024-07-15..2024-07-20",
        "webinar", "we", "place:barbados", "year:2024 webinar",
    ],
}


def _records(services) -> None:
    """The same records, created in the same order (so with the same ids) on either place."""
    for name, notes in [
        ("Côte d'Ivoire", ""), ("Mexico", "100 small firms"), ("Peru", "a_b and 100% sure"),
        ("Malaysia", "backslash back\\slash"), ("Mauritius", "first line\nsecond line"),
        ("Korea, Republic of", ""), ("Dominican Republic", ""), ("United Kingdom", "star*t"),
        ("U.S. Islands", "uxs"), ("Øresund", "[a] a?c"), ("Сербия", "ст"),
    ]:
        services.members.create(Member(name, notes=notes))
    services.organizations.create(Organization("International Trade Centre", "ITC"))
    for symbol, title, proponents, submitted, status in [
        ("INF/MSME/W/52", "Trade finance", ("United Kingdom",), PartialDate(2024, 3),
         "under-discussion"),
        ("INF/MSME/W/53", "Small shipments", ("Mexico", "Peru"), PartialDate(2024, 6, 2),
         "submitted"),
        ("INF/MSME/W/55", "Access to information", ("ITC",), PartialDate(2023), "under-discussion"),
        ("INF/MSME/W/60", "Digital trade", ("Peru",), None, "adopted"),
    ]:
        services.proposals.create(Proposal(symbol, title, proponents=proponents,
                                           submitted=submitted, status=status))
    services.meetings.create(Meeting(date(2024, 7, 1), convening_notice="INF/MSME/CN/26/Rev.2",
                                     presentations=(Presentation(speaker="Ms Kallot",
                                                                 topic="Finance"),)))
    services.meetings.create(Meeting(date(2024, 10, 18), convening_notice="INF/MSME/CN/27"))
    services.meetings.create(Meeting(date(2024, 3, 19)))
    services.outreach.create(OutreachEvent(PartialDate(2024, 7), "A webinar on trade",
                                           partners=("ITC",), place="in Barbados"))
    services.outreach.create(OutreachEvent(PartialDate(2024, 11, 5), "Awards"))


@pytest.fixture
def places(data_file: Path, server_url: str) -> Iterator[tuple]:
    """Services on a data file and on a server database holding the same records."""
    opened = [services_for(data_file), services_for(server_url)]
    try:
        for services in opened:
            _records(services)
        yield tuple(opened)
    finally:
        for services in opened:
            services.close()


def _found(services, kind: str, text: str) -> list:
    service = getattr(services, kind)
    rows = service.list(ListQuery(text=text, limit=500))
    assert service.count(ListQuery(text=text)) == len(rows), text
    return [r.values[0] for r in rows]


def test_every_kind_of_term_finds_the_same_records_on_a_file_and_a_server(places):
    on_file, on_server = places
    assert on_server.engine.dialect.name == "postgresql"
    found_something = 0
    for kind, texts in QUERIES.items():
        for text in texts:
            expected = _found(on_file, kind, text)
            assert _found(on_server, kind, text) == expected, (kind, text)
            found_something += bool(expected)
    # (Not an agreement on nothing: most texts find records.)
    assert found_something >= 50


def test_signs_are_the_signs_typed_on_a_server(places):
    _on_file, server = places
    # LIKE's "_" and "%" are no wildcards: "1_0" is not "100", "a%b" not "a_b".
    assert _found(server, "members", "1_0") == []
    assert _found(server, "members", "a%b") == []
    assert _found(server, "members", "a_b") == ["Peru"]
    assert _found(server, "members", '"0% s"') == ["Peru"]
    # A regular expression's "." is a full stop: "u.s" is not "uxs".
    assert _found(server, "members", "u.s") == ["U.S. Islands"]
    assert _found(server, "members", 'name:="u.s. islands"') == ["U.S. Islands"]
    assert _found(server, "members", "back\\slash") == ["Malaysia"]
    assert _found(server, "members", "[a") == ["Øresund"]
    # Accents aside, capitals aside, and a word's start in a field.
    assert _found(server, "members", "IVOIR") == ["Côte d'Ivoire"]
    assert _found(server, "members", "name:ivoire") == ["Côte d'Ivoire"]
    assert _found(server, "members", "name:voire") == []
    assert _found(server, "members", "name:=mex*") == ["Mexico"]


def test_a_tab_s_pages_sorts_and_few_matches_are_the_same_on_a_server(places):
    on_file, on_server = places
    text = "w/5 -w/55"
    for services in places:
        services.proposals.count(ListQuery(text=text))

    def pages(services) -> list:
        proposals = services.proposals
        every = proposals.list(ListQuery(text=text, sort="symbol", descending=True))
        first = proposals.list(ListQuery(text=text, sort="symbol", descending=True, limit=1))
        few = proposals.list(ListQuery(text=text, sort="symbol", descending=True, limit=1,
                                       matches=1))
        assert few == first
        where = proposals.position(ListQuery(text=text, sort="symbol"), every[0].id)
        return [r.values[0] for r in every], [r.values[0] for r in first], where

    assert pages(on_server) == pages(on_file) == (
        ["INF/MSME/W/53", "INF/MSME/W/52"], ["INF/MSME/W/53"], 1)


def test_find_anywhere_is_the_same_on_a_server(places):
    on_file, on_server = places

    def found(services, text: str) -> list:
        return [(g.kind, g.total, [h.label for h in g.hits])
                for g in services.find(text).groups]

    for text in ["w/53", "cote", "itc", "year:2024", "ka", "cn/26", "zzzqqq"]:
        assert found(on_server, text) == found(on_file, text), text
    assert [g[0] for g in found(on_server, "w/53")] == ["proposals", "documents"]


def test_a_save_a_rename_and_a_delete_are_found_at_once_on_a_server(server_url):
    services = services_for(server_url)
    try:
        member = services.members.create(Member("Ruritania", notes="An island of small firms"))
        services.proposals.create(Proposal("INF/MSME/W/900", "Small firms",
                                           proponents=("Ruritania",)))
        assert services.members.count(ListQuery(text="island")) == 1
        assert services.proposals.count(ListQuery(text="proponent:rur")) == 1
        renamed = services.members.update(dataclasses.replace(
            member, name="Grand Fenwick", notes="Nothing to say"))
        assert services.members.count(ListQuery(text="island")) == 0
        assert services.members.count(ListQuery(text="fenw")) == 1
        # The proposal naming it is indexed again under the new name.
        assert services.proposals.count(ListQuery(text="proponent:ruritania")) == 0
        assert services.proposals.count(ListQuery(text="proponent:fenwick")) == 1
        services.proposals.delete(services.proposals.list(ListQuery())[0].id)
        services.members.delete(renamed.id)
        assert services.members.count(ListQuery(text="fe")) == 0
        with services.engine.connect() as c:
            texts = set(c.exec_driver_sql("SELECT text FROM search_text").scalars())
            words = c.exec_driver_sql(
                "SELECT count(*) FROM search_words WHERE code BETWEEN %(a)s AND %(b)s",
                {"a": codes.kind_range("members")[0],
                 "b": codes.kind_range("proposals")[1]}).scalar_one()
        # Only the document the proposal's symbol made is left in the index.
        assert "inf/msme/w/900" in texts and words == 0
        assert not [t for t in texts if "fenwick" in t or "ruritania" in t or "firms" in t]
        assert [g.kind for g in services.find("w/900").groups] == ["documents"]
    finally:
        services.close()


def test_a_word_s_start_is_the_same_on_a_server_that_sorts_by_a_language(pg_cluster,
                                                                         data_file):
    # A server whose databases sort as English does (ICU): "ø" falls between "o" and "p"
    # there, where a file (and "C") puts it after "z".
    name = "icu_english"
    pg_cluster.sql(f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu "
                   "ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'")
    setup_server(read_location(pg_cluster.url(name)))
    engine = engine_for(pg_cluster.url(name))
    try:
        opened = [services_for(data_file), Services(engine)]
        for services in opened:
            for member in ("Øresund", "Oman", "Zambia"):
                services.members.create(Member(member))
        assert [_found(s, "members", "o") for s in opened] == [["Oman"], ["Oman"]]
        assert [_found(s, "members", "ø") for s in opened] == [["Øresund"], ["Øresund"]]
        for services in opened:
            services.close()
    finally:
        engine.dispose()
        pg_cluster.drop_database(name)
