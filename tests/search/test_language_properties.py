"""Property tests of the search language: any query prints back to a text that reads as the
same query, and any text either reads or is refused with a SearchError at a real place."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from msmedesk.search.date_values import date_range
from msmedesk.search.fields import catalog
from msmedesk.search.language import describe, parse, to_text
from msmedesk.search.query import And, Not, Or, Query, SearchError, Text, fold
from msmedesk.search.tokens import KEYWORDS, balanced

TEXT_NAMES = sorted(n for n, f in catalog().items() if f.kind == "text")
DATE_NAMES = sorted(n for n, f in catalog().items() if f.kind == "date")

# Letters (accented and not), digits and the marks symbols and names carry.
_CHARS = st.sampled_from(list("abcxyzéçñøß019/.-*'&=<>:(") + ["İ", "ǅ"])


def _word_of(value: str) -> bool:
    """Whether ``value`` is a word the language reads as a plain word of its own."""
    if not value or value != fold(value) or value.casefold() in KEYWORDS:
        return False
    try:
        return parse(value) == Text(value)
    except SearchError:
        return False


WORDS = st.text(_CHARS, min_size=1, max_size=8).filter(_word_of)
PHRASES = st.lists(st.text(_CHARS, min_size=1, max_size=6), min_size=1, max_size=3).map(
    lambda words: fold(" ".join(words))).map(lambda t: " ".join(t.split())).filter(bool)
FIELD_VALUES = st.text(st.sampled_from(list("abcé019/.-*():<>")), min_size=1, max_size=8).map(
    fold).filter(lambda v: not v.startswith("=") and balanced(v))

_PARTIAL = st.one_of(
    st.integers(1990, 2100).map(str),
    st.tuples(st.integers(1990, 2100), st.integers(1, 12)).map(lambda ym: f"{ym[0]}-{ym[1]:02d}"),
    st.tuples(st.integers(1, 28), st.sampled_from(["March", "June", "Dec"]),
              st.integers(1990, 2100)).map(lambda d: f"{d[0]} {d[1]} {d[2]}"),
    st.tuples(st.sampled_from(["March", "September"]), st.integers(1990, 2100)).map(
        lambda d: f"{d[0]} {d[1]}"),
)
_YEARS = st.integers(1990, 2100).map(str)


def _ranges(field: str, one: st.SearchStrategy[str]) -> st.SearchStrategy[Query]:
    typed = st.one_of(
        one, st.tuples(st.sampled_from([">=", "<=", ">", "<", "="]), one).map("".join),
        st.tuples(one, one).map(sorted).map("..".join), one.map(lambda t: f"{t}.."),
        one.map(lambda t: f"..{t}"))

    def made(text: str) -> Query | None:
        try:
            return date_range(field, text)
        except SearchError:  # (a range ending before it starts)
            return None
    return typed.map(made).filter(lambda q: q is not None)  # type: ignore[arg-type,return-value]


ATOMS: st.SearchStrategy[Query] = st.one_of(
    WORDS.map(Text),
    PHRASES.map(lambda v: Text(v, phrase=True)),
    st.builds(lambda name, value, exact: Text(value, field=name, exact=exact),
              st.sampled_from(TEXT_NAMES), FIELD_VALUES, st.booleans()),
    st.builds(lambda name, value, exact: Text(value, field=name, exact=exact, phrase=True),
              st.sampled_from(TEXT_NAMES), PHRASES, st.booleans()),
    st.sampled_from(DATE_NAMES).flatmap(lambda name: _ranges(name, _PARTIAL)),
    _ranges("year", _YEARS),
)

QUERIES: st.SearchStrategy[Query] = st.recursive(
    ATOMS,
    lambda inner: st.one_of(
        inner.map(Not),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: And(tuple(parts))),
        st.lists(inner, min_size=2, max_size=3).map(lambda parts: Or(tuple(parts))),
    ),
    max_leaves=6,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow,
                                                    HealthCheck.filter_too_much])
@given(QUERIES)
def test_a_printed_query_reads_back_as_itself(query: Query) -> None:
    printed = to_text(query)
    assert parse(printed) == query, printed
    assert describe(query)  # (and it can always be told in words)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=30),
                 st.lists(st.sampled_from(list('ab -()":=<>.*') + [
                     "or", "not", "and ", "date:", "year:", "member:", "2024", "March ", " ",
                     "..", "=", "status:"]), max_size=12).map("".join)))
@example('date:>=March 2024 or ("x" -y)')
@example("((a)")
@example("year:2024..")
def test_any_text_reads_or_is_refused_at_a_place(text: str) -> None:
    try:
        query = parse(text)
    except SearchError as error:
        assert 0 <= error.position <= len(text)
        assert error.message and "\n" not in error.message
        return
    assert parse(to_text(query)) == query, to_text(query)
    assert describe(query)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=20), st.sampled_from(["meetings", "proposals", "contacts", None]))
def test_any_text_in_a_tab_reads_or_is_refused(text: str, kind: str | None) -> None:
    try:
        query = parse(text, kind)
    except SearchError as error:
        assert 0 <= error.position <= len(text)
        return
    assert parse(to_text(query), kind) == query
