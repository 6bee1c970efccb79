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


def test_the_duplicate_check_is_one_query(sample_services):
    # Not a look at every meeting: as many statements with the sample's four meetings as
    # with one more (the meeting's own writes are the same in both).
    def statements(meeting: Meeting) -> int:
        seen: list[str] = []
        listener = lambda *a: seen.append(a[2])  # noqa: E731
        event.listen(sample_services.engine, "before_cursor_execute", listener)
        try:
            sample_services.meetings.create(meeting)
        finally:
            event.remove(sample_services.engine, "before_cursor_execute", listener)
        return sum(1 for s in seen if "JOIN meetings" in s and "documents" in s)

    assert statements(Meeting(date(2025, 3, 1), convening_notice="INF/MSME/CN/29")) == 1
    assert statements(Meeting(date(2025, 4, 1), convening_notice="INF/MSME/CN/30",
                              summary_document="INF/MSME/R/50")) == 1
