"""A meeting's order numbers, opening presentation and narratives, and a proposal's subject:
optional archive keys that an export and an import keep."""

from __future__ import annotations

import json
from pathlib import Path

from msmedesk import archive


def _export(services, path: Path) -> dict:
    archive.export_archive(services, path, replace=True)
    return json.loads(path.read_text(encoding="utf-8"))


def test_meeting_items_and_subjects_survive_an_export_and_import(sample_services, services,
                                                                 tmp_path):
    first = _export(sample_services, tmp_path / "a.json")
    october = next(m for m in first["meetings"] if m["date"] == "2024-10-18")
    platonov = next(p for p in october["presentations"] if p["speaker"].startswith("H.E."))
    assert platonov["opening"] == "yes" and "order" not in platonov  # written only when set
    assert october["spotlights"][0]["order"] == 1
    assert october["closing"].startswith("Information on a new UNCITRAL guide")
    assert "proposals_order" not in october
    july = next(m for m in first["meetings"] if m["date"] == "2024-07-01")
    assert july["proposals_order"] == 1
    assert any(p.get("lead_in", "").startswith("Members watched") for p in july["presentations"])
    december = next(m for m in first["meetings"] if m["date"] == "2024-12-10")
    assert "closing_order" not in december and december["closing"]
    subjects = {p["symbol"]: p.get("subject") for p in first["proposals"]}
    assert subjects["INF/MSME/W/53"] == "on low-value shipments and e-commerce"
    # Read into another, empty file, the archive comes back the same.
    archive.import_archive(services, tmp_path / "a.json")
    assert _export(services, tmp_path / "b.json") == first


def test_a_bad_order_number_is_refused_naming_the_field(services):
    data = json.loads(archive.sample_path().read_text(encoding="utf-8"))
    data["meetings"][0]["presentations"][0]["order"] = "first"
    try:
        archive.import_data(services, data)
    except Exception as error:  # noqa: BLE001 (the message is what the test reads)
        message = str(error)
    else:
        raise AssertionError("the archive was imported")
    assert "presentations[0].order" in message and "must be a whole number" in message
    assert not services.meetings.in_year(2024)  # nothing written


def test_an_order_number_below_one_is_refused(services):
    data = json.loads(archive.sample_path().read_text(encoding="utf-8"))
    data["meetings"][1]["closing_order"] = 0
    try:
        archive.import_data(services, data)
    except Exception as error:  # noqa: BLE001 (the message is what the test reads)
        message = str(error)
    else:
        raise AssertionError("the archive was imported")
    assert "meetings[1].closing_order: must be at least 1" in message
