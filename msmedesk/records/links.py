"""A details panel's lists of linked records, and the words that count them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from msmedesk.domain import LinkGroup
from msmedesk.records.statements import AnySelect

# A detail panel lists at most this many linked records of a kind, then says how many more:
# on a file of decades an organization can have hundreds, and the panel must stay quick.
LINK_LIMIT = 100


def _link_group(session: Session, title: str, stmt: AnySelect,
                show: Callable[[Any], str]) -> LinkGroup:
    total = int(session.scalar(select(func.count()).select_from(stmt.order_by(None)
                                                                .subquery())) or 0)
    items = tuple(show(row) for row in session.execute(stmt.limit(LINK_LIMIT)))
    return LinkGroup(title, items, total)


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _short(text: str, limit: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"
