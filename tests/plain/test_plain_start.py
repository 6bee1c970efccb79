"""A data file opened for the window without SQLAlchemy (issue 18), checked in a process of
its own: the first tab's reads leave SQLAlchemy unloaded, the first write loads it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import msmedesk

ROOT = Path(msmedesk.__file__).resolve().parents[1]  # the code under test

START = """
import sys
from pathlib import Path
from msmedesk.app import connect
from msmedesk.domain import ListQuery

backend = connect(Path(sys.argv[1]), backup_folder=Path(sys.argv[2]))
services = backend.services
assert not services.is_empty()
meetings = services.meetings
query = ListQuery(sort=meetings.default_sort, descending=True)
total = meetings.count(query)
page = meetings.list(query)
record, version = meetings.get_versioned(page[0].id)
services.history.of("meetings", record.id)
meetings.years()
services.saved_searches.list("meetings")
assert total > 0 and page and record.id == page[0].id and version >= 1
loaded = sorted(m for m in sys.modules if m.split(".")[0] == "sqlalchemy"
                or m in ("msmedesk.db.models", "msmedesk.records", "alembic"))
print("LOADED", loaded)
"""


def _run(script: str, *args: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(script), *args],
                          capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def test_the_first_tabs_page_count_and_details_are_read_without_sqlalchemy(
        sample_file: Path, tmp_path: Path):
    out = _run(START + "backend.close()\n", str(sample_file), str(tmp_path / "backups"))
    assert "LOADED []" in out


def test_a_first_write_after_a_plain_start_saves_is_counted_and_undoes(
        sample_file: Path, tmp_path: Path):
    script = START.replace("from msmedesk.app import connect",
                           "from msmedesk.data_file_session import DataFileSession") \
        .replace("backend = connect(Path(sys.argv[1]), backup_folder=Path(sys.argv[2]))",
                 "session = DataFileSession.open(Path(sys.argv[1]), "
                 "backup_folder=Path(sys.argv[2]))\nbackend = session.backend") + """
from dataclasses import replace
from PySide6.QtCore import QCoreApplication
from msmedesk.ui.commands import EditCommand, UndoHistory
from msmedesk.ui.kinds import MAIN_KINDS

app = QCoreApplication([])
kind = next(k for k in MAIN_KINDS if k.name == "meetings")
history = UndoHistory()
history.run(EditCommand(meetings, kind, record, replace(record, summary="Saved at once."),
                        version))
assert "sqlalchemy" in sys.modules  # the ORM came with the first write
assert meetings.get_versioned(record.id) == (replace(record, summary="Saved at once."),
                                             version + 1)
assert session.counter.count == 1  # the backups know the file changed
assert history.undo()
assert meetings.get_versioned(record.id) == (record, version + 2)
assert session.counter.count == 2
actions = [c.action for c in services.history.of("meetings", record.id)][:2]
print("ACTIONS", actions)
session.close()
"""
    out = _run(script, str(sample_file), str(tmp_path / "backups"))
    assert "LOADED []" in out
    assert "ACTIONS ['changed', 'changed']" in out


def test_a_plain_start_keeps_the_write_lock(sample_file: Path, tmp_path: Path):
    script = START + """
from msmedesk.app import connect as again
from msmedesk.ui.backend import FileLocked
try:
    again(Path(sys.argv[1]), backup_folder=Path(sys.argv[2]))
except FileLocked:
    print("LOCKED")
backend.close()
"""
    out = _run(script, str(sample_file), str(tmp_path / "backups"))
    assert "LOADED []" in out and "LOCKED" in out


def test_warm_up_loads_what_a_write_needs_in_a_worker_thread(sample_file: Path, tmp_path: Path):
    # The window calls warm_up once its first records are painted: the first save then
    # finds SQLAlchemy and the services loaded rather than loading them itself.
    script = START + """
import threading, time
seen = []
real = type(services).services
def spy(self):
    seen.append(threading.current_thread().name)
    return real(self)
type(services).services = spy
assert not backend.warmed()
backend.warm_up()
deadline = time.monotonic() + 60
while not backend.warmed() and time.monotonic() < deadline:
    time.sleep(0.01)
assert backend.warmed() and services.loaded
assert "sqlalchemy.orm" in sys.modules and "msmedesk.records" in sys.modules
print("THREADS", sorted(set(seen)))
backend.close()
"""
    out = _run(script, str(sample_file), str(tmp_path / "backups"))
    assert "LOADED []" in out  # (nothing loaded before the warm-up)
    assert "THREADS ['msmedesk-warm-up']" in out


def test_closing_during_the_warm_up_waits_for_it(sample_file: Path, tmp_path: Path):
    script = START + """
backend.warm_up()
backend.close()  # at once: the warm-up's engine must not outlive the closed file
assert backend.warmed()
from msmedesk.app import connect as again
again(Path(sys.argv[1]), backup_folder=Path(sys.argv[2])).close()  # not locked any more
print("REOPENED")
"""
    out = _run(script, str(sample_file), str(tmp_path / "backups"))
    assert "REOPENED" in out
