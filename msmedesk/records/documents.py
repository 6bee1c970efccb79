"""The documents: their service and rows."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import Session

from msmedesk import validation
from msmedesk.db.models import DocumentRow, MeetingRow, ProposalRow
from msmedesk.domain import Document, NotFound
from msmedesk.records.base import RecordService
from msmedesk.records.helpers import _clean_symbol, _d, _year_range, _years_of
from msmedesk.registry import DOCUMENTS
from msmedesk.validation import FieldError, ValidationError


class DocumentService(RecordService[Document]):
    """WTO documents by symbol."""

    columns = ("symbol", "title", "date", "kind")
    sortable = columns
    default_sort = "symbol"
    kind_label = DOCUMENTS.noun

    def _table(self) -> Any:
        return DocumentRow

    def _orm(self) -> type:
        return DocumentRow

    def _sort_expressions(self) -> dict[str, Any]:
        return {"symbol": DocumentRow.symbol, "title": DocumentRow.title,
                "date": DocumentRow.date, "kind": DocumentRow.kind}

    def _search_columns(self) -> list[Any]:
        return [DocumentRow.symbol, DocumentRow.title]

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

    def _check(self, record: Document) -> None:
        validation.raise_if(validation.check_document(record))

    def _load(self, session: Session, record_id: int) -> Document:
        row = session.get(DocumentRow, record_id)
        if row is None:
            raise NotFound("This document is no longer in the data file.")
        return _document(row)

    def _write(self, session: Session, record: Document, record_id: int | None) -> int:
        symbol = _clean_symbol(record.symbol)
        clash = session.scalar(select(DocumentRow.id).where(
            DocumentRow.symbol == symbol, DocumentRow.id != (record_id or -1)))
        if clash is not None:
            raise ValidationError([FieldError("symbol", f"{symbol} is already recorded")])
        values = {"symbol": symbol, "title": record.title,
                  "date": record.date.isoformat() if record.date else None,
                  "kind": record.kind, "url": (record.url or "").strip() or None}
        return self._insert_main(session, DocumentRow, values, record_id, record.id)

    def _blockers(self, session: Session, record_id: int) -> str:
        meetings = session.scalar(select(func.count()).where(or_(
            MeetingRow.convening_notice_id == record_id,
            MeetingRow.summary_document_id == record_id)))
        proposals = session.scalar(select(func.count()).where(ProposalRow.document_id
                                                              == record_id))
        if meetings or proposals:
            return ("This document cannot be deleted while a meeting or proposal refers to it; "
                    "change that record first.")
        return ""

    def by_symbol(self, symbol: str) -> Document | None:
        """The document with this symbol, if recorded."""
        with self._sessions() as session:
            row = session.scalar(select(DocumentRow).where(DocumentRow.symbol == symbol))
            return _document(row) if row else None

    def of_kind(self, kind: str, until: date | None = None) -> list[Document]:
        """Documents of one kind (dated up to ``until``), oldest first."""
        with self._sessions() as session:
            stmt = select(DocumentRow).where(DocumentRow.kind == kind)
            if until is not None:
                stmt = stmt.where(DocumentRow.date <= until.isoformat())
            rows = session.scalars(stmt.order_by(DocumentRow.date, DocumentRow.symbol))
            return [_document(r) for r in rows]


def _document(row: DocumentRow) -> Document:
    return Document(symbol=row.symbol, title=row.title, date=_d(row.date), kind=row.kind,
                    url=row.url, id=row.id)
