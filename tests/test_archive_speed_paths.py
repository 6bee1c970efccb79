"""The short cuts of a large import keep every check and every result.

* parse_* read each text once and then apply only their record's rules: the reader must
  refuse every text the check_* functions refuse, with the same limits;
* symbols and full dates are parsed through caches;
* the cyclic garbage collector is paused while an archive is read, parsed and written,
  and left as the caller had it;
* rows go to drivers other than SQLite's as named parameters;
* a large import drops and remakes the secondary indexes and enlarges the page cache
  inside its transaction, and leaves both as they were, also when it does not finish.
"""

from __future__ import annotations

import gc
import json
from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from msmedesk import archive, validation
from msmedesk.archive import ArchiveError
from msmedesk.domain import PartialDate
from msmedesk.validation import MAX_DESCRIPTION, MAX_NAME, MAX_TEXT, MAX_TITLE, MAX_TOPIC

MEMBER = {"name": "Mexico", "list_name": "Mexico", "sort_name": "Mexico",
          "prose_name": "Mexico", "notes": "n"}
ORGANIZATION = {"name": "International Trade Centre", "acronym": "ITC"}
DOCUMENT = {"symbol": "INF/MSME/W/1", "title": "t", "url": "https://example.org"}
MEETING = {"date": "2024-03-19", "summary": "s",
           "presentations": [{"speaker": "A", "organization": "ITC", "topic": "t",
                              "member": "Mexico"}],
           "spotlights": [{"business": "B", "person": "p", "country": "c",
                           "introduced_by": "ITC", "description": "d"}]}
PROPOSAL = {"symbol": "INF/MSME/W/2", "title": "t", "proponents": ["Mexico"], "summary": "s"}
OUTREACH = {"date": "2024", "title": "t", "partners": ["ITC"], "summary": "s"}
PACKAGE = {"annex": 1, "year": 2024, "members": ["Mexico"], "summary": "s"}


def _set_field(record: Any, path: str, value: str) -> Any:
    """``record`` (raw dict or typed record) with the text at ``path`` replaced."""
    head, _, rest = path.partition(".")
    name, _, index = head.partition("[")
    typed = not isinstance(record, dict)
    current = getattr(record, name) if typed else record[name]
    if index:
        i = int(index.rstrip("]"))
        items = list(current)
        items[i] = _set_field(items[i], rest, value) if rest else value
        new = tuple(items) if typed else items
    else:
        new = value
    return replace(record, **{name: new}) if typed else {**record, name: new}


# (section, parser, check, a valid raw record, the text's path, the limit both apply)
TEXTS = [
    *(("members", validation.parse_member, validation.check_member, MEMBER, f, MAX_NAME)
      for f in ("name", "list_name", "sort_name", "prose_name")),
    ("members", validation.parse_member, validation.check_member, MEMBER, "notes", MAX_TEXT),
    *(("organizations", validation.parse_organization, validation.check_organization,
       ORGANIZATION, f, MAX_NAME) for f in ("name", "acronym")),
    ("documents", validation.parse_document, validation.check_document, DOCUMENT, "title",
     MAX_TITLE),
    ("documents", validation.parse_document, validation.check_document, DOCUMENT, "url",
     MAX_NAME),
    ("meetings", validation.parse_meeting, validation.check_meeting, MEETING, "summary",
     MAX_TEXT),
    *(("meetings", validation.parse_meeting, validation.check_meeting, MEETING,
       f"presentations[0].{f}", limit)
      for f, limit in (("speaker", MAX_NAME), ("organization", MAX_NAME),
                       ("topic", MAX_TOPIC), ("member", MAX_NAME))),
    *(("meetings", validation.parse_meeting, validation.check_meeting, MEETING,
       f"spotlights[0].{f}", limit)
      for f, limit in (("business", MAX_NAME), ("person", MAX_NAME), ("country", MAX_NAME),
                       ("introduced_by", MAX_NAME), ("description", MAX_DESCRIPTION))),
    *(("proposals", validation.parse_proposal, validation.check_proposal, PROPOSAL, f, limit)
      for f, limit in (("title", MAX_TITLE), ("summary", MAX_TEXT),
                       ("proponents[0]", MAX_NAME))),
    *(("outreach", validation.parse_outreach, validation.check_outreach, OUTREACH, f, limit)
      for f, limit in (("title", MAX_TITLE), ("summary", MAX_TEXT),
                       ("partners[0]", MAX_NAME))),
    *(("package_entries", validation.parse_package_entry, validation.check_package_entry,
       PACKAGE, f, limit) for f, limit in (("summary", MAX_TEXT), ("members[0]", MAX_NAME))),
]
BAD = {"too long": lambda limit: "x" * (limit + 1),
       "control character": lambda limit: "a\x00b",
       "unpaired surrogate": lambda limit: "a\ud800b"}


@pytest.mark.parametrize("section,parse,check,raw,path,limit", TEXTS,
                         ids=[f"{t[0]}.{t[4]}" for t in TEXTS])
@pytest.mark.parametrize("bad", list(BAD))
def test_the_reader_refuses_what_the_check_refuses(section, parse, check, raw, path, limit,
                                                   bad):
    where = f"{section}[3]"
    value, errors = parse(raw, where)
    assert errors == [] and check(value, where) == []
    # The longest allowed text passes both: the reader's limit is the check's.
    at_limit, errors = parse(_set_field(raw, path, "x" * limit), where)
    assert errors == [], errors
    assert check(_set_field(value, path, "x" * limit), where) == []

    text = BAD[bad](limit)
    parsed, errors = parse(_set_field(raw, path, text), where)
    assert parsed is None
    assert [str(e).split(": ")[0] for e in errors] == [f"{where}.{path}"], errors
    checked = check(_set_field(value, path, text), where)
    assert [str(e).split(": ")[0] for e in checked] == [f"{where}.{path}"], checked
    assert errors[0].message == checked[0].message


def test_the_rules_after_the_texts_still_apply():
    # What only the rules check (not the reader) is still refused by parse_*.
    cases = [
        (validation.parse_member, {"name": "A", "joined": "2024", "left": "2023"}, "left"),
        (validation.parse_proposal, {"symbol": "INF/MSME/W/1", "proponents": []},
         "proponents"),
        (validation.parse_proposal, {"symbol": "INF/MSME/W/1", "proponents": ["A"],
                                     "discussed_at": ["2024-03-19", "2024-03-19"]},
         "discussed_at"),
        (validation.parse_outreach, {"date": "2024-06-27", "end_date": "2024-06-26",
                                     "title": "X"}, "end_date"),
        (validation.parse_package_entry, {"annex": 1, "year": 2024}, "summary"),
    ]
    for parse, raw, field in cases:
        value, errors = parse(raw, "r[0]")
        assert value is None and [e.field for e in errors] == [field], (raw, errors)


@pytest.mark.parametrize("given,expected", [
    ("2024-06-27", date(2024, 6, 27)),
    (date(2024, 6, 27), date(2024, 6, 27)),
    (PartialDate(2024, 6, 27), date(2024, 6, 27)),
    ("2024-06", '"2024-06" needs the day as well (write 2024-06-27)'),
    (PartialDate(2024, 6), '"2024-06" needs the day as well'),
    ("2024-02-30", '"2024-02-30" is not a real date: February 2024 has 29 days'),
    ("soon", '"soon" is not a date (write 2024, 2024-06 or 2024-06-27)'),
    (20240627, "must be a date as text (2024, 2024-06 or 2024-06-27)"),
])
def test_full_dates_from_text_and_from_objects(given, expected):
    for _ in range(2):  # the second time from the cache
        value, errors = validation.parse_document({"symbol": "JOB/GC/1", "date": given}, "d")
        if isinstance(expected, date):
            assert errors == [] and value.date == expected
        else:
            assert value is None and [e.field for e in errors] == ["date"]
            assert errors[0].message.startswith(expected), errors[0].message


def test_symbols_are_checked_alike_from_the_cache_and_not_text():
    for _ in range(2):
        assert validation.check_symbol("INF/MSME/W/51") is None
        assert validation.check_symbol("INF MSME/W/51") == ('"INF MSME/W/51" is not a WTO '
                                                            "document symbol")
        assert validation.check_symbol(["INF/MSME/W/51"]) == "is not text"  # not hashable
        value, errors = validation.parse_document({"symbol": " _INF/MSME/W/51 "}, "d")
        assert errors == [] and value.symbol == "INF/MSME/W/51"


def _small_archive() -> dict[str, Any]:
    return {"format": "msmedesk-archive", "version": 1,
            "organizations": [ORGANIZATION], "members": [{"name": "Mexico"}],
            "outreach": [{**OUTREACH, "date": f"{2000 + i}"} for i in range(20)]}


@pytest.mark.parametrize("enabled", [True, False], ids=["collector on", "collector off"])
def test_the_collector_is_left_as_the_caller_had_it(services, tmp_path, enabled):
    # The archive pauses Python's cyclic collector for speed; whoever calls it, whether
    # the call succeeds or fails, finds the collector on or off as it was before.
    path = tmp_path / "a.json"
    path.write_text(json.dumps(_small_archive()), encoding="utf-8")
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    calls = [
        lambda: archive.import_data(services, _small_archive()),
        lambda: archive.import_data(services, {**_small_archive(),
                                               "members": [{"name": ""}]}),
        lambda: archive.parse_archive(_small_archive()),
        lambda: archive.read_archive(path),
        lambda: archive.read_archive(bad),
        lambda: archive.export_archive(services, tmp_path / "out.json", replace=True),
        lambda: archive.export_archive(services, tmp_path, replace=True),  # a folder
    ]
    refused = []
    (gc.enable if enabled else gc.disable)()
    try:
        for number, call in enumerate(calls):
            try:
                call()
            except ArchiveError:
                refused.append(number)
            assert gc.isenabled() is enabled, number
    finally:
        gc.enable()
    assert refused == [1, 4, 6]  # the bad inputs and the folder, and only they
    assert archive.read_archive(path)["organizations"] == [ORGANIZATION]
    assert services.counts()["outreach"] == 20  # the good import was done, the bad one not


def test_an_export_reads_the_records_with_the_collector_paused(services, tmp_path, monkeypatch):
    # A large export makes 140,000 records that hold no cycles: left on, the collector
    # walked them all again and again, about a quarter of the export (issue 14, item 9).
    archive.import_data(services, _small_archive())
    seen = []
    load = archive.export.load_records

    def watched(session):
        seen.append(gc.isenabled())
        return load(session)

    monkeypatch.setattr(archive.export, "load_records", watched)
    counts = archive.export_archive(services, tmp_path / "out.json")
    assert seen == [False] and gc.isenabled()
    assert counts["outreach"] == 20


@pytest.mark.file_only
def test_rows_go_as_named_parameters_to_other_drivers(services, sample_services, tmp_path,
                                                      monkeypatch):
    # A driver that does not take SQLite's tuples (PostgreSQL's) gets the rows through
    # SQLAlchemy's insert(); SQLite's driver takes named parameters too, so the same
    # branch can run here and must write the same records.
    archive.export_archive(sample_services, tmp_path / "sample.json")
    monkeypatch.setattr(services.engine.dialect, "paramstyle", "named")
    monkeypatch.setattr(services.engine.dialect, "positional", False)
    archive.import_archive(services, tmp_path / "sample.json")
    monkeypatch.undo()
    archive.export_archive(services, tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "sample.json").read_bytes()


def _indexes_and_cache(services) -> tuple[list[str], int]:
    with services.engine.connect() as connection:
        names = [n for (n,) in connection.exec_driver_sql(
            "SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")]
        return names, connection.exec_driver_sql("PRAGMA cache_size").scalar()


def _large_archive(n: int = 1500) -> dict[str, Any]:
    return {**_small_archive(),
            "outreach": [{**OUTREACH, "title": f"Event {i}"} for i in range(n)]}


@pytest.mark.file_only
def test_a_large_import_leaves_indexes_and_page_cache_as_they_were(services):
    before = _indexes_and_cache(services)
    assert len(before[0]) > 10
    result = archive.import_data(services, _large_archive())
    assert result.added["outreach"] == 1500
    assert _indexes_and_cache(services) == before
    with services.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


@pytest.mark.file_only
def test_a_cancelled_large_import_leaves_them_too(services):
    # Regression: the indexes were dropped outside the import's transaction (Python's
    # sqlite3 begins one only before a row is written), so a cancelled import, or one
    # stopped by the database, left the file without its secondary indexes.
    before = _indexes_and_cache(services)

    def cancel(done, total):
        return done < total  # cancelled at the very end, after every insert

    with pytest.raises(archive.Cancelled):
        archive.import_data(services, _large_archive(), cancel)
    assert services.is_empty()
    assert _indexes_and_cache(services) == before


@pytest.mark.parametrize("n", [1049, 1050, 1051])
def test_rows_written_many_to_a_statement_are_all_there_in_order(services, n):
    # SQLite gets its rows 50 to a statement, and the rest of a chunk in one more.
    archive.import_data(services, _large_archive(n))
    with services.engine.connect() as connection:
        titles = [t for (t,) in connection.exec_driver_sql(
            "SELECT title FROM outreach_events ORDER BY id")]
        partners = connection.exec_driver_sql(
            "SELECT count(*), count(DISTINCT event_id) FROM outreach_partners").one()
    assert titles == [f"Event {i}" for i in range(n)]
    assert tuple(partners) == (n, n)


@pytest.mark.parametrize("given,expected", [
    ("2024-07-01", None),
    ("2024-07", '"2024-07" must be a meeting\'s full date'),
    ("2024-02-30", '"2024-02-30" is not a real date: February 2024 has 29 days'),
    (5, "must be a meeting date as text"),
])
def test_discussed_at_dates_through_the_cache(given, expected):
    for _ in range(2):
        value, errors = validation.parse_proposal(
            {"symbol": "INF/MSME/W/1", "proponents": ["A"], "discussed_at": [given]}, "p")
        if expected is None:
            assert errors == [] and value.discussed_at == (date(2024, 7, 1),)
        else:
            assert [(e.field, e.message) for e in errors] == [("discussed_at[0]", expected)]
