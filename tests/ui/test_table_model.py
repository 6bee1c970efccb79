"""The generic table model: Qt's rules, lazy pages, SQL sort and filter through the query."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex, Qt

from msmedesk.domain import ListQuery, PartialDate, Row

from msmedesk.ui.kinds import ALL_KINDS, MEMBERS, RecordKind
from msmedesk.ui.table_model import MAX_PAGES, PAGE_SIZE, RecordTableModel


@pytest.mark.parametrize("kind", ALL_KINDS, ids=lambda k: k.name)
def test_model_keeps_qt_rules_on_the_sample(qtmodeltester: Any, sample_services: Any,
                                            kind: RecordKind) -> None:
    """pytest-qt's model tester finds nothing wrong with each record type's model."""
    service = getattr(sample_services, kind.name)
    if not service.total():
        pytest.skip(f"the sample has no {kind.plural} (test_generic_kind.py fills some)")
    model = RecordTableModel(service, kind)
    assert model.rowCount() > 0
    qtmodeltester.check(model)


def test_cells_are_formatted_for_staff(sample_services: Any) -> None:
    """Dates read "19 March 2024", kinds and statuses read as plain words."""
    from msmedesk.ui.kinds import MEETINGS, PROPOSALS

    meetings = RecordTableModel(sample_services.meetings, MEETINGS)
    dates = [meetings.data(meetings.index(r, 0)) for r in range(meetings.rowCount())]
    assert dates == ["10 December 2024", "18 October 2024", "1 July 2024", "19 March 2024"]
    assert meetings.data(meetings.index(0, 1)) == "Open-ended"
    proposals = RecordTableModel(sample_services.proposals, PROPOSALS)
    statuses = {proposals.data(proposals.index(r, 4)) for r in range(proposals.rowCount())}
    assert "Under discussion" in statuses
    assert not any("-" in s for s in statuses)
    assert [proposals.headerData(c, Qt.Orientation.Horizontal)
            for c in range(proposals.columnCount())] == [
        "Symbol", "Title", "Proponents", "Submitted", "Status"]


@dataclass
class FakeMembers:
    """A member service over N synthetic rows that records what it is asked."""

    n: int
    columns: tuple[str, ...] = ("name", "list_name", "counts_as", "joined", "left")
    sortable: tuple[str, ...] = ("name", "list_name", "counts_as", "joined", "left")
    default_sort: str = "name"
    lists: list[ListQuery] = field(default_factory=list)
    counts: list[ListQuery] = field(default_factory=list)

    def _matching(self, query: ListQuery) -> list[int]:
        ids = [i for i in range(1, self.n + 1) if query.text in f"Member {i:06d}"]
        return sorted(ids, reverse=query.descending)

    def list(self, query: ListQuery) -> list[Row]:
        self.lists.append(query)
        ids = self._matching(query)[query.offset:query.offset + query.limit]
        return [Row(i, (f"Member {i:06d}", "", 1, PartialDate(2000 + i % 20), None))
                for i in ids]

    def count(self, query: ListQuery, bound: int | None = None) -> int:
        self.counts.append(query)
        found = len(self._matching(query))
        return found if bound is None else min(found, bound + 1)


def test_rows_are_fetched_page_by_page() -> None:
    """100,000 rows: the count comes from one query (and one more once the count stops at
    its bound), and only the pages shown are read."""
    service = FakeMembers(100_000)
    model = RecordTableModel(service, MEMBERS)
    model.complete_count()
    assert model.rowCount() == 100_000
    assert service.lists == []  # nothing read until a row is shown
    assert model.data(model.index(0, 0)) == "Member 000001"
    assert model.data(model.index(PAGE_SIZE - 1, 0)) == f"Member {PAGE_SIZE:06d}"
    assert len(service.lists) == 1 and service.lists[0].limit == PAGE_SIZE
    assert model.data(model.index(99_999, 0)) == "Member 100000"
    assert len(service.lists) == 2
    assert service.lists[1].offset == (99_999 // PAGE_SIZE) * PAGE_SIZE
    for row in range(0, 500):  # painting reads cached pages, never counts again
        model.data(model.index(row, 3))
    assert len(service.counts) == 2
    assert len(service.lists) == 2 + 499 // PAGE_SIZE  # the first, the last, then 1 to 499


def test_pages_are_asked_with_the_count_of_matches() -> None:
    """The service hears how many records match, so that it reads a few matches quickly."""
    service = FakeMembers(1000)
    model = RecordTableModel(service, MEMBERS)
    model.set_filter(text="Member 0009")
    model.data(model.index(0, 0))
    assert service.lists[-1].matches == 100 == model.rowCount()
    assert model.query.matches is None  # the filter itself stays as typed


def test_page_cache_is_bounded() -> None:
    """Scrolling through everything keeps the last MAX_PAGES pages shown, no more: those are
    shown again without asking the service, an older one is asked for again."""
    service = FakeMembers(PAGE_SIZE * (MAX_PAGES + 5))
    model = RecordTableModel(service, MEMBERS)
    model.complete_count()
    for row in range(0, model.rowCount(), PAGE_SIZE):
        model.data(model.index(row, 0))
    assert len(service.lists) == MAX_PAGES + 5
    for row in range(5 * PAGE_SIZE, model.rowCount(), PAGE_SIZE):
        assert model.data(model.index(row, 0)) == f"Member {row + 1:06d}"
    assert len(service.lists) == MAX_PAGES + 5  # the last MAX_PAGES pages were kept
    assert model.data(model.index(4 * PAGE_SIZE, 0)) == f"Member {4 * PAGE_SIZE + 1:06d}"
    assert len(service.lists) == MAX_PAGES + 6  # an older page was dropped: read again
    assert service.lists[-1].offset == 4 * PAGE_SIZE


def test_sort_asks_the_service_and_ignores_unsortable_columns() -> None:
    """Sorting re-queries with the column key; there is no proxy over all rows."""
    service = FakeMembers(1000)
    service.sortable = ("name", "joined")
    model = RecordTableModel(service, MEMBERS)
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.query.sort == "name" and model.query.descending
    assert model.data(model.index(0, 0)) == "Member 001000"
    assert service.lists[-1].sort == "name" and service.lists[-1].descending
    before = model.query
    model.sort(2, Qt.SortOrder.AscendingOrder)  # "counts_as" is not sortable here
    assert model.query == before
    assert model.sort_column() == 0
    assert not model.is_sortable(2) and model.is_sortable(3)


def test_filter_goes_to_the_service() -> None:
    """Text and year filters become the query's text and year; the count follows."""
    service = FakeMembers(1000)
    model = RecordTableModel(service, MEMBERS)
    model.set_filter(text="Member 0009")
    assert model.rowCount() == 100  # 000900 to 000999
    assert service.counts[-1].text == "Member 0009"
    model.set_filter(year=2024)
    assert model.query.year == 2024 and model.query.text == "Member 0009"
    model.set_filter(year=None)
    assert model.query.year is None


def test_invalid_and_out_of_range_indexes_are_empty() -> None:
    """A vanished row (the file changed underneath) reads as empty, never an error."""
    service = FakeMembers(5)
    model = RecordTableModel(service, MEMBERS)
    assert model.data(QModelIndex()) is None
    service.n = 3  # two records went away since the count
    assert model.data(model.index(4, 0)) is None
    assert model.record_id(4) is None
    assert model.rowCount(model.index(0, 0)) == 0


def test_roles_a_cell_does_not_use_read_nothing() -> None:
    """A view asks seven roles of every cell it paints: only the text reads a page."""
    service = FakeMembers(1000)
    model = RecordTableModel(service, MEMBERS)
    index = model.index(0, 2)  # Counts as: a number, right-aligned
    for role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole,
                 Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.CheckStateRole,
                 Qt.ItemDataRole.DecorationRole):
        assert model.data(index, role) is None
    right = model.data(index, Qt.ItemDataRole.TextAlignmentRole)
    assert Qt.AlignmentFlag(right) & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is None
    assert service.lists == []
    assert model.data(index) == "1"
    assert len(service.lists) == 1


def test_a_list_above_the_bound_says_more_than_and_counts_the_rest_later(
        monkeypatch: Any) -> None:
    """A keystroke counts only up to the bound; the whole count comes after (once)."""
    from msmedesk.ui import table_model

    monkeypatch.setattr(table_model, "COUNT_BOUND", 50)
    service = FakeMembers(300)
    model = RecordTableModel(service, MEMBERS)
    assert (model.rowCount(), model.exact, model.canFetchMore(QModelIndex())) == (51, False,
                                                                                True)
    counted: list[bool] = []
    model.counted.connect(lambda: counted.append(True))
    model.complete_count()
    assert (model.rowCount(), model.exact, counted) == (300, True, [True])
    assert not model.canFetchMore(QModelIndex())
    model.set_filter(text="Member 0000")  # 99 matches: more than 50 again
    assert (model.rowCount(), model.exact) == (51, False)
    model.set_filter(text="Member 00001")  # 10 matches: exact at once
    assert (model.rowCount(), model.exact) == (10, True)
    asked = len(service.counts)
    model.complete_count()  # nothing more to count
    assert len(service.counts) == asked


def test_scrolling_to_the_end_of_a_list_counted_up_to_its_bound_reaches_the_last_row(
        qtbot: Any, monkeypatch: Any) -> None:
    from PySide6.QtWidgets import QTableView

    from msmedesk.ui import table_model

    monkeypatch.setattr(table_model, "COUNT_BOUND", 100)
    model = RecordTableModel(FakeMembers(2000), MEMBERS)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.resize(400, 300)
    view.show()
    qtbot.waitExposed(view)
    assert model.rowCount() == 101
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())  # the user drags the scrollbar to the bottom
    assert model.rowCount() == 2000 and model.exact
    bar.setValue(bar.maximum())
    view.scrollToBottom()
    last = view.rowAt(view.viewport().height() - 2)
    assert last == 1999
    assert model.data(model.index(last, 0)) == "Member 002000"


def test_the_whole_count_follows_a_moment_after_the_keystroke(qtbot: Any,
                                                              monkeypatch: Any) -> None:
    from msmedesk.ui import table_model

    monkeypatch.setattr(table_model, "COUNT_BOUND", 10)
    model = RecordTableModel(FakeMembers(40), MEMBERS)
    assert model.rowCount() == 11
    with qtbot.waitSignal(model.counted, timeout=3000):
        pass
    assert (model.rowCount(), model.exact) == (40, True)


def test_the_status_line_says_more_than_the_bound_plainly() -> None:
    from msmedesk.ui.table_model import COUNT_BOUND, showing_text

    assert COUNT_BOUND == 1000
    assert showing_text(12, True, 40, "meetings") == "Showing 12 of 40 meetings"
    assert showing_text(1001, False, 60_000, "outreach events") == (
        "Showing more than 1,000 of 60,000 outreach events")
    assert showing_text(1001, False, None, "outreach events") == (
        "Showing more than 1,000 outreach events")
    assert showing_text(60_000, True, 60_000, "outreach events") == (
        "Showing 60,000 of 60,000 outreach events")
