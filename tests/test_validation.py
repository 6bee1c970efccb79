"""Pure checks: symbols and partial dates (with property tests), and every parse_* error
naming its record and field."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from msmedesk import validation
from msmedesk.domain import (
    MAX_SYMBOL,
    Document,
    DocumentSymbol,
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
from msmedesk.validation import FieldError, ValidationError

FAST = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])

# ---------------------------------------------------------------- document symbols

# Every real example of shared/wto-conventions.md, with the edge each shows.
REAL_SYMBOLS = [
    "WT/MIN(17)/58/Rev.1",  # bracketed year, revision
    "WT/MIN(24)/9",
    "WT/MIN(24)/DEC",  # letters as the last part
    "INF/MSME/W/58-INF/TGE/COM/11",  # joint
    "INF/MSME/4/Rev.2",  # no type part
    "JOB/GC/207",  # restricted series
    "G/TBT/GEN/386",
    "GPA/CD/6",
    "WT/ACC/SPEC/LVA/7/Add.2/Corr.1",  # country code, stacked status
    "OFFICE(00)/39",
    "WT/DS177/AB/R",  # letters and digits in one part
    "IP/C/W/34/Add.3/Suppl.3",
    "INF/MSME/W/46/Rev.3",
    "INF/TGE/W/7/Rev.3",
    "INF/MSME/W/46/Rev.3-INF/TGE/W/7/Rev.3",
    "INF/MSME/CN/25/Rev.1",
    "INF/MSME/R/13/Rev.1",
    "G/MA/357",
]


@pytest.mark.parametrize("text", REAL_SYMBOLS)
def test_every_real_example_parses_unchanged(text):
    assert DocumentSymbol.parse(text).text == text


@pytest.mark.parametrize("text", [
    "INF MSME/CN/2",  # a space instead of a slash
    "INF/MSME/W/46/Rev.3; INF/TGE/W/7/Rev.3",  # two documents cited together
    "",
    "   ",
    "_",
    "INF",  # a head alone
    "INF/",
    "/MSME/W/51",
    "inf/msme/w/51",  # lower case
    "INF/MSME/W/51/",
    "INF/MSME/W/51/Rev",
    "INF/MSME/W/51/Rev.",
    "INF/MSME/W/51/rev.1",
    "INF/MSME/W/51-",
    "INF/MSME/W/58 - INF/TGE/COM/11",  # a joint symbol has no spaces
    "WT/MIN(XX)/9",
    "INF/MSME/W/５１",  # full-width digits are not DIGITS
    "INF/MSME/W/٥١",  # nor are Arabic-Indic ones
    "INF/MSME/W/51\nINF/MSME/W/52",
])
def test_not_symbols_are_refused_with_a_message(text):
    with pytest.raises(ValueError) as info:
        DocumentSymbol.parse(text)
    assert str(info.value)
    assert not DocumentSymbol.is_valid(text)


def test_leading_underscore_and_spaces_are_stripped():
    assert DocumentSymbol.parse("_INF/MSME/W/52").text == "INF/MSME/W/52"
    assert DocumentSymbol.parse("  _INF/MSME/W/52 ").text == "INF/MSME/W/52"


def test_non_text_is_refused_with_value_error():
    for value in (None, 51, ["INF/MSME/W/51"]):
        with pytest.raises(ValueError):
            DocumentSymbol.parse(value)  # type: ignore[arg-type]


LETTERS = st.text(alphabet="ABCDEGIJMNORSTWZ", min_size=1, max_size=6)
DIGITS = st.text(alphabet="0123456789", min_size=1, max_size=4)
HEAD = st.one_of(LETTERS, st.builds(lambda a, d: f"{a}({d})", LETTERS, DIGITS))
SEGMENT = st.one_of(
    LETTERS,
    st.builds(lambda a, d: f"{a}({d})", LETTERS, DIGITS),
    st.builds(lambda a, d: a + d, LETTERS, DIGITS),
    DIGITS,
)
STATUS = st.builds(lambda s, d: s + d, st.sampled_from(["Rev.", "Add.", "Corr.", "Suppl."]),
                   DIGITS)
ONE_SYMBOL = st.builds(
    lambda h, segs, stats: "/".join([h, *segs, *stats]),
    HEAD, st.lists(SEGMENT, min_size=1, max_size=5), st.lists(STATUS, max_size=3))
# Within the length a symbol may have (a longer one is refused: tests/test_input_rules.py).
CITED = st.builds("-".join, st.lists(ONE_SYMBOL, min_size=1, max_size=3)).filter(
    lambda text: len(text) <= MAX_SYMBOL)


@FAST
@given(CITED)
def test_generated_symbols_parse_and_round_trip(text):
    parsed = DocumentSymbol.parse(text)
    assert parsed.text == text
    assert DocumentSymbol.parse(parsed.text) == parsed
    assert "-".join(parsed.parts()) == text
    assert DocumentSymbol.parse("_" + text) == parsed


@FAST
@given(st.lists(ONE_SYMBOL, min_size=2, max_size=3))
def test_symbols_cited_together_are_not_one_symbol(parts):
    with pytest.raises(ValueError):
        DocumentSymbol.parse("; ".join(parts))


SYMBOLISH = st.text(alphabet="INFMSWRTGEOBJCDAV0123456789/()-._; ev\n", max_size=30)


@FAST
@given(st.one_of(st.text(max_size=40), SYMBOLISH))
@example("INF/MSME/W/51\n")
@example("_")
def test_any_text_parses_stably_or_raises_value_error(text):
    try:
        parsed = DocumentSymbol.parse(text)
    except ValueError as exc:
        assert str(exc)
        return
    assert DocumentSymbol.parse(parsed.text) == parsed
    assert parsed.text == parsed.text.strip()
    assert not parsed.text.startswith("_")


# ---------------------------------------------------------------- partial dates


@pytest.mark.parametrize("text,expected", [
    ("2024", PartialDate(2024)),
    ("2024-06", PartialDate(2024, 6)),
    ("2024-06-27", PartialDate(2024, 6, 27)),
    ("2024-02-29", PartialDate(2024, 2, 29)),  # a leap year
    (" 2024-12-31 ", PartialDate(2024, 12, 31)),
])
def test_partial_dates_accepted(text, expected):
    assert PartialDate.parse(text) == expected


@pytest.mark.parametrize("text", [
    "2023-02-29",  # no 29 February in 2023
    "2024-13",
    "2024-00",
    "24",
    "2024-6",
    "2024-06-7",
    "2024-04-31",
    "2024/06/27",
    "27 June 2024",
    "",
    "1899",
    "２０２４",
    "2024-06-27T10:00",
])
def test_partial_dates_refused_with_a_message(text):
    with pytest.raises(ValueError) as info:
        PartialDate.parse(text)
    assert str(info.value)
    assert validation.check_partial_date(text) == str(info.value)


def test_a_refused_day_says_how_long_the_month_is():
    with pytest.raises(ValueError, match="February 2023 has 28 days"):
        PartialDate.parse("2023-02-29")


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_every_calendar_date_round_trips(day):
    full = PartialDate.parse(day.isoformat())
    assert full.to_date() == day
    assert full.iso() == day.isoformat()
    assert PartialDate.parse(day.isoformat()[:7]) == PartialDate(day.year, day.month)
    assert PartialDate.parse(day.isoformat()[:4]) == PartialDate(day.year)


@FAST
@given(st.integers(1900, 2200), st.integers(1, 12), st.integers(1, 31))
def test_a_day_is_accepted_exactly_when_the_month_has_it(year, month, day):
    text = f"{year:04d}-{month:02d}-{day:02d}"
    if day <= calendar.monthrange(year, month)[1]:
        assert PartialDate.parse(text).iso() == text
    else:
        with pytest.raises(ValueError):
            PartialDate.parse(text)


@FAST
@given(st.one_of(st.text(max_size=20), st.from_regex(r"[0-9]{1,5}(-[0-9]{1,3}){0,3}\s?")))
def test_any_text_is_a_date_that_reparses_or_a_value_error(text):
    try:
        parsed = PartialDate.parse(text)
    except ValueError as exc:
        assert str(exc)
        return
    assert PartialDate.parse(parsed.iso()) == parsed


# ---------------------------------------------------------------- parse_*: record and field


def _only_error(parsed):
    value, errors = parsed
    assert value is None
    assert errors, "expected a refusal"
    return errors


@pytest.mark.parametrize("parse,raw,field", [
    (validation.parse_member, {}, "name"),
    (validation.parse_member, {"name": "  "}, "name"),
    (validation.parse_member, {"name": "X", "counts_as": 0}, "counts_as"),
    (validation.parse_member, {"name": "X", "counts_as": True}, "counts_as"),
    (validation.parse_member, {"name": "X", "counts_as": "2"}, "counts_as"),
    (validation.parse_member, {"name": "X", "joined": "2023-02-29"}, "joined"),
    (validation.parse_member, {"name": "X", "joined": 2024}, "joined"),
    (validation.parse_member, {"name": "X", "joined": "2024", "left": "2023"}, "left"),
    (validation.parse_member, {"name": "X", "notes": "a\x00b"}, "notes"),
    (validation.parse_member, {"name": "X" * 501}, "name"),
    (validation.parse_organization, {"acronym": "ITC"}, "name"),
    (validation.parse_organization, {"name": "X", "network_member_since": "2024-13"},
     "network_member_since"),
    (validation.parse_document, {"symbol": "INF MSME/CN/2"}, "symbol"),
    (validation.parse_document, {"title": "no symbol"}, "symbol"),
    (validation.parse_document, {"symbol": "JOB/GC/207", "kind": "memo"}, "kind"),
    (validation.parse_document, {"symbol": "JOB/GC/207", "date": "2018-12"}, "date"),
    (validation.parse_meeting, {}, "date"),
    (validation.parse_meeting, {"date": "2024-03"}, "date"),
    (validation.parse_meeting, {"date": "2024-03-19", "kind": "plenary"}, "kind"),
    (validation.parse_meeting, {"date": "2024-03-19", "convening_notice": "CN 25"},
     "convening_notice"),
    (validation.parse_meeting, {"date": "2024-03-19", "summary_document": 43},
     "summary_document"),
    (validation.parse_meeting, {"date": "2024-03-19", "presentations": {}}, "presentations"),
    (validation.parse_meeting, {"date": "2024-03-19", "presentations": ["UNCTAD"]},
     "presentations[0]"),
    (validation.parse_proposal, {"proponents": ["Mexico"]}, "symbol"),
    (validation.parse_proposal, {"symbol": "INF/MSME/W/53"}, "proponents"),
    (validation.parse_proposal, {"symbol": "INF/MSME/W/53", "proponents": ["Mexico", "Mexico"]},
     "proponents[1]"),
    (validation.parse_proposal, {"symbol": "INF/MSME/W/53", "proponents": ["Mexico"],
                                 "status": "pending"}, "status"),
    (validation.parse_proposal, {"symbol": "INF/MSME/W/53", "proponents": ["Mexico"],
                                 "discussed_at": ["2024-07"]}, "discussed_at[0]"),
    (validation.parse_proposal, {"symbol": "INF/MSME/W/53", "proponents": ["Mexico"],
                                 "discussed_at": [20240701]}, "discussed_at[0]"),
    (validation.parse_proposal, {"symbol": "INF/MSME/W/53", "proponents": ["Mexico"],
                                 "discussed_at": ["2024-07-01", "2024-07-01"]}, "discussed_at"),
    (validation.parse_outreach, {"title": "Newsletter"}, "date"),
    (validation.parse_outreach, {"date": "2024"}, "title"),
    (validation.parse_outreach, {"date": "2024", "title": "X", "kind": "party"}, "kind"),
    (validation.parse_outreach, {"date": "2024-06-27", "end_date": "2024-06-26", "title": "X"},
     "end_date"),
    (validation.parse_outreach, {"date": "2024-06", "end_date": "2024", "title": "X"},
     "end_date"),
    (validation.parse_outreach, {"date": "2024", "title": "X", "partners": "ITC"}, "partners"),
    (validation.parse_outreach, {"date": "2024", "title": "X", "partners": [""]},
     "partners[0]"),
    (validation.parse_package_entry, {"year": 2024, "summary": "x"}, "annex"),
    (validation.parse_package_entry, {"annex": 7, "year": 2024, "summary": "x"}, "annex"),
    (validation.parse_package_entry, {"annex": 1, "year": 2019, "summary": "x"}, "year"),
    (validation.parse_package_entry, {"annex": 1, "year": 2024}, "summary"),
    (validation.parse_group, {"name": "G", "established_by": "WT MIN"}, "established_by"),
    (validation.parse_group, {"name": "G", "founding_members": "88"}, "founding_members"),
])
def test_every_parse_error_names_record_and_field(parse, raw, field):
    errors = _only_error(parse(raw, "things[3]"))
    assert any(e.record == "things[3]" and e.field == field for e in errors), errors
    for e in errors:
        assert str(e).startswith(f"things[3].{e.field}: "), str(e)
        assert e.message


def test_message_format_of_the_archive_contract():
    errors = _only_error(validation.parse_meeting(
        {"date": "2024-03-19", "convening_notice": "INF MSME/CN/2"}, "meetings[2]"))
    assert [str(e) for e in errors] == [
        'meetings[2].convening_notice: "INF MSME/CN/2" is not a WTO document symbol']


def test_nested_errors_name_the_nested_record():
    errors = _only_error(validation.parse_meeting({
        "date": "2024-03-19",
        "presentations": [{"speaker": "A"}, {"topic": "nobody"}],
        "spotlights": [{"business": ""}],
    }, "meetings[0]"))
    shown = {str(e).split(":")[0] for e in errors}
    assert shown == {"meetings[0].presentations[1].speaker", "meetings[0].spotlights[0].business"}


def test_coordinator_dates_in_order():
    errors = _only_error(validation.parse_group(
        {"name": "G", "coordinators": [{"name": "A", "from": "2024", "to": "2023"}]}))
    assert str(errors[0]).startswith("group.coordinators[0].to: ")


def test_all_errors_of_a_record_are_collected():
    errors = _only_error(validation.parse_proposal(
        {"symbol": "bad symbol!", "status": "pending", "submitted": "2024-13"}, "proposals[1]"))
    assert {e.field for e in errors} >= {"symbol", "status", "submitted"}


def test_parse_accepts_and_defaults():
    member, errors = validation.parse_member({"name": " Cabo Verde ", "joined": "2024"})
    assert errors == []
    assert member == Member(name="Cabo Verde", joined=PartialDate(2024))
    doc, errors = validation.parse_document({"symbol": "_INF/MSME/W/52"})
    assert errors == [] and doc == Document(symbol="INF/MSME/W/52", kind="other")
    meeting, errors = validation.parse_meeting({"date": "2024-03-19"})
    assert errors == [] and meeting == Meeting(date=date(2024, 3, 19))
    event, errors = validation.parse_outreach({"date": "2024-06", "end_date": "2024-06-30",
                                               "title": "Aid for Trade"})
    assert errors == [] and event.end_date == PartialDate(2024, 6, 30)
    entry, errors = validation.parse_package_entry({"annex": 2, "year": 2024, "members": [],
                                                    "summary": "The ITC reported."})
    assert errors == [] and entry == PackageEntry(2, 2024, (), "The ITC reported.")


def test_archive_null_means_not_recorded():
    member, errors = validation.parse_member({"name": "X", "joined": None, "left": None,
                                             "list_name": None, "counts_as": None})
    assert errors == [] and member == Member(name="X")


# ---------------------------------------------------------------- check_* on typed records


def test_check_member():
    assert validation.check_member(Member("Mexico")) == []
    fields = {e.field for e in validation.check_member(
        Member(" ", counts_as=0, joined=PartialDate(2024), left=PartialDate(2023)), "m")}
    assert fields == {"name", "counts_as", "left"}


def test_check_organization():
    assert validation.check_organization(Organization("International Trade Centre", "ITC")) == []
    assert [e.field for e in validation.check_organization(Organization("X", "  "))] == \
        ["acronym"]


def test_check_document_and_proposal_symbols():
    assert validation.check_document(Document("JOB/GC/207", kind="annual-report")) == []
    assert [e.field for e in validation.check_document(Document("JOB GC 207"))] == ["symbol"]
    assert [e.field for e in validation.check_document(Document("JOB/GC/207", kind="x"))] == \
        ["kind"]
    good = Proposal("INF/MSME/W/53", proponents=("Mexico",))
    assert validation.check_proposal(good) == []
    bad = Proposal("", proponents=(), status="x", discussed_at=(date(2024, 7, 1),) * 2)
    assert {e.field for e in validation.check_proposal(bad)} == \
        {"symbol", "proponents", "status", "discussed_at"}


def test_check_meeting():
    assert validation.check_meeting(Meeting(date(2024, 3, 19))) == []
    bad = Meeting(date(2024, 3, 19), kind="x", convening_notice="CN 25",
                  presentations=(Presentation(),), spotlights=(Spotlight(" "),))
    assert {e.field for e in validation.check_meeting(bad)} == \
        {"kind", "convening_notice", "presentations[0]", "spotlights[0].business"}


def test_check_outreach_and_package():
    ok = OutreachEvent(PartialDate(2024, 6), "Aid for Trade", end_date=PartialDate(2024, 6, 30))
    assert validation.check_outreach(ok) == []
    bad = OutreachEvent(PartialDate(2024, 6, 30), " ", end_date=PartialDate(2024, 6, 1),
                        kind="x")
    assert {e.field for e in validation.check_outreach(bad)} == {"title", "kind", "end_date"}
    assert validation.check_package_entry(PackageEntry(1, 2024, ("Canada",))) == []
    assert {e.field for e in validation.check_package_entry(PackageEntry(0, 2019))} == \
        {"annex", "year", "summary"}


def test_validation_error_message_and_fields():
    exc = ValidationError([FieldError("name", "is required", "members[0]"),
                           FieldError("counts_as", "must be at least 1", "members[0]")])
    assert str(exc) == "members[0].name: is required (and 1 more problem)"
    assert exc.for_field("counts_as") == ["must be at least 1"]
    with pytest.raises(ValidationError):
        validation.raise_if([FieldError("x", "y")])
    validation.raise_if([])
