"""Crash-proof (issue 5.2), for real: writers SIGKILLed at random moments, many times.

Two kinds of victim, each a separate process doing what the program does:

* ``msmedesk import`` of a sizeable archive (lock, backup, one transaction), killed at a
  random moment of its run; afterwards that archive's records are all there or none;
* a stream of confirmed edits through the services (create a Member, update a counter),
  printing a line after each call returns, killed at a random moment; afterwards every
  edit it confirmed is there.

After each kill ``check_data_file`` finds nothing, the next writer takes over the stale lock
without a question, and no half-written backup is offered. The seed is printed on failure;
set MSMEDESK_CRASH_SEED to replay a run. Bounded: 8 + 12 kills, well under a minute.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from safety_support import PYTHON, empty_file, export_json

from msmedesk.checks import check_data_file
from msmedesk.db.backups import list_backups

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

IMPORT_KILLS = 8
EDIT_KILLS = 12
MEMBERS, ORGS, MEETINGS, OUTREACH, PROPOSALS = 1000, 50, 600, 2500, 300

EDITOR = r"""
import sys
from dataclasses import replace
from pathlib import Path
from msmedesk.db.safety import open_for_writing
from msmedesk.domain import ListQuery, Member
from msmedesk.records import Services

path, folder, start = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
opened = open_for_writing(path, backup_folder=folder)
services = Services(opened.engine)
found = [r.id for r in services.members.list(ListQuery(text="Counter"))]
counter = services.members.get(found[0]) if found else None
if counter is None:
    counter = services.members.create(Member(name="Counter", notes="0"))
print("ready", flush=True)
i = start
while True:
    services.members.create(Member(name=f"Edit {i:06d}", notes="n" * (i % 700)))
    print(f"created {i}", flush=True)
    counter = services.members.update(replace(counter, notes=str(i)))
    print(f"counted {i}", flush=True)
    i += 1
"""


def _seed() -> int:
    return int(os.environ.get("MSMEDESK_CRASH_SEED") or time.time_ns() % 1_000_000)


def _archive(k: int) -> dict:
    """Archive number ``k``: records whose keys no other archive of the test uses."""
    first = date(1950, 1, 1) + timedelta(days=k * (MEETINGS + 10))
    orgs = [{"name": f"Org {k}-{j}", "acronym": f"O{k}X{j}"} for j in range(ORGS)]
    meetings = [{"date": (first + timedelta(days=j)).isoformat(), "kind": "open-ended",
                 "summary": f"Meeting {k}-{j} " + "words " * (j % 50),
                 "presentations": [{"speaker": f"Speaker {j}",
                                    "organization": f"O{k}X{j % ORGS}", "topic": "t"}]}
                for j in range(MEETINGS)]
    return {
        "format": "msmedesk-archive", "version": 1,
        "members": [{"name": f"Import {k} member {j}", "joined": "2001",
                     "notes": "note " * (j % 30)} for j in range(MEMBERS)],
        "organizations": orgs,
        "meetings": meetings,
        "proposals": [{"symbol": f"JOB/CRASH{k}/{j}", "title": f"Proposal {j}",
                       "proponents": [f"Import {k} member {j % MEMBERS}"],
                       "discussed_at": [meetings[j % MEETINGS]["date"]]}
                      for j in range(PROPOSALS)],
        "outreach": [{"date": f"{1990 + j % 30}", "kind": "other",
                      "title": f"Event {k}-{j}", "partners": [f"O{k}X{j % ORGS}"],
                      "summary": "s " * (j % 40)} for j in range(OUTREACH)],
    }


def _imported(records: dict, k: int) -> dict[str, int]:
    return {
        "members": sum(m["name"].startswith(f"Import {k} ") for m in records["members"]),
        "organizations": sum(o["name"].startswith(f"Org {k}-") for o in
                             records["organizations"]),
        "meetings": sum(m["summary"].startswith(f"Meeting {k}-") for m in records["meetings"]),
        "proposals": sum(p["symbol"].startswith(f"JOB/CRASH{k}/") for p in
                         records["proposals"]),
        "outreach": sum(e["title"].startswith(f"Event {k}-") for e in records["outreach"]),
    }


FULL = {"members": MEMBERS, "organizations": ORGS, "meetings": MEETINGS,
        "proposals": PROPOSALS, "outreach": OUTREACH}
NONE = dict.fromkeys(FULL, 0)


def _after_kill_checks(path: Path, folder: Path, note: str) -> dict:
    assert check_data_file(path) == [], note
    backups = list_backups(folder, path)
    if backups:  # the backup that would be offered is whole and sound
        assert check_data_file(backups[0].path) == [], (note, backups[0].path)
    return export_json(path)


def test_import_killed_at_random_moments_is_all_or_nothing(tmp_path: Path) -> None:
    seed = _seed()
    rng = random.Random(seed)
    path = empty_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    env = {**os.environ, "MSMEDESK_BACKUP_DIR": str(folder)}

    def start(k: int) -> tuple[subprocess.Popen, float]:
        archive = tmp_path / f"a{k}.json"
        archive.write_text(json.dumps(_archive(k)), encoding="utf-8")
        began = time.monotonic()
        proc = subprocess.Popen([PYTHON, "-m", "msmedesk", "import", str(archive), "--db",
                                 str(path)], env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        return proc, began

    # A first, whole import tells how long one takes here.
    proc, began = start(0)
    out, err = proc.communicate(timeout=120)
    duration = time.monotonic() - began
    assert proc.returncode == 0, err
    assert _imported(_after_kill_checks(path, folder, "first"), 0) == FULL
    print(f"one import of {sum(FULL.values())} records takes {duration:.2f}s")

    outcomes = []
    for k in range(1, IMPORT_KILLS + 1):
        proc, began = start(k)
        delay = rng.uniform(0.1, 1.1) * duration
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=60)
        note = f"seed {seed}, kill {k} after {delay:.2f}s of ~{duration:.2f}s"
        records = _after_kill_checks(path, folder, note)
        got = _imported(records, k)
        assert got in (FULL, NONE), (note, got)
        assert _imported(records, 0) == FULL, note  # what was there stays there
        outcomes.append(got == FULL)
        # A kill while the lock file was being written leaves it under its private name;
        # the next lock of the file sweeps it (tests/db/test_lock.py).
        killed = f".d.sqlite.lock.{socket.gethostname()}.{proc.pid}.tmp"
        leftovers = {p.name for p in tmp_path.iterdir()} - {p.name for p in
                                                             tmp_path.glob("a*.json")}
        assert leftovers <= {"d.sqlite", "d.sqlite-wal", "d.sqlite-shm", "d.sqlite.lock",
                             "bk", killed}, (note, leftovers)
    # The kills landed mostly inside the imports, not after them.
    assert outcomes.count(False) >= IMPORT_KILLS // 2, (seed, outcomes)
    # And the file is still good for an ordinary import after all that.
    proc, _ = start(IMPORT_KILLS + 1)
    assert proc.wait(timeout=120) == 0
    assert _imported(export_json(path), IMPORT_KILLS + 1) == FULL


def test_confirmed_edits_survive_random_kills(tmp_path: Path) -> None:
    seed = _seed()
    rng = random.Random(seed)
    path = empty_file(tmp_path / "d.sqlite")
    folder = tmp_path / "bk"
    confirmed: set[int] = set()
    counted = 0
    start = 0
    for kill in range(EDIT_KILLS):
        proc = subprocess.Popen([PYTHON, "-c", EDITOR, str(path), str(folder), str(start)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        lines: list[str] = []
        ready = threading.Event()

        def read(proc: subprocess.Popen = proc, lines: list[str] = lines,
                 ready: threading.Event = ready) -> None:
            assert proc.stdout is not None
            for line in proc.stdout:
                lines.append(line.strip())
                ready.set()
            ready.set()

        reader = threading.Thread(target=read, daemon=True)
        reader.start()
        assert ready.wait(timeout=60), proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        reader.join(timeout=30)
        assert lines and lines[0] == "ready", (lines[:3], proc.stderr.read())
        for line in lines[1:]:
            word, number = line.split()
            if word == "created":
                confirmed.add(int(number))
            else:
                counted = max(counted, int(number))
        note = f"seed {seed}, kill {kill}, {len(lines) - 1} edits confirmed in this run"
        records = _after_kill_checks(path, folder, note)
        names = {m["name"] for m in records["members"]}
        missing = sorted(i for i in confirmed if f"Edit {i:06d}" not in names)
        assert not missing, (note, missing[:5])
        counter = next(m for m in records["members"] if m["name"] == "Counter")
        assert int(counter["notes"]) >= counted, note
        # Each run starts past every number the last one may have used.
        start = max([start, *confirmed]) + 2
    assert len(confirmed) > EDIT_KILLS  # edits were really going on when killed
