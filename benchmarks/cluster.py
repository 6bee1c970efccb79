"""A throwaway PostgreSQL cluster for the server figures (issue 17), started and stopped by
the benchmark itself, as the tests start theirs (tests/pg.py): ``initdb`` into a temporary
folder the ``postgres`` user can reach, trust for local roles, a Unix socket in that folder
only, a free port number, dropping to ``postgres`` when run as root.

Unlike the tests' cluster it keeps PostgreSQL's own durability settings (fsync and
synchronous commit on): an office's server commits to its disk, and both sides of a figure
pay the same for it.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

SERVER_USER = "postgres"


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None where no PostgreSQL server is installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class Cluster:
    """A running cluster of the benchmark's own; ``stop()`` removes it."""

    def __init__(self) -> None:
        binaries = server_binaries()
        if binaries is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb, pg_ctl) were found; "
                               "tools/setup installs them")
        self.binaries = binaries
        self.folder = Path(tempfile.mkdtemp(prefix="msmedesk-bench-pg-"))
        self.data = self.folder / "data"
        with socket.socket() as probe:  # a free number names the socket file
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])
        if _as_root():
            shutil.chown(self.folder, user=SERVER_USER)
        self._run("initdb", "-A", "trust", "-U", SERVER_USER, "-E", "UTF8",
                  "--locale=C.UTF-8", "-D", str(self.data))
        self._run("pg_ctl", "-D", str(self.data), "-o",
                  f"-k {self.folder} -p {self.port} -h '' -c shared_buffers=256MB",
                  "-l", str(self.folder / "log"), "-w", "start")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if _as_root():
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr.strip()[-2000:]}")

    def url(self, dbname: str) -> str:
        """The address of ``dbname`` as the superuser (no password: trust)."""
        return f"postgresql://{SERVER_USER}@/{dbname}?host={self.folder}&port={self.port}"

    def conninfo(self, dbname: str) -> str:
        """The same address as psycopg's key=value text (for the floors)."""
        return f"host={self.folder} port={self.port} user={SERVER_USER} dbname={dbname}"

    def sql(self, statement: str) -> None:
        """Run one statement in autocommit on the ``postgres`` database."""
        import psycopg

        with psycopg.connect(self.conninfo("postgres"), autocommit=True) as con:
            con.execute(statement)  # type: ignore[arg-type]

    def fresh(self, name: str, template: str | None = None) -> str:
        """Drop ``name`` if it is there and make it again (a copy of ``template``)."""
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        like = f' TEMPLATE "{template}"' if template else ""
        self.sql(f'CREATE DATABASE "{name}"{like}')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
