"""A throwaway PostgreSQL cluster for the tests, and engines/services on either place.

The cluster lives in a temporary folder the ``postgres`` user can reach (pytest's
``tmp_path`` is 0700 and root's), listens on a Unix socket in that folder only, on a free
port number, trusts every local role, and is stopped and removed at the end. Run as root,
the server's programs run as ``postgres`` (PostgreSQL refuses to run as root).
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine

from msmedesk.db.location import read_location

SERVER_USER = "postgres"
PREFIX = "msmedesk-pg-"
OWNER = "owner.pid"


def server_binaries() -> Path | None:
    """The folder holding initdb and pg_ctl, or None where no PostgreSQL server is installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    for folder in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(folder, "initdb").exists() and Path(folder, "pg_ctl").exists():
            return Path(folder)
    return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def sweep_abandoned() -> None:
    """Stop and remove the clusters whose test run was killed (its process is gone)."""
    binaries = server_binaries()
    for folder in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((folder / OWNER).read_text())
        except (OSError, ValueError):
            continue  # being made just now, or not one of ours
        if _alive(owner):
            continue
        if binaries is not None and (folder / "data" / "postmaster.pid").exists():
            command = [str(binaries / "pg_ctl"), "-D", str(folder / "data"), "-m",
                       "immediate", "-w", "stop"]
            if _as_root():
                command = ["runuser", "-u", SERVER_USER, "--", *command]
            subprocess.run(command, capture_output=True, cwd=tempfile.gettempdir())
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    # The server listens on a Unix socket only; the number names the socket file, and a
    # free TCP port keeps it from meeting any other cluster's name.
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class PgCluster:
    """A running throwaway cluster: its socket folder, port and how to reach its databases."""

    def __init__(self, binaries: Path) -> None:
        self.binaries = binaries
        sweep_abandoned()
        self.folder = Path(tempfile.mkdtemp(prefix=PREFIX))
        # Whose cluster this is: a run killed before it could stop its server leaves it to
        # the next run to stop (sweep_abandoned).
        (self.folder / OWNER).write_text(str(os.getpid()))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.socket = str(self.folder)
        if _as_root():
            shutil.chown(self.folder, user=SERVER_USER)
        self._run("initdb", "-A", "trust", "-U", SERVER_USER, "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync", "-D", str(self.data))
        # Durability is the test machine's least concern: no fsync, so tests run faster.
        options = (f"-k {self.socket} -p {self.port} -h '' -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c wal_level=minimal "
                   "-c max_wal_senders=0")
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l",
                  str(self.folder / "log"), "-w", "start")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.binaries / program), *args]
        if _as_root():
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        done = subprocess.run(command, capture_output=True, text=True, cwd=self.folder)
        if done.returncode != 0:
            log = self.folder / "log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"{program} failed: {done.stderr.strip()} {tail}")

    def url(self, dbname: str, user: str = SERVER_USER) -> str:
        """The address of ``dbname`` on this cluster as ``user`` (no password: trust)."""
        return f"postgresql://{user}@/{dbname}?host={self.socket}&port={self.port}"

    def sql(self, statement: str, dbname: str = "postgres",
            params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        """Run one statement in autocommit as the superuser; the rows it returned, if any."""
        with psycopg.connect(host=self.socket, port=self.port, user=SERVER_USER,
                             dbname=dbname, autocommit=True) as con:
            cursor = con.execute(statement, params or None)  # type: ignore[arg-type]
            return list(cursor.fetchall()) if cursor.description else []

    def create_database(self, name: str, template: str | None = None) -> str:
        """Create the database ``name`` (a copy of ``template`` if given); its address."""
        # FILE_COPY: copying a small template's files is quicker than writing them all
        # to the WAL (PostgreSQL 15's default, WAL_LOG).
        like = f' TEMPLATE "{template}" STRATEGY FILE_COPY' if template else ""
        self.sql(f'CREATE DATABASE "{name}"{like}')
        return self.url(name)

    def drop_database(self, name: str) -> None:
        """Drop ``name``, closing what is still connected to it."""
        self.sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def require_password(self, role: str) -> None:
        """Make the server ask ``role`` for its password (every other role stays trusted)."""
        hba = self.data / "pg_hba.conf"
        hba.write_text(f"local all {role} scram-sha-256\n" + hba.read_text())
        self.sql("SELECT pg_reload_conf()")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster() -> PgCluster:
    """A running cluster; without server binaries the test is skipped, saying why, or,
    under CI=true, fails (a CI run must run the PostgreSQL half)."""
    binaries = server_binaries()
    if binaries is None:
        reason = ("no PostgreSQL server binaries (initdb, pg_ctl) were found; tools/setup "
                  "installs them")
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return PgCluster(binaries)


def engine_for(location: str | Path) -> Engine:
    """An engine on a data file's path or a server's address, as the program opens it."""
    where = read_location(location)
    if isinstance(where, Path):
        from msmedesk.db.engine import open_data_file

        return open_data_file(where)
    from msmedesk.db.server import open_server

    return open_server(where).engine


def services_for(location: str | Path) -> Any:
    """``Services`` over ``engine_for(location)`` (close them when done)."""
    from msmedesk.records import Services

    return Services(engine_for(location))
