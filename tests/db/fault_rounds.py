"""The kill -9 rounds of the fault-injection suite (issue 13), one function per round.

Shared by tests/db/test_fault_kills.py (a few rounds on every run) and
tools/fault_counts.py (N rounds of each group, counted). A round does what the attack of
issue 13 did, once, and returns an :class:`Outcome`: handled right, or what was wrong.

Groups:

* ``new-path kills``: ``msmedesk import ARCHIVE --db NEW`` into a missing path, killed at a
  random moment. Right: NEW is absent with nothing visible beside it, or a sound msmedesk
  file holding every record of the archive; never called foreign by ``check``, ``export``
  or opening for writing; hidden temporaries are swept by the next run; a second import
  into NEW works and leaves every record there.
* ``concurrent imports``: two imports into one missing path started together. Right:
  exactly one succeeds, the other is refused with a sentence saying another msmedesk is
  creating or holding the file (never "not an msmedesk data file"), and every record of
  the winner is there.
* ``backup kills``: ``msmedesk backup DEST --db FILE`` of a sizeable file, and an import
  (whose automatic backup copies the sizeable file first), killed at a random moment.
  Right: DEST is absent or a sound, complete copy, nothing half-written sits under a
  visible name, the backup list offers only sound, complete backups, ``restore`` refuses
  whatever half-written copy was left, and the next run sweeps the hidden ones.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from safety_support import PYTHON, empty_file, run_here

SEED_ENV = "MSMEDESK_FAULT_SEED"
KINDS = ("members", "organizations", "meetings", "proposals", "outreach")
# What a user must never be told about a file msmedesk itself was writing.
FOREIGN = re.compile(r"another program|not an msmedesk data file|not a sound msmedesk",
                     re.IGNORECASE)
# What the loser of two imports into one new path should be told instead.
HELD = re.compile(r"being created|open in msmedesk|another msmedesk|held by|in use by msmedesk",
                  re.IGNORECASE)
SIDECARS = ("-wal", "-shm", "-journal", ".lock")
TWO_DAYS = 2 * 24 * 3600


@dataclass(frozen=True)
class Outcome:
    """How one round ended: handled right, or a sentence on what was wrong."""

    right: bool
    detail: str = ""


def seed() -> int:
    """The seed of this run: $MSMEDESK_FAULT_SEED to replay one, else a fresh one."""
    return int(os.environ.get(SEED_ENV) or time.time_ns() % 1_000_000)


def make_archive(k: int, members: int, meetings: int, outreach: int,
                 notes: int = 0) -> dict:
    """Archive number ``k`` (keys no other ``k`` uses); ``notes`` characters per Member."""
    orgs = [{"name": f"Fault org {k}-{j}", "acronym": f"F{k}Z{j}"} for j in range(20)]
    first = date(1950, 1, 1) + timedelta(days=k * 1000)
    dates = [(first + timedelta(days=j)).isoformat() for j in range(meetings)]
    return {
        "format": "msmedesk-archive", "version": 1,
        "members": [{"name": f"Fault {k} member {j}", "joined": "2001",
                     "notes": ("n" * notes) or f"note {j}"} for j in range(members)],
        "organizations": orgs,
        "meetings": [{"date": d, "kind": "open-ended", "summary": f"Meeting {k}-{j}"}
                     for j, d in enumerate(dates)],
        "proposals": [{"symbol": f"JOB/FAULT{k}/{j}", "title": f"Proposal {j}",
                       "proponents": [f"Fault {k} member {j % members}"]}
                      for j in range(max(1, members // 10))],
        "outreach": [{"date": f"{1990 + j % 30}", "kind": "other", "title": f"Event {k}-{j}",
                      "partners": [f"F{k}Z{j % 20}"]} for j in range(outreach)],
    }


def counts_of(records: dict) -> dict[str, int]:
    """How many records of each kind an archive (or an export) holds."""
    return {kind: len(records.get(kind, [])) for kind in KINDS}


def write_json(path: Path, data: dict) -> Path:
    """Write ``data`` as JSON to ``path``."""
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def exported_counts(db: Path, out: Path) -> tuple[dict[str, int] | None, str]:
    """Record counts of ``db`` through ``msmedesk export`` (None and its message if refused)."""
    out.unlink(missing_ok=True)
    done = run_here("export", str(out), "--db", str(db))
    if done.returncode != 0:
        return None, done.stderr.strip()
    counts = counts_of(json.loads(out.read_text(encoding="utf-8")))
    out.unlink()
    return counts, ""


def start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    """``msmedesk ARGS`` started in a subprocess."""
    # From "/": ``-m`` puts the working folder first on the path, and the msmedesk to
    # test is the one PYTHONPATH names, not whichever checkout the tests were run from.
    return subprocess.Popen([PYTHON, "-m", "msmedesk", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, cwd="/",
                            env={**os.environ, **(env or {})})


def timed(*args: str, env: dict[str, str] | None = None) -> tuple[float, str]:
    """Run ``msmedesk ARGS`` whole; (seconds taken, its message if it failed else "")."""
    began = time.monotonic()
    proc = start(*args, env=env)
    _, err = proc.communicate(timeout=300)
    return time.monotonic() - began, (err.strip() or "failed") if proc.returncode else ""


def kill_after(proc: subprocess.Popen, delay: float) -> bool:
    """SIGKILL ``proc`` after ``delay`` seconds; False when it had finished by then."""
    try:
        proc.wait(timeout=delay)
        finished = True
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        finished = False
    proc.communicate(timeout=60)
    return not finished


def visible(folder: Path) -> set[str]:
    """Names in ``folder`` a user would see (not starting with a dot)."""
    return {p.name for p in folder.iterdir() if not p.name.startswith(".")}


def hidden(folder: Path) -> set[Path]:
    """Hidden files in ``folder`` (a killed writer's temporaries)."""
    return {p for p in folder.iterdir() if p.name.startswith(".") and p.is_file()}


def age(paths: set[Path]) -> None:
    """Make ``paths`` look two days old, as temporaries of a crash long ago would be."""
    then = time.time() - TWO_DAYS
    for p in paths:
        if p.exists():
            os.utime(p, (then, then))


def _check_says(db: Path) -> str:
    """'' when ``msmedesk check`` calls ``db`` sound, else what it said."""
    done = run_here("check", "--db", str(db))
    return "" if done.returncode == 0 else (done.stdout + done.stderr).strip()


# ---------------------------------------------------------------- new-path kills


def new_path_kill(work: Path, archive: Path, expected: dict[str, int], duration: float,
                  rng: random.Random, n: int) -> Outcome:
    """Kill an import into a missing path at a random moment, then judge what is left."""
    folder = work / f"new{n}"
    folder.mkdir()
    new = folder / "new.sqlite"
    env = {"MSMEDESK_BACKUP_DIR": str(work / f"new{n}-bk")}
    delay = rng.uniform(0.2, 1.05) * duration  # the first fifth is Python starting up
    killed = kill_after(start("import", str(archive), "--db", str(new), env=env), delay)
    at = f"killed after {delay:.2f}s of ~{duration:.2f}s" if killed else "finished first"
    wrong = _new_path_left(folder, new, expected, work / f"new{n}.json")
    left = hidden(folder)
    age(left)
    # A second import into NEW works, leaves every record and sweeps old temporaries.
    again = run_here("import", str(archive), "--db", str(new))
    if not wrong and again.returncode != 0:
        wrong = f"the second import failed: {again.stderr.strip()}"
    if not wrong:
        counts, said = exported_counts(new, work / f"new{n}.json")
        if counts != expected:
            wrong = f"after the second import export gives {counts or said}"
    swept = {p.name for p in left if p.exists()}
    if not wrong and swept:
        wrong = f"the next run left the hidden temporaries {sorted(swept)}"
    shutil.rmtree(folder, ignore_errors=True)
    return Outcome(not wrong, f"{at}: {wrong}" if wrong else at)


def _new_path_left(folder: Path, new: Path, expected: dict[str, int], out: Path) -> str:
    """What is wrong with what a killed import into the missing ``new`` left ('' if none)."""
    names = visible(folder)
    if not new.exists():
        return f"no file, but {sorted(names)} beside it" if names else ""
    allowed = {new.name, *(new.name + s for s in SIDECARS)}
    if names - allowed:
        return f"left {sorted(names - allowed)} beside the file"
    said = _check_says(new)
    if said:
        kind = "foreign" if FOREIGN.search(said) else "unsound"
        return f"check calls the file {kind}: {said.splitlines()[0]}"
    counts, said = exported_counts(new, out)
    if counts is None:
        return f"export refused the file: {said}"
    if counts != expected:
        return f"a file with only part of the archive: {counts}"
    return ""


# ---------------------------------------------------------------- concurrent imports


def concurrent_imports(work: Path, archive: Path, expected: dict[str, int],
                       n: int) -> Outcome:
    """Two imports into one missing path, started together."""
    folder = work / f"two{n}"
    folder.mkdir()
    new = folder / "new.sqlite"
    env = {"MSMEDESK_BACKUP_DIR": str(work / f"two{n}-bk")}
    procs = [start("import", str(archive), "--db", str(new), env=env) for _ in range(2)]
    done = [(p.communicate(timeout=300), p.returncode) for p in procs]
    codes = sorted(code for _, code in done)
    outs = [out.strip() for (out, _), _ in done]
    wrong = ""
    if codes == [0, 0]:
        # The second started only once the first had put the file in place: it imported
        # into that file, where every record already was. Nothing was lost either way.
        if not (any("into the new data file" in o for o in outs)
                and any("already there" in o and "added nothing new" in o for o in outs)):
            wrong = f"both succeeded: {' / '.join(outs)}"
    elif codes != [0, 1]:
        wrong = f"exit statuses {codes}: " + " / ".join(err.strip() for (_, err), _ in done)
    else:
        loser = next(err.strip() for (_, err), code in done if code == 1)
        if FOREIGN.search(loser) or not HELD.search(loser):
            wrong = f"the loser was told: {loser}"
    if not wrong:
        counts, said = exported_counts(new, work / f"two{n}.json")
        if counts != expected:
            wrong = f"the winner's file gives {counts or said}"
    shutil.rmtree(folder, ignore_errors=True)
    return Outcome(not wrong, wrong)


# ---------------------------------------------------------------- backup kills


def manual_backup_kill(work: Path, source: Path, expected: dict[str, int], duration: float,
                       rng: random.Random, n: int) -> Outcome:
    """Kill ``msmedesk backup DEST --db SOURCE`` at a random moment."""
    folder = work / f"copy{n}"
    folder.mkdir()
    dest = folder / "copy.sqlite"
    delay = rng.uniform(0.5, 1.02) * duration  # the copy is the second half of the run
    killed = kill_after(start("backup", str(dest), "--db", str(source)), delay)
    at = f"killed after {delay:.2f}s of ~{duration:.2f}s" if killed else "finished first"
    wrong = ""
    names = visible(folder)
    if names - {dest.name}:
        wrong = f"left {sorted(names - {dest.name})} under visible names"
    if not wrong and dest.exists():
        wrong = _not_complete(dest, expected, work / f"copy{n}.json")
    left = hidden(folder)
    if not wrong:
        wrong = _restore_refuses(left, work, n)
    age(left)
    if not wrong:  # the next backup into that folder sweeps old temporaries
        again = run_here("backup", str(folder / "again.sqlite"), "--db", str(source))
        swept = {p.name for p in left if p.exists()}
        if again.returncode != 0:
            wrong = f"the next backup failed: {again.stderr.strip()}"
        elif swept:
            wrong = f"the next backup left the hidden temporaries {sorted(swept)}"
    shutil.rmtree(folder, ignore_errors=True)
    return Outcome(not wrong, f"{at}: {wrong}" if wrong else at)


def auto_backup_kill(work: Path, template: Path, archive: Path, expected: dict[str, int],
                     duration: float, rng: random.Random, n: int) -> Outcome:
    """Kill an import into a sizeable file (whose backup comes first) at a random moment."""
    folder = work / f"auto{n}"
    folder.mkdir()
    data = folder / "d.sqlite"
    shutil.copyfile(template, data)
    os.chmod(data, 0o600)
    bk = folder / "bk"
    delay = rng.uniform(0.4, 1.0) * duration  # after start-up, mostly the backup
    killed = kill_after(start("import", str(archive), "--db", str(data), "--backup-dir",
                              str(bk)), delay)
    at = f"killed after {delay:.2f}s of ~{duration:.2f}s" if killed else "finished first"
    wrong = ""
    from msmedesk.db.backups import list_backups  # what the window and the hints offer

    listed = {b.path for b in list_backups(bk, data)} if bk.is_dir() else set()
    for backup in sorted(listed):
        wrong = _not_complete(backup, expected, work / f"auto{n}.json")
        if wrong:
            wrong = f"the listed backup {backup.name}: {wrong}"
            break
    others = ({p for p in bk.iterdir() if p.is_file()} - listed) if bk.is_dir() else set()
    shown = {p.name for p in others if not p.name.startswith(".")}
    if not wrong and shown:
        wrong = f"left {sorted(shown)} in the backup folder under visible names"
    if not wrong:
        wrong = _restore_refuses(others, work, n)
    shutil.rmtree(folder, ignore_errors=True)
    return Outcome(not wrong, f"{at}: {wrong}" if wrong else at)


def _not_complete(copy: Path, expected: dict[str, int], out: Path) -> str:
    """'' when ``copy`` is sound and holds ``expected`` records, else what is wrong."""
    said = _check_says(copy)
    if said:
        return f"check says: {said.splitlines()[0]}"
    counts, said = exported_counts(copy, out)
    if counts != expected:
        return f"an incomplete copy: {counts or said}"
    return ""


def _restore_refuses(leftovers: set[Path], work: Path, n: int) -> str:
    """'' when ``msmedesk restore`` refuses each half-written leftover, else which it took."""
    for leftover in sorted(leftovers):
        if leftover.name.endswith(SIDECARS):
            continue  # a journal or WAL is no candidate backup
        target = empty_file(work / f"target{n}" / "t.sqlite")
        done = run_here("restore", str(leftover), "--db", str(target))
        shutil.rmtree(target.parent, ignore_errors=True)
        if done.returncode == 0:
            return f"restore accepted the half-written {leftover.name}"
    return ""


# ---------------------------------------------------------------- setting up


def sizeable_file(dest: Path, records: int = 12000, notes: int = 5000) -> dict[str, int]:
    """Make ``dest`` a data file of some tens of MB; returns its record counts."""
    data = make_archive(9, records, 200, 200, notes=notes)
    archive = write_json(dest.with_suffix(".json"), data)
    empty_file(dest)
    done = run_here("import", str(archive), "--db", str(dest),
                    "--backup-dir", str(dest.parent / "build-bk"))
    assert done.returncode == 0, done.stderr
    shutil.rmtree(dest.parent / "build-bk", ignore_errors=True)
    archive.unlink()
    import sqlite3

    con = sqlite3.connect(dest)  # one settled file: the copies are of it alone
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()
    return counts_of(data)



# ---------------------------------------------------------------- whole groups

GROUPS = ("new-path kills", "concurrent imports", "backup kills")


def run_group(group: str, work: Path, rounds: int, rng: random.Random) -> list[Outcome]:
    """``rounds`` rounds of ``group`` in the empty folder ``work``."""
    if group == "new-path kills":
        data = make_archive(1, 1500, 300, 800)
        archive = write_json(work / "a.json", data)
        # A whole import into a new path tells how long one takes here.
        duration, failed = timed("import", str(archive), "--db", str(work / "whole.sqlite"))
        if failed:
            raise RuntimeError(f"a whole import into a new path failed: {failed}")
        return [new_path_kill(work, archive, counts_of(data), duration, rng, n)
                for n in range(rounds)]
    if group == "concurrent imports":
        data = make_archive(2, 1500, 300, 800)
        archive = write_json(work / "a.json", data)
        return [concurrent_imports(work, archive, counts_of(data), n) for n in range(rounds)]
    if group == "backup kills":
        source = work / "big.sqlite"
        expected = sizeable_file(source)
        duration, failed = timed("backup", str(work / "whole.sqlite"), "--db", str(source))
        if failed:
            raise RuntimeError(f"a whole backup failed: {failed}")
        outcomes = [manual_backup_kill(work, source, expected, duration, rng, n)
                    for n in range((rounds + 1) // 2)]
        tiny = write_json(work / "tiny.json", make_archive(3, 3, 2, 2))
        duration, failed = timed("import", str(tiny), "--db", str(work / "whole.sqlite"),
                                 "--backup-dir", str(work / "whole-bk"))
        if failed:
            raise RuntimeError(f"a whole import into a sizeable file failed: {failed}")
        outcomes += [auto_backup_kill(work, source, tiny, expected, duration, rng, n)
                     for n in range(rounds // 2)]
        return outcomes
    raise ValueError(f"unknown group {group!r}")
