"""The bad-archive corpus (issue 13): every hostile archive is refused plainly, nothing written.

tests/corpus/archives/NAME.json is an archive that must be refused; NAME.expected.txt
beside it holds the distinctive part of the message (tests/corpus/make_archives.py writes
both). Each is imported into a fresh data file: the refusal must be one plain line
holding that part, and an export of the file must be the same before and after. Files
that are not regular files (a device, a FIFO) and a file over the size limit are made
here, since a repository cannot hold them.
"""

from __future__ import annotations

import os
import signal
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.archive import ArchiveError
from msmedesk.archive import file as archive_file
from msmedesk.records import Services

CORPUS = Path(__file__).resolve().parent / "corpus" / "archives"
VARIANTS = sorted(p.name.removesuffix(".json") for p in CORPUS.glob("*.json"))


@contextmanager
def _at_most(seconds: int) -> Iterator[None]:
    """Fail instead of hanging: a reader that blocks (a FIFO) or never ends (/dev/zero)."""
    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"still reading after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def _export(services: Services, path: Path) -> bytes:
    archive.export_archive(services, path, replace=True)  # each refusal compares afresh
    return path.read_bytes()


def _refused(services: Services, path: Path, tmp_path: Path) -> str:
    """Import ``path``; the one-line message of its refusal, after checking nothing changed."""
    before = _export(services, tmp_path / "before.json")
    with _at_most(20), pytest.raises(ArchiveError) as caught:
        archive.import_archive(services, path)
    message = str(caught.value)
    assert "\n" not in message and "Traceback" not in message, message
    assert _export(services, tmp_path / "after.json") == before
    assert sum(services.counts().values()) == 0
    return message


@pytest.mark.parametrize("name", VARIANTS)
def test_each_bad_archive_is_refused_with_its_message(name, services, tmp_path):
    expected = (CORPUS / f"{name}.expected.txt").read_text(encoding="utf-8").strip()
    message = _refused(services, CORPUS / f"{name}.json", tmp_path)
    assert expected in message, message


def test_a_byte_order_mark_is_read_as_utf8(services, tmp_path):
    # Notepad writes one: it changes no character of the archive, so it is not a fault.
    # (The archive is the corpus's base, which each variant changes in one place.)
    from corpus.make_archives import GOOD

    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD)
    result = archive.import_archive(services, path)
    assert result.added["members"] == 2 and result.added["meetings"] == 1


# ---------------------------------------------------------------- files that are not files


def test_a_device_is_refused_at_once(services, tmp_path):
    # stat gives a size of 0 for /dev/zero: a reader that trusted it read without end.
    for device in ("/dev/zero", "/dev/null", "/dev/urandom"):
        message = _refused(services, Path(device), tmp_path)
        assert "is not a regular file" in message and device in message, message


def test_a_link_to_a_device_is_refused(services, tmp_path):
    link = tmp_path / "archive.json"
    link.symlink_to("/dev/zero")
    assert "is not a regular file" in _refused(services, link, tmp_path)


def test_a_fifo_is_refused_without_waiting_for_a_writer(services, tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    message = _refused(services, fifo, tmp_path)
    assert "is not a regular file" in message, message


def test_a_file_over_the_limit_is_refused_naming_the_limit(services, tmp_path):
    huge = tmp_path / "huge.json"
    with huge.open("wb") as fh:  # sparse: costs no disk
        fh.truncate(archive.MAX_ARCHIVE_BYTES + 1)
    message = _refused(services, huge, tmp_path)
    assert f"(the limit is {archive.MAX_ARCHIVE_BYTES // 2**20:,} MB)" in message, message


def test_the_limit_holds_the_benchmarks_largest_archive():
    # The benchmark's scale-10 archive (/work/shared/bench/gen_scale_archive.py --scale 10)
    # is 497,043,948 bytes written compactly; an export of it, indented, is larger still.
    assert archive.MAX_ARCHIVE_BYTES >= 1.5 * 497_043_948


def test_the_reader_reads_no_more_than_the_limit(tmp_path, monkeypatch):
    # A file that grows after its size was looked at (or whose size lies, as a device's
    # does) is still read only up to the limit, then refused.
    path = tmp_path / "growing.json"
    path.write_bytes(b'{"format": "msmedesk-archive", "version": 1, "members": []}' + b" " * 200)
    inode = path.stat().st_ino
    monkeypatch.setattr(archive_file, "MAX_ARCHIVE_BYTES", 100)

    def lying(real):
        def call(*args, **kwargs):
            st = real(*args, **kwargs)
            if st.st_ino != inode:
                return st
            return os.stat_result((*st[:6], 10, *st[7:]))
        return call

    monkeypatch.setattr(os, "stat", lying(os.stat))
    monkeypatch.setattr(os, "fstat", lying(os.fstat))
    assert path.stat().st_size == 10
    with pytest.raises(ArchiveError, match="larger than"):
        archive.read_archive(path)
