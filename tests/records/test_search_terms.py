"""Each kind of search term, compiled to SQL over the search index, on the 2024 sample:
words within words, accents aside, one or two characters, phrases, fields, =whole values,
``*``, not/or/brackets, dates and years (issue 16, item 2), on a data file and on a server
(issue 17)."""

from __future__ import annotations

import pytest

from msmedesk.domain import ListQuery
from msmedesk.search.query import SearchError
from tests.records import search_places

# On a data file, then on a server (issue 17).
sample_services = search_places.sample_services


def _names(services, kind: str, text: str) -> set:
    service = getattr(services, kind)
    rows = service.list(ListQuery(text=text, limit=500))
    assert service.count(ListQuery(text=text)) == len(rows)
    return {r.values[0] for r in rows}


def test_a_word_matches_within_words_and_accents_aside(sample_services):
    assert "Côte d'Ivoire" in _names(sample_services, "members", "cote")
    assert "Côte d'Ivoire" in _names(sample_services, "members", "IVOIR")
    # Within a word: "exic" is inside Mexico.
    assert "Mexico" in _names(sample_services, "members", "exic")


def test_one_or_two_characters_match_the_start_of_a_word(sample_services):
    found = _names(sample_services, "members", "ma")
    assert {"Malaysia", "Mauritius"} <= found
    # "ia" ends Malaysia but starts no word of it.
    assert "Malaysia" not in _names(sample_services, "members", "ia")
    # One letter: the start of a word of the name ("Korea, Republic of": "r").
    assert "Korea, Republic of" in _names(sample_services, "members", "r")


def test_words_side_by_side_all_match(sample_services):
    assert _names(sample_services, "members", "korea republic") == {"Korea, Republic of"}


def test_not_or_and_brackets(sample_services):
    republics = _names(sample_services, "members", "republic")
    assert "Korea, Republic of" in republics and "Dominican Republic" in republics
    assert "Korea, Republic of" not in _names(sample_services, "members", "republic -korea")
    assert "Korea, Republic of" not in _names(sample_services, "members",
                                              "republic not korea")
    assert _names(sample_services, "members", "mexico or peru") == {"Mexico", "Peru"}
    assert _names(sample_services, "members", "(mexico or peru) -peru") == {"Mexico"}


def test_a_phrase_is_its_words_in_that_order(sample_services):
    assert _names(sample_services, "members", '"united kingdom"') == {"United Kingdom"}
    assert _names(sample_services, "members", '"kingdom united"') == set()


def test_a_field_value_matches_the_start_of_a_word_in_that_field(sample_services):
    statuses = _names(sample_services, "proposals", "status:discussion")
    assert statuses  # "Under discussion" holds the word
    assert _names(sample_services, "proposals", "status:iscussion") == set()
    # A word of the title is not a status.
    assert _names(sample_services, "proposals", "status:shipments") == set()
    assert "INF/MSME/W/53" in _names(sample_services, "proposals", "shipments")


def test_an_equals_sign_asks_for_the_whole_value(sample_services):
    assert "INF/MSME/W/52" in _names(sample_services, "proposals",
                                     'proponent:"United Kingdom"')
    assert _names(sample_services, "members", "name:=mexico") == {"Mexico"}
    assert _names(sample_services, "members", "name:=mexic") == set()


def test_a_star_stands_where_it_is_typed(sample_services):
    found = _names(sample_services, "proposals", "symbol:INF/MSME/W/5*")
    assert found and all(s.startswith("INF/MSME/W/5") for s in found)
    assert _names(sample_services, "members", "name:=mex*") == {"Mexico"}
    assert "Mexico" in _names(sample_services, "members", "name:m*co")


def test_a_record_s_parts_are_fields(sample_services):
    meetings = sample_services.meetings
    assert meetings.count(ListQuery(text="speaker:Kallot")) == 1
    assert meetings.count(ListQuery(text="spotlight:EziDrops")) == 1
    # The speaker is no spotlight.
    assert meetings.count(ListQuery(text="spotlight:Kallot")) == 0


def test_dates_and_years(sample_services):
    meetings = sample_services.meetings
    assert meetings.count(ListQuery(text="date:2024-06..2024-12")) == 3
    assert meetings.count(ListQuery(text="date:>=2024-10-18")) == 2
    assert meetings.count(ListQuery(text="date:<2024-01-01")) == 0
    assert meetings.count(ListQuery(text="year:2024")) == 4
    assert meetings.count(ListQuery(text="year:2023")) == 0
    # A partial date is the span it names: an event of "July 2024" is in the second half.
    outreach = sample_services.outreach
    july = outreach.count(ListQuery(text="date:2024-07-15..2024-07-20"))
    assert july >= 1 and outreach.count(ListQuery(text="date:2024-07-15")) == july


def test_a_search_that_cannot_be_read_is_raised_to_the_caller(sample_services):
    with pytest.raises(SearchError) as raised:
        sample_services.members.list(ListQuery(text="speaker:Kallot"))
    assert raised.value.position == 0
    with pytest.raises(SearchError):
        sample_services.members.count(ListQuery(text='"unclosed'))


def test_sorting_paging_and_the_few_matches_path_keep_working(sample_services):
    proposals = sample_services.proposals
    text = "status:discussion -w/55"

    def page(**kw):
        return proposals.list(ListQuery(text=text, sort="symbol", descending=True, **kw))

    everything = page()
    assert len(everything) >= 4 and "INF/MSME/W/55" not in {r.values[0] for r in everything}
    symbols = [r.values[0] for r in everything]
    assert symbols == sorted(symbols, reverse=True)
    first, second = page(limit=2), page(limit=2, offset=2)
    assert [r.id for r in first + second] == [r.id for r in everything[:4]]
    assert page(limit=2, matches=1) == first  # the few-matches path: the same rows
    assert proposals.position(ListQuery(text=text, sort="symbol", descending=True),
                              everything[3].id) == 3
