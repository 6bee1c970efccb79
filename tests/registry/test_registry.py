"""The registry, as its callers see it: every record type's archive dict reads back as the
same record, every stored choice has one wording, and every type has its parser, form,
columns and archive section."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from importlib import resources
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from msmedesk import domain
from msmedesk.domain import Document, GroupProfile, Meeting, Presentation
from msmedesk.registry import (
    GROUP,
    RECORD_TYPES,
    ROW_TYPES,
    SECTIONS,
    by_key,
    by_section,
    row_type,
)
from msmedesk.registry.archive_dict import to_archive, to_form
from msmedesk.validation import PARSERS, parse

SAMPLE: dict[str, Any] = json.loads(
    (resources.files("msmedesk") / "resources" / "sample-2024.json").read_text(encoding="utf-8"))


def _raw_records() -> list[tuple[str, dict[str, Any]]]:
    out = [("group", SAMPLE["group"])]
    out += [(by_section(s).key, raw) for s in SECTIONS for raw in SAMPLE.get(s, [])]
    return out


@pytest.mark.parametrize("key,raw", _raw_records(),
                         ids=lambda v: v if isinstance(v, str) else "")
def test_a_sample_record_reads_back_from_its_archive_dict(key: str, raw: dict[str, Any]) -> None:
    """A record written as its archive dict parses back as the same record."""
    record, errors = parse(key, raw)
    assert errors == [] and record is not None
    written = to_archive(by_key(key), record)
    again, errors = parse(key, json.loads(json.dumps(written)))
    assert errors == []
    # A Member's empty list, sort and prose names are written as its name (as read back).
    filled = {f.name: getattr(record, f.fallback) for f in by_key(key).fields
              if f.fallback and not getattr(record, f.name)}
    assert again == replace(record, **filled)
    assert to_archive(by_key(key), again) == written


_name = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")), max_size=12).map(
    str.strip)


@given(speaker=_name, organization=st.none() | _name.filter(bool), topic=_name,
       member=st.none() | _name.filter(bool), url=st.none() | _name.filter(bool),
       established_at=_name, when=st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_optional_fields_round_trip(speaker: str, organization: str | None, topic: str,
                                    member: str | None, url: str | None, established_at: str,
                                    when: date) -> None:
    """Fields written only when set (a document's url, a presentation's Member, where the
    Group was established) and a presentation without an organization read back the same."""
    if not (speaker or organization or member):
        speaker = "Speaker"
    talk = Presentation(speaker=speaker, organization=organization, topic=topic, member=member)
    meeting = Meeting(date=when, presentations=(talk,))
    back, errors = parse("meetings", to_archive(by_key("meetings"), meeting))
    assert errors == [] and back == meeting
    doc = Document(symbol="INF/MSME/W/51", url=url, date=when)
    back_doc, errors = parse("documents", to_archive(by_key("documents"), doc))
    assert errors == [] and back_doc == doc
    group = replace(GroupProfile(), established_at=established_at)
    back_group, errors = parse("group", to_archive(GROUP, group))
    assert errors == [] and back_group == group


def test_the_archive_leaves_out_what_is_not_set_and_a_form_keeps_it() -> None:
    """The archive's quirks are the archive's: a form sees the record as stored."""
    talk = Presentation(speaker="A", organization=None, member=None)
    meeting = Meeting(date=date(2024, 3, 19), presentations=(talk,), proposals=("INF/MSME/W/51",))
    archived = to_archive(by_key("meetings"), meeting)
    assert archived["presentations"] == [{"speaker": "A", "organization": "", "topic": ""}]
    assert "proposals" not in archived  # the archive carries them on the proposal
    form = to_form(by_key("meetings"), meeting)
    assert form["presentations"][0]["organization"] is None
    assert form["proposals"] == ["INF/MSME/W/51"]
    member = domain.Member("Canada")
    assert to_archive(by_key("members"), member)["list_name"] == "Canada"
    assert to_form(by_key("members"), member)["list_name"] == ""


def test_every_stored_choice_has_one_wording() -> None:
    """A value offered by two fields reads the same in both, and none is left unlabelled."""
    seen: dict[str, str] = {}
    for t in RECORD_TYPES:
        for f in t.fields:
            for c in f.choices:
                assert c.label, c.value
                assert seen.setdefault(c.value, c.label) == c.label, c.value


@pytest.mark.parametrize("values,key,field", [
    (domain.MEETING_KINDS, "meetings", "kind"), (domain.DOCUMENT_KINDS, "documents", "kind"),
    (domain.PROPOSAL_STATUSES, "proposals", "status"), (domain.OUTREACH_KINDS, "outreach", "kind"),
])
def test_the_choices_are_the_ones_the_data_file_allows(values: tuple[str, ...], key: str,
                                                       field: str) -> None:
    """The data file's CHECK constraints (domain's tuples) allow exactly the registry's values."""
    assert set(by_key(key).field(field).values) == set(values)


def test_every_type_and_row_has_a_parser() -> None:
    """validation.parse knows every record type and row type of the registry."""
    keys = {t.key for t in RECORD_TYPES} | {r.key for r in ROW_TYPES}
    assert keys == set(PARSERS)


def test_every_section_is_a_record_type() -> None:
    """The archive's sections name record types, each once, in the archive's order."""
    assert len(set(SECTIONS)) == len(SECTIONS)
    assert [by_section(s).section for s in SECTIONS] == list(SECTIONS)
    assert by_section("package_entries").key == "package"
    assert row_type("coordinators").field("from").name == "start"


def test_every_field_is_an_attribute_of_its_record() -> None:
    """A field's attribute is one the record class has (so the serialiser can read it)."""
    for t in (*RECORD_TYPES, *ROW_TYPES):
        names = set(t.record.__dataclass_fields__)
        assert {f.name for f in t.fields} <= names, t.key


def test_every_listed_type_has_a_tab_columns_and_a_form() -> None:
    """Each record type but the Group's profile has a tab whose columns are its fields, and
    every type (the profile too) has a form schema of exactly its fields."""
    pytest.importorskip("PySide6")
    from msmedesk.ui.forms import SCHEMAS
    from msmedesk.ui.kinds import ALL_KINDS

    tabs = {k.name: k for k in ALL_KINDS}
    for t in RECORD_TYPES:
        assert list(SCHEMAS[t.key]) == [f.key for f in t.fields], t.key
        if t.single:
            continue
        kind = tabs[t.key]
        assert kind.title == t.title and kind.noun == t.noun
        assert {c.key for c in kind.columns} <= {f.key for f in t.fields}
        for c in kind.columns:
            assert c.label == t.field(c.key).heading
