"""Where the draft lists symbols in their own order, it is the WTO's (W/2 before W/10);
an order staff set stays as set (issue 16, item 4)."""

from __future__ import annotations

from datetime import date

from msmedesk.domain import Meeting, Member, PartialDate, Proposal
from msmedesk.records import Services
from msmedesk.report import make_report
from msmedesk.report.markdown_render import render_markdown


def test_the_checklist_lists_undiscussed_proposals_in_the_wto_order(services: Services
                                                                     ) -> None:
    services.members.create(Member("Albania", joined=PartialDate(2030, 1)))
    for symbol in ("INF/MSME/W/10", "INF/MSME/W/2", "INF/MSME/W/2/Rev.10",
                   "INF/MSME/W/2/Rev.2"):
        services.proposals.create(Proposal(symbol, "A proposal", ("Albania",),
                                           submitted=PartialDate(2030, 2)))
    records = services.year_records(2030)
    order = ["INF/MSME/W/2", "INF/MSME/W/2/Rev.2", "INF/MSME/W/2/Rev.10", "INF/MSME/W/10"]
    assert [p.symbol for p in records.undiscussed] == order
    lines = [g.line() for g in make_report(services, 2030).gaps if g.record
             and g.record.key == "proposals"]
    assert lines == [f"Proposal {s}: discussed at no meeting" for s in order]


def test_a_meeting_s_proposals_stay_in_the_order_staff_gave(services: Services) -> None:
    services.members.create(Member("Albania", joined=PartialDate(2030, 1)))
    for symbol in ("INF/MSME/W/2", "INF/MSME/W/10"):
        services.proposals.create(Proposal(symbol, f"Proposal {symbol[-2:]}", ("Albania",),
                                           submitted=PartialDate(2030, 2)))
    services.meetings.create(Meeting(date(2030, 5, 6), summary="Met.",
                                     convening_notice="INF/MSME/CN/90",
                                     summary_document="INF/MSME/R/90",
                                     proposals=("INF/MSME/W/10", "INF/MSME/W/2")))
    # The year's proposals are read in the WTO's order; the meeting tells them as staff set.
    assert [p.symbol for p in services.year_records(2030).proposals] == ["INF/MSME/W/2",
                                                                        "INF/MSME/W/10"]
    text = render_markdown(make_report(services, 2030))
    assert 0 < text.index("INF/MSME/W/10") < text.index("INF/MSME/W/2)")
