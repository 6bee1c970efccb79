"""Numbers and choices: IntSpin, ChoiceCombo and PickerCombo (one name from a list)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QCompleter, QSizePolicy, QSpinBox, QWidget

from msmedesk.domain import sort_key

from msmedesk.ui.widgets.common import set_accessible


class IntSpin(QSpinBox):
    """A whole number; ``optional`` adds an empty state below the minimum meaning None."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, minimum: int = 0,
                 maximum: int = 1000, optional: bool = False,
                 empty_text: str = "not recorded"):
        super().__init__(parent)
        self.optional = optional
        self.lowest = minimum
        self.setRange(minimum - 1 if optional else minimum, maximum)
        if optional:
            self.setSpecialValueText(empty_text)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance(empty_text) + 50)
        # A count needs no more room than its longest text; a full-width box looks like text.
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.valueChanged.connect(self.changed)

    # Qt's value() stays an int for Qt's own use; the form reads raw_value().
    def raw_value(self) -> int | None:
        """The archive value: the number, or None in the empty state."""
        number = self.value()
        return None if self.optional and number < self.lowest else number

    def set_raw_value(self, raw: Any) -> None:
        """Show a number; raise ValueError for what the spin box cannot hold."""
        if raw is None:
            if not self.optional:
                raise ValueError("a number is required")
            self.setValue(self.minimum())
            return
        # bool is an int in Python, but true/false is not a count.
        if isinstance(raw, bool) or not isinstance(raw, int):
            raise ValueError(f"{raw!r} is not a whole number")
        if not self.lowest <= raw <= self.maximum():
            raise ValueError(f"{raw} is out of range")
        self.setValue(raw)

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)


class ChoiceCombo(QComboBox):
    """A fixed list of plain-words labels standing for archive values."""

    changed = Signal()

    def __init__(self, items: Sequence[tuple[str, Any]], parent: QWidget | None = None):
        super().__init__(parent)
        for label, value in items:
            self.addItem(label, value)
        self.currentIndexChanged.connect(self.changed)

    def value(self) -> Any:
        """The archive value of the chosen label."""
        return self.currentData()

    def set_value(self, raw: Any) -> None:
        """Choose the label of an archive value; raise ValueError for an unknown one."""
        for i in range(self.count()):
            if self.itemData(i) == raw:
                self.setCurrentIndex(i)
                return
        raise ValueError(f"{raw!r} is not a choice")

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)


class PickerCombo(QComboBox):
    """Pick a name from a list by typing part of it (case-insensitive, anywhere in the name).

    Free text is allowed; ``is_known()`` says whether the text is one of the names.
    """

    changed = Signal()

    def __init__(self, names: Sequence[str], parent: QWidget | None = None, *,
                 placeholder: str = "type to search"):
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.addItems(list(names))
        completer = QCompleter(self.model(), self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        line = self.lineEdit()
        assert line is not None  # (an editable combo box has its line)
        line.setPlaceholderText(placeholder)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(24)
        self.setCurrentIndex(-1)
        line.editingFinished.connect(self._tidy)
        self.editTextChanged.connect(self.changed)

    def names(self) -> list[str]:
        """The names offered."""
        return [self.itemText(i) for i in range(self.count())]

    def _match(self, text: str) -> str | None:
        wanted = sort_key(text.strip())
        for name in self.names():
            if sort_key(name) == wanted:
                return name
        return None

    def _tidy(self) -> None:
        # "itc" typed by hand becomes the recorded "ITC", so the service finds it.
        found = self._match(self.currentText())
        if found is not None and found != self.currentText():
            self.setEditText(found)

    def is_known(self) -> bool:
        """Whether the text is empty or one of the names offered."""
        text = self.currentText().strip()
        return not text or self._match(text) is not None

    def value(self) -> str | None:
        """The chosen name (the list's spelling where it matches), or None when empty."""
        text = self.currentText().strip()
        if not text:
            return None
        return self._match(text) or text

    def set_value(self, raw: Any) -> None:
        """Show a name (None shows empty)."""
        if raw is not None and not isinstance(raw, str):
            raise ValueError("not a name")
        index = self.findText(raw) if raw else -1
        self.setCurrentIndex(index)
        self.setEditText(raw or "")

    def set_label(self, label: str) -> None:
        """Name the field for screen readers."""
        set_accessible(self, label)
        line = self.lineEdit()
        assert line is not None  # (made editable)
        set_accessible(line, label)
