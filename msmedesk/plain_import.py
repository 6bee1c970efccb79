"""Imports made while the window runs, without PySide6 keeping their source in memory.

PySide6 replaces ``builtins.__import__`` with its ``__feature_import__``, which, after
each import, reads the imported module's whole source with ``inspect.getsource`` (to see
whether it mentions "PySide6" and so may use PySide6's ``__feature__`` switches). That
source stays in ``linecache`` for good: for the data layer, imported after the window's
first paint, about 20 MB. msmedesk uses no ``__feature__`` switch, so while its window
runs (``app.run``) imports go through the import PySide6 itself keeps as
``builtins.__orig_import__``, which reads no source.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def plain_import() -> Iterator[None]:
    """Within the block, imports skip PySide6's source reading (see the module's docstring).

    Measured on the large benchmark file (benchmarks/results/README.md, "Issue 14, item 5:
    the source reading without an import hook"): peak memory with the window open as
    with the import hook that emptied ``linecache`` before (106 MB; 127 MB with neither),
    start-up within the noise. Without PySide6 loaded (the command line) the block runs
    as it is. ``from __feature__ import ...`` switches nothing in the block.
    """
    original = getattr(builtins, "__orig_import__", None)
    if original is None:
        yield
        return
    replaced = builtins.__import__
    builtins.__import__ = original
    try:
        yield
    finally:
        builtins.__import__ = replaced
