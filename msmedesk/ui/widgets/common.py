"""What every field widget shares: the colours, the calendar's language, accessible names."""

from __future__ import annotations

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QSizePolicy, QWidget

ERROR_COLOUR = "#b00020"
VALID_COLOUR = "#1b5e20"
# Month names and the calendar follow British English, as WTO documents do.
ENGLISH = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)


def set_accessible(widget: QWidget, name: str, description: str = "") -> None:
    """Give a widget its accessible name (and description) for screen readers."""
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)



def expanding(widget: QWidget) -> QWidget:
    """Let a widget take the width the form gives it."""
    policy = widget.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Expanding)
    widget.setSizePolicy(policy)
    return widget
