"""Small conversions the lists and the plain readers share (no SQLAlchemy here)."""

from __future__ import annotations

from datetime import date


def short(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def iso_date(value: str | None) -> date | None:
    """The date of an ISO text, or None for none."""
    return date.fromisoformat(value) if value else None


def organization_label(acronym: str | None, name: str) -> str:
    """How a record names an organization: by its acronym, else its name."""
    return acronym or name
