"""A large import into a file leaves its search index to be completed after it (issue 18):
search says so until it is complete, never gives the matches of part of the records, and
the completed index is the one an import that indexed its records would have made."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text

from msmedesk import archive, checks, cli
from msmedesk.archive import importer
from msmedesk.data_file_session import DataFileSession
from msmedesk.db.engine import open_data_file
from msmedesk.domain import ListQuery
from msmedesk.records import Services, search_state
from msmedesk.records.search_state import IndexRebuilding

from msmedesk.ui.backend import ActionFailed

pytestmark = pytest.mark.file_only


@pytest.fixture
def deferred(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every import counts as large (the sample's few hundred records then stand in for a
    large archive's)."""
    monkeypatch.setattr(importer, "DEFERRED_FROM", 1)


def _index(path: Path) -> tuple[list[tuple[int, str]], list[tuple[str, int]]]:
    services = Services(open_data_file(path))
    try:
        with services.sessions() as session:
            texts = sorted(session.execute(text("SELECT rowid, text FROM search_text")).all())
            words = sorted(session.execute(text("SELECT word, code FROM search_words")).all())
    finally:
        services.close()
    return [tuple(r) for r in texts], [tuple(r) for r in words]


def _dump(path: Path) -> list[str]:
    """Every row of the file (as SQL), the search index's FTS5 tables and all."""
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def _import(path: Path) -> None:
    services = Services(open_data_file(path))
    try:
        archive.import_archive(services, archive.sample_path())
    finally:
        services.close()


def test_search_says_the_index_is_being_rebuilt_until_it_is_complete(data_file, deferred):
    _import(data_file)
    services = Services(open_data_file(data_file))
    try:
        assert not search_state.is_complete(services.sessions)
        with pytest.raises(IndexRebuilding, match="being rebuilt"):
            services.find("mexico")
        with pytest.raises(IndexRebuilding):
            services.meetings.count(ListQuery(text="digital"))
        # A list without a search needs no index: it is there at once.
        assert services.meetings.total() > 0
        assert search_state.complete(services.sessions, services.listed())
        assert search_state.is_complete(services.sessions)
        assert services.find("mexico").groups
    finally:
        services.close()


def test_the_completed_index_is_the_one_built_in_the_import(data_file, tmp_path, monkeypatch):
    at_once = shutil.copyfile(data_file, tmp_path / "at-once.sqlite")
    _import(at_once)
    monkeypatch.setattr(importer, "DEFERRED_FROM", 1)
    _import(data_file)
    texts, words = _index(data_file)
    assert ("", 0) in words  # (the marker: the index lacks the records)
    services = Services(open_data_file(data_file))
    try:
        monkeypatch.setattr(search_state, "PART", 7)  # (parts, each its own transaction)
        assert search_state.complete(services.sessions, services.listed())
    finally:
        services.close()
    assert _index(data_file) == _index(at_once)


def test_a_stopped_completion_goes_on_where_it_stopped(data_file, deferred, monkeypatch):
    _import(data_file)
    services = Services(open_data_file(data_file))
    try:
        monkeypatch.setattr(search_state, "PART", 5)
        stop = search_state.threading.Event()
        parts: list[int] = []

        def stop_after_two(done: int) -> None:
            parts.append(done)
            if len(parts) == 2:
                stop.set()

        assert not search_state.complete(services.sessions, services.listed(), stop,
                                         stop_after_two)
        assert len(parts) == 2 and 0 < parts[0] < parts[1]  # (then it stopped)
        with pytest.raises(IndexRebuilding):
            services.find("mexico")
        assert search_state.complete(services.sessions, services.listed())
        assert services.find("mexico").groups
    finally:
        services.close()


def test_a_failed_import_leaves_no_mark_and_no_records(data_file, deferred, monkeypatch):
    before = _dump(data_file)

    def fail(*_args, **_kwargs):
        raise RuntimeError("the disk went away")

    # After the rows and the marker are written, inside the import's transaction.
    monkeypatch.setattr(importer, "journal_imported", fail)
    services = Services(open_data_file(data_file))
    try:
        with pytest.raises(RuntimeError):
            archive.import_archive(services, archive.sample_path())
        assert search_state.is_complete(services.sessions)
        assert services.is_empty()
    finally:
        services.close()
    assert _index(data_file) == ([], [])
    assert _dump(data_file) == before


def test_a_bad_record_at_the_end_leaves_the_file_untouched(data_file, deferred, tmp_path,
                                                           sample_archive):
    bad = dict(sample_archive)
    bad["outreach"] = [*sample_archive["outreach"], {"date": "not a date", "kind": "award",
                                                     "title": "Last", "partners": []}]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    before = _dump(data_file)
    services = Services(open_data_file(data_file))
    try:
        with pytest.raises(Exception):  # noqa: B017,PT011 (refused: which error is archive's)
            archive.import_archive(services, path)
        assert services.is_empty()
        assert search_state.is_complete(services.sessions)
    finally:
        services.close()
    assert _dump(data_file) == before


def test_export_import_export_is_identical_with_the_index_completed_after(
        data_file, deferred, tmp_path):
    _import(data_file)
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    services = Services(open_data_file(data_file))
    try:
        archive.export_archive(services, first)
    finally:
        services.close()
    again = shutil.copyfile(data_file, tmp_path / "again.sqlite")
    again.unlink()
    services = Services(open_data_file(again))
    try:
        archive.import_archive(services, first)
        archive.export_archive(services, second)
        assert not search_state.is_complete(services.sessions)
    finally:
        services.close()
    assert first.read_text(encoding="utf-8") == second.read_text(encoding="utf-8")


def test_check_tells_of_the_index_being_rebuilt(data_file, deferred):
    _import(data_file)
    found = checks.check_with_warnings(data_file)
    assert not found.problems
    assert any("search index is being rebuilt" in w for w in found.warnings)
    services = Services(open_data_file(data_file))
    try:
        search_state.complete(services.sessions, services.listed())
    finally:
        services.close()
    assert not any("search index" in w for w in checks.check_with_warnings(data_file).warnings)


def test_find_at_the_command_line_completes_the_index_first(data_file, deferred, capsys):
    _import(data_file)
    assert cli.main(["find", "mexico", "--db", str(data_file)]) == 0
    captured = capsys.readouterr()
    assert "search index is being rebuilt" in captured.err
    assert "Mexico" in captured.out
    services = Services(open_data_file(data_file))
    try:
        assert search_state.is_complete(services.sessions)
    finally:
        services.close()


def test_the_window_completes_the_index_off_its_thread_after_an_import(
        data_file, deferred, tmp_path):
    session = DataFileSession.open(data_file, backup_folder=tmp_path / "backups")
    try:
        assert session.index is None  # (nothing to complete: no worker made at opening)
        summary = session.load_sample(lambda *_: True)
        assert summary is not None and "being rebuilt" in summary
        assert session.index is not None and session.index.done.wait(60)
        assert session.backend.services.find("mexico").groups
    finally:
        session.close()


def test_the_window_completes_it_on_opening_a_file_left_so(data_file, deferred, tmp_path):
    _import(data_file)
    session = DataFileSession.open(data_file, backup_folder=tmp_path / "backups")
    try:
        session.backend.start_background(tell=lambda *_: None, on_damage=lambda *_: None,
                                         on_done=lambda *_: None)
        assert session.index is not None and session.index.done.wait(60)
        assert session.backend.services.find("mexico").groups
    finally:
        session.close()


def test_a_read_only_window_leaves_it(data_file, deferred, tmp_path):
    _import(data_file)
    session = DataFileSession.open(data_file, backup_folder=tmp_path / "backups",
                                   read_only=True)
    try:
        with pytest.raises((IndexRebuilding, ActionFailed)):
            session.backend.services.find("mexico")
    finally:
        session.close()


def test_an_export_writes_a_record_to_a_line_and_reads_back_the_same(sample_file, tmp_path):
    out = tmp_path / "out.json"
    services = Services(open_data_file(sample_file))
    try:
        counts = archive.export_archive(services, out)
    finally:
        services.close()
    lines = out.read_text(encoding="utf-8").splitlines()
    data = json.loads(out.read_text(encoding="utf-8"))
    # Each record of each section on a line of its own (one JSON object per line).
    records = [json.loads(line.strip().rstrip(",")) for line in lines
               if line.startswith("  {")]
    assert len(records) == sum(len(v) for v in data.values() if isinstance(v, list))
    assert counts["meetings"] == len(data["meetings"]) > 0
    assert records[:len(data["members"])] == data["members"]
