"""The field widgets on their own: what they show, what they give back, the keyboard."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from msmedesk.ui.symbol_field import SymbolEdit, symbol_status  # noqa: E402
from msmedesk.ui.widgets import (  # noqa: E402
    ChoiceCombo,
    IntSpin,
    MultiPicker,
    PickerCombo,
    RowListEditor,
    TextArea,
    TextLine,
)

# ---------------------------------------------------------------- symbols


def test_symbol_status_changes_as_you_type(qtbot: Any) -> None:
    """The status says "not a symbol" while the text is not one and "valid" once it is."""
    edit = SymbolEdit()
    qtbot.addWidget(edit)
    assert edit.status_text() == ""
    qtbot.keyClicks(edit, "INF/MSME/W/")
    assert edit.status_text().startswith("Not a WTO document symbol")
    assert "INF/MSME/W/51" in edit.status_text()  # an example of the right shape
    assert edit.is_valid() is False
    qtbot.keyClicks(edit, "5")
    assert edit.status_text() == "✓ valid symbol"
    assert edit.is_valid() is True
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    assert edit.is_valid() is False
    edit.clear()
    assert edit.status_text() == ""
    assert edit.is_valid() is None


def test_symbol_with_a_space_is_refused_in_words(qtbot: Any) -> None:
    """"INF MSME/CN/2" is not a symbol, and the status says why."""
    edit = SymbolEdit(example="INF/MSME/CN/25")
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "INF MSME/CN/2")
    assert edit.is_valid() is False
    assert "no spaces" in edit.status_text()
    assert "INF/MSME/CN/25" in edit.status_text()
    assert edit.accessibleDescription() == edit.status_text()


def test_two_symbols_are_called_two(qtbot: Any) -> None:
    """Two documents cited together ("; ") are two symbols, not one."""
    words, valid = symbol_status("INF/MSME/W/46/Rev.3; INF/TGE/W/7/Rev.3")
    assert valid is False
    assert words.startswith("Two symbols?")


@pytest.mark.parametrize("symbol", ["WT/MIN(17)/58/Rev.1", "INF/MSME/W/58-INF/TGE/COM/11",
                                    "WT/ACC/SPEC/LVA/7/Add.2/Corr.1", "OFFICE(00)/39"])
def test_real_symbols_are_valid(qtbot: Any, symbol: str) -> None:
    """The edge cases of wto-conventions.md are accepted."""
    edit = SymbolEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, symbol)
    assert edit.value() == symbol
    assert edit.status_text() == "✓ valid symbol"


def test_pasted_leading_underscore_is_dropped(qtbot: Any) -> None:
    """Text pasted from the WTO site loses its stray leading underscore."""
    edit = SymbolEdit()
    qtbot.addWidget(edit)
    QApplication.clipboard().setText("_INF/MSME/W/52")
    edit.paste()
    assert edit.text() == "INF/MSME/W/52"
    assert edit.is_valid() is True
    edit.clear()
    qtbot.keyClicks(edit, "_INF/MSME/W/53")
    assert edit.text() == "INF/MSME/W/53"


def test_symbol_value_is_none_when_empty(qtbot: Any) -> None:
    """An empty symbol field means "no symbol"."""
    edit = SymbolEdit()
    qtbot.addWidget(edit)
    assert edit.value() is None
    edit.set_value("INF/MSME/R/43")
    assert edit.value() == "INF/MSME/R/43"
    with pytest.raises(ValueError):
        edit.set_value(43)


# The date fields are tested in test_date_field.py.


# ---------------------------------------------------------------- numbers, choices, pickers


def test_int_spin_optional_and_limits(qtbot: Any) -> None:
    """An optional count has an empty state; a value it cannot hold raises."""
    spin = IntSpin(minimum=1, maximum=1000, optional=True)
    qtbot.addWidget(spin)
    assert spin.raw_value() is None
    spin.set_raw_value(88)
    assert spin.raw_value() == 88
    spin.set_raw_value(None)
    assert spin.raw_value() is None
    for bad in (0, True, "3", 1001):
        with pytest.raises(ValueError):
            spin.set_raw_value(bad)
    required = IntSpin(minimum=1)
    qtbot.addWidget(required)
    with pytest.raises(ValueError):
        required.set_raw_value(None)


def test_choice_combo_maps_labels_to_values(qtbot: Any) -> None:
    """The user sees plain labels; the archive gets its own words."""
    combo = ChoiceCombo([("Open-ended", "open-ended"), ("Private sector", "private-sector")])
    qtbot.addWidget(combo)
    combo.set_value("private-sector")
    assert combo.currentText() == "Private sector"
    assert combo.value() == "private-sector"
    with pytest.raises(ValueError):
        combo.set_value("plenary")


def test_picker_type_ahead_is_case_insensitive_and_matches_inside(qtbot: Any) -> None:
    """Typing "korea" finds "Korea, Republic of"; typing "taipei" finds "Chinese Taipei"."""
    picker = PickerCombo(["Canada", "Chinese Taipei", "Korea, Republic of"])
    qtbot.addWidget(picker)
    completer = picker.completer()
    assert completer.caseSensitivity() == Qt.CaseSensitivity.CaseInsensitive
    assert completer.filterMode() == Qt.MatchFlag.MatchContains
    completer.setCompletionPrefix("taipei")
    assert completer.completionCount() == 1
    assert completer.currentCompletion() == "Chinese Taipei"
    completer.setCompletionPrefix("KOREA")
    assert completer.currentCompletion() == "Korea, Republic of"


def test_picker_value_takes_the_recorded_spelling(qtbot: Any) -> None:
    """"itc" typed by hand is saved as the recorded "ITC"; unknown text is kept but flagged."""
    picker = PickerCombo(["ITC", "UNCTAD"])
    qtbot.addWidget(picker)
    assert picker.value() is None
    qtbot.keyClicks(picker.lineEdit(), "itc")
    assert picker.value() == "ITC"
    assert picker.is_known()
    picker.set_value("Nobody")
    assert picker.value() == "Nobody"
    assert not picker.is_known()
    picker.set_value(None)
    assert picker.value() is None and picker.is_known()


# ---------------------------------------------------------------- multi-select

MEMBERS = [("Canada", "Canada"), ("China", "China"), ("Côte d'Ivoire", "Côte d'Ivoire"),
           ("Paraguay", "Paraguay")]


def test_multi_picker_keeps_the_order_given_and_ticked(qtbot: Any) -> None:
    """Proponents come back in their order, with new ticks at the end."""
    picker = MultiPicker(MEMBERS)
    qtbot.addWidget(picker)
    picker.set_value(["Paraguay", "Canada"])
    assert picker.value() == ["Paraguay", "Canada"]
    assert "Paraguay; Canada" in picker.chosen_label.text()
    picker.list.item(1).setCheckState(Qt.CheckState.Checked)  # China
    assert picker.value() == ["Paraguay", "Canada", "China"]
    picker.list.item(3).setCheckState(Qt.CheckState.Unchecked)  # Paraguay
    assert picker.value() == ["Canada", "China"]


def test_multi_picker_keeps_values_it_does_not_offer(qtbot: Any) -> None:
    """A proponent missing from the list is shown ticked, not silently dropped."""
    picker = MultiPicker(MEMBERS)
    qtbot.addWidget(picker)
    picker.set_value(["ITC"])
    assert picker.value() == ["ITC"]
    assert picker.list.count() == len(MEMBERS) + 1


def test_multi_picker_by_keyboard(qtbot: Any) -> None:
    """Filter, Enter ticks the first match; Down goes into the list, Space ticks there."""
    picker = MultiPicker(MEMBERS)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.keyClicks(picker.filter, "cote")  # accents do not matter
    assert [i.text() for i in picker.visible_items()] == ["Côte d'Ivoire"]
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.value() == ["Côte d'Ivoire"]
    assert picker.filter.text() == ""  # ready for the next name
    qtbot.keyClicks(picker.filter, "ch")
    qtbot.keyClick(picker.filter, Qt.Key.Key_Down)
    assert picker.list.hasFocus() or picker.list.currentItem().text() == "China"
    assert picker.list.currentItem().text() == "China"
    qtbot.keyClick(picker.list, Qt.Key.Key_Space)
    assert picker.value() == ["Côte d'Ivoire", "China"]


def test_multi_picker_enter_without_filter_is_left_to_the_form(qtbot: Any) -> None:
    """With an empty filter, Enter is not swallowed (it means OK in a form)."""
    picker = MultiPicker(MEMBERS)
    qtbot.addWidget(picker)
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)
    assert picker.value() == []


# ---------------------------------------------------------------- rows


def _rows(qtbot: Any, answers: list[dict[str, Any] | None]) -> RowListEditor:
    def edit_row(parent: Any, item: dict[str, Any] | None) -> dict[str, Any] | None:
        return answers.pop(0)

    editor = RowListEditor([("business", "Business"), ("country", "Country")], edit_row,
                           noun="spotlight")
    qtbot.addWidget(editor)
    return editor


def test_row_list_add_edit_remove_move(qtbot: Any) -> None:
    """Add, edit, move and remove rows; a cancelled sub-dialog changes nothing."""
    editor = _rows(qtbot, [{"business": "EziDrops"}, {"business": "La Mandala"}, None,
                           {"business": "ANEP", "country": "Switzerland"}])
    editor.add_button.click()
    editor.add_button.click()
    assert [r["business"] for r in editor.value()] == ["EziDrops", "La Mandala"]
    assert editor.table.item(1, 0).text() == "La Mandala"
    editor.table.selectRow(0)
    editor.edit_current()  # cancelled
    assert editor.value()[0] == {"business": "EziDrops"}
    editor.edit_current()
    assert editor.value()[0] == {"business": "ANEP", "country": "Switzerland"}
    editor.down_button.click()
    assert [r["business"] for r in editor.value()] == ["La Mandala", "ANEP"]
    editor.remove_button.click()
    assert [r["business"] for r in editor.value()] == ["La Mandala"]


def test_row_list_enter_edits_and_delete_removes(qtbot: Any) -> None:
    """The keys of the record tables work in a form's small tables too."""
    editor = _rows(qtbot, [{"business": "B"}])
    editor.set_value([{"business": "A"}])
    editor.table.selectRow(0)
    qtbot.keyClick(editor.table, Qt.Key.Key_Return)
    assert editor.value() == [{"business": "B"}]
    qtbot.keyClick(editor.table, Qt.Key.Key_Delete)
    assert editor.value() == []


def test_row_list_refuses_what_is_not_rows(qtbot: Any) -> None:
    """A list of non-records raises so the form can report it."""
    editor = _rows(qtbot, [])
    with pytest.raises(ValueError):
        editor.set_value(["EziDrops"])


def test_text_widgets(qtbot: Any) -> None:
    """One-line and narrative texts give back what they show; Tab leaves a narrative."""
    line = TextLine(nullable=True)
    area = TextArea()
    qtbot.addWidget(line)
    qtbot.addWidget(area)
    assert line.value() is None
    line.set_value("ITC")
    assert line.value() == "ITC"
    area.set_value("Two\nlines")
    assert area.value() == "Two\nlines"
    assert area.tabChangesFocus()
    submitted: list[bool] = []
    area.submit.connect(lambda: submitted.append(True))
    qtbot.keyClick(area, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert submitted == [True]
    assert area.value() == "Two\nlines"
