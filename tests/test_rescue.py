"""msmedesk rescue DAMAGED OUT: what still reads of a damaged data file comes back, through
the archive's checks, into a new file; the damaged file is only read, OUT never replaced."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import subprocess
import textwrap
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from msmedesk import archive, cli, rescue
from msmedesk.checks import check_data_file
from msmedesk.db.engine import make_engine, open_data_file
from msmedesk.records import Services

SHELL = shutil.which("sqlite3")


# ---------------------------------------------------------------- damaging a file


def _settle(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def _pages(path: Path) -> tuple[bytes, int]:
    data = path.read_bytes()
    return data, int.from_bytes(data[16:18], "big")


def _roots(path: Path, table: str) -> dict[str, int]:
    """Root pages of ``table`` and of its indexes, by name."""
    con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro&immutable=1", uri=True)
    try:
        return dict(con.execute("SELECT name, rootpage FROM sqlite_master WHERE tbl_name = ? "
                                "AND rootpage > 0", (table,)).fetchall())
    finally:
        con.close()


def _leaves(path: Path, table: str) -> list[int]:
    """The leaf pages of ``table``'s b-tree, in rowid order."""
    data, size = _pages(path)

    def walk(n: int) -> list[int]:
        at = (n - 1) * size
        if data[at] == 0x0D:
            return [n]
        assert data[at] == 0x05, "not a table b-tree page"
        cells = int.from_bytes(data[at + 3:at + 5], "big")
        out = []
        for i in range(cells):
            cell = int.from_bytes(data[at + 12 + 2 * i:at + 14 + 2 * i], "big")
            out += walk(int.from_bytes(data[at + cell:at + cell + 4], "big"))
        return out + walk(int.from_bytes(data[at + 8:at + 12], "big"))

    return walk(_roots(path, table)[table])


def _smash(path: Path, *pages: int) -> None:
    """A bad sector over each page."""
    _data, size = _pages(path)
    with path.open("r+b") as fh:
        for n in pages:
            fh.seek((n - 1) * size)
            fh.write(bytes((i * 37 + 11) % 256 for i in range(size)))


def _damaged_sample(sample_template_file: Path, dest: Path) -> Path:
    """The sample with a meetings leaf and an outreach leaf lost (others intact)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample_template_file, dest)
    _settle(dest)
    # Small pages, so that every table spans several leaves whatever the length of the
    # sample's texts (the meetings fit in one 4 KiB leaf, and a lost leaf would lose all).
    con = sqlite3.connect(dest)
    try:
        con.execute("PRAGMA journal_mode = DELETE")
        con.execute("PRAGMA page_size = 1024")
        con.execute("VACUUM")
        con.execute("PRAGMA journal_mode = WAL")
    finally:
        con.close()
    _settle(dest)
    _smash(dest, _leaves(dest, "meetings")[-1], _leaves(dest, "outreach_events")[0])
    return dest


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _archive_of(path: Path) -> dict:
    engine = make_engine(path)
    try:
        with Session(engine) as session:
            return archive.to_json(archive.load_records(session))
    finally:
        engine.dispose()


def _sample_archive(sample_template_file: Path) -> dict:
    return _archive_of(sample_template_file)


def _fake_shell(folder: Path, body: str) -> Path:
    script = folder / "sqlite3"
    script.write_text("#!/bin/sh\n" + textwrap.dedent(body))
    script.chmod(0o755)
    return script


def _use_shell(monkeypatch: pytest.MonkeyPatch, shell: Path | str | None) -> None:
    monkeypatch.setattr(rescue.shutil, "which",
                        lambda name, *a, **k: str(shell) if shell and name == "sqlite3"
                        else None)


def _assert_subset_of_sample(out: Path, sample: dict) -> dict:
    """Every record of ``out`` is one of the sample's, value for value (none garbled)."""
    got = _archive_of(out)
    for section in archive.SECTIONS:
        for record in got.get(section, []):
            assert record in sample.get(section, []), (section, record)
    assert got.get("group") == sample.get("group")
    return got


# ---------------------------------------------------------------- the rescue


def _check_rescue_of_lost_leaves(tmp_path: Path, sample_template_file: Path,
                                 method: str) -> rescue.RescueReport:
    damaged = _damaged_sample(sample_template_file, tmp_path / "in" / "damaged.sqlite")
    before = (_digest(damaged), sorted(p.name for p in damaged.parent.iterdir()))
    out = tmp_path / "out" / "rescued.sqlite"
    report = rescue.rescue(damaged, out)
    assert method in report.method
    # The damaged file was only read: same bytes, nothing beside it.
    assert (_digest(damaged), sorted(p.name for p in damaged.parent.iterdir())) == before
    # A whole, sound new file with nothing left beside it.
    assert sorted(p.name for p in out.parent.iterdir()) == ["rescued.sqlite"]
    assert check_data_file(out) == []
    sample = _sample_archive(sample_template_file)
    got = _assert_subset_of_sample(out, sample)
    outcomes = {o.noun: o for o in report.outcomes}
    for noun, section in (("Members", "members"), ("Organizations", "organizations"),
                          ("Documents", "documents"), ("Package entries", "package_entries")):
        n = len(sample[section])
        assert (outcomes[noun].saved, outcomes[noun].total) == (n, n)
        assert len(got[section]) == len(sample[section])
    for noun, section in (("Meetings", "meetings"), ("Outreach events", "outreach")):
        assert 0 < outcomes[noun].saved == len(got[section]) < len(sample[section])
        assert outcomes[noun].total == len(sample[section])  # the indexes still count them
    assert report.saved >= 0.8 * sum(len(sample.get(s, [])) for s in archive.SECTIONS)
    lines = report.lines()
    assert f"  Meetings: saved {len(got['meetings'])} of {len(sample['meetings'])}" in lines
    # A proposal discussed at a lost meeting is left out, by name, with the reason.
    lost = {p["symbol"] for p in sample["proposals"]} - {p["symbol"] for p in got["proposals"]}
    kept_dates = {m["date"] for m in got["meetings"]}
    for p in sample["proposals"]:
        assert (p["symbol"] in lost) == (not set(p["discussed_at"]) <= kept_dates)
    if lost:
        reason = next(r for r in report.reasons if r.startswith("Proposals:"))
        assert "a meeting it was discussed at was lost" in reason
        assert all(symbol in reason for symbol in lost)
    return report


def test_row_by_row_brings_back_every_record_that_still_reads(
        tmp_path: Path, sample_template_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use_shell(monkeypatch, None)
    _check_rescue_of_lost_leaves(tmp_path, sample_template_file, "row by row")


def test_a_shell_that_cannot_recover_falls_back_to_row_by_row(
        tmp_path: Path, sample_template_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Debian's sqlite3 is built without sqlite_dbpage: its .recover fails like this.
    shell = _fake_shell(tmp_path, 'echo "sql error: SQL logic error (1)" >&2\nexit 1\n')
    _use_shell(monkeypatch, shell)
    _check_rescue_of_lost_leaves(tmp_path, sample_template_file, "row by row")


@pytest.mark.skipif(SHELL is None, reason="the sqlite3 shell is not installed")
def test_the_shell_path_reads_through_the_shell_and_runs_its_sql(
        tmp_path: Path, sample_template_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The shell gets the read-only URI and its SQL output becomes the records.

    The real shell is run; its .dump stands in for .recover (whose output has the same
    form), since a shell built without sqlite_dbpage (Debian's) cannot .recover at all.
    """
    shell = _fake_shell(tmp_path, f"""\
        [ "$1" = -readonly ] && [ "$3" = .recover ] || exit 2
        exec {SHELL} -readonly "$2" .dump | sed 's/^ROLLBACK; -- due to errors$/COMMIT;/'
        """)
    _use_shell(monkeypatch, shell)
    _check_rescue_of_lost_leaves(tmp_path, sample_template_file, ".recover")


def _shell_recovers() -> bool:
    if SHELL is None:
        return False
    done = subprocess.run([SHELL, ":memory:", ".recover"], capture_output=True, text=True)
    return done.returncode == 0 and not done.stderr.strip()


@pytest.mark.skipif(not _shell_recovers(),
                    reason="no sqlite3 shell that can .recover here (Debian's is built "
                           "without sqlite_dbpage)")
def test_the_real_shells_recover(tmp_path: Path, sample_template_file: Path) -> None:
    _check_rescue_of_lost_leaves(tmp_path, sample_template_file, ".recover")


def test_names_with_hash_question_percent_and_spaces(
        tmp_path: Path, sample_template_file: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    for shell in (None, SHELL):  # row by row, and (here) a shell that cannot .recover
        _use_shell(monkeypatch, shell)
        folder = tmp_path / str(shell is None)
        damaged = _damaged_sample(sample_template_file, folder / "Records #2 ?%25.sqlite")
        before = _digest(damaged)
        out = folder / "rescued #1 100%.sqlite"
        assert cli.main(["rescue", str(damaged), str(out)]) == 0
        printed = capsys.readouterr().out.splitlines()
        assert printed[0].startswith(f"Rescued into {out} (")
        assert "  Members: saved 76 of 76" in printed
        assert _digest(damaged) == before
        assert sorted(p.name for p in folder.iterdir()) == sorted([damaged.name, out.name])
        assert len(_archive_of(out)["members"]) == 76


def test_a_committed_wal_beside_the_damaged_file_is_read_and_left_alone(
        tmp_path: Path, sample_template_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use_shell(monkeypatch, None)
    live = tmp_path / "live" / "d.sqlite"
    live.parent.mkdir()
    shutil.copyfile(sample_template_file, live)
    services = Services(open_data_file(live))
    from msmedesk.domain import Member

    services.members.create(Member(name="Atlantis"))
    # A crash: the file and its WAL as they are while the program still runs.
    damaged = tmp_path / "d.sqlite"
    shutil.copyfile(live, damaged)
    shutil.copyfile(f"{live}-wal", f"{damaged}-wal")
    services.close()
    _smash(damaged, _leaves(damaged, "outreach_events")[0])
    before = {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()}
    report = rescue.rescue(damaged, tmp_path / "out.sqlite")
    assert "Atlantis" in {m["name"] for m in _archive_of(tmp_path / "out.sqlite")["members"]}
    assert next(o for o in report.outcomes if o.noun == "Members").saved == 77
    after = {p.name: _digest(p) for p in tmp_path.iterdir() if p.is_file()}
    assert after.pop("out.sqlite") and after == before  # no -shm, nothing changed


def test_records_naming_lost_members_are_left_out_with_the_reason(
        tmp_path: Path, sample_template_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _use_shell(monkeypatch, None)
    damaged = tmp_path / "d.sqlite"
    shutil.copyfile(sample_template_file, damaged)
    _smash(damaged, *_leaves(damaged, "members"))
    report = rescue.rescue(damaged, tmp_path / "out.sqlite")
    sample = _sample_archive(sample_template_file)
    got = _assert_subset_of_sample(tmp_path / "out.sqlite", sample)
    assert got["members"] == []
    assert "  Members: saved 0 of 76" in report.lines()  # its indexes still count them
    names = {m["name"] for m in sample["members"]}
    entries = [e for e in sample["package_entries"] if e["members"]]
    assert entries and len(got["package_entries"]) == len(sample["package_entries"]) - len(
        entries)
    reason = next(r for r in report.reasons if r.startswith("Package entries:"))
    assert reason.startswith(f"Package entries: {len(entries)} left out, a Member was lost")
    by_member = [p for p in sample["proposals"] if names & set(p["proponents"])]
    assert by_member and not {p["symbol"] for p in by_member} & {p["symbol"]
                                                                 for p in got["proposals"]}
    assert any("a proponent (a Member) was lost" in r for r in report.reasons)


def test_a_count_that_cannot_be_read_is_said(tmp_path: Path, sample_template_file: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    _use_shell(monkeypatch, None)
    damaged = tmp_path / "d.sqlite"
    shutil.copyfile(sample_template_file, damaged)
    _smash(damaged, *_roots(damaged, "outreach_events").values())  # table and its indexes
    report = rescue.rescue(damaged, tmp_path / "out.sqlite")
    assert ("  Outreach events: 0 saved; the damaged file does not say how many there were"
            in report.lines())
    assert "  Members: saved 76 of 76" in report.lines()


def test_an_existing_out_is_refused_and_left_as_it_was(
        tmp_path: Path, sample_template_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = _damaged_sample(sample_template_file, tmp_path / "d.sqlite")
    out = tmp_path / "taken.sqlite"
    out.write_bytes(b"the office's other file")
    with pytest.raises(rescue.RescueError, match="already exists"):
        rescue.rescue(damaged, out)
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["rescue", str(damaged), str(out)])
    assert exit_info.value.code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and "already exists" in captured.err
    assert out.read_bytes() == b"the office's other file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite", "taken.sqlite"]


def test_out_appearing_during_the_rescue_is_not_replaced(
        tmp_path: Path, sample_template_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    damaged = _damaged_sample(sample_template_file, tmp_path / "d.sqlite")
    out = tmp_path / "out.sqlite"
    real = rescue._import_what_passes

    def meanwhile(*args: object) -> dict[str, int]:
        out.write_bytes(b"written meanwhile")
        return real(*args)

    monkeypatch.setattr(rescue, "_import_what_passes", meanwhile)
    with pytest.raises(rescue.RescueError, match="appeared while the rescue ran"):
        rescue.rescue(damaged, out)
    assert out.read_bytes() == b"written meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite", "out.sqlite"]


@pytest.mark.parametrize("content", ["zeros", "text"])
def test_nothing_readable_writes_nothing_and_says_so(
        tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]) -> None:
    damaged = tmp_path / "d.sqlite"
    damaged.write_bytes(bytes(8192) if content == "zeros" else b"not a database\n" * 500)
    out = tmp_path / "out.sqlite"
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["rescue", str(damaged), str(out)])
    assert exit_info.value.code == 1
    err = capsys.readouterr().err
    assert err == f"msmedesk: Nothing could be read from {damaged}; no file was written.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d.sqlite"]


def test_missing_damaged_file_is_one_sentence(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["rescue", str(tmp_path / "nope.sqlite"), str(tmp_path / "out.sqlite")])
    assert exit_info.value.code == 1
    missing = tmp_path / "nope.sqlite"
    assert capsys.readouterr().err == f"msmedesk: There is no data file at {missing}.\n"
    assert list(tmp_path.iterdir()) == []


def test_read_rows_steps_over_what_raises() -> None:
    """Rowids that raise (here: text that is not UTF-8) are stepped over, the rest read."""
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
    con.executemany("INSERT INTO t VALUES (?, ?)", [(i, f"n{i}") for i in range(1, 200)])
    con.executemany("UPDATE t SET name = CAST(? AS TEXT) WHERE id = ?",
                    [(b"\xff\xfe", 7), (b"\xff", 150), (b"\xff", 199)])
    rows, broken = rescue.read_rows(con, "t", ["id", "name"])
    assert broken
    assert [r[1] for r in rows] == [i for i in range(1, 199) if i not in (7, 150)]

