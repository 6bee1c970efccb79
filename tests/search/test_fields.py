"""The catalog of search names: read from the registry, aliases included."""

from __future__ import annotations

import pytest

from msmedesk.registry import RECORD_TYPES
from msmedesk.search.fields import catalog, lookup, names_of, singular


def test_labels_keys_and_declared_aliases_are_names() -> None:
    found = catalog()
    assert found["proponent"].targets == {"proposals": ("proponents",)}
    assert found["status"].targets == {"proposals": ("status",)}
    # "member" is declared on fields whose labels do not say it.
    assert found["member"].targets["contacts"] == ("of",)
    assert found["member"].targets["proposals"] == ("proponents",)
    assert found["member"].targets["package"] == ("members",)
    assert found["organization"].targets["outreach"] == ("partners",)
    assert set(found["organization"].targets["organizations"]) == {"acronym", "name"}
    assert set(found["symbol"].targets["meetings"]) >= {"convening_notice", "summary_document"}


def test_a_records_rows_and_their_fields_are_fields() -> None:
    found = catalog()
    assert found["speaker"].targets == {"meetings": ("presentations.speaker",)}
    assert found["spotlight"].targets == {"meetings": ("spotlights",)}
    assert found["enterprise"].targets == {"meetings": ("spotlights.business",)}


def test_kinds() -> None:
    found = catalog()
    assert found["date"].kind == "date"
    assert found["submitted"].kind == "date"
    assert found["kind"].kind == "text"
    assert found["year"].kind == "year"
    with_year = {t.key for t in RECORD_TYPES if t.by_year and not t.single}
    assert set(found["year"].targets) == with_year


def test_order_numbers_and_the_groups_profile_are_not_searched() -> None:
    for f in catalog().values():
        assert "group" not in f.targets
        assert all("order" not in key and key != "position"
                   for keys in f.targets.values() for key in keys)


@pytest.mark.parametrize("typed", ["member", "Members", "MEMBER", "members"])
def test_lookup_takes_any_case_and_the_plural(typed: str) -> None:
    found = lookup(typed)
    assert found is not None and found.name == "member"


def test_singular() -> None:
    assert singular("annexes") == "annex"
    assert singular("statuses") == "status"
    assert singular("status") == "status"
    assert singular("counts-as") == "counts-as"
    assert singular("partners") == "partner"


def test_names_of_a_type() -> None:
    names = names_of("proposals")
    assert names == sorted(names)
    assert {"proponent", "status", "symbol", "year", "member"} <= set(names)
    assert "speaker" not in names
    assert set(names_of()) == set(catalog())
