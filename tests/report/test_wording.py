"""WTO-style wording helpers: numbers, ordinals, lists, dates, literal runs."""

from __future__ import annotations

from datetime import date

import pytest

from msmedesk.domain import PartialDate
from msmedesk.report import wording
from msmedesk.report.model import Text


@pytest.mark.parametrize(
    ("n", "start", "expected"),
    [(0, False, "zero"), (1, False, "one"), (4, False, "four"), (5, True, "Five"),
     (9, False, "nine"), (10, False, "10"), (10, True, "10"), (103, False, "103")],
)
def test_numbers_below_ten_are_words(n: int, start: bool, expected: str) -> None:
    """Words below ten (capitalised at a sentence start), figures from 10."""
    assert wording.number(n, start=start) == expected


def test_counted_picks_singular_or_plural() -> None:
    """The noun agrees with the number."""
    assert wording.counted(1, "new Member", start=True) == "One new Member"
    assert wording.counted(5, "new Member", start=True) == "Five new Members"
    assert wording.counted(2, "event", "events and meetings") == "two events and meetings"
    assert wording.counted(12, "meeting") == "12 meetings"


@pytest.mark.parametrize(
    ("n", "expected"),
    [(1, "first"), (2, "second"), (3, "third"), (4, "fourth"), (9, "ninth"), (10, "10th"),
     (11, "11th"), (12, "12th"), (13, "13th"), (21, "21st"), (22, "22nd"), (23, "23rd"),
     (111, "111th")],
)
def test_ordinals(n: int, expected: str) -> None:
    """Ordinal words below ten, figures with the right suffix after."""
    assert wording.ordinal(n) == expected


def test_ordinal_runs_put_the_suffix_in_superscript() -> None:
    """"11th" is "11" and a superscript "th"; "third" stays a word."""
    assert wording.ordinal_runs(11) == (Text("11"), Text("th", "sup"))
    assert wording.ordinal_runs(3) == (Text("third"),)


def test_join_without_serial_comma_by_default() -> None:
    """"A, B and C"; the serial comma only when asked for."""
    assert wording.join([]) == ""
    assert wording.join(["Canada"]) == "Canada"
    assert wording.join(["Canada", "China"]) == "Canada and China"
    assert wording.join(["Canada", "China", "Peru"]) == "Canada, China and Peru"
    assert wording.join(["Canada", "China", "Peru"], serial_comma=True) == "Canada, China, and Peru"
    assert wording.join(["Canada", "China"], conjunction="or") == "Canada or China"


def test_join_uses_semicolons_when_an_item_holds_a_comma() -> None:
    """As in the members footnote: "Albania; Korea, Republic of and Viet Nam"."""
    items = ["Albania", "Korea, Republic of", "Viet Nam"]
    assert wording.join(items) == "Albania; Korea, Republic of and Viet Nam"
    assert wording.join(items, serial_comma=True) == "Albania; Korea, Republic of; and Viet Nam"
    assert wording.join(["A", "B", "C"], semicolons=True) == "A; B and C"


def test_join_runs_keeps_styles() -> None:
    """Joined runs keep symbols as symbols and use the same punctuation as ``join``."""
    items = [(Text("JOB/GC/207", "symbol"), Text(" dated 3 December 2018")),
             (Text("INF/MSME/R/21", "symbol"), Text(" dated 15 December 2020")),
             (Text("INF/MSME/R/42", "symbol"), Text(" dated 6 February 2024"))]
    runs = wording.join_runs(items, semicolons=True)
    assert "".join(r.text for r in runs) == (
        "JOB/GC/207 dated 3 December 2018; INF/MSME/R/21 dated 15 December 2020 and "
        "INF/MSME/R/42 dated 6 February 2024")
    assert [r.text for r in runs if r.style == "symbol"] == [
        "JOB/GC/207", "INF/MSME/R/21", "INF/MSME/R/42"]


def test_dates_with_and_without_the_year() -> None:
    """"19 March" inside the year's narrative, "10 December 2024" where the year is needed."""
    assert wording.day_month(date(2024, 3, 19)) == "19 March"
    assert wording.full_date(date(2024, 12, 10)) == "10 December 2024"
    assert wording.partial_date(PartialDate(2024, 7)) == "July 2024"
    assert wording.partial_date(PartialDate(2024, 7), with_year=False) == "July"
    assert wording.partial_date(PartialDate(2024)) == "2024"


def test_date_ranges_and_sentence_openings() -> None:
    """Ranges as "17-19 July 2024"; openings "On …", "In …", "During …"."""
    assert wording.date_range(PartialDate(2024, 7, 17), PartialDate(2024, 7, 19)) == \
        "17-19 July 2024"
    assert wording.date_range(PartialDate(2024, 6, 30), PartialDate(2024, 7, 2)) == \
        "30 June-2 July 2024"
    assert wording.when(PartialDate(2024, 10, 1)) == "On 1 October 2024"
    assert wording.when(PartialDate(2024, 7)) == "In July 2024"
    assert wording.when(PartialDate(2024)) == "During 2024"


def test_capitalize_only_touches_the_first_letter() -> None:
    """"the Democratic Republic …" starts a sentence as "The Democratic Republic …"."""
    assert wording.capitalize("the Democratic Republic of the Congo") == \
        "The Democratic Republic of the Congo"
    # A name spelt with a capital inside it stays as its owner writes it.
    assert wording.capitalize("eBay sells online") == "eBay sells online"
    assert wording.capitalize("iPhone makers") == "iPhone makers"
    assert wording.capitalize("ebay") == "Ebay"
    assert wording.capitalize("12 Members") == "12 Members"


def test_literal_runs_keep_every_character() -> None:
    """User text is text: markup characters survive; symbols and ordinals only get a style."""
    text = 'Smith & Sons <b>bold</b> cited INF/MSME/W/46/Rev.3; INF/TGE/W/7/Rev.3 at its 12th TPR'
    runs = wording.literal_runs(text)
    assert "".join(r.text for r in runs) == text
    assert [r.text for r in runs if r.style == "symbol"] == [
        "INF/MSME/W/46/Rev.3", "INF/TGE/W/7/Rev.3"]
    assert [r.text for r in runs if r.style == "sup"] == ["th"]


@pytest.mark.parametrize(
    ("text", "symbols"),
    [("(WT/MIN(24)/DEC)", ["WT/MIN(24)/DEC"]),
     ("joint INF/MSME/W/58-INF/TGE/COM/11.", ["INF/MSME/W/58-INF/TGE/COM/11"]),
     ("from UN/CEFACT and the ITC", []),
     ("_INF/MSME/W/52 pasted", ["INF/MSME/W/52"]),
     ("see G/TBT/GEN/386, GPA/CD/6 and WT/ACC/SPEC/LVA/7/Add.2/Corr.1",
      ["G/TBT/GEN/386", "GPA/CD/6", "WT/ACC/SPEC/LVA/7/Add.2/Corr.1"])],
)
def test_symbols_found_in_free_text(text: str, symbols: list[str]) -> None:
    """Symbols in a narrative are recognised by the WTO grammar; "UN/CEFACT" is not one."""
    runs = wording.literal_runs(text)
    assert [r.text for r in runs if r.style == "symbol"] == symbols
    assert "".join(r.text for r in runs) == text


def test_sentence_adds_a_full_stop_only_when_missing() -> None:
    """Staff text without a final stop gets one; a closing bracket is not an ending."""
    assert wording.sentence("done") == "done."
    assert wording.sentence("done.") == "done."
    assert wording.sentence("(G/MA/357)") == "(G/MA/357)."
    assert wording.sentence('He said "yes."') == 'He said "yes."'
    assert wording.sentence("  spaced  ") == "spaced."


@pytest.mark.parametrize(
    ("acronym", "word"),
    [("UNCTAD", True), ("UNECA", True), ("UN/CEFACT", True), ("WIPO", True), ("UNEP", True),
     ("ITC", False), ("WCO", False), ("OECD", False), ("STDF", False), ("CCPIT", False),
     ("WTCA", False), ("UNDP", False), ("IOE&IT", False), ("UPU", False)],
)
def test_acronyms_spoken_as_words_take_no_article(acronym: str, word: bool) -> None:
    """"UNCTAD", "WIPO" stand alone; "the ITC", "the OECD" take "the"."""
    assert wording.reads_as_word(acronym) is word
    assert wording.acronym_in_text(acronym) == (acronym if word else f"the {acronym}")


def test_acronym_pattern_matches_whole_words_only() -> None:
    """"ITC" in "the ITC's" and "WTO-ITC", not in "ITCS"; "IOE&IT" as one word."""
    pattern = wording.acronym_pattern("ITC")
    assert len(pattern.findall("the ITC's work at the WTO-ITC event; ITCS")) == 2
    assert wording.acronym_pattern("IOE&IT").search("with the IOE&IT.")
    assert not wording.acronym_pattern("IT").search("with the IOE&IT.")


@pytest.mark.parametrize(
    ("title", "name"),
    [("Virtual meeting with the private sector", "a virtual meeting with the private sector"),
     ("Informal exchange", "an informal exchange"),
     ("A virtual meeting", "a virtual meeting"),
     ("The Changing Landscape", "the Changing Landscape"),
     ("Third annual meeting of the Trade4MSMEs Network",
      "the third annual meeting of the Trade4MSMEs Network"),
     ("Launch of Divasity's project", "the launch of Divasity's project"),
     ("International Trade Awards", "the International Trade Awards"),
     ("UN MSME Day event", "the UN MSME Day event"),
     ("Trade4MSMEs", "the Trade4MSMEs")],
)
def test_titles_used_as_names_get_the_right_article(title: str, name: str) -> None:
    """No "held A virtual meeting", no "held the virtual meeting"; proper titles take "the"."""
    assert wording.as_name(title) == name


@pytest.mark.parametrize(
    ("topic", "briefing", "verb"),
    [("its new good practice guide", True, "briefed the Group on"),
     ("how BSOs help MSMEs trade", False, "explained"),
     ("why organics matter", False, "explained"),
     ("its electronic Single Window", False, "presented"),
     ("his work on a platform", False, "presented"),
     ("the Global Supply Chain Forum", False, "presented on")],
)
def test_presentation_verb_follows_who_and_what(topic: str, briefing: bool, verb: str) -> None:
    """Bodies brief the Group; questions are explained; one's own work is presented."""
    assert wording.presentation_verb(topic, briefing=briefing) == verb


def test_repeated_verbs_are_varied() -> None:
    """A run of sentences with one verb: verb, also verb, another verb, also another."""
    assert [wording.varied_verb("presented on", i) for i in range(5)] == [
        "presented on", "also presented on", "spoke about", "also spoke about", "presented on"]
    assert wording.varied_verb("briefed the Group on", 1) == "also briefed the Group on"


@pytest.mark.parametrize(
    ("summary", "clause"),
    [("Proposes work on tariffs.", "which proposes work on tariffs"),
     ("Suggests that the Group look at e-commerce", "which suggests that the Group look at "
      "e-commerce"),
     ("A proposal in three parts: GRP; finance.", None),
     ("Proposes one thing. Then another.", None),
     ("Members asked for more.", None),
     ("", None)],
)
def test_relative_clause_only_where_it_reads_well(summary: str, clause: str | None) -> None:
    """A summary opening with a verb becomes "which …"; anything else is left out."""
    assert wording.relative_clause(summary) == clause


def test_pronoun_from_the_honorific() -> None:
    """"Mr" gives "he", "Ms" gives "she"; no honorific gives none."""
    assert wording.pronoun("H.E. Mr Matthew Wilson") == "he"
    assert wording.pronoun("H.E. Ms Ana Old") == "she"
    assert wording.pronoun("H.E. Mrs Ana Old") == "she"
    assert wording.pronoun("Dr Sam Lee") is None


def test_when_without_the_year() -> None:
    """Inside the year's narrative: "In May", "On 27 June", "During the year"."""
    assert wording.when(PartialDate(2024, 5), with_year=False) == "In May"
    assert wording.when(PartialDate(2024, 6, 27), with_year=False) == "On 27 June"
    assert wording.when(PartialDate(2024), with_year=False) == "During the year"
