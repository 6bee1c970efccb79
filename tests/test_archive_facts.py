"""The report's new facts in the archive: optional keys and the annexes section survive an
export and an import, and an archive without them is as before."""

from __future__ import annotations

import json
from pathlib import Path

from msmedesk import archive
from msmedesk.db.engine import open_data_file
from msmedesk.records import Services

_FACTS = {
    "format": "msmedesk-archive", "version": 1,
    "group": {"name": "Informal Working Group on MSMEs", "short_name": "MSME Group",
              "established": None, "established_by": None, "founding_members": None,
              "coordinators": [], "founders": "all major regions"},
    "members": [],
    "organizations": [{"name": "Informal Working Group on Trade & Gender", "acronym": "TGE",
                       "network_member_since": None,
                       "short_name": "WTO Group on Trade & Gender"}],
    "documents": [{"symbol": "WT/MIN(24)/9", "title": "Report", "date": None,
                   "kind": "ministerial", "about": "summarizing its work"}],
    "annexes": [{"number": 2, "title": "Declaration on Access to Information",
                 "symbol": "INF/MSME/4/Rev.2"}],
    "meetings": [], "proposals": [],
    "outreach": [{"date": "2024-05", "kind": "speaking-engagement", "title": "Forum",
                  "partners": [], "summary": "", "place": "in Barbados", "role": "spoke",
                  "position": 6},
                 {"date": "2024-02", "kind": "publication", "title": "the compendium",
                  "partners": ["TGE"], "summary": ""}],
    "package_entries": [],
}


def _export(services, path: Path) -> dict:
    archive.export_archive(services, path, replace=True)
    return json.loads(path.read_text(encoding="utf-8"))


def test_the_facts_survive_an_export_and_an_import(services, tmp_path: Path) -> None:
    archive.import_data(services, _FACTS)
    first = _export(services, tmp_path / "a.json")
    assert first["group"]["founders"] == "all major regions"
    assert first["organizations"][0]["short_name"] == "WTO Group on Trade & Gender"
    assert first["documents"][0]["about"] == "summarizing its work"
    assert first["annexes"] == _FACTS["annexes"]
    by_kind = {e["kind"]: e for e in first["outreach"]}
    forum, compendium = by_kind["speaking-engagement"], by_kind["publication"]
    assert (forum["place"], forum["role"], forum["position"]) == ("in Barbados", "spoke", 6)
    assert compendium["kind"] == "publication"
    assert not {"place", "role", "position"} & compendium.keys()  # written only when set
    # Read back into a new file, the archive comes out the same.
    again = Services(open_data_file(tmp_path / "b.sqlite"))
    try:
        archive.import_data(again, first)
        assert _export(again, tmp_path / "b.json") == first
    finally:
        again.close()


def test_an_archive_without_the_facts_exports_without_their_keys(services, tmp_path) -> None:
    archive.import_data(services, {**_FACTS, "annexes": [], "group": None,
                                   "organizations": [{"name": "ITC Name", "acronym": "ITC"}],
                                   "documents": [], "outreach": []})
    exported = _export(services, tmp_path / "a.json")
    assert "annexes" not in exported
    assert "short_name" not in exported["organizations"][0]
