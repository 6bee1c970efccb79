"""A read query (``msmedesk.search.query``) as SQL over one record type's table and the
search index (``records/search_index.py``).

A query is compiled in two steps so that the statement cache keeps working: ``plan`` turns
it into a *shape* (hashable: which kind of SQL each term needs, its fields, its dates) and
the *values* bound when it runs (``s0``, ``s1`` …); ``condition`` builds the SQL of a shape
once. Words typed differently but alike in form share one statement.

How a word is matched, its value folded as the index is:

- three characters or more: the trigram index (``search_text MATCH``), which finds them
  within words; in a field, the start of a word and ``=value`` are then checked on the
  matched rows' text (GLOB), which SQLite reads only for those rows;
- one or two characters: the start of a word, through ``search_words``' index;
- ``*`` as typed: the longest run of three characters or more between stars narrows the
  rows through the trigram index, and the whole pattern is checked on them.

On PostgreSQL (``dialect`` "postgresql") the same plan runs on its own means: the trigram
narrowing is ``LIKE '%value%'`` over pg_trgm's GIN index, each GLOB check the same pattern
as an anchored regular expression (``~``, which that index serves too), the starts of words
the same range over ``search_words`` (its words compared byte by byte: ``COLLATE "C"``, as
SQLite compares them). The text both hold is folded by the program (``fold``), never by
the server's ``unaccent``, whose rules differ ("œ" becomes "oe", "ø" "o"): a text finds the
same records on a file and on a server.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    and_,
    bindparam,
    column,
    exists,
    false,
    func,
    literal_column,
    not_,
    or_,
    select,
    table,
    true,
)

from msmedesk.records import search_codes as codes
from msmedesk.registry import by_key
from msmedesk.search.fields import catalog, lookup
from msmedesk.search.query import And, DateRange, Not, Or, Query, Text, fold

TEXT = table("search_text", column("rowid"), column("text"))
WORDS = table("search_words", column("code"), column("word"))
# PostgreSQL's index table: a plain table, its row number a column of its own.
SERVER_TEXT = table("search_text", column("code"), column("text"))
SQLITE, POSTGRESQL = "sqlite", "postgresql"

# A word's start in a field: at the text's start, or after a character that is not a
# letter or digit (the text is folded: no capitals, no accents).
_AFTER_BOUNDARY = "*[^a-z0-9]"
_TRIGRAM = 3
# Letters and digits (as the index splits words: records/search_index.py).
_WORD = re.compile(r"[^\W_]+")

Shape = Hashable
#: What a type's service supplies: its id column, the SQL of a date field by index key
#: (None: the type cannot compare it) and of its year filter over a span of years.
DateColumn = Callable[[str], Any]
YearsFilter = Callable[[int | None, int | None], ColumnElement[bool]]


def plan(kind: str, query: Query, dialect: str = SQLITE) -> tuple[Shape, dict[str, Any]]:
    """The shape of ``query``'s SQL over type ``kind`` and the values it binds (written
    for ``dialect``'s index: "sqlite" or "postgresql")."""
    values: dict[str, Any] = {}
    shape = _plan(kind, query, values)
    if dialect != SQLITE:
        _for_server(shape, values)
    return shape, values


def _plan(kind: str, query: Query, values: dict[str, Any]) -> Shape:
    if isinstance(query, Text):
        return _plan_text(kind, query, values)
    if isinstance(query, DateRange):
        return ("date", query.field, _targets(kind, query.field), query.start, query.end)
    if isinstance(query, Not):
        return ("not", _plan(kind, query.part, values))
    if isinstance(query, And):
        return ("and", tuple(_plan(kind, p, values) for p in query.parts))
    if isinstance(query, Or):
        return ("or", tuple(_plan(kind, p, values) for p in query.parts))
    raise TypeError(f"not a query: {query!r}")


def _for_server(shape: Any, values: dict[str, Any]) -> None:
    """The values of a plan made for SQLite rewritten for PostgreSQL, in place: an FTS5
    string as a LIKE pattern, a GLOB pattern as a regular expression (the shape is the same:
    its names are bound alike)."""
    tag = shape[0]
    if tag in ("and", "or"):
        for part in shape[1]:
            _for_server(part, values)
    elif tag == "not":
        _for_server(shape[1], values)
    elif tag == "text":
        narrow, check = shape[2], shape[3]
        if narrow is not None:
            values[narrow[1]] = "%" + _like(_unquoted(values[narrow[1]])) + "%"
        for name in check[1] if check is not None else ():
            values[name] = regex_of_glob(values[name])


def _unquoted(fts: str) -> str:
    return fts[1:-1].replace('""', '"')


def _like(value: str) -> str:
    """``value`` as literal text in a LIKE pattern (PostgreSQL's escape: backslash)."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# What a GLOB pattern of this module is made of: a star, a class, or a character.
_GLOB_PART = re.compile(r"\*|\[\^a-z0-9\]|\[.\]|.", re.DOTALL)


def regex_of_glob(pattern: str) -> str:
    """A GLOB pattern this module wrote as the PostgreSQL regular expression that matches
    the same texts (the whole text: anchored)."""
    parts = []
    for part in _GLOB_PART.findall(pattern):
        if part == "*":
            parts.append(".*")  # (PostgreSQL's "." matches a new line, as GLOB's "*" does)
        elif part.startswith("[^"):
            parts.append(part)
        else:
            c = part[1] if len(part) == 3 else part
            # Only ASCII signs are special (a backslash before a letter is an escape).
            parts.append("\\" + c if c.isascii() and not c.isalnum() and c != " " else c)
    found = "^" + "".join(parts) + "$"
    # (Unanchored ends rather than ".*": the same texts, fewer steps.)
    return found.removeprefix("^.*").removesuffix(".*$")


def _targets(kind: str, name: str | None) -> tuple[str, ...] | None:
    """The index field keys a search name means in type ``kind`` (None: anywhere; ():
    the type has no such field)."""
    if name is None:
        return None
    found = catalog().get(name) or lookup(name)
    if found is None:
        return ()
    keys = found.targets.get(kind, ())
    record_type = by_key(kind)
    expanded: list[str] = []
    for key in keys:
        rows = next((f.rows for f in record_type.fields if f.key == key and f.rows), None)
        # A rows field's key stands for all the text of its rows: every field of them.
        expanded += [f"{key}.{r.key}" for r in rows.fields] if rows else [key]
    return tuple(dict.fromkeys(expanded))


def _name(values: dict[str, Any], value: Any) -> str:
    name = f"s{len(values)}"
    values[name] = value
    return name


def _plan_text(kind: str, term: Text, values: dict[str, Any]) -> Shape:
    targets = _targets(kind, term.field)
    value = fold(term.value).strip()
    if targets == ():
        return ("none",)
    if not value.replace("*", ""):
        # "*" alone or nothing: anything in the field, or any record.
        return ("any", targets) if targets else ("all",)
    chunks = [c for c in value.split("*") if c]
    longest = max(chunks, key=len)
    starred = "*" in value
    narrow = None
    if len(longest) >= _TRIGRAM:
        narrow = ("match", _name(values, _fts_string(longest)))
    elif not starred and not term.exact and _WORD.fullmatch(value):
        # One or two letters or digits: the start of a word.
        return ("words", targets, _name(values, value), _name(values, _next(value)))
    check: tuple[str, tuple[str, ...]] | None
    if term.exact:
        check = ("glob", (_name(values, _glob(value)),))
    elif term.field is None:
        # (Without a trigram to narrow by, such as "_" or "&": the text is read.)
        check = (("glob", (_name(values, "*" + _glob(value) + "*"),))
                 if starred or narrow is None else None)
    else:
        pattern = _glob(value) + "*"
        check = ("glob", (_name(values, pattern), _name(values, _AFTER_BOUNDARY + pattern)))
    return ("text", targets, narrow, check)


def _fts_string(value: str) -> str:
    """``value`` as one FTS5 string: with trigrams, its characters in a row, anywhere."""
    return '"' + value.replace('"', '""') + '"'


def _glob(value: str) -> str:
    """A folded value as a GLOB pattern: its ``*`` kept, other wildcards taken literally."""
    return "".join(f"[{c}]" if c in "?[" else c for c in value)


def _next(prefix: str) -> str:
    """The first text after every text that starts with ``prefix``."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def condition(kind: str, shape: Shape, ids: Any, date_column: DateColumn,
              years: YearsFilter, dialect: str = SQLITE, probe: bool = False
              ) -> ColumnElement[bool]:
    """The SQL of a shape that ``plan`` made, on ``ids`` (the type's id column), for
    ``dialect``'s index; ``probe`` (a server's): each record's own index rows looked up
    (``EXISTS``) rather than the ids of every match (``IN``)."""
    tag = shape[0]  # type: ignore[index]
    if tag in ("and", "or", "not"):
        parts = [condition(kind, p, ids, date_column, years, dialect, probe)
                 for p in (shape[1] if tag != "not" else (shape[1],))]  # type: ignore[index]
        if tag == "not":
            return not_(parts[0])
        return and_(true(), *parts) if tag == "and" else or_(false(), *parts)
    if tag == "date":
        return _dates(shape, date_column, years)
    if tag == "none":
        return false()
    if tag == "all":
        return true()
    if probe and dialect != SQLITE:
        return _probed(kind, shape, ids)
    matching: ColumnElement[bool] = ids.in_(_matching(kind, shape, dialect))
    return matching


def _probed(kind: str, shape: Any, ids: Any) -> ColumnElement[bool]:
    """``EXISTS`` (one of the record's own index rows matches): the record's rows are one
    range of numbers (records/search_codes.py), which the index table's key reads.

    ``id IN (the matches)`` makes PostgreSQL gather every match (a hash of the records)
    before the first row of a list: 24,000 records of a common word for a page of 64.
    This form lets it walk the list in its order and stop at the page's end; for a rare
    word it reads every record, which is why it serves only for many matches.
    """
    index = WORDS if shape[0] == "words" else SERVER_TEXT
    first = literal_column(str(codes.kind_no(kind) << codes.KIND_SHIFT)).op("+")(
        ids.op("*")(literal_column(f"CAST({1 << codes.RECORD_SHIFT} AS BIGINT)")))
    last = first.op("+")(literal_column(str((1 << codes.RECORD_SHIFT) - 1)))
    rows = _matching(kind, shape, POSTGRESQL, probed=True)
    # OFFSET 0 keeps the subquery one lookup per record: without it PostgreSQL may join it
    # as a whole (a semi-join), every match read, since it cannot tell how many there are.
    return exists(rows.with_only_columns(literal_column("1")).where(
        index.c.code.between(first, last)).offset(literal_column("0")))


def _kind_and_fields(number: Any, kind: str, targets: tuple[str, ...] | None
                     ) -> list[ColumnElement[bool]]:
    # The row number tells the type and the field (records/search_codes.py): the type's
    # range, which FTS5 and the words table's key read by themselves, and the fields'
    # numbers. Numbers are the registry's own: written into the statement (a statement
    # serves one type, and one shape of fields) rather than bound.
    first, last = codes.kind_range(kind)
    where = [number.between(literal_column(str(first)), literal_column(str(last)))]
    if targets:
        field = number.op(">>")(literal_column(str(codes.FIELD_SHIFT))).op("&")(
            literal_column("255"))
        where.append(field.in_([literal_column(str(codes.field_no(kind, t)))
                                for t in targets]))
    return where


def _record(number: Any) -> Any:
    """The record id of a row number, in SQL."""
    return number.op(">>")(literal_column(str(codes.RECORD_SHIFT))).op("&")(
        literal_column(str(codes.RECORD_MASK)))


def _matching(kind: str, shape: Any, dialect: str = SQLITE, probed: bool = False) -> Any:
    """The ids of the records a text term's shape matches (``probed``: its text or word
    not read along an index, so that a server reads each record's rows by their numbers:
    ``_probed``; otherwise the planner, which cannot tell how many rows a pattern matches,
    may gather every match once more for each record)."""
    tag, targets = shape[0], shape[1]
    if tag == "words":
        word = _unindexed(WORDS.c.word) if probed else WORDS.c.word
        return select(_record(WORDS.c.code)).where(
            word >= _bound(shape[2]), word < _bound(shape[3]),
            *_kind_and_fields(WORDS.c.code, kind, targets))
    server = dialect != SQLITE
    number = SERVER_TEXT.c.code if server else TEXT.c.rowid
    text_ = SERVER_TEXT.c.text if server else TEXT.c.text
    if probed:
        text_ = _unindexed(text_)
    narrows, checks = ("LIKE", "~") if server else ("MATCH", "GLOB")
    where = _kind_and_fields(number, kind, targets)
    if tag == "text":
        narrow, check = shape[2], shape[3]
        if narrow is not None:
            where.append(text_.op(narrows)(_bound(narrow[1])))
        if check is not None:
            # (Only here is a row's text read: for the rows the trigrams matched.)
            where.append(or_(*(text_.op(checks)(_bound(n)) for n in check[1])))
    return select(_record(number)).where(*where)


def _unindexed(text_: Any) -> Any:
    """``text || ''``: the same text, which no index of the column serves (PostgreSQL)."""
    return text_.op("||")(literal_column("''"))


def _bound(name: str) -> Any:
    return bindparam(name, type_=String)


def _dates(shape: Any, date_column: DateColumn, years: YearsFilter) -> ColumnElement[bool]:
    _tag, name, targets, start, end = shape
    if name == "year":
        return years(start.year if start else None, end.year if end else None)
    parts = []
    for key in targets or ():
        found = date_column(key)
        if found is not None:
            parts.append(overlap(found, start, end))
    return or_(false(), *parts)


def overlap(column_: Any, start: date | None, end: date | None) -> ColumnElement[bool]:
    """Whether an ISO date column (a partial date is the span it names: "2024-06" is all
    of June) shares a day with ``start``..``end``."""
    parts: list[ColumnElement[bool]] = [column_.is_not(None)]
    if end is not None:
        # "2024-06" <= "2024-06-15": a partial date starts no later than its first day.
        parts.append(column_ <= end.isoformat())
    if start is not None:
        first = start.isoformat()
        # The year first (an index range), then the span's last day: the column against
        # the start cut to its own length ("2024-06" >= "2024-06" of "2024-06-15").
        parts.append(column_ >= first[:4])
        parts.append(column_ >= func.substr(first, 1, func.length(column_)))
    return and_(*parts)
