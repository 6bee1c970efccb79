"""Helpers shared by the data-safety tests (issue 5): files, hashes, exports, corruption."""

from __future__ import annotations

import atexit
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

from msmedesk import archive, cli
from msmedesk.db.engine import open_data_file
from msmedesk.records import Services

PYTHON = sys.executable
REPO = Path(__file__).resolve().parents[2]

_cache: dict[str, Path] = {}
_cache_dir: Path | None = None


def _cached(name: str, build) -> Path:
    global _cache_dir
    if name not in _cache:
        if _cache_dir is None:
            _cache_dir = Path(tempfile.mkdtemp(prefix="msmedesk-safety-"))
            atexit.register(shutil.rmtree, _cache_dir, True)
        path = _cache_dir / f"{name}.sqlite"
        build(path)
        assert not Path(str(path) + "-wal").exists()
        _cache[name] = path
    return _cache[name]


def _build_empty(path: Path) -> None:
    open_data_file(path).dispose()


def _build_sample(path: Path) -> None:
    services = Services(open_data_file(path))
    try:
        archive.import_archive(services, archive.sample_path())
    finally:
        services.close()


def empty_file(dest: Path) -> Path:
    """A new migrated data file at ``dest`` (copied from a template built once)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_cached("empty", _build_empty), dest)
    os.chmod(dest, 0o600)
    return dest


def sample_file(dest: Path) -> Path:
    """A data file at ``dest`` holding the 2024 sample records."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(_cached("sample", _build_sample), dest)
    os.chmod(dest, 0o600)
    return dest


def digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def listing(folder: Path) -> list[str]:
    """Names in a folder (recursively), sorted."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def export_json(path: Path) -> dict:
    """Every record of the data file ``path`` as the archive's JSON (read only)."""
    from sqlalchemy.orm import Session

    from msmedesk.db.engine import make_engine

    engine = make_engine(path)
    try:
        with Session(engine) as session:
            return archive.to_json(archive.load_records(session))
    finally:
        engine.dispose()


def btree_page_in_middle(path: Path, kinds: tuple[int, ...] = (0x02, 0x05, 0x0A, 0x0D)) -> int:
    """The number (from 1) of a b-tree page near the middle of a settled data file.

    ``kinds``: page types (2/10 index interior/leaf, 5/13 table interior/leaf).
    """
    data = path.read_bytes()
    page_size = int.from_bytes(data[16:18], "big")
    pages = len(data) // page_size
    order = sorted(range(2, pages + 1), key=lambda n: abs(n - pages // 2))
    # A page of the records, not of the search index made from them (most of a small
    # file's pages): a lost index page loses no record, and readers never read one.
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        index_pages = {n for (n,) in con.execute(
            "SELECT pageno FROM dbstat WHERE name LIKE 'search%' OR name LIKE 'ix_search%'")}
    finally:
        con.close()
    for n in order:
        if data[(n - 1) * page_size] in kinds and n not in index_pages:
            return n
    raise AssertionError("no b-tree page found")


def corrupt_middle_page(path: Path, kinds: tuple[int, ...] = (0x02, 0x05, 0x0A, 0x0D)) -> None:
    """Overwrite one b-tree page in the middle of ``path`` with garbage (a bad sector)."""
    settle(path)
    page_size = int.from_bytes(path.read_bytes()[16:18], "big")
    n = btree_page_in_middle(path, kinds)
    with path.open("r+b") as fh:
        fh.seek((n - 1) * page_size)
        fh.write(bytes((i * 37 + 11) % 256 for i in range(page_size)))


def settle(path: Path) -> None:
    """Fold the WAL into the file, so the file alone is the database."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        con.close()


def run_cli(*args: str, env: dict | None = None, user: int | None = None,
            timeout: float = 60) -> subprocess.CompletedProcess:
    """``msmedesk ARGS`` in a subprocess."""
    full_env = {**os.environ, **(env or {})}
    kwargs = {}
    if user is not None:
        kwargs = {"user": user, "group": user, "extra_groups": []}
        full_env["HOME"] = "/tmp"
    return subprocess.run([PYTHON, "-m", "msmedesk", *args], capture_output=True, text=True,
                          env=full_env, timeout=timeout, cwd="/", **kwargs)


def write_archive(path: Path, data: dict) -> Path:
    """Write an archive dictionary to ``path``."""
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_here(*args: str) -> subprocess.CompletedProcess:
    """``msmedesk ARGS`` in this process (much quicker than a subprocess)."""
    import contextlib
    import io

    from msmedesk import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exc:
            code = int(exc.code or 0)
    return subprocess.CompletedProcess(list(args), code, out.getvalue(), err.getvalue())


def cli_in_process(capsys, *args: str) -> tuple[int, str, str]:
    """Run the command line in-process: (exit status, stdout, stderr)."""
    try:
        code = cli.main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def newer_program(folder: Path, monkeypatch) -> None:
    """Make this process a msmedesk one schema revision newer (a test-only revision after
    the last that adds a table), so that today's files are of an older schema."""
    from msmedesk.db import header

    version = header.SCHEMA_VERSION
    shutil.copytree(header.MIGRATIONS, folder / "migrations",
                    ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "migrations" / "versions" / f"{version + 1:04d}_probe.py").write_text(
        f'"""probe"""\nfrom alembic import op\nimport sqlalchemy as sa\n\n'
        f'revision = "{version + 1:04d}"\ndown_revision = "{version:04d}"\n'
        'branch_labels = None\ndepends_on = None\n\n\ndef upgrade() -> None:\n'
        '    op.create_table("probe", sa.Column("id", sa.Integer(), primary_key=True))\n'
        f'    op.execute("PRAGMA user_version = {version + 1}")\n')
    monkeypatch.setattr(header, "MIGRATIONS", folder / "migrations")
    monkeypatch.setattr(header, "SCHEMA_VERSION", version + 1)
