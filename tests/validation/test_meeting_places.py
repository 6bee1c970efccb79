"""The places staff give a meeting's items: one item per place, one opening presentation,
no place for an empty narrative; each problem names its field."""

from __future__ import annotations

from datetime import date

from msmedesk import validation
from msmedesk.domain import Meeting, Presentation, Spotlight


def _problems(**kw) -> dict[str, str]:
    meeting = Meeting(date=date(2025, 3, 4), **kw)
    return {e.field: e.message for e in validation.check_meeting(meeting)}


def test_two_items_in_one_place_are_refused() -> None:
    found = _problems(presentations=(Presentation(member="Chad", order=2),),
                      spotlights=(Spotlight("Jam & Co", order=2),), proposals_order=1,
                      closing="Done.", closing_order=1)
    assert found == {"spotlights[0].order": "2 is already the place of presentation 1",
                     "closing_order": "1 is already the place of the proposals discussed"}


def test_one_presentation_opens_the_meeting() -> None:
    found = _problems(presentations=(Presentation(member="Chad", opening="yes"),
                                     Presentation(member="Fiji", opening="yes", order=1)))
    assert found == {
        "presentations[1].opening": "only one presentation can open the meeting, and "
                                    "presentation 1 does",
        "presentations[1].order": "an opening presentation is told first: leave its place "
                                  "in the meeting empty"}


def test_a_place_for_an_empty_closing_narrative_is_refused() -> None:
    assert _problems(closing_order=3) == {
        "closing_order": "gives a place to the narrative after the presentations, which is "
                         "empty"}


def test_places_in_order_pass() -> None:
    assert _problems(presentations=(Presentation(member="Chad", order=2),
                                    Presentation(member="Fiji", opening="yes")),
                     spotlights=(Spotlight("Jam & Co", order=1),), closing="Done.",
                     closing_order=3) == {}
