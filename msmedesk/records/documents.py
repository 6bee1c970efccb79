"""The documents: their service and rows."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select, true
from sqlalchemy.orm import Session

from msmedesk.db.models import DocumentRow, MeetingRow, ProposalRow
from msmedesk.domain import Document
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _clean_symbol, _d, _year_range, _years_of
from msmedesk.records.rows import Ids, columns
from msmedesk.registry import DOCUMENTS
from msmedesk.symbol_order import symbol_sort_key
from msmedesk.validation import FieldError, ValidationError


class DocumentService(RecordService[Document]):
    """WTO documents by symbol."""

    record_type = DOCUMENTS
    one_trip = True
    default_sort = "symbol"
    label_columns = ("symbol", "title")
    label_joiner = " — "

    def _table(self) -> Any:
        return DocumentRow

    def _orm(self) -> type:
        return DocumentRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"symbol": DocumentRow.sort_key, "title": DocumentRow.title,
                "date": DocumentRow.date, "kind": DocumentRow.kind}

    def _year_filter(self, year: int) -> ColumnElement[bool]:
        return _year_range(DocumentRow.date, year)

    def _row_values(self, session: Session, ids: list[int]) -> dict[int, tuple[Any, ...]]:
        rows = self._page_rows(session, lambda page: select(
            DocumentRow.id, DocumentRow.symbol, DocumentRow.title, DocumentRow.date,
            DocumentRow.kind).where(DocumentRow.id.in_(page)), ids)
        return {r[0]: (r[1], r[2], _d(r[3]), r[4]) for r in rows}

    def years(self) -> list[int]:
        """Years in which recorded documents are dated, newest first."""
        with self._sessions() as session:
            return _years_of(session, DocumentRow.date)

    def _read(self, session: Session, ids: Collection[int]) -> dict[int, Document]:
        return read_documents(session, ids)

    def _write(self, session: Session, record: Document, record_id: int | None) -> int:
        self._checks(session, record, record_id)
        return self._insert_main(session, DocumentRow, self._values(record, None), record_id,
                                 record.id)

    def _values(self, record: Document, resolved: Any) -> dict[str, Any]:
        return document_values(record, _clean_symbol(record.symbol))

    def _checks(self, session: Any, record: Document, record_id: int | None) -> None:
        symbol = _clean_symbol(record.symbol)
        clash = session.scalar(select(DocumentRow.id).where(
            DocumentRow.symbol == symbol, DocumentRow.id != (record_id or -1)))
        if clash is not None:
            raise ValidationError([FieldError("symbol", f"{symbol} is already recorded")])

    def _blockers(self, session: Session, record_id: int) -> str:
        meetings = session.scalar(select(func.count()).where(or_(
            MeetingRow.convening_notice_id == record_id,
            MeetingRow.summary_document_id == record_id)))
        proposals = session.scalar(select(func.count()).where(ProposalRow.document_id
                                                              == record_id))
        if meetings or proposals:
            return ("This document cannot be deleted while a meeting or proposal refers to it; "
                    "change that record first.")
        return super()._blockers(session, record_id)

    def by_symbol(self, symbol: str) -> Document | None:
        """The document with this symbol, if recorded."""
        with self._sessions() as session:
            found = documents_where(session, DocumentRow.symbol == symbol)
            return found[0] if found else None

    def of_kind(self, kind: str, until: date | None = None) -> list[Document]:
        """Documents of one kind (dated up to ``until``), oldest first."""
        with self._sessions() as session:
            return documents_where(session, DocumentRow.kind == kind, true() if until is None
                                   else DocumentRow.date <= until.isoformat())


def read_documents(session: Session, ids: Ids = None, *, with_ids: bool = True
                   ) -> dict[int, Document]:
    """The documents of ``ids`` (None: every one) by id, in one query."""
    return {r.id: Document(symbol=r.symbol, title=r.title, date=_d(r.date), kind=r.kind,
                           url=r.url, id=r.id if with_ids else None, about=r.about)
            for r in session.execute(columns(DocumentRow, ids))}


def documents_where(session: Session, *where: ColumnElement[bool]) -> list[Document]:
    """The documents ``where`` selects, by date, then symbol."""
    ids = list(session.scalars(select(DocumentRow.id).where(*where)
                               .order_by(DocumentRow.date, DocumentRow.sort_key)))
    found = read_documents(session, ids)
    return [found[i] for i in ids]


def document_values(d: Document, symbol: str) -> dict[str, Any]:
    """The stored values of a document's row (its id aside); ``symbol`` as stored."""
    return {"symbol": symbol, "sort_key": symbol_sort_key(symbol), "title": d.title,
            "date": d.date.isoformat() if d.date else None, "kind": d.kind,
            "url": (d.url or "").strip() or None, "about": d.about.strip()}
