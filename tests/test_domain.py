"""The plain domain types: partial dates, symbols, sort keys, labels."""

from __future__ import annotations

from datetime import date

import pytest

from msmedesk.domain import (
    DocumentSymbol,
    Member,
    Organization,
    PartialDate,
    long_date,
    sort_key,
)


def test_partial_date_forms_and_iso():
    assert PartialDate.parse("2024") == PartialDate(2024)
    assert PartialDate.parse("2024-06") == PartialDate(2024, 6)
    assert PartialDate.parse("2024-06-27") == PartialDate(2024, 6, 27)
    for text in ("2024", "2024-06", "2024-06-27"):
        assert PartialDate.parse(text).iso() == text
        assert str(PartialDate.parse(text)) == text


def test_partial_date_full_and_to_date():
    assert PartialDate(2024, 6, 27).is_full()
    assert PartialDate(2024, 6, 27).to_date() == date(2024, 6, 27)
    assert not PartialDate(2024, 6).is_full()
    with pytest.raises(ValueError, match="not a full date"):
        PartialDate(2024, 6).to_date()
    assert PartialDate.from_date(date(2024, 3, 19)) == PartialDate(2024, 3, 19)


def test_partial_date_long_is_wto_style():
    assert PartialDate(2024, 3, 19).long() == "19 March 2024"
    assert PartialDate(2024, 3, 19).long(with_year=False) == "19 March"
    assert PartialDate(2024, 6).long() == "June 2024"
    assert PartialDate(2024).long() == "2024"
    assert long_date(date(2017, 12, 13)) == "13 December 2017"
    assert long_date(date(2024, 7, 1), with_year=False) == "1 July"


def test_partial_dates_of_different_precision_compare_like_their_iso_text():
    # Regression: with dataclass ordering, 2024 < 2024-06 compared None with 6 and
    # raised TypeError, so an outreach event dated "2024-06" ending "2024-06-30" could
    # not even be checked.
    texts = ["2024-06-01", "2024", "2023-12-31", "2024-06", "2025", "2024-05-31"]
    dates = [PartialDate.parse(t) for t in texts]
    assert [d.iso() for d in sorted(dates)] == sorted(texts)
    assert PartialDate(2024) < PartialDate(2024, 6) < PartialDate(2024, 6, 1)
    assert PartialDate(2024, 6, 30) > PartialDate(2024, 6)
    assert PartialDate(2024, 6) >= PartialDate(2024, 6)
    assert PartialDate(2024, 6) <= PartialDate(2024, 6)
    assert not PartialDate(2025) < PartialDate(2024, 12, 31)


def test_equal_partial_dates_are_one_key():
    # Callers key dicts and sets by dates (years, "discussed at" lists): a date parsed
    # from text finds the one built from numbers, and a more precise date is another key.
    by_date = {PartialDate(2024, 6): "June", PartialDate(2024): "the year"}
    assert by_date[PartialDate.parse("2024-06")] == "June"
    assert by_date[PartialDate.parse("2024")] == "the year"
    assert PartialDate.parse("2024-06-01") not in by_date
    assert len({PartialDate(2024, 6, 1), PartialDate.parse("2024-06-01")}) == 1


def test_symbol_parts_of_a_joint_symbol():
    joint = DocumentSymbol.parse("INF/MSME/W/58-INF/TGE/COM/11")
    assert joint.parts() == ("INF/MSME/W/58", "INF/TGE/COM/11")
    assert DocumentSymbol.parse("WT/MIN(17)/58/Rev.1").parts() == ("WT/MIN(17)/58/Rev.1",)
    assert str(joint) == "INF/MSME/W/58-INF/TGE/COM/11"


def test_symbol_is_valid():
    assert DocumentSymbol.is_valid("G/TBT/GEN/386")
    assert not DocumentSymbol.is_valid("INF MSME/CN/2")
    assert not DocumentSymbol.is_valid("")


def test_sort_key_ignores_case_and_accents():
    names = ["Cuba", "Côte d'Ivoire", "Costa Rica", "costa azul"]
    assert sorted(names, key=sort_key) == ["costa azul", "Costa Rica", "Côte d'Ivoire", "Cuba"]
    assert sort_key("Türkiye") == "turkiye"


def test_member_labels_default_to_the_name():
    plain = Member(name="Mexico")
    assert (plain.list_label, plain.sort_label, plain.prose_label) == ("Mexico",) * 3
    eu = Member(name="European Union", list_name="European Union and its 27 Member States",
                prose_name="the European Union", counts_as=28)
    assert eu.list_label == "European Union and its 27 Member States"
    assert eu.prose_label == "the European Union"
    assert eu.sort_label == "European Union"
    assert Member(name="The Gambia", sort_name="Gambia").sort_label == "Gambia"


def test_organization_label_prefers_the_acronym():
    assert Organization(name="International Trade Centre", acronym="ITC").label == "ITC"
    assert Organization(name="Enterprise Europe Network").label == "Enterprise Europe Network"
