"""Saved searches in the window: the sidebar list beside a tab's records (or in Find
anywhere's dialog), and the dialogs that save, rename, change and delete them.

Self-contained so that one line wires it in: ``install_sidebar(tab, service)`` puts the
list at the side of a record tab; ``SavedSearchesPanel(service, None)`` is Find anywhere's,
whose ``picked(query)`` the dialog connects to its box. Every panel of one data file
follows every change (``hub_for(service).changed``). The menu is ``saved_menu``.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from msmedesk.domain import NotFound
from msmedesk.validation import ValidationError

from msmedesk.ui.prompts import Prompts

if TYPE_CHECKING:
    from msmedesk.records.saved_searches import SavedSearchService
    from msmedesk.search.saved import SavedSearch

    from msmedesk.ui.record_tab import RecordTab

#: The sidebar's width at most: the list of records keeps the rest.
SIDEBAR_WIDTH = 200
_ERROR_STYLE = "color: #b91c1c;"


class SavedSearchHub(QObject):
    """Tells every panel and menu of one data file that its saved searches changed."""

    changed = Signal()


_HUBS: weakref.WeakKeyDictionary[Any, SavedSearchHub] = weakref.WeakKeyDictionary()


def hub_for(service: SavedSearchService) -> SavedSearchHub:
    """The one hub of ``service`` (a data file's saved searches)."""
    hub = _HUBS.get(service)
    if hub is None:
        hub = _HUBS[service] = SavedSearchHub()
    return hub


def scope_title(scope: str | None) -> str:
    """Where a saved search belongs, as the window says it: "Meetings", "Find anywhere"."""
    if scope is None:
        return "Find anywhere"
    from msmedesk.registry import by_key

    return by_key(scope).title


class SavedSearchesPanel(QWidget):
    """The saved searches of one scope as a narrow list; picking one gives its query.

    Hidden while the scope has none, so that it takes none of the list's width.

    Signals:
        picked(query): a saved search was clicked, or chosen with Enter.
    """

    picked = Signal(str)

    def __init__(self, service: SavedSearchService, scope: str | None,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.service = service
        self.scope = scope
        title = QLabel("Saved sear&ches:")
        self.list = QListWidget()
        self.list.setAccessibleName(f"Saved searches of {scope_title(scope)}")
        title.setBuddy(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(title)
        layout.addWidget(self.list)
        self.setMaximumWidth(SIDEBAR_WIDTH)
        self.list.itemClicked.connect(self._pick)
        self.list.itemActivated.connect(self._pick)
        hub_for(service).changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Read the scope's saved searches again; hide the panel when there are none."""
        found = self.service.list(self.scope)
        self.list.clear()
        for saved in found:
            item = QListWidgetItem(saved.name)
            item.setToolTip(saved.query)
            item.setData(Qt.ItemDataRole.UserRole, saved.query)
            self.list.addItem(item)
        self.setVisible(bool(found))

    def names(self) -> list[str]:
        """The names shown, top to bottom."""
        return [self.list.item(i).text() for i in range(self.list.count())]

    def _pick(self, item: QListWidgetItem) -> None:
        self.picked.emit(str(item.data(Qt.ItemDataRole.UserRole)))


def install_sidebar(tab: RecordTab, service: SavedSearchService) -> SavedSearchesPanel:
    """Put the saved searches of ``tab``'s type at the side of its list: picking one puts
    its query in the tab's search box (which then filters as if typed)."""
    panel = SavedSearchesPanel(service, tab.kind.name)
    # Beside the list inside the splitter's first pane (not a pane of its own), so that the
    # splitter's remembered sizes stay those of the list and the details.
    pane = QWidget()
    row = QHBoxLayout(pane)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(panel)
    records = tab.splitter.widget(0)
    assert records is not None  # (a record tab's splitter holds its list first)
    tab.splitter.insertWidget(0, pane)
    tab.splitter.setStretchFactor(0, 3)
    row.addWidget(records, 1)  # (out of the splitter, into the pane beside the panel)
    panel.picked.connect(lambda query: _search(tab, query))
    tab.saved_searches = panel  # type: ignore[attr-defined]  # (for the menu and tests)
    return panel


def install_find_panel(dialog: Any, service: SavedSearchService,
                       prompts: Prompts) -> SavedSearchesPanel:
    """Give Find anywhere's dialog its saved searches: the list at the side of its results
    (picking one puts it in the dialog's box) and a "Save this search…" button below.

    ``dialog`` has a search ``box`` and its ``results`` in its vertical layout.
    """
    panel = SavedSearchesPanel(service, None)
    layout = dialog.layout()
    at = layout.indexOf(dialog.results)
    layout.removeWidget(dialog.results)
    row = QHBoxLayout()
    row.addWidget(panel)
    row.addWidget(dialog.results, 1)
    layout.insertLayout(at, row, 1)
    save = QPushButton("&Save this search…")
    save.setEnabled(bool(dialog.box.text().strip()))
    dialog.box.textChanged.connect(lambda text: save.setEnabled(bool(text.strip())))
    save.clicked.connect(lambda: ask_to_save(dialog, prompts, service, None, dialog.box.text()))
    buttons = QHBoxLayout()
    buttons.addStretch(1)
    buttons.addWidget(save)
    layout.addLayout(buttons)
    panel.picked.connect(dialog.box.setText)
    dialog.saved_searches = panel
    dialog.save_search_button = save
    return panel


def _search(tab: RecordTab, query: str) -> None:
    tab.search.setText(query)
    tab.search.setFocus(Qt.FocusReason.OtherFocusReason)


class SavedSearchDialog(QDialog):
    """Save a search under a name, or rename it, or change its query.

    ``save(name, query)`` writes it (raising ``ValidationError`` naming the field); the
    dialog shows each refusal under its field and closes only once it is written.
    """

    def __init__(self, title: str, scope: str | None, name: str, query: str,
                 save: Callable[[str, str], SavedSearch], *, name_editable: bool = True,
                 query_editable: bool = True, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._save = save
        self.saved: SavedSearch | None = None
        self.name = QLineEdit(name)
        self.name.setAccessibleName("Name")
        self.name.setReadOnly(not name_editable)
        self.query = QLineEdit(query)
        self.query.setAccessibleName("Query")
        self.query.setReadOnly(not query_editable)
        self.query.setMinimumWidth(360)
        self.errors = {"name": QLabel(), "query": QLabel(), "": QLabel()}
        form = QFormLayout()
        form.addRow("Saved in:", QLabel("Find anywhere (every record)" if scope is None
                                        else f"the {scope_title(scope)} tab"))
        form.addRow("&Name:", self.name)
        form.addRow("", self.errors["name"])
        form.addRow("&Query:", self.query)
        form.addRow("", self.errors["query"])
        for label in self.errors.values():
            label.setStyleSheet(_ERROR_STYLE)
            label.setWordWrap(True)
            label.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.errors[""])
        layout.addWidget(buttons)
        (self.name if name_editable else self.query).setFocus()

    def accept(self) -> None:
        """Write the saved search; stay open, showing why, when it is refused."""
        for label in self.errors.values():
            label.hide()
        try:
            self.saved = self._save(self.name.text(), self.query.text())
        except ValidationError as exc:
            for error in exc.errors:
                label = self.errors.get(error.field, self.errors[""])
                label.setText(_sentence(error.field, error.message))
                label.show()
            self.adjustSize()  # (a long refusal wraps: the dialog grows to show it whole)
            return
        except NotFound as exc:
            self.errors[""].setText(str(exc))
            self.errors[""].show()
            return
        super().accept()


def ask_to_save(parent: QWidget, prompts: Prompts, service: SavedSearchService,
                scope: str | None, query: str) -> SavedSearch | None:
    """Ask a name for ``query`` and keep it in ``scope`` (a tab's key, None for Find
    anywhere: its dialog's "Save this search…"); the saved search, or None if cancelled."""
    dialog = SavedSearchDialog("Save this search", scope, "", query.strip(),
                               lambda name, typed: service.create(name, scope, typed),
                               parent=parent)
    if prompts.run_dialog(dialog) != QDialog.DialogCode.Accepted:
        return None
    hub_for(service).changed.emit()
    return dialog.saved


def _sentence(field: str, message: str) -> str:
    """A refusal as the dialog shows it: the search language's own sentence as it is, a
    field's problem after the field's name ("Name is required.")."""
    if not field or message[:1].isupper():
        return message if message.endswith(".") else f"{message}."
    return f"{field.capitalize()} {message.rstrip('.')}."


class ManageSavedSearchesDialog(QDialog):
    """Every saved search of the data file (a tab's and Find anywhere's), to rename, change
    or delete."""

    def __init__(self, service: SavedSearchService, prompts: Prompts,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Saved searches")
        self.service = service
        self.prompts = prompts
        self.list = QListWidget()
        self.list.setAccessibleName("Saved searches")
        self.list.setMinimumWidth(420)
        self.rename_button = QPushButton("&Rename…")
        self.change_button = QPushButton("&Change search…")
        self.delete_button = QPushButton("&Delete…")
        close = QPushButton("Close")
        side = QVBoxLayout()
        for button in (self.rename_button, self.change_button, self.delete_button):
            side.addWidget(button)
        side.addStretch(1)
        side.addWidget(close)
        layout = QHBoxLayout(self)
        layout.addWidget(self.list, 1)
        layout.addLayout(side)
        self.rename_button.clicked.connect(lambda: self._edit(rename=True))
        self.change_button.clicked.connect(lambda: self._edit(rename=False))
        self.delete_button.clicked.connect(self._delete)
        self.list.itemActivated.connect(lambda _item: self._edit(rename=False))
        self.list.currentRowChanged.connect(lambda _row: self._enable())
        close.clicked.connect(self.accept)
        self.refresh()

    def refresh(self, select: int | None = None) -> None:
        """List the saved searches again ("Meetings — Mexico: member:Mexico")."""
        self.list.clear()
        for saved in self.service.all():
            item = QListWidgetItem(f"{scope_title(saved.scope)} — {saved.name}: {saved.query}")
            item.setData(Qt.ItemDataRole.UserRole, saved.id)
            self.list.addItem(item)
            if saved.id == select:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._enable()

    def selected(self) -> SavedSearch | None:
        """The saved search selected, if any (and still there)."""
        item = self.list.currentItem()
        if item is None:
            return None
        try:
            return self.service.get(int(item.data(Qt.ItemDataRole.UserRole)))
        except NotFound:
            return None

    def _enable(self) -> None:
        chosen = self.list.currentItem() is not None
        for button in (self.rename_button, self.change_button, self.delete_button):
            button.setEnabled(chosen)

    def _edit(self, *, rename: bool) -> None:
        saved = self.selected()
        if saved is None:
            return
        saved_id = saved.id or 0
        if rename:
            dialog = SavedSearchDialog(
                "Rename the saved search", saved.scope, saved.name, saved.query,
                lambda name, _query: self.service.rename(saved_id, name),
                query_editable=False, parent=self)
        else:
            dialog = SavedSearchDialog(
                "Change the saved search", saved.scope, saved.name, saved.query,
                lambda _name, query: self.service.change(saved_id, query),
                name_editable=False, parent=self)
        if self.prompts.run_dialog(dialog) == QDialog.DialogCode.Accepted:
            hub_for(self.service).changed.emit()
            self.refresh(select=saved_id)

    def _delete(self) -> None:
        saved = self.selected()
        if saved is None:
            return
        if not self.prompts.ask(self, "Delete the saved search",
                                f'Delete the saved search "{saved.name}" of '
                                f"{scope_title(saved.scope)}? Its records stay as they are.",
                                "Delete"):
            return
        self.service.delete(saved.id or 0)
        hub_for(self.service).changed.emit()
        self.refresh()
