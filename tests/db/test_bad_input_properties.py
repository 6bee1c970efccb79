"""Bad input everywhere (issue 5.5): property tests on validation, import and the services.

Random and malformed archives, symbols, dates, numbers and texts (empty, huge, control
characters, right-to-left text, unpaired surrogates). Each input is either accepted and comes
back identical from an export (names are trimmed of surrounding spaces, the one documented
normalisation), or refused with a message naming the field, with nothing changed: an
export before and after is compared. Bounded example counts keep this to seconds.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safety_support import (
    cli_in_process,
    empty_file,
    export_json,
    sample_file,
)

from msmedesk import archive, validation
from msmedesk.archive import ArchiveError, RecordSet, import_archive, parse_archive, to_json
from msmedesk.db.engine import open_data_file
from msmedesk.domain import (
    Document,
    DocumentSymbol,
    GroupProfile,
    Meeting,
    Member,
    Organization,
    OutreachEvent,
    PackageEntry,
    PartialDate,
    Presentation,
    Proposal,
    Spotlight,
)
from msmedesk.records import Services
from msmedesk.validation import ValidationError

SETTINGS = dict(deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture,
                                       HealthCheck.filter_too_much])

# ---------------------------------------------------------------- strategies

SURROGATES = ["\ud800", "\udbff", "\udc00", "\udfff"]
CONTROLS = ["\x00", "\x01", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\t", "\n", "\r"]
RTL = ["\u202e", "\u202b", "\u200f", "مرحبا", "עברית", "ܐ", "\u0301"]
NASTY = ["", " ", "  padded  ", "a\x00b", "\x1b[31mred\x1b[0m", "\u202eevil\u202c",
         "مرحبا بالعالم", "עברית", "a\ud800b", "\udfff", "<b>&amp;</b>", "{{x}}", "${x}",
         "'; DROP TABLE members; --", "%s%n", "\\", "null", "e\u0301", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "\r\n",
         "x" * 500, "x" * 501, "y" * 2000, "y" * 2001, "t" * 5001, "z" * 100_000,
         "z" * 100_001]

_char = st.one_of(st.characters(), st.sampled_from(SURROGATES + CONTROLS + RTL))
texts = st.one_of(st.sampled_from(NASTY), st.lists(_char, max_size=12).map("".join))
names = st.one_of(texts, st.sampled_from(["Canada", "European Union", "ITC", "UNCTAD",
                                          "Atlantis", "Lemuria", "Mu"]))
date_texts = st.one_of(
    st.sampled_from(["2024", "2024-06", "2024-06-27", "2024-02-29", "2023-02-29",
                     "2024-02-30", "2024-13", "2024-00", "0000", "1899", "1900", "2200",
                     "2201", "２０２４", "٢٠٢٤", "2024-6-1", " 2024 ", "2024-06-27T00:00",
                     "yesterday", "", "2024-06-27\x00"]),
    st.dates(date(1890, 1, 1), date(2210, 12, 31)).map(date.isoformat),
    texts)
symbols = st.one_of(
    st.sampled_from(["INF/MSME/W/51", "WT/MIN(24)/9", "G/TBT/GEN/386", "JOB/GC/207",
                     "INF/MSME/W/58-INF/TGE/COM/11", "INF/MSME/W/51/Rev.1", "_INF/MSME/R/43",
                     "inf/msme/w/1", "INF//W", "INF MSME/CN/2", "INF/MSME/W/٥١",
                     "INF/MSME/W/51/", "INF/MSME/W/51-", "JOB/X/1\x00", ""]),
    st.from_regex(r"\A[A-Z]{1,4}(/[A-Z0-9]{1,4}){1,3}\Z"),
    texts)
numbers = st.one_of(st.integers(-2**70, 2**70),
                    st.sampled_from([0, 1, 6, 7, 28, 1000, 1001, 2019, 2020, 2200, 2201]),
                    st.floats(allow_nan=True, allow_infinity=True), st.booleans())
anything = st.one_of(texts, numbers, st.none(), st.lists(texts, max_size=2),
                     st.dictionaries(texts, texts, max_size=2))


def _maybe(strategy):
    """Usually the field's own kind of value, sometimes anything at all."""
    return st.one_of(strategy, strategy, strategy, anything)


def _record(required: dict, optional: dict):
    return st.fixed_dictionaries({k: _maybe(v) for k, v in required.items()},
                                 optional={**{k: _maybe(v) for k, v in optional.items()},
                                           "unknown_key": anything})


raw_member = _record({"name": names}, {
    "list_name": names, "sort_name": names, "prose_name": names, "counts_as": numbers,
    "joined": date_texts, "left": date_texts, "notes": texts})
raw_organization = _record({"name": names}, {"acronym": names,
                                             "network_member_since": date_texts})
raw_document = _record({"symbol": symbols}, {
    "title": texts, "date": date_texts, "url": texts,
    "kind": st.sampled_from(["other", "summary-report", "bogus", ""])})
raw_outreach = _record({"date": date_texts, "title": texts}, {
    "end_date": date_texts, "kind": st.sampled_from(["award", "other", "bogus"]),
    "partners": st.lists(names, max_size=3), "summary": texts})
raw_package = _record({"annex": numbers, "year": numbers}, {
    "members": st.lists(names, max_size=3), "summary": texts})
raw_presentation = _record({}, {"speaker": names, "organization": names, "topic": texts,
                                "member": names})
raw_spotlight = _record({"business": names}, {"person": names, "country": names,
                                              "introduced_by": names, "description": texts})
raw_meeting = _record({"date": date_texts}, {
    "kind": st.sampled_from(["open-ended", "thematic", "bogus"]),
    "convening_notice": symbols, "summary_document": symbols, "summary": texts,
    "presentations": st.lists(raw_presentation, max_size=2),
    "spotlights": st.lists(raw_spotlight, max_size=2)})
raw_proposal = _record({"symbol": symbols}, {
    "title": texts, "proponents": st.lists(names, max_size=2), "submitted": date_texts,
    "status": st.sampled_from(["submitted", "adopted", "bogus"]),
    "discussed_at": st.lists(date_texts, max_size=2), "summary": texts})

SECTIONS = {"members": raw_member, "organizations": raw_organization,
            "documents": raw_document, "outreach": raw_outreach,
            "package_entries": raw_package, "meetings": raw_meeting,
            "proposals": raw_proposal}

archives = st.fixed_dictionaries(
    {"format": st.one_of(st.just("msmedesk-archive"), st.just("msmedesk-archive"),
                         st.just("msmedesk-archive"), texts, numbers, st.none()),
     "version": st.one_of(st.just(1), st.just(1), st.just(1), numbers, texts)},
    optional={name: st.one_of(st.lists(strategy, max_size=3), st.lists(strategy, max_size=3),
                              st.lists(strategy, max_size=3), anything)
              for name, strategy in SECTIONS.items()})

# ---------------------------------------------------------------- helpers

FREE_TEXT = {"notes", "summary", "title", "topic", "description"}
ERROR_FIELD = re.compile(r"^(group|members|organizations|documents|meetings|proposals|outreach|"
                         r"package_entries)(\[\d+\])?\.?")


class Workspace:
    """A data file per test (hypothesis examples share it), with its last export."""

    def __init__(self, make=sample_file):
        self.dir = Path(tempfile.mkdtemp(prefix="msmedesk-props-"))
        self.path = make(self.dir / "d.sqlite")
        self.services = Services(open_data_file(self.path))
        self.export = export_json(self.path)

    def refresh(self) -> dict:
        self.export = export_json(self.path)
        return self.export

    def close(self) -> None:
        self.services.close()
        shutil.rmtree(self.dir, ignore_errors=True)


@pytest.fixture
def workspace():
    ws = Workspace()
    yield ws
    ws.close()


def _names_a_field(error: validation.FieldError, record_fields: set[str] | None) -> bool:
    where = f"{error.record}.{error.field}" if error.record else error.field
    if not where:
        return False
    if record_fields is None:
        return True
    root = re.split(r"[.\[]", error.field)[0]
    return root in record_fields


def _contains(records: list[dict], wanted: dict) -> bool:
    return any(r == wanted for r in records)


# ---------------------------------------------------------------- validation (pure)


@settings(max_examples=200, **SETTINGS)
@given(section=st.sampled_from(sorted(SECTIONS)), data=st.data())
def test_parsers_never_crash_and_name_every_field(section: str, data) -> None:
    raw = data.draw(SECTIONS[section])
    parse = {"members": validation.parse_member, "organizations": validation.parse_organization,
             "documents": validation.parse_document, "outreach": validation.parse_outreach,
             "package_entries": validation.parse_package_entry,
             "meetings": validation.parse_meeting, "proposals": validation.parse_proposal}[section]
    value, errors = parse(raw, f"{section}[0]")
    assert (value is None) == bool(errors)
    for e in errors:
        assert e.field or e.record
        assert str(e).startswith(f"{section}[0]")
        assert "\n" not in e.message
    if value is not None:
        # What the parser accepts, the typed check (what the services run) accepts too.
        check = {"members": validation.check_member,
                 "organizations": validation.check_organization,
                 "documents": validation.check_document, "outreach": validation.check_outreach,
                 "package_entries": validation.check_package_entry,
                 "meetings": validation.check_meeting,
                 "proposals": validation.check_proposal}[section]
        assert check(value) == []
        for name in FREE_TEXT:
            if isinstance(raw.get(name), str) and hasattr(value, name):
                assert getattr(value, name) == raw[name]


# ---------------------------------------------------------------- import


@settings(max_examples=60, **SETTINGS)
@given(data=archives)
def test_import_accepts_identically_or_refuses_naming_the_field(workspace: Workspace,
                                                               data: dict) -> None:
    before = workspace.export
    path = workspace.dir / "in.json"
    # ASCII escapes: how a JSON archive carries an unpaired surrogate.
    path.write_text(json.dumps(data, ensure_ascii=True, allow_nan=True), encoding="utf-8")
    try:
        import_archive(workspace.services, path)
    except ArchiveError as exc:
        message = str(exc)
        assert "\n" not in message
        if exc.errors:
            assert all(e.field or e.record for e in exc.errors)
            first = exc.errors[0]
            assert ERROR_FIELD.match(first.record or first.field) or first.field in message
        else:
            assert any(word in message for word in ("format", "version", "archive", "JSON"))
        assert workspace.refresh() == before
        return
    after = workspace.refresh()
    expected = to_json(parse_archive(data))
    for section in SECTIONS:
        for wanted in expected.get(section, []):
            assert _contains(after[section], wanted), (section, wanted)
    # Free text comes back byte for byte, names trimmed only.
    for section in ("members", "outreach", "package_entries", "documents", "proposals"):
        raw_records = data.get(section) if isinstance(data.get(section), list) else []
        for raw in raw_records:
            for key in FREE_TEXT & raw.keys():
                if isinstance(raw[key], str):
                    assert any(r.get(key) == raw[key] for r in after[section]), (section, key)
    # What went in can go out and back in again, unchanged.
    again = workspace.dir / "again.json"
    again.write_text(json.dumps(after, ensure_ascii=True), encoding="utf-8")
    fresh = Workspace(make=empty_file)
    try:
        import_archive(fresh.services, again)
        assert fresh.refresh() == after
    finally:
        fresh.close()


# ---------------------------------------------------------------- services


def _partial(text: str) -> PartialDate | None:
    try:
        return PartialDate.parse(text)
    except ValueError:
        return None


partials = st.one_of(st.none(), date_texts.map(_partial))
counts = st.one_of(st.integers(-5, 1005), st.integers(-2**70, 2**70))
member_records = st.builds(Member, name=names, list_name=names, sort_name=names,
                           prose_name=names, counts_as=counts, joined=partials, left=partials,
                           notes=texts)
organization_records = st.builds(Organization, name=names,
                                 acronym=st.one_of(st.none(), names),
                                 network_member_since=partials)
document_records = st.builds(Document, symbol=symbols, title=texts,
                             date=st.one_of(st.none(), st.dates(date(1900, 1, 1),
                                                                date(2200, 12, 31))),
                             kind=st.sampled_from(["other", "summary-report", "bogus"]),
                             url=st.one_of(st.none(), texts))
outreach_records = st.builds(OutreachEvent,
                             date=st.dates(date(1900, 1, 1), date(2200, 12, 31))
                             .map(PartialDate.from_date),
                             title=texts, end_date=partials,
                             kind=st.sampled_from(["award", "other", "bogus"]),
                             partners=st.lists(names, max_size=2).map(tuple), summary=texts)
package_records = st.builds(PackageEntry, annex=st.one_of(st.integers(-2, 8), counts),
                            year=st.one_of(st.integers(2018, 2202), counts),
                            members=st.lists(names, max_size=2).map(tuple), summary=texts)
meeting_records = st.builds(
    Meeting, date=st.dates(date(1900, 1, 1), date(2200, 12, 31)),
    kind=st.sampled_from(["open-ended", "thematic", "bogus"]),
    convening_notice=st.one_of(st.none(), symbols), summary_document=st.one_of(st.none(),
                                                                               symbols),
    summary=texts,
    presentations=st.lists(st.builds(Presentation, speaker=names,
                                     organization=st.one_of(st.none(), names), topic=texts,
                                     member=st.one_of(st.none(), names)),
                           max_size=2).map(tuple),
    spotlights=st.lists(st.builds(Spotlight, business=names, person=names, country=names,
                                  introduced_by=names, description=texts),
                        max_size=2).map(tuple))
proposal_records = st.builds(Proposal, symbol=symbols, title=texts,
                             proponents=st.lists(names, max_size=2).map(tuple),
                             submitted=partials,
                             status=st.sampled_from(["submitted", "adopted", "bogus"]),
                             summary=texts)
records = st.one_of(member_records.map(lambda r: ("members", r)),
                    organization_records.map(lambda r: ("organizations", r)),
                    document_records.map(lambda r: ("documents", r)),
                    outreach_records.map(lambda r: ("outreach", r)),
                    package_records.map(lambda r: ("package", r)),
                    meeting_records.map(lambda r: ("meetings", r)),
                    proposal_records.map(lambda r: ("proposals", r)))

# Names (at most 500 characters) are stored trimmed, an empty optional one as "not
# recorded"; free text (notes, summaries, titles, topics, descriptions) byte for byte.
NAME_FIELDS = {"name", "list_name", "sort_name", "prose_name", "acronym", "business", "person",
               "country", "introduced_by", "url", "speaker", "organization", "member"}
TRIMMED_TEXT = {"title"}  # an outreach event's title is stored trimmed too
NAME_LISTS = {"proponents", "partners", "members"}
# A symbol pasted from the WTO site with its stray leading "_" is stored without it
# (wto-conventions.md), exactly as the form's field drops it while the user types.
SYMBOL_FIELDS = {"symbol", "convening_notice", "summary_document", "established_by"}


def _blank(value: Any) -> Any:
    return None if value == "" else value


def _same_but_trimmed(stored: Any, given_: Any) -> None:
    for f in fields(given_):
        if f.name == "id":
            continue
        a, b = getattr(stored, f.name), getattr(given_, f.name)
        if f.name in NAME_FIELDS and isinstance(b, str):
            assert _blank(a) == _blank(b.strip()), f.name
        elif f.name in TRIMMED_TEXT and isinstance(b, str):
            assert a in (b, b.strip()), f.name
        elif f.name in SYMBOL_FIELDS and isinstance(b, str) and b.startswith("_"):
            assert a == DocumentSymbol.parse(b).text, f.name
        elif f.name in NAME_LISTS:
            assert a == tuple(x.strip() for x in b), f.name
        elif f.name in ("presentations", "spotlights"):
            assert len(a) == len(b)
            for x, y in zip(a, b, strict=True):
                _same_but_trimmed(x, y)
        else:
            assert a == b, f.name


@settings(max_examples=80, **SETTINGS)
@given(item=records, update=st.booleans())
def test_services_accept_identically_or_refuse_naming_the_field(workspace: Workspace,
                                                               item, update: bool) -> None:
    kind, record = item
    service = getattr(workspace.services, kind)
    before = workspace.export
    if update:
        rows = service.list()
        if not rows:
            return
        record = replace(record, id=rows[len(rows) // 2].id)
    try:
        stored = service.update(record) if update else service.create(record)
    except ValidationError as exc:
        assert exc.errors and "\n" not in str(exc)
        names_ = {f.name for f in fields(record)}
        assert all(_names_a_field(e, names_) for e in exc.errors), exc.errors
        assert workspace.refresh() == before
        return
    after = workspace.refresh()  # first: a failure below must not leave a stale export
    assert service.get(stored.id) == stored
    _same_but_trimmed(stored, record)
    # And the export carries it as it was stored.
    section = {"package": "package_entries"}.get(kind, kind)
    alone = RecordSet(group=None, **{s: [] for s in SECTIONS})
    getattr(alone, section).append(stored)
    assert _contains(after[section], to_json(alone)[section][0])


@settings(max_examples=40, **SETTINGS)
@given(profile=st.builds(GroupProfile, name=names, short_name=names, established_at=names,
                         founding_members=st.one_of(st.none(), counts)))
def test_group_profile_accepts_identically_or_refuses(workspace: Workspace,
                                                      profile: GroupProfile) -> None:
    before = workspace.export
    try:
        stored = workspace.services.group.save(profile)
    except ValidationError as exc:
        assert all(e.field for e in exc.errors)
        assert workspace.refresh() == before
        return
    assert stored == profile
    assert workspace.refresh()["group"]["name"] == profile.name


# ---------------------------------------------------------------- archives that are not


@pytest.mark.parametrize("content", [
    b"", b"\x00" * 1000, os.urandom(4096), b"\xff\xfe{\x00}\x00", b"<html></html>",
    b"{" * 200_000, b"[" * 100_000 + b"]" * 100_000, b'{"format": "msmedesk-archive"',
    b"SQLite format 3\x00" + b"\x00" * 4000, b"[]", b"null", b'"msmedesk-archive"',
    b'{"format": "msmedesk-archive", "version": 1, "members": {"name": "x"}}',
    b'{"format": "msmedesk-archive", "version": true}',
], ids=lambda c: repr(c[:20]))
def test_what_is_not_an_archive_is_refused_plainly(tmp_path: Path, capsys,
                                                   content: bytes) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    before = export_json(path)
    bad = tmp_path / "bad.json"
    bad.write_bytes(content)
    code, out, err = cli_in_process(capsys, "import", str(bad), "--db", str(path))
    assert code == 1 and out == ""
    assert err.startswith("msmedesk: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert export_json(path) == before
    # No data file is created for an archive that is refused.
    code, _, _ = cli_in_process(capsys, "import", str(bad), "--db", str(tmp_path / "new.sqlite"))
    assert code == 1 and not (tmp_path / "new.sqlite").exists()


def test_a_huge_archive_is_refused_before_it_is_read(tmp_path: Path, capsys) -> None:
    path = sample_file(tmp_path / "d.sqlite")
    before = export_json(path)
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:  # sparse: costs no disk
        fh.truncate(archive.MAX_ARCHIVE_BYTES + 1)
    began = time.monotonic()
    code, out, err = cli_in_process(capsys, "import", str(huge), "--db", str(path))
    assert time.monotonic() - began < 5
    assert code == 1 and "far larger than any msmedesk archive" in err
    assert err.count("\n") == 1
    assert export_json(path) == before
    with pytest.raises(ArchiveError):
        archive.read_archive(huge)
