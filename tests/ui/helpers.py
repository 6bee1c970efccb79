"""Scripted answers for the window's questions, and small helpers of the window tests.

The window asks everything through its ``Prompts``; ``Answers`` answers as the test says.
Forms are driven through ``Answers.fill``: the window calls ``prompts.run_dialog(dialog)``
and the test's function fills the form in and presses OK (or does not).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from msmedesk.ui.prompts import Prompts


class CancelAtOnce:
    """A progress callback whose user pressed Cancel straight away."""

    def __init__(self) -> None:
        self.calls = 0

    def __enter__(self) -> CancelAtOnce:
        return self

    def __exit__(self, *_exc: object) -> None:
        pass

    def __call__(self, done: int, total: int) -> bool:
        self.calls += 1
        return False


class Answers(Prompts):
    """Prompts answered by the test: forms filled by ``fill``, questions by ``yes``."""

    def __init__(self) -> None:
        self.fill: Callable[[Any], None] | None = None
        self.dialogs: list[Any] = []
        self.yes = True
        self.asked: list[str] = []
        self.errors: list[str] = []
        self.infos: list[str] = []
        self.open_answer: Path | None = None
        self.save_answer: Path | None = None
        self.cancel = False

    def run_dialog(self, dialog: Any) -> int:
        assert self.fill is not None, f"a form opened that the test did not expect: {dialog}"
        self.dialogs.append(dialog)
        self.fill(dialog)
        return int(dialog.result())

    def ask(self, parent: Any, title: str, text: str, yes: str = "Yes") -> bool:
        self.asked.append(text)
        return self.yes

    def error(self, parent: Any, title: str, text: str) -> None:
        self.errors.append(text)

    def inform(self, parent: Any, title: str, text: str) -> None:
        self.infos.append(text)

    def about(self, parent: Any, title: str, text: str) -> None:
        self.infos.append(text)

    def open_path(self, parent: Any, caption: str, start: Path, filters: str) -> Path | None:
        return self.open_answer

    def save_path(self, parent: Any, caption: str, suggested: Path, filters: str
                  ) -> Path | None:
        return self.save_answer

    def progress(self, parent: Any, label: str) -> Any:
        return CancelAtOnce() if self.cancel else super().progress(parent, label)


def fill_with(values: dict[str, Any], keep: bool = True) -> Callable[[Any], None]:
    """A ``fill`` that sets these fields (over what the form shows) and presses OK."""

    def fill(dialog: Any) -> None:
        dialog.set_values({**dialog.values(), **values} if keep else values)
        dialog.accept()

    return fill


def show_active(qtbot: Any, window: Any) -> None:
    """Show the window and wait until it is the active one (shortcuts need that)."""
    window.show()
    qtbot.waitExposed(window)
    with qtbot.waitActive(window):
        window.activateWindow()
