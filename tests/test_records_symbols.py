"""The meeting service: a convening notice or summary belongs to one meeting (or one day)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event

from msmedesk.domain import Meeting
from msmedesk.validation import ValidationError


def test_a_notice_of_another_meetings_date_is_refused_naming_that_meeting(sample_services):
    before = sample_services.meetings.total()
    with pytest.raises(ValidationError) as exc:
        sample_services.meetings.create(Meeting(date(2025, 3, 1),
                                                convening_notice="INF/MSME/CN/28"))
    assert [(e.field, e.message) for e in exc.value.errors] == [
        ("convening_notice", "INF/MSME/CN/28 is already the convening notice of the meeting "
                             "of 10 December 2024")]
    assert sample_services.meetings.total() == before


def test_a_summary_of_another_meeting_is_refused_in_either_field(sample_services):
    with pytest.raises(ValidationError) as exc:
        sample_services.meetings.create(Meeting(date(2025, 3, 1),
                                                convening_notice="INF/MSME/R/43",
                                                summary_document="INF/MSME/R/44"))
    assert [(e.field, e.message) for e in exc.value.errors] == [
        ("convening_notice", "INF/MSME/R/43 is already the summary of the meeting of "
                             "19 March 2024"),
        ("summary_document", "INF/MSME/R/44 is already the summary of the meeting of "
                             "1 July 2024")]


def test_an_edit_that_takes_another_meetings_notice_is_refused(sample_services):
    [march, july, *_] = sample_services.meetings.in_year(2024)
    with pytest.raises(ValidationError) as exc:
        sample_services.meetings.update(Meeting(july.date, convening_notice="INF/MSME/CN/25/Rev.1",
                                                id=july.id))
    assert exc.value.for_field("convening_notice") == [
        "INF/MSME/CN/25/Rev.1 is already the convening notice of the meeting of 19 March 2024"]
    assert sample_services.meetings.get(july.id) == july


def test_the_same_day_may_share_them_and_a_meeting_keeps_its_own(sample_services):
    # Refused on another date, while the thematic session of that very day may share them
    # and the meeting itself keeps them when edited.
    with pytest.raises(ValidationError):
        sample_services.meetings.create(Meeting(date(2024, 12, 11), kind="thematic",
                                                convening_notice="INF/MSME/CN/28"))
    saved = sample_services.meetings.create(Meeting(
        date(2024, 12, 10), kind="thematic", convening_notice="INF/MSME/CN/28",
        summary_document="INF/MSME/R/46"))
    assert saved.convening_notice == "INF/MSME/CN/28"
    assert saved.summary_document == "INF/MSME/R/46"
    march = sample_services.meetings.in_year(2024)[0]
    edited = sample_services.meetings.update(Meeting(
        march.date, convening_notice=march.convening_notice,
        summary_document=march.summary_document, summary="Edited.", id=march.id))
    assert edited.summary == "Edited." and edited.convening_notice == "INF/MSME/CN/25/Rev.1"


def test_saving_a_meeting_asks_no_more_of_a_file_with_more_meetings(sample_services):
    # The check that a meeting's documents are no other meeting's is not a look at every
    # meeting: a save sends as many statements to a file of 6 meetings as to one of 34.
    def statements(meeting: Meeting) -> int:
        seen: list[str] = []
        listener = lambda *a: seen.append(a[2])  # noqa: E731
        event.listen(sample_services.engine, "before_cursor_execute", listener)
        try:
            sample_services.meetings.create(meeting)
        finally:
            event.remove(sample_services.engine, "before_cursor_execute", listener)
        return len(seen)

    def meeting(month: int, day: int) -> Meeting:
        n = 100 + month * 31 + day
        return Meeting(date(2025, month, day), convening_notice=f"INF/MSME/CN/{n}",
                       summary_document=f"INF/MSME/R/{n}")

    statements(meeting(1, 1))  # the first write of a session loads what writes need
    few = statements(meeting(1, 2))
    for day in range(1, 29):
        sample_services.meetings.create(meeting(2, day))
    assert sample_services.meetings.total() == 34
    assert statements(meeting(3, 1)) == few
