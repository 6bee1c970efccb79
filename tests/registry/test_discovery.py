"""The registry finds the record types its modules declare: a new type is a new module, and
its place among the tabs and the archive's sections is what it declares."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from msmedesk.registry import RECORD_TYPES, SECTIONS, by_key, discover, modules

# A package with one module declaring a record type, as a new type's module would.
_MODULE = '''
from msmedesk.domain import Organization
from msmedesk.registry.fields import RecordType, name

{name} = RecordType(key={key!r}, noun="thing", plural="things", title="Things",
                    section={section!r}, record=Organization, tab="main", position={position},
                    archive_position={archive}, fields=(name("name", "Name"),))
'''


def _package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, package: str,
             **declared: dict[str, object]) -> str:
    folder = tmp_path / package
    folder.mkdir()
    (folder / "__init__.py").write_text("")
    for module, values in declared.items():
        (folder / f"{module}.py").write_text(textwrap.dedent(_MODULE.format(**values)))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    return package


def test_the_tabs_and_sections_follow_the_declared_positions() -> None:
    assert [t.key for t in RECORD_TYPES] == [
        "meetings", "members", "proposals", "outreach", "contacts", "package",
        "organizations", "documents", "annexes", "group"]
    assert SECTIONS == ("members", "organizations", "contacts", "documents", "annexes",
                        "meetings",
                        "proposals", "outreach", "package_entries")
    assert by_key("contacts").section == "contacts"


def test_a_module_that_declares_a_type_is_found_without_a_list_to_edit(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    package = _package(tmp_path, monkeypatch, "extra_types_a",
                       things={"name": "THINGS", "key": "things", "section": "things",
                               "position": 20, "archive": 2},
                       early={"name": "EARLY", "key": "early", "section": "early",
                              "position": 10, "archive": 1})
    found = discover(modules(package))
    assert [t.key for t in found] == ["early", "things"]


@pytest.mark.parametrize("clash", ["key", "section", "position", "archive"])
def test_two_types_in_one_place_are_refused_when_the_program_starts(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clash: str) -> None:
    first = {"name": "ONE", "key": "one", "section": "one", "position": 10, "archive": 1}
    second = {"name": "TWO", "key": "two", "section": "two", "position": 20, "archive": 2}
    second[clash] = first[clash]
    package = _package(tmp_path, monkeypatch, f"extra_types_{clash}", one=first, two=second)
    with pytest.raises(ValueError, match="two record types|share"):
        discover(modules(package))
