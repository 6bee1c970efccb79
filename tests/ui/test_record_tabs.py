"""Every record type through its tab: add, edit and delete with the form; find; sort; details."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QDialog

from msmedesk.domain import NotFound, Organization

from msmedesk.ui.main_window import MainWindow
from msmedesk.ui.record_tab import SEARCH_DELAY_MS, RecordTab

from .helpers import Answers, fill_with, show_active

# A new record for each type (archive-shaped, as the form takes it), a field to change
# when editing it, and a text by which the new record is found in its table.
NEW: dict[str, tuple[dict[str, Any], dict[str, Any], str, str]] = {
    "meetings": ({"date": "2025-02-03", "kind": "thematic", "summary": "Sandbox meeting"},
                 {"summary": "Sandbox meeting, revised"}, "Sandbox meeting",
                 "3 February 2025"),
    "members": ({"name": "Atlantis", "joined": "2025"},
                {"list_name": "Republic of Atlantis"}, "Atlantis", "Republic of Atlantis"),
    "proposals": ({"symbol": "INF/MSME/W/99", "title": "Sandbox proposal",
                   "proponents": ["Canada"], "status": "submitted"},
                  {"title": "Sandbox proposal, revised"}, "INF/MSME/W/99",
                  "Sandbox proposal, revised"),
    "outreach": ({"date": "2025-05", "title": "Sandbox outreach", "kind": "award"},
                 {"title": "Sandbox outreach, revised"}, "Sandbox outreach",
                 "Sandbox outreach, revised"),
    "package": ({"annex": 2, "year": 2025, "members": ["Canada"],
                 "summary": "Sandbox package entry"},
                {"summary": "Sandbox package entry, revised"}, "Sandbox package",
                "Sandbox package entry, revised"),
    "organizations": ({"name": "Sandbox Organization", "acronym": "SBXO"},
                      {"name": "Sandbox Organization, renamed"}, "SBXO",
                      "Sandbox Organization, renamed"),
    "documents": ({"symbol": "INF/MSME/W/98", "title": "Sandbox document", "kind": "other"},
                  {"title": "Sandbox document, revised"}, "INF/MSME/W/98",
                  "Sandbox document, revised"),
}


def rows(tab: RecordTab) -> list[list[str]]:
    """Every row's cell texts (the sample is small)."""
    model = tab.model
    return [[model.data(model.index(r, c)) or "" for c in range(model.columnCount())]
            for r in range(model.rowCount())]


def shows(tab: RecordTab, text: str) -> bool:
    """Whether any cell of the table shows ``text``."""
    return any(text in cell for row in rows(tab) for cell in row)


def search(qtbot: Any, tab: RecordTab, text: str) -> None:
    """Type into the search field and wait for the filter."""
    tab.search.clear()
    qtbot.keyClicks(tab.search, text)
    qtbot.waitUntil(lambda: tab.model.query.text == text, timeout=3000)


@pytest.mark.parametrize("name", list(NEW))
def test_add_edit_delete_through_the_form(qtbot: Any, window: MainWindow, answers: Answers,
                                          name: str) -> None:
    """New, Edit and Delete buttons: the form saves, the table changes, the file too."""
    new, change, find, changed = NEW[name]
    tab = window.show_tab(name)
    service = tab.service
    before = tab.model.rowCount()
    assert not shows(tab, find)

    answers.fill = fill_with(new, keep=False)
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    dialog = answers.dialogs[-1]
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.values()
    saved = dialog.saved
    assert tab.model.rowCount() == before + 1
    assert shows(tab, find)
    assert tab.selected_id() == saved.id  # the new record is selected
    assert service.get(saved.id) == saved

    answers.fill = fill_with(change)
    qtbot.mouseClick(tab.edit_button, Qt.MouseButton.LeftButton)
    assert answers.dialogs[-1].result() == QDialog.DialogCode.Accepted
    assert tab.model.rowCount() == before + 1
    assert shows(tab, changed)
    assert tab.selected_id() == saved.id
    stored = service.get(saved.id)
    for key, value in change.items():
        assert getattr(stored, key) == value

    qtbot.mouseClick(tab.delete_button, Qt.MouseButton.LeftButton)
    assert answers.asked and "Delete the" in answers.asked[-1]
    assert tab.model.rowCount() == before
    assert not shows(tab, changed)
    with pytest.raises(NotFound):
        service.get(saved.id)


def test_invalid_input_shows_its_error_and_writes_nothing(window: MainWindow,
                                                          answers: Answers) -> None:
    """A form with a wrong field stays open with the error beside it; nothing is stored."""
    tab = window.show_tab("proposals")
    total = tab.service.total()
    answers.fill = fill_with({"symbol": "INF MSME 99", "title": "Bad symbol"}, keep=False)
    tab.new_record()
    dialog = answers.dialogs[-1]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "symbol" in dialog.error_text("symbol").lower()
    assert tab.service.total() == total
    assert not window.history.stack.canUndo()


def test_a_refusal_by_the_service_is_shown_in_the_form(window: MainWindow,
                                                       answers: Answers) -> None:
    """A Member name already recorded is refused by the service; the form says so."""
    tab = window.show_tab("members")
    total = tab.service.total()
    answers.fill = fill_with({"name": "Canada"}, keep=False)
    tab.new_record()
    dialog = answers.dialogs[-1]
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "already" in dialog.error_text("name")
    assert tab.service.total() == total


def test_delete_refused_by_the_service_is_explained(window: MainWindow,
                                                    answers: Answers) -> None:
    """A Member named in a proposal cannot be deleted; a message box says why."""
    tab = window.show_tab("members")
    search_for = "United States of America"
    tab.model.set_filter(text=search_for)
    tab.select_row(0)
    assert rows(tab)[0][0] == search_for
    assert not tab.delete_selected()
    assert "cannot be deleted" in answers.errors[-1]
    assert "proposal" in answers.errors[-1]
    assert tab.model.rowCount() == 1


def test_delete_asks_first_and_no_keeps_the_record(window: MainWindow, answers: Answers
                                                   ) -> None:
    """Answering Cancel to the question deletes nothing."""
    tab = window.show_tab("meetings")
    tab.select_row(0)
    answers.yes = False
    assert not tab.delete_selected()
    assert "meeting of 10 December 2024" in answers.asked[-1]
    assert tab.model.rowCount() == 4


def test_enter_and_double_click_edit(qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """Enter on a row, or a double click, opens that record's form."""
    window.show()
    tab = window.show_tab("outreach")
    tab.select_row(2)
    record_id = tab.selected_id()
    seen: list[Any] = []
    answers.fill = lambda dialog: seen.append(dialog.record)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert seen and seen[-1].id == record_id
    rect = tab.table.visualRect(tab.model.index(1, 2))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert len(seen) == 2 and seen[-1].id == tab.model.record_id(1)


def test_filter_as_you_type(qtbot: Any, window: MainWindow) -> None:
    """Typing filters in the database after a short pause; the status bar follows."""
    window.show()
    tab = window.show_tab("proposals")
    assert tab.model.rowCount() == 6
    qtbot.keyClicks(tab.search, "Mexico")
    assert tab.model.rowCount() == 6  # not yet: it waits for the typing to pause
    qtbot.waitUntil(lambda: tab.model.rowCount() < 6, timeout=SEARCH_DELAY_MS * 10)
    assert [r[0] for r in rows(tab)] == ["INF/MSME/W/53", "INF/MSME/W/54", "INF/MSME/W/55"]
    assert window.status_label.text() == "Showing 3 of 6 proposals"
    search(qtbot, tab, "Bridging")
    assert [r[0] for r in rows(tab)] == ["INF/MSME/W/51"]
    search(qtbot, tab, "no such words anywhere")
    assert tab.model.rowCount() == 0
    tab.search.clear()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6, timeout=SEARCH_DELAY_MS * 10)


def test_search_finds_by_proponent_and_year_filter(qtbot: Any, window: MainWindow) -> None:
    """The search covers linked names; the year filter lists the tab's years (read just
    after the list first paints)."""
    window.show()
    tab = window.show_tab("meetings")
    qtbot.waitUntil(lambda: tab.year.count() > 1, timeout=3000)
    years = [tab.year.itemText(i) for i in range(tab.year.count())]
    assert years[0] == "All years" and "2024" in years
    tab.year.setCurrentIndex(years.index("2024"))
    assert tab.model.rowCount() == 4
    assert tab.model.query.year == 2024
    members = window.show_tab("members")
    search(qtbot, members, "Cabo")
    assert [r[0] for r in rows(members)] == ["Cabo Verde"]


def _click_header(qtbot: Any, tab: RecordTab, column: int) -> None:
    header = tab.table.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton,
                     pos=QPoint(x, header.height() // 2))


def test_sort_by_clicking_a_header(qtbot: Any, window: MainWindow) -> None:
    """A header click sorts in SQL; a second click reverses; unsortable columns do nothing."""
    window.show()
    qtbot.waitExposed(window)
    tab = window.show_tab("members")
    names = [r[0] for r in rows(tab)]
    assert names[0] == "Afghanistan"
    _click_header(qtbot, tab, 0)
    assert tab.model.query.sort == "name" and tab.model.query.descending
    assert [r[0] for r in rows(tab)][0] == names[-1]
    _click_header(qtbot, tab, 3)  # Joined
    assert tab.model.query.sort == "joined"
    joined = [r[3] for r in rows(tab)]
    assert joined[-1] == "2024"  # the joiners of 2024 come last
    meetings = window.show_tab("meetings")
    order = [r[0] for r in rows(meetings)]
    _click_header(qtbot, meetings, 4)  # Summary: not sortable
    assert [r[0] for r in rows(meetings)] == order
    assert meetings.table.horizontalHeader().sortIndicatorSection() == 0


def test_details_show_linked_records(window: MainWindow) -> None:
    """The detail panel lists what a record links to."""
    meetings = window.show_tab("meetings")
    meetings.select_row(0)  # 10 December 2024
    text = meetings.details.toPlainText()
    assert "Open-ended meeting of 10 December 2024" in text
    assert "Presentations (" in text and "Proposals discussed" in text
    assert "INF/MSME/W/51" in text

    proposals = window.show_tab("proposals")
    proposals.model.set_filter(text="INF/MSME/W/51")
    proposals.select_row(0)
    text = proposals.details.toPlainText()
    assert "United States of America" in text and "1 July 2024" in text

    members = window.show_tab("members")
    members.model.set_filter(text="United States of America")
    members.select_row(0)
    text = members.details.toPlainText()
    assert "Proposals (" in text and "INF/MSME/W/51" in text

    organizations = window.show_tab("organizations")
    organizations.model.set_filter(text="WIPO")
    organizations.select_row(0)
    text = organizations.details.toPlainText()
    assert "Outreach events (" in text


def test_user_text_in_details_is_text(window: MainWindow, answers: Answers) -> None:
    """Markup typed into a record shows as those characters."""
    tab = window.show_tab("outreach")
    answers.fill = fill_with({"date": "2025", "title": "<b>Bold</b> & co", "kind": "other"},
                             keep=False)
    tab.new_record()
    assert "<b>Bold</b> & co" in tab.details.toPlainText()


def test_membership_at_a_glance(window: MainWindow) -> None:
    """The Members tab shows membership at the end of each year and the year's joiners."""
    panel = window.show_tab("members").extra
    table = {row[0]: row for row in panel.rows()}
    assert table["2024"][1] == "103"
    assert table["2024"][2].startswith("5")
    assert "Cabo Verde" in panel.table.item(panel.rows().index(table["2024"]), 2).toolTip()


def test_status_bar_counts_shown_and_total(qtbot: Any, window: MainWindow) -> None:
    """"Showing N of M" for the tab in front."""
    window.show_tab("meetings")
    assert window.status_label.text() == "Showing 4 of 4 meetings"
    window.show_tab("members")
    assert window.status_label.text() == "Showing 76 of 76 Members"


def test_status_bar_says_more_than_the_bound_until_the_list_is_counted(
        qtbot: Any, window: MainWindow, monkeypatch: Any) -> None:
    """Members (76) counted up to a bound of 10: "more than 10" at once, and a moment later
    the whole count (or as soon as the view shows the last row); a filter then counts
    against that total."""
    from msmedesk.ui import table_model

    monkeypatch.setattr(table_model, "COUNT_BOUND", 10)
    window.show()
    tab = window.show_tab("members")
    assert tab.model.rowCount() == 11
    assert window.status_label.text() == "Showing more than 10 Members"
    qtbot.waitUntil(lambda: tab.model.exact, timeout=3000)
    assert window.status_label.text() == "Showing 76 of 76 Members"
    # (As typing does, and read at once: a view showing its list's last row asks for the
    # rest by itself, which it would with a bound this low.)
    tab.model.set_filter(text="a")  # 12 Members
    assert tab.model.rowCount() == 11
    assert window.status_label.text() == "Showing more than 10 of 76 Members"
    qtbot.waitUntil(lambda: tab.model.exact, timeout=3000)
    assert tab.model.rowCount() == 12
    assert window.status_label.text() == "Showing 12 of 76 Members"


def test_find_shortcut_focuses_search(qtbot: Any, window: MainWindow) -> None:
    """Ctrl+F puts the cursor in the search field of the tab in front."""
    show_active(qtbot, window)
    tab = window.show_tab("proposals")
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(tab.search.hasFocus, timeout=2000)


def test_every_control_has_a_label_and_an_accessible_name(window: MainWindow) -> None:
    """Search, year, buttons, table and details are named for screen readers."""
    from PySide6.QtWidgets import QLabel

    from msmedesk.ui.kinds import ALL_KINDS

    for tab in (window.record_tabs[kind.name] for kind in ALL_KINDS):  # each built on look-up
        for widget in (tab.search, tab.year, tab.new_button, tab.edit_button,
                       tab.delete_button, tab.table, tab.details):
            assert widget.accessibleName(), widget
        buddies = {label.buddy() for label in tab.findChildren(QLabel)}
        for widget in (tab.search, tab.year, tab.table, tab.details):
            assert widget in buddies, f"{tab.kind.name}: {widget.accessibleName()} unlabelled"


def test_tab_order_follows_the_layout(window: MainWindow) -> None:
    """Tab moves from search to year to the buttons, then the list and its details."""
    tab = window.record_tabs["meetings"]
    order = [tab.search]
    for _ in range(6):
        order.append(order[-1].nextInFocusChain())
        while not order[-1].focusPolicy() & Qt.FocusPolicy.TabFocus:
            order[-1] = order[-1].nextInFocusChain()
    assert order[:7] == [tab.search, tab.year, tab.new_button, tab.edit_button,
                         tab.delete_button, tab.table, tab.details]


def test_records_survive_closing_and_reopening(open_window: Any, sample_file: Path,
                                               answers: Answers) -> None:
    """What was added is there when the window opens the same file again."""
    window = open_window(sample_file)
    tab = window.show_tab("members")
    answers.fill = fill_with({"name": "Atlantis"}, keep=False)
    tab.new_record()
    window.close()
    again = open_window(sample_file)
    members = again.show_tab("members")
    assert members.model.rowCount() == 77
    assert shows(members, "Atlantis")


def test_find_with_the_keyboard_then_edit(qtbot: Any, window: MainWindow,
                                          answers: Answers) -> None:
    """Type in the search field, Enter goes to the first match, Enter again edits it."""
    show_active(qtbot, window)
    tab = window.show_tab("members")
    tab.focus_search()
    qtbot.keyClicks(tab.search, "Cabo")
    qtbot.keyClick(tab.search, Qt.Key.Key_Return)
    assert tab.table.hasFocus()
    assert rows(tab) == [["Cabo Verde", "Cabo Verde", "1", "2024", ""]]
    seen: list[Any] = []
    answers.fill = lambda dialog: seen.append(dialog.record)
    qtbot.keyClick(tab.table, Qt.Key.Key_Return)
    assert [r.name for r in seen] == ["Cabo Verde"]
    qtbot.keyClick(tab.table, Qt.Key.Key_F2)  # Edit > Edit record
    assert len(seen) == 2
    tab.focus_search()
    qtbot.keyClick(tab.search, Qt.Key.Key_Down)
    assert tab.table.hasFocus()


def test_delete_key_asks_first(qtbot: Any, window: MainWindow, answers: Answers) -> None:
    """Delete on the list asks (naming the record); Delete in the search field edits text."""
    show_active(qtbot, window)
    tab = window.show_tab("organizations")
    # One named nowhere (WIPO is a partner of outreach events: its delete is refused).
    tab.service.create(Organization("Sandbox Organization", "SBXO"))
    tab.refresh()
    tab.model.set_filter(text="SBXO")
    tab.select_row(0)
    tab.table.setFocus()
    answers.yes = False
    qtbot.keyClick(tab.table, Qt.Key.Key_Delete)
    assert answers.asked == ["Delete the organization Sandbox Organization (SBXO)?\n\n"
                             "If you change your mind, Edit > Undo brings it back."]
    tab.search.setFocus()
    tab.search.setText("WIPO")
    tab.search.setCursorPosition(0)
    qtbot.keyClick(tab.search, Qt.Key.Key_Delete)
    assert tab.search.text() == "IPO"
    assert len(answers.asked) == 1


def test_detail_panel_says_how_many_more_links_there_are() -> None:
    """A capped list of links ends with the number of those not shown."""
    from msmedesk.domain import LinkGroup

    from msmedesk.ui.detail_page import detail_html
    from msmedesk.ui.kinds import Detail

    page = detail_html(Detail("ITC", groups=(LinkGroup("Outreach events", ("A", "B"), 250),)))
    assert "(250)" in page
    assert "and 248 more" in page
    page = detail_html(Detail("ITC", groups=(LinkGroup("Outreach events", ("A", "B")),)))
    assert "(2)" in page and "more" not in page


def test_a_tab_comes_up_with_its_list_first_then_the_details(
        qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first row is selected at once; its record is read and shown just after the
    list's first paint, so that a large file's list is not kept waiting for it."""
    window.show()
    qtbot.waitExposed(window)
    tab = window.record_tabs["proposals"]
    assert tab.stale
    read: list[int] = []
    # (the panel reads the record with its version: get_versioned)
    get = tab.service.get_versioned
    monkeypatch.setattr(tab.service, "get_versioned", lambda record_id: read.append(record_id)
                        or get(record_id))
    window.show_tab("proposals")
    first = tab.model.record_id(0)
    assert tab.selected_id() == first
    assert read == []  # not before the list has painted
    qtbot.waitUntil(lambda: read == [first], timeout=3000)
    symbol = tab.model.data(tab.model.index(0, 0))
    qtbot.waitUntil(lambda: symbol in tab.details.toPlainText(), timeout=3000)
    qtbot.waitUntil(lambda: tab.year.findText("2024") > 0, timeout=3000)  # the year list too
    assert tab.edit_button.isEnabled()
    tab.select_row(1)  # once painted, a selection shows its record at once
    assert tab.model.data(tab.model.index(1, 0)) in tab.details.toPlainText()


def test_membership_panel_fills_itself_once_shown(qtbot: Any, window: MainWindow) -> None:
    """The Members tab's years follow the list's first paint without being asked."""
    window.show()
    qtbot.waitExposed(window)
    panel = window.show_tab("members").extra
    qtbot.waitUntil(lambda: panel.table.rowCount() > 0, timeout=3000)
    years = {panel.table.item(r, 0).text(): panel.table.item(r, 1).text()
             for r in range(panel.table.rowCount())}
    assert years["2024"] == "103"


def test_lists_draw_in_the_application_font_and_follow_it(qtbot: Any,
                                                          window: MainWindow) -> None:
    """Every list (and Membership at a glance) and its header show the family and size of
    the application's font, and follow it when the desktop's font changes."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    tables = [window.show_tab(name).table for name in NEW]
    tables.append(window.show_tab("members").extra.table)
    app_font = QApplication.font()

    def shown(font: QFont) -> tuple[str, float]:
        return font.family(), font.pointSizeF()

    for table in tables:
        assert shown(table.font()) == shown(app_font), table.accessibleName()
        assert shown(table.horizontalHeader().font()) == shown(app_font)
    larger = QFont(app_font)
    larger.setPointSizeF(app_font.pointSizeF() + 3)
    QApplication.setFont(larger)
    try:
        qtbot.waitUntil(lambda: all(shown(t.font()) == shown(t.horizontalHeader().font())
                                    == shown(larger) for t in tables), timeout=3000)
    finally:
        QApplication.setFont(app_font)


def test_lists_do_not_scroll_sideways_at_their_own_widths(
        qtbot: Any, window: MainWindow, settings: QSettings) -> None:
    """The last column takes the rest of the list's width, with remembered widths too: a
    list whose columns fit never shows a sideways scroll bar for a few pixels."""
    window.resize(1366, 768)  # the office's screen, where every tab's columns fit
    window.show()
    qtbot.waitExposed(window)
    settings.setValue("columns/package", "70,70,300,2000")  # a wide last column, remembered
    window.record_tabs["package"].restore_state(settings)
    for name in NEW:
        table = window.show_tab(name).table
        header = table.horizontalHeader()
        last = header.count() - 1

        def fits(table: Any = table, header: Any = header, last: int = last) -> bool:
            return not table.horizontalScrollBar().isVisible() and \
                header.sectionPosition(last) + header.sectionSize(last) == \
                table.viewport().width()

        qtbot.waitUntil(fits, timeout=3000)
