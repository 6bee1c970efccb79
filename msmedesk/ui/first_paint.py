"""Run something just after a widget's first paint (so that the paint itself comes first).

The window paints before it opens its data file, a record tab's list before its details,
the membership panel before its years. Light on purpose: main_window uses it before the
first paint, so it imports nothing but Qt's core.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer


def after_first_paint(widget: QObject, callback: Callable[[], None], *,
                      at_latest_ms: int | None = None) -> None:
    """Call ``callback`` once, just after ``widget``'s first paint is done.

    Queued, not called inside the paint, so that what was painted is on screen first; not
    called at all if ``widget`` is gone by then. ``at_latest_ms``: call it after that long
    even if the widget is never painted (a window started minimized).
    """
    done = False

    def once() -> None:
        nonlocal done
        if not done:
            done = True
            widget.removeEventFilter(spy)
            callback()

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt)
            if event.type() == QEvent.Type.Paint:
                # After this paint and those of the children it brings.
                QTimer.singleShot(0, widget, once)
            return False

    spy = FirstPaint(widget)
    widget.installEventFilter(spy)
    if at_latest_ms is not None:
        QTimer.singleShot(at_latest_ms, widget, once)
