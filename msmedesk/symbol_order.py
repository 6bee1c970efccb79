"""The order in which the WTO numbers its documents, as one text that sorts in SQL.

A symbol read as text puts INF/MSME/W/10 before INF/MSME/W/2. ``symbol_sort_key`` turns a
symbol into a text whose plain (binary) comparison is the WTO's order, so that the database
can sort and index it: the numbers in a symbol compare as numbers (W/2 < W/10,
Rev.2 < Rev.10), a symbol comes before those it heads (W/5 < W/5/Add.1 < W/5/Corr.1 <
W/5/Rev.1 < W/6: a status is told after the document it amends, statuses by name), and
a joint document sorts by its first part, after that part alone. Letters compare without
regard to case. Pure: no Qt, no SQLAlchemy.
"""

from __future__ import annotations

import re

# Control characters below every character a symbol holds, so that a part that ends
# sorts before one that goes on (W/5 < W/5/Rev.1), and a number before letters.
_JOINT = "\x01"  # between the symbols of a joint document ("-")
_SEGMENT = "\x02"  # between the parts of one symbol ("/")
_NUMBER = "\x03"  # before a run of digits
_TEXT = "\x04"  # before a run of anything else

_RUNS = re.compile(r"[0-9]+|[^0-9]+")


def parts(symbol: str) -> tuple[tuple[tuple[int | str, ...], ...], ...]:
    """The symbol read into parts: joint symbols, their "/" parts, runs of digits as numbers.

    ``parts("INF/MSME/W/5/Rev.10")`` is ``((("inf",), ("msme",), ("w",), (5,), ("rev.", 10)),)``.
    """
    out = []
    for one in symbol.strip().lstrip("_").split("-"):
        out.append(tuple(tuple(int(run) if run.isdigit() else run.casefold()
                               for run in _RUNS.findall(segment))
                         for segment in one.split("/")))
    return tuple(out)


def _number(n: int) -> str:
    digits = str(n)
    # The count of digits first (three figures: a symbol holds at most 200 characters), so
    # that a longer number sorts after a shorter one.
    return f"{_NUMBER}{len(digits):03d}{digits}"


def symbol_sort_key(symbol: str) -> str:
    """The text that sorts ``symbol`` in the WTO's order (W/2 before W/10)."""
    return _JOINT.join(
        _SEGMENT.join("".join(_number(run) if isinstance(run, int) else _TEXT + run
                              for run in segment)
                      for segment in one)
        for one in parts(symbol))
