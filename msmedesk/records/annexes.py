"""The annexes of the December 2020 MSME Package: their service and rows."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import ColumnElement, insert, select, true
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import AnnexRow
from msmedesk.domain import Annex, DocumentSymbol
from msmedesk.records.base import RecordService
from msmedesk.records.rows import Ids, columns
from msmedesk.registry.annexes import ANNEX_TYPE
from msmedesk.symbol_order import symbol_sort_key
from msmedesk.validation import FieldError


class AnnexService(RecordService[Annex]):
    """The Package's annexes, one record per number, as the report's notes name them."""

    record_type = ANNEX_TYPE
    one_trip = True
    named = False  # (no other record names one: no foreign key to its table)
    default_sort = "number"

    def _table(self) -> Any:
        return AnnexRow

    def _orm(self) -> type:
        return AnnexRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"number": AnnexRow.number, "title": (AnnexRow.title, AnnexRow.number),
                "symbol": (AnnexRow.symbol_sort_key, AnnexRow.number)}

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return true()  # an annex has no year: the Package holds every year


    def label(self, values: tuple[Any, ...]) -> str:
        """ "Annex 5 — title": an annex by its number and title."""
        return f"Annex {values[0]}" + (f" — {values[1]}" if values[1] else "")

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            AnnexRow.id, AnnexRow.number, AnnexRow.title, AnnexRow.symbol)
            .where(AnnexRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], r[3] or "") for r in rows}

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, Annex]:
        return read_annexes(session, ids)

    def _write(self, session: Session, record: Annex, record_id: int | None) -> int:
        self._checks(session, record, record_id)
        return self._insert_main(session, AnnexRow, annex_values(record), record_id,
                                 record.id)

    def _values(self, record: Annex, resolved: Any) -> dict[str, Any]:
        return annex_values(record)

    def _checks(self, session: Any, record: Annex, record_id: int | None) -> None:
        clash = session.scalar(select(AnnexRow.id).where(
            AnnexRow.number == record.number, AnnexRow.id != (record_id or -1)))
        if clash is not None:
            validation.raise_if([FieldError("number", f"Annex {record.number} is already "
                                                      "recorded")])


def annex_values(a: Annex) -> dict[str, Any]:
    """The stored values of an annex's row (its id aside); a symbol as parsed."""
    symbol = DocumentSymbol.parse(a.symbol).text if a.symbol else None
    return {"number": a.number, "title": a.title.strip(), "symbol": symbol,
            "symbol_sort_key": symbol_sort_key(symbol) if symbol else None}


def read_annexes(session: Session, ids: Ids = None, *, with_ids: bool = True
                 ) -> dict[int, Annex]:
    """The annexes of ``ids`` (None: every one) by id, in one query."""
    return {r.id: Annex(number=r.number, title=r.title, symbol=r.symbol,
                        id=r.id if with_ids else None)
            for r in session.execute(columns(AnnexRow, ids))}


def all_annexes(session: Session) -> list[Annex]:
    """Every annex, by number."""
    return sorted(read_annexes(session).values(), key=lambda a: a.number)


def insert_annexes(session: Session, annexes: list[Annex]) -> None:
    """Insert an import's new annexes (checked already), in one statement."""
    if annexes:
        session.execute(insert(AnnexRow), [annex_values(a) for a in annexes])
