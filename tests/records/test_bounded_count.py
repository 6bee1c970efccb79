"""A list's count stopped at a bound (issue 18): "more than N" above it, the exact number at
or below it, on a data file and on a server."""

from __future__ import annotations

from msmedesk.domain import ListQuery, OutreachEvent, PartialDate
from msmedesk.records import Services


def _events(services: Services, titles: list[str]) -> None:
    for i, title in enumerate(titles):
        services.outreach.create(OutreachEvent(PartialDate(2024, 1 + i % 12, 1 + i), title))


def test_a_count_stops_one_past_its_bound_and_is_exact_below_it(services: Services) -> None:
    _events(services, [f"Webinar on digital trade {i}" for i in range(6)]
            + ["Forum on green finance", "Panel on customs"])
    everything, digital = ListQuery(), ListQuery(text="digital")
    assert services.outreach.count(everything) == 8
    # More than the bound: one past it says "more than 5", whatever the real number.
    assert services.outreach.count(everything, bound=5) == 6
    assert services.outreach.count(digital, bound=3) == 4
    # At or under the bound: the exact number, filter and year applied as without one.
    assert services.outreach.count(digital, bound=6) == 6
    assert services.outreach.count(digital, bound=100) == 6
    assert services.outreach.count(ListQuery(text="green"), bound=3) == 1
    assert services.outreach.count(ListQuery(text="nowhere"), bound=3) == 0
    assert services.outreach.count(ListQuery(year=2023), bound=3) == 0
    assert services.outreach.count(ListQuery(year=2024, text="digital"), bound=5) == 6
    # (the bounded statement is cached apart from the whole count's)
    assert services.outreach.count(digital) == 6
