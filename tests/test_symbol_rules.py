"""What each symbol field expects, and which meetings may share a document (pure rules)."""

from __future__ import annotations

import importlib
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from msmedesk.domain import DocumentSymbol, Meeting, Proposal
from msmedesk.symbol_order import parts, symbol_sort_key
from msmedesk.symbol_rules import (
    CONVENING_NOTICE,
    PROPOSAL,
    SUMMARY,
    off_series,
    shared_by_new,
    shared_documents,
)


@pytest.mark.parametrize("symbol", ["INF/MSME/CN/28", "INF/MSME/CN/25/Rev.1",
                                    "INF/MSME/CN/26/Rev.2"])
def test_real_convening_notices_fit(symbol):
    assert CONVENING_NOTICE.fits(symbol)


@pytest.mark.parametrize("symbol", ["INF/MSME/X", "INF/MSME/R/43", "INF/MSME/CN",
                                    "INF/MSME/CN/X", "WT/MIN(24)/9", "INF/MSME/W/51",
                                    "INF/MSME/CN/28-INF/TGE/COM/11", "JOB/INF/MSME/CN/28"])
def test_other_symbols_are_no_convening_notice(symbol):
    assert not CONVENING_NOTICE.fits(symbol)


def test_summaries_are_of_the_r_series():
    assert SUMMARY.fits("INF/MSME/R/43") and SUMMARY.fits("INF/MSME/R/13/Rev.1")
    assert not SUMMARY.fits("INF/MSME/CN/28") and not SUMMARY.fits("INF/MSME/W/51")


@pytest.mark.parametrize("symbol", ["INF/MSME/W/51", "INF/MSME/W/46/Rev.3",
                                    "INF/MSME/W/58-INF/TGE/COM/11",
                                    "INF/MSME/W/46/Rev.3-INF/TGE/W/7/Rev.3",
                                    "WT/GC/W/900-INF/MSME/W/60/Add.1"])
def test_proposals_have_a_working_document_part(symbol):
    assert PROPOSAL.fits(symbol)


@pytest.mark.parametrize("symbol", ["INF/MSME/CN/28", "INF/TGE/COM/11", "INF/MSME/4/Rev.2",
                                    "INF/TGE/W/7-WT/GC/W/1"])
def test_symbols_without_a_working_document_part_are_no_proposal(symbol):
    assert not PROPOSAL.fits(symbol)


def test_flags_and_sentences_name_the_series():
    assert CONVENING_NOTICE.flag() == "Not a convening notice (those are INF/MSME/CN/…)"
    assert CONVENING_NOTICE.problem("INF/MSME/X") == \
        "INF/MSME/X is not a convening notice (INF/MSME/CN/…)"
    assert PROPOSAL.flag() == "Not a proposal (those are INF/MSME/W/…)"


def test_off_series_names_each_field_of_another_series():
    meeting = Meeting(date(2024, 3, 19), convening_notice="INF/MSME/X",
                      summary_document="INF/MSME/CN/25")
    assert off_series(meeting) == [
        ("convening_notice", "INF/MSME/X is not a convening notice (INF/MSME/CN/…)"),
        ("summary_document", "INF/MSME/CN/25 is not a summary (INF/MSME/R/…)")]
    assert off_series(Meeting(date(2024, 3, 19), convening_notice="INF/MSME/CN/25/Rev.1",
                              summary_document="INF/MSME/R/43")) == []
    assert off_series(Proposal("INF/MSME/R/43")) == [
        ("symbol", "INF/MSME/R/43 is not a proposal (INF/MSME/W/…)")]
    assert off_series(Proposal("INF/MSME/W/58-INF/TGE/COM/11")) == []


MARCH = Meeting(date(2024, 3, 19), convening_notice="INF/MSME/CN/28",
                summary_document="INF/MSME/R/43")


def test_meetings_of_different_dates_may_not_share_a_document():
    july = Meeting(date(2024, 7, 1), convening_notice="INF/MSME/CN/28")
    pairs = shared_documents([july, MARCH])
    assert [p.sentence() for p in pairs] == [
        "INF/MSME/CN/28 is the convening notice of both the meeting of 19 March 2024 and the "
        "meeting of 1 July 2024"]


def test_a_summary_used_as_another_meetings_notice_is_shared_too():
    july = Meeting(date(2024, 7, 1), convening_notice="INF/MSME/R/43")
    [pair] = shared_documents([MARCH, july])
    assert pair.sentence() == ("INF/MSME/R/43 is the summary of the meeting of 19 March 2024 "
                               "and the convening notice of the meeting of 1 July 2024")


def test_a_meeting_and_its_thematic_session_may_share_them():
    thematic = Meeting(date(2024, 3, 19), kind="thematic", convening_notice="INF/MSME/CN/28",
                       summary_document="INF/MSME/R/43")
    assert shared_documents([MARCH, thematic]) == []
    assert shared_by_new([(0, thematic)], [MARCH]) == []


def test_new_meetings_are_told_against_old_and_each_other():
    july = Meeting(date(2024, 7, 1), convening_notice="INF/MSME/CN/28")
    october = Meeting(date(2024, 10, 18), summary_document="INF/MSME/R/50")
    december = Meeting(date(2024, 12, 10), summary_document="INF/MSME/R/50")
    found = shared_by_new([(0, july), (1, october), (2, december)], [MARCH])
    assert [(i, name) for i, name, _ in found] == [(0, "convening_notice"),
                                                   (2, "summary_document")]
    assert "19 March 2024" in found[0][2].sentence() and "1 July 2024" in found[0][2].sentence()
    assert "18 October 2024" in found[1][2].sentence()


def test_an_old_pair_is_left_to_check():
    july = Meeting(date(2024, 7, 1), convening_notice="INF/MSME/CN/28")
    assert shared_by_new([(0, Meeting(date(2024, 8, 1)))], [MARCH, july]) == []
    assert len(shared_by_new([(0, Meeting(date(2024, 8, 1), convening_notice="INF/MSME/CN/28"))],
                             [MARCH, july])) == 1


# The WTO's order of symbols (issue 16, item 4): numbers as numbers, a symbol before those
# it heads, statuses in their place.

_IN_ORDER = ["INF/MSME/4/Rev.2", "INF/MSME/CN/9", "INF/MSME/CN/27", "INF/MSME/W/2",
             "INF/MSME/W/5", "INF/MSME/W/5/Add.1", "INF/MSME/W/5/Add.1/Corr.1",
             "INF/MSME/W/5/Corr.1", "INF/MSME/W/5/Rev.1", "INF/MSME/W/5/Rev.2",
             "INF/MSME/W/5/Rev.10", "INF/MSME/W/6", "INF/MSME/W/10", "INF/MSME/W/58",
             "INF/MSME/W/58-INF/TGE/COM/11", "WT/DS2/R", "WT/DS177/AB/R", "WT/MIN(17)/58/Rev.1",
             "WT/MIN(24)/9", "WT/MIN(24)/DEC"]


def test_symbols_sort_as_the_wto_numbers_them():
    shuffled = sorted(_IN_ORDER, key=lambda s: s[::-1])
    assert sorted(shuffled, key=symbol_sort_key) == _IN_ORDER
    assert symbol_sort_key("INF/MSME/W/2") < symbol_sort_key("INF/MSME/W/10")
    assert symbol_sort_key("_INF/MSME/W/2") == symbol_sort_key("INF/MSME/W/2")


def _reference(symbol: str) -> tuple:
    """The reference order: parsed parts compared as tuples, numbers before words."""
    return tuple(tuple(tuple((0, r) if isinstance(r, int) else (1, r) for r in segment)
                       for segment in one) for one in parts(symbol))


_LETTERS = st.text("ABCDEGIMNRSTW", min_size=1, max_size=4)
_DIGITS = st.integers(0, 12_000).map(str)
_SEGMENT = st.one_of(_LETTERS, _DIGITS, st.tuples(_LETTERS, _DIGITS).map("".join),
                     st.tuples(_LETTERS, st.integers(0, 99)).map(lambda t: f"{t[0]}({t[1]:02d})"))
_STATUS = st.tuples(st.sampled_from(["Rev.", "Add.", "Corr.", "Suppl."]), _DIGITS).map("".join)
_ONE = st.tuples(_LETTERS, st.lists(_SEGMENT, min_size=1, max_size=4),
                 st.lists(_STATUS, max_size=2)).map(
    lambda t: "/".join([t[0], *t[1], *t[2]]))
_SYMBOL = st.lists(_ONE, min_size=1, max_size=2).map("-".join)


@given(_SYMBOL, _SYMBOL)
@settings(max_examples=400)
def test_the_sort_key_orders_as_the_parsed_parts_compare(a, b):
    assert DocumentSymbol.is_valid(a) and DocumentSymbol.is_valid(b)
    ka, kb = symbol_sort_key(a), symbol_sort_key(b)
    ra, rb = _reference(a), _reference(b)
    assert (ka < kb) == (ra < rb) and (ka == kb) == (ra == rb)
    # The key is plain text SQLite compares byte by byte, as Python compares code points.
    assert (ka.encode() < kb.encode()) == (ka < kb)


def test_the_migration_writes_the_same_key() -> None:
    """Revision 0005 keeps its own copy of the key (migrations import nothing above the
    database layer): it must write what the services write."""
    migration = importlib.import_module("msmedesk.db.migrations.versions.0005_symbol_sort")
    for symbol in [*_IN_ORDER, "_INF/MSME/W/007", "G/TBT/GEN/386", "OFFICE(00)/39"]:
        assert migration.symbol_sort_key(symbol) == symbol_sort_key(symbol)
