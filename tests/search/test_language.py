"""The search language read from what staff type: the issue's own examples, the mistakes it
refuses (with their place) and the sentence that says what it understood."""

from __future__ import annotations

from datetime import date

import pytest

from msmedesk.search.language import describe, field_names, parse, to_text
from msmedesk.search.query import EVERYTHING, And, DateRange, Not, Or, SearchError, Text


@pytest.mark.parametrize(("typed", "expected"), [
    ("member:Mexico", Text("mexico", field="member")),
    ("symbol:INF/MSME/W/5*", Text("inf/msme/w/5*", field="symbol")),
    ('proponent:"United Kingdom"', Text("united kingdom", field="proponent", phrase=True)),
    ("kind:open-ended", Text("open-ended", field="kind")),
    ("status:discussion", Text("discussion", field="status")),
    ("annex:5", Text("5", field="annex")),
    ("organization:ITC", Text("itc", field="organization")),
    ("spotlight:EziDrops", Text("ezidrops", field="spotlight")),
    ("speaker:Kallot", Text("kallot", field="speaker")),
    ("status:=adopted", Text("adopted", field="status", exact=True)),
    ('member:="Côte d’Ivoire"', Text("cote d’ivoire", field="member", exact=True, phrase=True)),
    # Field names in any case, singular or plural.
    ("MEMBERS:Mexico", Text("mexico", field="member")),
    ("Proponents:Chile", Text("chile", field="proponent")),
])
def test_fields_of_the_issue(typed: str, expected: Text) -> None:
    assert parse(typed) == expected


def test_words_phrases_not_or_and_brackets() -> None:
    assert parse("") == EVERYTHING
    assert parse("   ") == EVERYTHING
    assert parse("Côte") == Text("cote")
    assert parse('"trade facilitation"') == Text("trade facilitation", phrase=True)
    assert parse("trade -draft") == And((Text("trade"), Not(Text("draft"))))
    assert parse("trade not draft") == parse("trade -draft")
    assert parse("a OR b or c") == Or((Text("a"), Text("b"), Text("c")))
    # "and" (or words side by side) binds closer than "or".
    assert parse("a b or c") == Or((And((Text("a"), Text("b"))), Text("c")))
    assert parse("a and b or c") == parse("a b or c")
    assert parse("a (b or c)") == And((Text("a"), Or((Text("b"), Text("c")))))
    assert parse("-(a or b)") == Not(Or((Text("a"), Text("b"))))
    # A hyphen inside a word, alone, or a colon after digits is part of what is looked for.
    assert parse("open-ended") == Text("open-ended")
    assert parse("a - b") == And((Text("a"), Text("-"), Text("b")))
    assert parse("10:30") == Text("10:30")
    # Keywords as values are looked for when quoted or after a field.
    assert parse('"or"') == Text("or", phrase=True)
    assert parse("title:or") == Text("or", field="title")


def test_a_symbol_value_runs_until_a_space_or_a_closing_bracket() -> None:
    assert parse("(symbol:INF/MSME/W/5/Rev.1)") == Text("inf/msme/w/5/rev.1", field="symbol")
    # A bracket opened inside a symbol is its own ("WT/MIN(17)/58"), word or value.
    assert parse("(symbol:WT/MIN(17)/58 trade)") == And((
        Text("wt/min(17)/58", field="symbol"), Text("trade")))
    assert parse("(WT/MIN(17)/58)") == Text("wt/min(17)/58")


@pytest.mark.parametrize(("typed", "start", "end"), [
    ("year:2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("year:2020..2024", date(2020, 1, 1), date(2024, 12, 31)),
    ("year:>2023", date(2024, 1, 1), None),
    ("date:2024-06..2024-12", date(2024, 6, 1), date(2024, 12, 31)),
    ("date:>=March 2024", date(2024, 3, 1), None),
    ('date:>="1 March 2024"', date(2024, 3, 1), None),
    ("date:<March 2024", None, date(2024, 2, 29)),
    ("date:<=March 2024", None, date(2024, 3, 31)),
    ("date:>4 March 2024", date(2024, 3, 5), None),
    ("date:>= March 2024", date(2024, 3, 1), None),
    ("date: 2024", date(2024, 1, 1), date(2024, 12, 31)),
    ("date:4/3/2024", date(2024, 3, 4), date(2024, 3, 4)),
    ("date:2024-06..", date(2024, 6, 1), None),
    ("submitted:..2021", None, date(2021, 12, 31)),
])
def test_dates_and_years(typed: str, start: date | None, end: date | None) -> None:
    query = parse(typed)
    assert isinstance(query, DateRange)
    assert (query.start, query.end) == (start, end)
    assert query.field == typed.split(":")[0]


def test_an_unquoted_date_takes_only_the_words_that_are_part_of_it() -> None:
    query = parse("date:>=March 2024 trade")
    assert query == And((DateRange("date", date(2024, 3, 1), None, ">=March 2024"),
                         Text("trade")))
    assert parse("date:2024 trade") == And((
        DateRange("date", date(2024, 1, 1), date(2024, 12, 31), "2024"), Text("trade")))
    assert parse("(date:June 2024)") == DateRange("date", date(2024, 6, 1),
                                                  date(2024, 6, 30), "June 2024")


@pytest.mark.parametrize(("typed", "words", "position"), [
    ("membr:Mexico", "There is no field “membr”; did you mean “member”?", 0),
    ("trade Statu:adopted", "did you mean “status”?", 6),
    ('trade "open ended', "This quote is never closed", 6),
    ('member:"United Kingdom', "This quote is never closed", 7),
    ("(a or b", "This bracket is never closed", 0),
    ("a (b", "This bracket is never closed", 2),
    ("a) b", "This closing bracket has no opening one", 1),
    ("member:", "“member:” needs a value right after it", 7),
    ("member:= x", "“member:=” needs a value right after it", 8),
    ("date:>=Marchh 2024", '"Marchh" is not a date I can read', 7),
    ("date:2024-13", "There is no month 13", 5),
    ("date:31/2/2024", "February 2024 has 29 days", 5),
    ("year:June 2024", "“year:” takes a year, such as 2024", 5),
    ("date:2025..2024", "ends before it starts", 5),
    ("date:..", "needs a date on at least one side", 5),
    ("a or", "“or” needs something to find on both sides", 2),
    ("or a", "“or” needs something to find on both sides", 0),
    ("a OR OR b", "“OR” needs something to find on both sides", 2),
    ("(or a)", "“or” needs something to find on both sides", 1),
    ("a and", "“and” needs something to find on both sides", 2),
    ("a not", "“not” needs something after it", 2),
    ("()", "These brackets hold nothing", 0),
    ('""', "These quotes hold nothing", 0),
    ("(" * 200 + "a", "too many brackets", 100),
])
def test_mistakes_are_one_sentence_with_their_place(typed: str, words: str,
                                                    position: int) -> None:
    with pytest.raises(SearchError) as raised:
        parse(typed)
    assert words in raised.value.message
    assert raised.value.position == position
    assert str(raised.value) == raised.value.message


def test_a_field_of_another_list_is_refused_in_a_tab() -> None:
    assert parse("status:adopted", "proposals") == Text("adopted", field="status")
    with pytest.raises(SearchError) as raised:
        parse("trade status:adopted", "meetings")
    assert raised.value.message.startswith("There is no field “status” in Meetings")
    assert raised.value.position == 6
    # "date" is the proposals' "Submitted" too; "speaker" is the meetings' alone.
    assert parse("date:2024", "proposals").field == "date"  # type: ignore[union-attr]
    with pytest.raises(SearchError, match="speaker"):
        parse("speaker:Kallot", "contacts")


@pytest.mark.parametrize("typed", [
    "member:Mexico -draft", "date:>=March 2024 trade", 'proponent:"United Kingdom" or x',
    "symbol:INF/MSME/W/5* (a or -b)", "year:2020..2024 not (kind:=thematic b)",
    'date:<"1 March 2024"', '"a b" -"c d" --e',
])
def test_printed_back_it_reads_the_same(typed: str) -> None:
    query = parse(typed)
    assert parse(to_text(query)) == query


def test_printed_back_in_its_canonical_form() -> None:
    assert to_text(parse("Members:Mexico  AND  NOT  Draft")) == "member:mexico -draft"
    assert to_text(parse("date:>=March 2024")) == 'date:>="March 2024"'
    assert to_text(parse("a b or c")) == "(a b) or c"
    assert to_text(EVERYTHING) == ""


@pytest.mark.parametrize(("typed", "kind", "sentence"), [
    ("date:2024-06..2024-12 trade", "meetings",
     "Meetings dated June 2024 to December 2024 and containing “trade”"),
    ("member:Mexico -draft", None,
     "Records with member starting “mexico” but not containing “draft”"),
    ("", "proposals", "All proposals"),
    ("status:=adopted or status:withdrawn", "proposals",
     "Proposals with status exactly “adopted” or with status starting “withdrawn”"),
    ("year:2024", "package", "Package entries of 2024"),
    ("year:>=2021", "outreach", "Outreach events of 2021 or later"),
    ("date:<March 2024", "meetings", "Meetings dated February 2024 or earlier"),
    ("date:>=March 2024 -thematic", "meetings",
     "Meetings dated March 2024 or later but not containing “thematic”"),
    ("date:4/3/2024", "meetings", "Meetings dated 4 March 2024"),
    ("symbol:W/5*", "documents", "Documents with symbol matching “w/5*”"),
    ('proponent:"United Kingdom"', None, "Records with proponent containing “united kingdom”"),
])
def test_describe_says_what_it_understood(typed: str, kind: str | None, sentence: str) -> None:
    assert describe(parse(typed, kind), kind) == sentence


def test_field_names_for_completion() -> None:
    meetings = field_names("meetings")
    assert meetings == sorted(meetings)
    assert {"date", "kind", "speaker", "spotlight", "symbol", "member", "year"} <= set(meetings)
    assert "status" not in meetings
    everything = field_names()
    assert set(meetings) < set(everything)
    assert {"status", "proponent", "email", "partner", "organization"} <= set(everything)
