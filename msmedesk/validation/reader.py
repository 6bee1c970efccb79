"""Reading one record's raw, archive-shaped fields, collecting every error."""

from __future__ import annotations

import builtins
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any, TypeVar

from msmedesk.domain import DocumentSymbol, PartialDate
from msmedesk.validation.errors import FieldError
from msmedesk.validation.values import (
    LIST,
    MAPPING,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    HugeNumber,
    bad_text,
    cached_full_date,
    cached_partial_date,
    cached_symbol,
)

T = TypeVar("T")


class Reader:
    """Reads raw fields of one record, collecting errors instead of stopping at the first."""

    def __init__(self, raw: Mapping[str, Any], record: str):
        self.raw = raw
        # Checked once here, not per field; the mapping's own get, bound once, reads a
        # field without a Python call of ours (an import reads millions).
        fields: Mapping[str, Any] = raw if isinstance(raw, MAPPING) else {}
        self._get: Callable[[str], Any] = fields.get
        self.record = record
        self.errors: list[FieldError] = []

    def error(self, field: str, message: str) -> None:
        self.errors.append(FieldError(field, message, self.record))

    def text(self, field: str, *, required: bool = False, limit: int = MAX_TEXT,
             one_line: bool = False) -> str:
        value = self._get(field)
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.error(field, "must be text")
            return ""
        problem = bad_text(value, limit, one_line)
        if problem:
            self.error(field, problem)
            return ""
        if required and not value.strip():
            self.error(field, "is required")
        return value.strip() if limit == MAX_NAME else value

    def name(self, field: str, *, required: bool = False) -> str:
        return self.text(field, required=required, limit=MAX_NAME, one_line=True)

    def optional_name(self, field: str) -> str | None:
        return self.text(field, limit=MAX_NAME, one_line=True) or None

    def title(self, field: str, *, required: bool = False) -> str:
        return self.text(field, required=required, limit=MAX_TITLE, one_line=True)

    def symbol(self, field: str, *, required: bool = False) -> str | None:
        value = self._get(field)
        if value is None or value == "":
            if required:
                self.error(field, "is required")
            return None
        if not isinstance(value, str):
            self.error(field, "must be text")
            return None
        try:
            return cached_symbol(value).text
        except ValueError as exc:
            self.error(field, str(exc))
            return None

    def partial_date(self, field: str, *, required: bool = False) -> PartialDate | None:
        value = self._get(field)
        if value is None or value == "":
            if required:
                self.error(field, "is required")
            return None
        if isinstance(value, PartialDate):
            return value
        if not isinstance(value, str):
            self.error(field, "must be a date as text (2024, 2024-06 or 2024-06-27)")
            return None
        try:
            return cached_partial_date(value)
        except ValueError as exc:
            self.error(field, str(exc))
            return None

    def full_date(self, field: str, *, required: bool = False) -> date | None:
        value = self._get(field)
        if value is None or value == "":
            if required:
                self.error(field, "is required")
            return None
        if isinstance(value, date):
            return value
        if isinstance(value, str):  # (the archive's case: one cached step)
            try:
                full = cached_full_date(value)
            except ValueError as exc:
                self.error(field, str(exc))
                return None
            if full is None:
                self.error(field, f'"{value}" needs the day as well (write 2024-06-27)')
            return full
        parsed = self.partial_date(field)
        if parsed is None:
            return None
        if not parsed.is_full():
            self.error(field, f'"{value}" needs the day as well (write 2024-06-27)')
            return None
        return parsed.to_date()

    def integer(self, field: str, *, default: int | None = None, minimum: int | None = None,
                maximum: int | None = None, required: bool = False) -> int | None:
        value = self._get(field)
        if value is None:
            if required:
                self.error(field, "is required")
            return default
        # bool is an int in Python, but true/false is not a count in an archive.
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, HugeNumber):
                self.error(field, f"is {value}, not a count msmedesk can hold")
            else:
                self.error(field, "must be a whole number")
            return default
        if minimum is not None and value < minimum:
            self.error(field, f"must be at least {minimum}")
            return default
        if maximum is not None and value > maximum:
            self.error(field, f"must be at most {maximum}")
            return default
        return value

    def choice(self, field: str, allowed: tuple[str, ...], default: str) -> str:
        value = self._get(field)
        if value is None or value == "":
            return default
        if value not in allowed:
            self.error(field, f'"{value}" is not one of: {", ".join(allowed)}')
            return default
        chosen: str = value  # (one of ``allowed``, so a str)
        return chosen

    def list(self, field: str) -> list[Any]:
        value = self._get(field)
        if value is None:
            return []
        if not isinstance(value, LIST):
            self.error(field, "must be a list")
            return []
        return list(value)

    def names(self, field: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, item in enumerate(self.list(field)):
            name = item.strip() if isinstance(item, str) else ""
            if not name:
                self.error(f"{field}[{i}]", "must be a name")
                continue
            problem = bad_text(item, MAX_NAME, True)
            if problem:
                self.error(f"{field}[{i}]", problem)
                continue
            if name in out:
                self.error(f"{field}[{i}]", f'"{item}" is listed twice')
                continue
            out.append(name)
        return tuple(out)

    def symbols(self, field: str) -> tuple[str, ...]:
        out: list[str] = []
        for i, item in enumerate(self.list(field)):
            try:
                out.append(DocumentSymbol.parse(item).text)
            except ValueError as exc:
                self.error(f"{field}[{i}]", str(exc))
        return tuple(out)

    def dates(self, field: str) -> tuple[date, ...]:
        """A list of meetings' full dates."""
        out: list[date] = []
        for i, item in enumerate(self.list(field)):
            parsed = None
            if isinstance(item, date):
                parsed = item
            elif isinstance(item, str):
                try:
                    parsed = cached_full_date(item)  # (a meeting's date: parsed before)
                    if parsed is None:
                        self.error(f"{field}[{i}]", f'"{item}" must be a meeting\'s full date')
                except ValueError as exc:
                    self.error(f"{field}[{i}]", str(exc))
            else:
                self.error(f"{field}[{i}]", "must be a meeting date as text")
            if parsed is not None:
                out.append(parsed)
        return tuple(out)

    def mapping(self, field: str) -> Mapping[str, Any] | None:
        """An object's value (None when not given)."""
        value = self._get(field)
        if value is None:
            return None
        if not isinstance(value, MAPPING):
            self.error(field, "must be an object")
            return None
        found: Mapping[str, Any] = value
        return found

    def nested(self, field: str, parse: Callable[[Mapping[str, Any], str], tuple[T | None,
               builtins.list[FieldError]]]) -> tuple[T, ...]:
        out: list[T] = []
        for i, item in enumerate(self.list(field)):
            where = f"{self.record}.{field}[{i}]" if self.record else f"{field}[{i}]"
            if not isinstance(item, MAPPING):
                self.errors.append(FieldError(f"{field}[{i}]", "must be an object", self.record))
                continue
            value, errors = parse(item, where)
            self.errors.extend(errors)
            if value is not None:
                out.append(value)
        return tuple(out)
