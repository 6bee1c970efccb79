"""The user guide inside the program (F1, Help > User guide): a short text for the office's
staff, read from msmedesk/resources/guide.md, with the table of the search's field names
made from the search language's own catalog, so that the two never disagree."""

from __future__ import annotations

from importlib import import_module, resources

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from msmedesk.registry import RECORD_TYPES

FIELDS_MARK = "<!-- FIELDS -->"
_TAKES = {"text": "words", "date": "dates, ranges, comparisons", "year": "a year"}


def field_table() -> str:
    """The Markdown table of every search field name: what it takes and where it searches."""
    try:
        fields = import_module("msmedesk.search.fields")
    except ImportError:  # (the search language not installed: the boxes search words)
        return "Field names are shown as you type them in a search box."
    titles = {t.key: t.title for t in RECORD_TYPES}
    lines = ["| Field name | Takes | Searches in |", "|---|---|---|"]
    for name, found in fields.catalog().items():
        tabs = ", ".join(titles.get(k, k) for k in found.targets)
        lines.append(f"| `{name}:` | {_TAKES.get(found.kind, found.kind)} | {tabs} |")
    return "\n".join(lines)


def guide_markdown() -> str:
    """The whole guide as Markdown, its field table filled in."""
    text = (resources.files("msmedesk") / "resources" / "guide.md").read_text(encoding="utf-8")
    return text.replace(FIELDS_MARK, field_table())


class GuideDialog(QDialog):
    """The guide in a window of its own, beside the records (not modal)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("msmedesk user guide")
        self.browser = QTextBrowser(self)
        self.browser.setOpenExternalLinks(False)
        self.browser.setMarkdown(guide_markdown())
        self.browser.setAccessibleName("User guide")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 640)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)


def show_guide(parent: QWidget | None, current: GuideDialog | None) -> GuideDialog:
    """Show the guide (the one already open, brought to the front); returns it."""
    dialog = current or GuideDialog(parent)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
