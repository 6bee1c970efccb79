"""The JSON archive: lossless export, all-or-nothing import, bulk writes."""

from __future__ import annotations

import copy
import json
import re
import time
from pathlib import Path

import pytest
from sqlalchemy import event

from msmedesk import archive
from msmedesk.archive import ArchiveError, Cancelled
from msmedesk.db.engine import open_data_file
from msmedesk.domain import ListQuery
from msmedesk.records import Services, search_state

FORMAT_DOC = Path(__file__).resolve().parents[2] / "shared" / "archive-format.md"


def _export(services: Services, path: Path) -> bytes:
    # The state of a file, taken again and again under one name.
    archive.export_archive(services, path, replace=True)
    return path.read_bytes()


def _write(path: Path, data: dict) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def _archive(**sections) -> dict:
    return {"format": "msmedesk-archive", "version": 1, **sections}


def _state(services: Services, tmp_path: Path) -> tuple[dict[str, int], bytes]:
    return services.counts(), _export(services, tmp_path / "state.json")


# ---------------------------------------------------------------- lossless round trip


def test_export_import_export_gives_the_same_archive(sample_services, services, tmp_path):
    first = _export(sample_services, tmp_path / "first.json")
    result = archive.import_archive(services, tmp_path / "first.json")
    assert result.total_added > 0
    assert services.counts() == sample_services.counts()
    second = _export(services, tmp_path / "second.json")
    assert second == first
    data = json.loads(first)
    assert data["format"] == "msmedesk-archive" and data["version"] == 1
    assert not list(tmp_path.glob("*.part"))


def test_export_writes_every_record(sample_services, tmp_path):
    counts = archive.export_archive(sample_services, tmp_path / "a.json")
    data = json.loads((tmp_path / "a.json").read_text(encoding="utf-8"))
    assert counts == {s: len(data.get(s, [])) for s in archive.SECTIONS}
    assert counts == sample_services.counts() | {
        "outreach": sample_services.outreach.total(),
        "package_entries": sample_services.package.total()}
    assert data["group"]["founding_members"] == 88


def test_the_same_archive_twice_changes_nothing(services, tmp_path):
    archive.import_archive(services, archive.sample_path())
    counts, exported = _state(services, tmp_path)
    result = archive.import_archive(services, archive.sample_path())
    assert result.total_added == 0
    assert sum(result.unchanged.values()) > 0
    assert _state(services, tmp_path) == (counts, exported)


def test_its_own_export_imported_into_a_file_changes_nothing(sample_services, tmp_path):
    # Regression: the export writes a member's default list/sort/prose names out in full,
    # and the importer took them for other content than the empty defaults stored by the
    # sample, refusing every member.
    counts, exported = _state(sample_services, tmp_path)
    (tmp_path / "own.json").write_bytes(exported)
    result = archive.import_archive(sample_services, tmp_path / "own.json")
    assert result.total_added == 0
    assert _state(sample_services, tmp_path) == (counts, exported)


def test_a_member_with_other_names_still_conflicts(sample_services):
    with pytest.raises(ArchiveError) as info:
        archive.import_data(sample_services, _archive(
            members=[{"name": "Mexico", "prose_name": "the United Mexican States"}]))
    assert str(info.value.errors[0]) == (
        'members[0].prose_name: "Mexico" is already in the data file with other content '
        "(prose_name differ)")


def test_an_empty_archive_is_accepted(services):
    result = archive.import_data(services, _archive())
    assert result.total_added == 0
    assert services.is_empty()


# ---------------------------------------------------------------- into a file with records


def test_import_adds_new_records_and_leaves_identical_ones(sample_services, tmp_path):
    data = json.loads(_export(sample_services, tmp_path / "all.json"))
    before = sample_services.counts()
    data["members"] = data["members"][:3] + [{"name": "Atlantis", "joined": "2025"}]
    data["outreach"].append({"date": "2025-01", "title": "Newsletter 2025-Winter",
                             "kind": "newsletter", "partners": []})
    result = archive.import_archive(sample_services, _write(tmp_path / "more.json", data))
    assert result.added["members"] == 1 and result.unchanged["members"] == 3
    assert result.added["outreach"] == 1 and result.unchanged["outreach"] == 18
    assert result.total_added == 2
    after = sample_services.counts()
    assert after["members"] == before["members"] + 1
    assert after["outreach"] == before["outreach"] + 1
    assert sample_services.members.membership_at_end(2025) == 104


def test_conflicting_records_are_refused_by_name_and_nothing_is_written(sample_services,
                                                                        tmp_path):
    before = _state(sample_services, tmp_path)
    data = _archive(
        members=[{"name": "Atlantis"},  # new: would be added, but the archive is refused
                 {"name": "Mexico", "counts_as": 2}],
        proposals=[{"symbol": "INF/MSME/W/53", "proponents": ["Mexico"], "status": "adopted",
                    "submitted": "2024", "discussed_at": ["2024-07-01"],
                    "title": "Low-value shipments and e-commerce"}],
        documents=[{"symbol": "JOB/GC/207", "kind": "other"}],
    )
    with pytest.raises(ArchiveError) as info:
        archive.import_data(sample_services, data)
    shown = [str(e) for e in info.value.errors]
    assert any(s.startswith('members[1].counts_as: "Mexico" is already in the data file')
               for s in shown), shown
    assert any(s.startswith("proposals[0].") and "INF/MSME/W/53" in s for s in shown), shown
    assert any(s.startswith("documents[0].") and "JOB/GC/207" in s for s in shown), shown
    assert str(info.value).startswith("The archive was not imported: members[1].counts_as: ")
    assert _state(sample_services, tmp_path) == before
    assert sample_services.members.list(ListQuery(text="Atlantis")) == []


def test_organizations_named_by_name_import_twice_without_change(services, tmp_path):
    # Regression: the data file gives an organization back by its acronym, so an archive
    # naming it by its name differed from what it had written: the second import was
    # refused (meetings, proposals) or added the outreach events again.
    data = _archive(
        organizations=[{"name": "International Trade Centre", "acronym": "ITC"}],
        meetings=[{"date": "2024-03-19",
                   "presentations": [{"organization": "International Trade Centre"}]}],
        proposals=[{"symbol": "INF/MSME/W/70", "proponents": ["International Trade Centre"]}],
        outreach=[{"date": "2024", "title": "Helpdesk", "partners": ["International Trade "
                                                                    "Centre"]}],
    )
    archive.import_data(services, data)
    before = _state(services, tmp_path)
    result = archive.import_data(services, data)
    assert result.total_added == 0
    assert result.unchanged == {"members": 0, "organizations": 1, "contacts": 0,
                                "documents": 0, "annexes": 0, "meetings": 1, "proposals": 1,
                                "outreach": 1, "package_entries": 0}
    assert _state(services, tmp_path) == before
    exported = json.loads(before[1])
    assert exported["outreach"][0]["partners"] == ["ITC"]
    assert exported["proposals"][0]["proponents"] == ["ITC"]


@pytest.mark.parametrize("sections,where", [
    ({"proposals": [{"symbol": "INF/MSME/W/70",
                     "proponents": ["ITC", "International Trade Centre"]}]},
     "proposals[0].proponents[1]"),
    ({"outreach": [{"date": "2024", "title": "X",
                    "partners": ["International Trade Centre", "ITC"]}]},
     "outreach[0].partners[1]"),
])
def test_an_organization_listed_by_both_its_forms_is_refused(services, sections, where):
    # Regression: the proponent case reached the database's UNIQUE constraint and
    # stopped the import with an IntegrityError instead of a sentence naming the field.
    data = _archive(organizations=[{"name": "International Trade Centre", "acronym": "ITC"}],
                    **sections)
    with pytest.raises(ArchiveError) as info:
        archive.import_data(services, data)
    assert str(info.value).startswith(f"The archive was not imported: {where}: ")
    assert "listed twice" in str(info.value)
    assert services.is_empty()


def test_unchanged_counts_only_the_archives_own_records(services):
    # Regression: documents added for symbols that meetings use made "unchanged" negative.
    result = archive.import_archive(services, archive.sample_path())
    assert all(n == 0 for n in result.unchanged.values()), result.unchanged
    data = _archive(documents=[{"symbol": "JOB/GC/207", "title": "Informal Working Group on "
                                "MSMEs – 2018 Annual Report", "date": "2018-12-03",
                                "kind": "annual-report"},
                               {"symbol": "JOB/GC/300"}],
                    meetings=[{"date": "2025-03-18", "convening_notice": "INF/MSME/CN/29"}])
    result = archive.import_data(services, data)
    assert result.added["documents"] == 2  # JOB/GC/300 and the notice
    assert result.unchanged["documents"] == 1


def test_a_different_group_profile_is_refused(sample_services):
    data = json.loads(archive.sample_path().read_text(encoding="utf-8"))
    data["group"]["founding_members"] = 87
    with pytest.raises(ArchiveError, match=r"group: differs"):
        archive.import_data(sample_services, data)


def test_an_acronym_taken_by_another_organization_is_refused(sample_services):
    with pytest.raises(ArchiveError) as info:
        archive.import_data(sample_services, _archive(
            organizations=[{"name": "Intergalactic Trade Council", "acronym": "ITC"}]))
    assert str(info.value.errors[0]).startswith("organizations[0].acronym: ")


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("header,message", [
    ({"format": "msmedesk-archive", "version": 2}, "version 2"),
    ({"format": "msmedesk-archive", "version": "1"}, 'version "1"'),
    ({"format": "msmedesk-archive", "version": True}, "version true"),
    ({"format": "msmedesk-archive"}, "version null"),
    ({"format": "other-archive", "version": 1}, "not an msmedesk archive"),
    ({"version": 1}, "not an msmedesk archive"),
])
def test_unknown_version_or_format_is_refused(services, tmp_path, header, message):
    path = _write(tmp_path / "a.json", {**header, "members": [{"name": "Mexico"}]})
    with pytest.raises(ArchiveError, match=re.escape(message)):
        archive.import_archive(services, path)
    assert services.is_empty()


@pytest.mark.parametrize("content,message", [
    (b"\xff\xfe\x00garbage", "not UTF-8"),
    (b'{"format": "msmedesk-archive", ', "not a JSON archive"),
    (b"[1, 2, 3]", "not an msmedesk archive"),
    ("[" * 100_000, "nested too deeply"),
])
def test_files_that_are_not_archives_are_refused(services, tmp_path, content, message):
    path = tmp_path / "a.json"
    if isinstance(content, str):
        path.write_text(content)
    else:
        path.write_bytes(content)
    with pytest.raises(ArchiveError, match=message):
        archive.import_archive(services, path)
    assert services.is_empty()


def test_missing_file_and_folder_are_refused(services, tmp_path):
    with pytest.raises(ArchiveError, match="There is no file"):
        archive.import_archive(services, tmp_path / "missing.json")
    with pytest.raises(ArchiveError, match="is a folder"):
        archive.import_archive(services, tmp_path)


def test_message_names_record_and_field(sample_services, services, tmp_path):
    data = json.loads(_export(sample_services, tmp_path / "a.json"))
    data["meetings"][2]["convening_notice"] = "INF MSME/CN/2"
    with pytest.raises(ArchiveError) as info:
        archive.import_data(services, data)
    assert str(info.value) == ('The archive was not imported: meetings[2].convening_notice: '
                               '"INF MSME/CN/2" is not a WTO document symbol.')
    assert services.is_empty()


@pytest.mark.parametrize("sections,where", [
    ({"members": [{"name": "Mexico"}, {"name": "Mexico"}]}, "members[1].name"),
    ({"members": ["Mexico"]}, "members[0]"),
    ({"members": {"name": "Mexico"}}, "members"),
    ({"group": ["MSME Group"]}, "group"),
    ({"organizations": [{"name": "A", "acronym": "X"}, {"name": "B", "acronym": "X"}]},
     "organizations[1].acronym"),
    ({"meetings": [{"date": "2024-03-19"}, {"date": "2024-03-19", "kind": "open-ended"}]},
     "meetings[1].date"),
    ({"proposals": [{"symbol": "INF/MSME/W/53", "proponents": ["Atlantis"]}]},
     "proposals[0].proponents[0]"),
    ({"members": [{"name": "Mexico"}],
      "proposals": [{"symbol": "INF/MSME/W/53", "proponents": ["Mexico"],
                     "discussed_at": ["2024-07-01"]}]}, "proposals[0].discussed_at[0]"),
    ({"outreach": [{"date": "2024", "title": "X", "partners": ["NOPE"]}]},
     "outreach[0].partners[0]"),
    ({"package_entries": [{"annex": 1, "year": 2024, "members": ["Jamaica"]}]},
     "package_entries[0].members[0]"),
    ({"meetings": [{"date": "2024-03-19", "presentations": [{"organization": "NOPE"}]}]},
     "meetings[0].presentations[0].organization"),
    ({"meetings": [{"date": "2024-03-19", "presentations": [{"member": "Atlantis"}]}]},
     "meetings[0].presentations[0].member"),
    ({"outreach": [{"date": "2024-06-27", "end_date": "2024-06", "title": "X"}]},
     "outreach[0].end_date"),
])
def test_bad_archives_are_refused_naming_record_and_field(services, sections, where):
    with pytest.raises(ArchiveError) as info:
        archive.import_data(services, _archive(**sections))
    assert re.match(rf"(The archive was not imported: )?{re.escape(where)}: ", str(info.value)), \
        str(info.value)
    assert services.is_empty()


def test_every_problem_is_listed(services):
    data = _archive(members=[{"name": ""}, {"name": "X", "counts_as": 0}],
                    documents=[{"symbol": "bad symbol!"}])
    with pytest.raises(ArchiveError) as info:
        archive.import_data(services, data)
    assert [str(e).split(":")[0] for e in info.value.errors] == [
        "members[0].name", "members[1].counts_as", "documents[0].symbol"]
    assert str(info.value).endswith("(and 2 more problems).")


def test_a_cancelled_import_writes_nothing(services):
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) < 3

    with pytest.raises(Cancelled):
        archive.import_archive(services, archive.sample_path(), progress)
    assert len(calls) == 3
    assert services.is_empty()


# ---------------------------------------------------------------- what the format allows


def test_an_archive_with_only_the_documented_required_keys_is_accepted(services):
    data = _archive(
        members=[{"name": "Mexico"}, {"name": "European Union", "counts_as": 28}],
        organizations=[{"name": "International Trade Centre", "acronym": "ITC"},
                       {"name": "Enterprise Europe Network"}],
        documents=[{"symbol": "JOB/GC/207"}],
        meetings=[{"date": "2024-07-01"}],
        proposals=[{"symbol": "INF/MSME/W/53", "proponents": ["Mexico"],
                    "discussed_at": ["2024-07-01"]},
                   {"symbol": "INF/MSME/W/60", "proponents": ["Enterprise Europe Network"]}],
        outreach=[{"date": "2024", "title": "Trade4MSMEs"}],
        package_entries=[{"annex": 1, "year": 2024, "members": ["Mexico"]}],
    )
    result = archive.import_data(services, data)
    assert result.added == {"members": 2, "organizations": 2, "contacts": 0, "documents": 3,
                            "annexes": 0, "meetings": 1, "proposals": 2, "outreach": 1,
                            "package_entries": 1}
    assert services.members.membership_at_end(2024) == 29
    proposal = services.proposals.list(ListQuery(text="W/60"))[0]
    assert services.proposals.get(proposal.id).proponents == ("Enterprise Europe Network",)
    # Defaults of the format.
    meeting = services.meetings.in_year(2024)[0]
    assert meeting.kind == "open-ended" and meeting.proposals == ("INF/MSME/W/53",)
    assert services.documents.by_symbol("JOB/GC/207").kind == "other"
    assert services.outreach.in_year(2024)[0].kind == "other"


def test_the_example_of_the_format_document_is_read(services):
    """Every key of the example in archive-format.md is understood. The example is an
    excerpt that names records it leaves out: with those added, it imports."""
    if not FORMAT_DOC.exists():
        pytest.skip("shared/archive-format.md is not beside the project")
    text = FORMAT_DOC.read_text(encoding="utf-8")
    block = re.search(r"```json\n(.*?)```", text, re.S).group(1)
    data = json.loads(block.replace("...", ""))
    archive.parse_archive(data)  # no field refused
    with pytest.raises(ArchiveError, match=r"meetings\[0\]\.presentations\[0\]\.organization"):
        archive.import_data(services, copy.deepcopy(data))
    assert services.is_empty()
    data["members"] += [{"name": n} for n in ("United States of America", "Canada", "China",
                                              "Kazakhstan", "Maldives", "Paraguay")]
    data["organizations"] += [{"acronym": a, "name": a} for a in ("UNCTAD", "ICC", "WIPO")]
    data["meetings"] += [{"date": d} for d in ("2024-07-01", "2024-10-18", "2024-12-10")]
    result = archive.import_data(services, data)
    assert result.added["meetings"] == 4
    members = {m.name: m for m in services.members.at_end_of(2024)}
    assert members["European Union"].counts_as == 28
    assert members["Chinese Taipei"].sort_name == "Taipei, Chinese"
    assert [m.name for m in services.members.joiners(2024)] == ["Cabo Verde"]
    assert services.group.get().coordinators[0].name == "H.E. Mr Matthew Wilson"


def test_the_importer_records_the_symbols_meetings_and_proposals_use(services):
    data = _archive(
        members=[{"name": "Russian Federation"}],
        meetings=[{"date": "2024-10-18", "convening_notice": "INF/MSME/CN/27",
                   "summary_document": "_INF/MSME/R/45"}],
        proposals=[{"symbol": "INF/MSME/W/58-INF/TGE/COM/11",
                    "proponents": ["Russian Federation"], "discussed_at": ["2024-10-18"]}],
    )
    result = archive.import_data(services, data)
    assert result.added["documents"] == 3
    kinds = {s: services.documents.by_symbol(s).kind
             for s in ("INF/MSME/CN/27", "INF/MSME/R/45", "INF/MSME/W/58-INF/TGE/COM/11")}
    assert kinds == {"INF/MSME/CN/27": "convening-notice", "INF/MSME/R/45": "summary-report",
                     "INF/MSME/W/58-INF/TGE/COM/11": "working-document"}
    meeting = services.meetings.in_year(2024)[0]
    assert meeting.summary_document == "INF/MSME/R/45"
    assert meeting.proposals == ("INF/MSME/W/58-INF/TGE/COM/11",)


# ---------------------------------------------------------------- bulk writes


@pytest.mark.file_only
def test_a_large_archive_imports_in_bulk(services, tmp_path):
    n = 20_000
    data = _archive(
        organizations=[{"name": "International Trade Centre", "acronym": "ITC"},
                       {"name": "Universal Postal Union", "acronym": "UPU"}],
        outreach=[{"date": f"{2000 + i % 25}-{1 + i % 12:02d}", "title": f"Event {i}",
                   "kind": "other", "partners": ["ITC", "UPU"] if i % 2 else ["ITC"],
                   "summary": "A briefing."} for i in range(n)],
    )
    path = _write(tmp_path / "big.json", data)
    inserts: list[tuple[str, bool]] = []

    def count(_conn, _cursor, statement, _parameters, _context, executemany):
        if statement.lstrip().upper().startswith("INSERT"):
            inserts.append((statement, executemany))

    event.listen(services.engine, "before_cursor_execute", count)
    start = time.perf_counter()
    result = archive.import_archive(services, path)
    elapsed = time.perf_counter() - start
    assert result.added["outreach"] == n
    assert services.outreach.total() == n
    rows = n + n + n // 2  # events and their partner links
    # One statement per chunk of rows, not one per row.
    assert len(inserts) < 40, len(inserts)
    assert len(inserts) * 100 < rows
    assert any(many for _, many in inserts)
    assert elapsed < 60, f"{n:,} events took {elapsed:.1f} s"
    # (On a file the search index of so many records is completed after the import.)
    search_state.complete(services.sessions, services.listed())
    assert services.outreach.get(services.outreach.list(ListQuery(text="Event 19999"))[0].id
                                 ).partners == ("ITC", "UPU")


def test_import_then_reopen(tmp_path, template_file):
    """What an import wrote is there for the next program that opens the file."""
    import shutil

    path = tmp_path / "f.sqlite"
    shutil.copyfile(template_file, path)
    s = Services(open_data_file(path))
    archive.import_archive(s, archive.sample_path())
    s.close()
    s = Services(open_data_file(path))
    try:
        assert s.members.membership_at_end(2024) == 103
    finally:
        s.close()


def test_counts_of_one_record_read_in_the_singular() -> None:
    from msmedesk.archive import counts_text

    assert counts_text({"members": 1, "package_entries": 1, "saved_searches": 1,
                        "outreach": 2, "meetings": 0}) == (
        "1 member, 1 package entry, 1 saved search, 2 outreach")
    assert counts_text({"members": 0}) == "nothing new"
