"""What the services share: stored values to record values, year ranges, symbols, names."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, insert, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from msmedesk.db.models import DocumentRow, MemberRow, OrganizationRow
from msmedesk.domain import Document, DocumentSymbol, PartialDate
from msmedesk.records import search_index
from msmedesk.records.rows import organization_index
from msmedesk.registry.documents import DOCUMENTS
from msmedesk.symbol_order import symbol_sort_key
from msmedesk.validation import FieldError, ValidationError


@cache
def _partial(value: str) -> PartialDate:
    # Cached: rows repeat few distinct dates (a large file's 60,000 events fall on some
    # thousands of days), and PartialDate is immutable. Unbounded, as a data file's dates
    # are few: a bounded lru_cache made reading the large file 0.2 s slower.
    return PartialDate.parse(value)


@cache
def _pd(value: str | None) -> PartialDate | None:
    # Cached as _partial is: one call per row, not two (an export reads 60,000 events).
    return PartialDate.parse(value) if value else None


def _pd_text(value: PartialDate | None) -> str | None:
    return value.iso() if value else None


def _d(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _year_range(column: Any, year: int) -> ColumnElement[bool]:
    # ISO text (full or partial) of a year lies between "YYYY" and "YYYY+1": an index
    # range scan instead of a function call per row.
    return and_(column >= f"{year:04d}", column < f"{year + 1:04d}")


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _clean_symbol(text: str) -> str:
    """A symbol as it is stored: without the stray underscore or spaces that parsing strips
    (the checks accept "_INF/MSME/W/52"; the file keeps "INF/MSME/W/52")."""
    try:
        return DocumentSymbol.parse(text).text
    except ValueError:
        return text


def _years_of(session: Session, column: Any) -> list[int]:
    """The years of an indexed ISO-date column, newest first.

    One index seek per year (a recursive query from the newest date down) instead of a
    DISTINCT that reads every row: 13 ms to under one on 60,000 outreach events. Table and
    column names are the models' own.
    """
    table, name = column.table.name, column.name
    sql = text(f'WITH RECURSIVE y(v) AS (SELECT max("{name}") FROM "{table}" UNION ALL '
               f'SELECT (SELECT max("{name}") FROM "{table}" WHERE "{name}" < substr(y.v, 1, 4)) '
               f'FROM y WHERE y.v IS NOT NULL) SELECT substr(v, 1, 4) FROM y WHERE v IS NOT NULL')
    return [int(v) for v in session.scalars(sql)]


def _known_symbol_id(session: Any, symbol: str | None) -> int | None:
    """The id of the document with ``symbol`` (None: no symbol, or not recorded yet)."""
    if not symbol:
        return None
    found: int | None = session.scalar(select(DocumentRow.id).where(
        DocumentRow.symbol == _clean_symbol(symbol)))
    return found


def _symbol_id(session: Session, symbol: str | None, kind: str) -> int | None:
    """The id of the document with ``symbol``, recording it first if it is new."""
    if not symbol:
        return None
    found = _known_symbol_id(session, symbol)
    if found is not None:
        return found
    symbol = _clean_symbol(symbol)
    new_id: int = session.execute(
        insert(DocumentRow).values(symbol=symbol, sort_key=symbol_sort_key(symbol), title="",
                                   kind=kind).returning(DocumentRow.id)
    ).scalar_one()
    # Recorded on the side of a meeting or proposal: found by its symbol at once.
    search_index.keep(session, DOCUMENTS, new_id, Document(symbol=symbol, kind=kind))
    return new_id


def _member_ids(session: Session, names: Iterable[str], field: str) -> tuple[list[int],
                                                                             list[FieldError]]:
    ids: list[int] = []
    errors: list[FieldError] = []
    for i, name in enumerate(names):
        found = _member_id(session, name)
        if found is None:
            errors.append(FieldError(f"{field}[{i}]" if field else field,
                                     f'"{name}" is not a recorded Member'))
        else:
            ids.append(found)
    return ids, errors


def _organization_id(session: Session, label: str) -> int | None:
    """The id of the organization ``label`` names, by the rule the import follows too."""
    return organization_index(session.execute(
        select(OrganizationRow.id, OrganizationRow.name, OrganizationRow.acronym).where(
            or_(OrganizationRow.acronym == label, OrganizationRow.name == label))).all()
    ).get(label)


def _member_id(session: Session, name: str) -> int | None:
    """The id of the Member called ``name``."""
    return session.scalar(select(MemberRow.id).where(MemberRow.name == name))


def _name_clash(session: Session, field: str, label: str | None, *,
                against: tuple[str, ...], organization_id: int | None = None
                ) -> list[FieldError]:
    """The label a record would take, when another record already stands by it.

    A proponent, partner or speaker's organization is named by a Member's name, an
    organization's name or its acronym: a label of two records would send such a link to
    one of them, and move it when an archive is read back. ``against`` says which labels
    to look at ("member": Members' names; "name", "acronym": organizations' other than
    ``organization_id``, the organization being saved).
    """
    label = (label or "").strip()
    if not label:
        return []
    if "member" in against:
        found = session.scalar(select(MemberRow.name).where(MemberRow.name == label))
        if found is not None:
            return [FieldError(field, f'"{label}" is the name of the Member "{found}"; one '
                                      "name cannot stand for two records")]
    for column, what in ((OrganizationRow.name, "name"), (OrganizationRow.acronym, "acronym")):
        if what not in against:
            continue
        found = session.scalar(select(OrganizationRow.name).where(
            column == label, OrganizationRow.id != (organization_id or -1)))
        if found is not None:
            return [FieldError(field, f'"{label}" is the {what} of the organization "{found}"; '
                                      "one name cannot stand for two records")]
    return []


def _integrity(exc: IntegrityError, field: str, what: str) -> ValidationError:
    # The database caught what the checks above missed (a race, or a hand-edited file):
    # still one plain sentence, naming the field.
    return ValidationError([FieldError(field, f"{what} could not be saved: "
                                              f"{str(exc.orig).splitlines()[0]}")])
