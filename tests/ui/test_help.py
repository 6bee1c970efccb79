"""Help where people look (issue 16, item 6): F1 and Help > User guide open the guide, its
search table names every field the search knows, and every form field and button says
what it does in a tooltip, with an example where text is typed."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import re  # noqa: E402
from datetime import date  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QAbstractButton, QPushButton  # noqa: E402

from msmedesk.registry import RECORD_TYPES  # noqa: E402

from msmedesk.ui.date_field import DateField  # noqa: E402
from msmedesk.ui.forms import KINDS, RecordDialog, RowDialog, StaticChoices  # noqa: E402
from msmedesk.ui.help import FIELDS_MARK, guide_markdown  # noqa: E402
from msmedesk.ui.main_window import MainWindow  # noqa: E402
from msmedesk.ui.symbol_field import SymbolEdit  # noqa: E402
from msmedesk.ui.widgets import IntSpin, PickerCombo, TextArea, TextLine  # noqa: E402

from .helpers import show_active  # noqa: E402

CHOICES = StaticChoices(members=["Kenya", "Nepal"], organizations=["ITC", "WCO"],
                        meetings=[(date(2024, 3, 19), "open-ended")],
                        proposals=["INF/MSME/W/2", "INF/MSME/W/10"])
# Editors a clerk types into: their tooltip shows an example of what to type.
TYPED = (TextLine, TextArea, SymbolEdit, DateField, PickerCombo, IntSpin)


def test_f1_opens_the_guide_and_the_help_menu_names_it(window: MainWindow, qtbot: Any) -> None:
    show_active(qtbot, window)
    help_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    assert "&User guide" in [a.text() for a in help_menu.actions()]
    tab = window.current_tab()
    assert tab is not None
    qtbot.keyClick(tab.table, Qt.Key.Key_F1)
    guide = window.guide
    assert guide.isVisible()
    text = guide.browser.toPlainText()
    for heading in ("Enter a meeting", "Type dates", "Search",
                    "Make the draft of the annual report", "Back up and restore"):
        assert heading in text
    assert "INF/MSME/CN/25/Rev.1" in text and "member:Mexico" in text
    window.act_guide.trigger()  # again: the same window comes to the front, not a second
    assert window.guide is guide
    guide.close()


def test_the_guide_s_search_table_shows_every_part_of_the_language() -> None:
    text = guide_markdown()
    table = text[text.index("## Search"):text.index("## Make the draft")]
    for part in ('"access to information"', "-word", "not word", "`or`", "( )",
                 "member:Mexico", 'proponent:"United Kingdom"', "status:=adopted",
                 "symbol:INF/MSME/W/5*", "year:2024", "date:2024-06..2024-12",
                 "date:>=March 2024"):
        assert part in table, part
    assert FIELDS_MARK not in text  # the field names' table is filled in


def test_the_guide_names_every_search_field_the_catalog_offers() -> None:
    fields = pytest.importorskip("msmedesk.search.fields",
                                 reason="the search language (i16-language) is not merged")
    text = guide_markdown()
    names = set(re.findall(r"^\| `([^`]+):` \|", text, re.MULTILINE))
    assert names == set(fields.catalog())
    assert "year" in names and "member" in names


def _tooltips_of(dialog: Any, where: str) -> None:
    for key, f in dialog.fields.items():
        tip = f.editor.toolTip()
        assert tip.strip(), f"{where}: {key} has no tooltip"
        if isinstance(f.editor, TYPED):
            assert "e.g." in tip, f"{where}: {key} gives no example: {tip}"
    for button in dialog.findChildren(QAbstractButton):
        if button.objectName().startswith("qt_") or not button.isVisibleTo(dialog):
            continue  # (Qt's own corner button of a table; a filter's hidden clear button)
        assert button.toolTip().strip(), f"{where}: the button {button.text()!r} has none"


@pytest.mark.parametrize("kind", KINDS)
def test_every_field_and_button_of_every_form_has_a_tooltip(qtbot: Any, kind: str) -> None:
    dialog = RecordDialog(None, kind, CHOICES, lambda record: record)
    qtbot.addWidget(dialog)
    _tooltips_of(dialog, kind)


def _row_lists() -> list[str]:
    return sorted({f.rows.key for t in RECORD_TYPES for f in t.fields if f.rows is not None})


@pytest.mark.parametrize("list_key", _row_lists())
def test_every_field_of_every_row_form_has_a_tooltip(qtbot: Any, list_key: str) -> None:
    dialog = RowDialog(None, list_key, CHOICES, "Add")
    qtbot.addWidget(dialog)
    _tooltips_of(dialog, list_key)


def test_every_button_of_the_window_has_a_tooltip(window: MainWindow, open_window: Any,
                                                  data_file: Path) -> None:
    empty = open_window(data_file)  # an empty file shows its own three buttons
    buttons = window.findChildren(QPushButton) + empty.findChildren(QPushButton)
    texts = {b.text() for b in buttons}
    assert {"&New meeting…", "Ed&it…", "&Delete…"} <= texts
    assert "&Load the 2024 sample records" in texts
    for button in buttons:
        assert button.toolTip().strip(), f"the button {button.text()!r} has no tooltip"
    tab = window.current_tab()
    assert tab is not None and "Ctrl+N" in tab.new_button.toolTip()


