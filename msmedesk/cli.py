"""The command line: ``msmedesk [--db PATH] [COMMAND ...]`` (a fixed contract, see design.md).

Each subcommand calls the services, never SQL. A failure prints one plain sentence to
stderr and exits 1; bad usage exits 2 (argparse's own convention).

The window starts here too and paints before the data layer loads (app.py's docstring),
so the data layer, the report and the window itself are imported inside the commands
that use them, each with a one-line comment; the rest is imported at the top.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import shlex
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msmedesk import __version__, cli_find, cli_history, cli_on_server, cli_server, paths

if TYPE_CHECKING:  # (imported where used, so that a command loads only what it needs)
    from msmedesk.records import Services

REPORT_FORMATS = ("docx", "pdf", "html", "md")


class CommandError(Exception):
    """A failure to report to the user as one plain sentence."""


_BACKUP_HELP = ("where automatic backups go (default: $MSMEDESK_BACKUP_DIR, else backups/ "
                "beside the data file)")
_DB_HELP = ("the data file, or a server's postgresql://user@host/database (default: "
            "$MSMEDESK_DB, else the per-user data file)")
_RESCUE_HELP = "recover what can still be read of a damaged data file into a new data file"


def _parser() -> argparse.ArgumentParser:
    db_help = _DB_HELP
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)
    # Writers (sample, import, restore) take the write lock and make backups.
    writer = argparse.ArgumentParser(add_help=False)
    writer.add_argument("--backup-dir", metavar="DIR", default=argparse.SUPPRESS,
                        help=_BACKUP_HELP)
    writer.add_argument("--break-lock", action="store_true",
                        help="break a lock left by msmedesk on another computer (only when "
                             "msmedesk is no longer running there)")

    parser = argparse.ArgumentParser(
        prog="msmedesk",
        description="Records and annual-report drafts of the WTO Informal Working Group on "
                    "MSMEs. Without a command, opens the desktop program.")
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    parser.add_argument("--backup-dir", metavar="DIR", default=None, help=_BACKUP_HELP)
    parser.add_argument("--version", action="version", version=f"msmedesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("sample", parents=[common, writer],
                   help="load the 2024 sample records into an empty data file")
    p = sub.add_parser("import", parents=[common, writer],
                       help="load an archive (all or nothing)")
    p.add_argument("archive", metavar="ARCHIVE.json", type=Path)
    # Writers of a file the user names never replace one unasked.
    replacing = argparse.ArgumentParser(add_help=False)
    replacing.add_argument("--force", action="store_true",
                           help="replace the file if it exists (never the data file itself, "
                                "nor a data file open in msmedesk)")
    cli_history.add_export_parser(sub, [common, replacing])
    p = sub.add_parser("report", parents=[common, replacing],
                       help="write the draft annual report")
    p.add_argument("--year", type=int, required=True)
    # No default: without it, the output file's name says the format (docx if none given).
    p.add_argument("--format", choices=REPORT_FORMATS, default=None,
                   help="docx, pdf, html or md (default: what the -o name ends in, else docx)")
    p.add_argument("-o", "--output", metavar="FILE", type=Path, default=None)
    p.add_argument("--symbol", default=None,
                   help="the report's document symbol, e.g. INF/MSME/R/47 (default: a "
                        "placeholder to fill)")
    p.add_argument("--date", default=None,
                   help="the report's date, e.g. 6 February 2025 (default: a placeholder)")
    sub.add_parser("check", parents=[common], help="integrity and consistency check")
    p = sub.add_parser("backup", parents=[common, replacing],
                       help="consistent copy, even while the program is open")
    p.add_argument("dest", metavar="DEST", type=Path)
    p = sub.add_parser("restore", parents=[common, writer],
                       help="put a backup in place of the data file (which is backed up first)")
    p.add_argument("backup", metavar="BACKUP", type=Path)
    cli_find.add_parser(sub, common)
    cli_server.add_parser(sub)
    p = sub.add_parser("rescue", help=_RESCUE_HELP)
    p.add_argument("damaged", metavar="DAMAGED", type=Path)
    p.add_argument("out", metavar="OUT", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _open_window, "sample": _sample, "import": _import, "export": _export,
        "report": _report, "check": _check, "backup": _backup, "restore": _restore,
        "rescue": _rescue, "find": _find, "setup-server": cli_server.setup_server,
    }
    try:
        args.server = cli_on_server.read(args)  # a server's address, None for a data file
        handlers.update(cli_on_server.handlers(args))
        return handlers[args.command](args)
    except CommandError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("Interrupted; nothing more was written.")
    except Exception as exc:  # the last guard: still one sentence, never a traceback
        # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
        from msmedesk.archive import ArchiveError
        from msmedesk.db.engine import DataFileError
        from msmedesk.safe_write import DestinationRefused
        from msmedesk.validation import ValidationError

        plain = _plain_failure(exc, args)
        if plain:
            _fail(plain)
        if isinstance(exc, ArchiveError | DataFileError | ValidationError | DestinationRefused):
            _fail(str(exc))
        if isinstance(exc, OSError):
            _fail(f"{exc.strerror or exc}{': ' + str(exc.filename) if exc.filename else ''}.")
        _fail(f"msmedesk stopped on an unexpected problem: {type(exc).__name__}: {exc}")
    return 1


def _fail(message: str) -> None:
    message = message.strip()
    if not message.endswith((".", "?", "!")):
        message += "."
    print(f"msmedesk: {message}", file=sys.stderr)
    raise SystemExit(1)


def _db_path(args: argparse.Namespace) -> Path:
    return paths.data_file(getattr(args, "db", None))


def _services(args: argparse.Namespace, *, write: bool) -> Services:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.engine import open_data_file
    from msmedesk.db.safety import open_for_reading
    from msmedesk.records import Services

    if args.server is not None:
        return cli_on_server.services(args, write=write)
    path = _db_path(args)
    if write:
        return Services(open_data_file(path, create=True))
    # Readers take no lock and work on a read-only file, folder or medium too.
    return Services(open_for_reading(path, backup_folder=getattr(args, "backup_dir", None)))


@contextlib.contextmanager
def _writing(args: argparse.Namespace) -> Iterator[tuple[Any, Any]]:
    """Services on the data file opened as its one writer: lock, daily backup, then close."""
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.safety import open_for_writing
    from msmedesk.records import Services

    opened = open_for_writing(_db_path(args), backup_folder=getattr(args, "backup_dir", None),
                              force=getattr(args, "break_lock", False))
    try:
        yield Services(opened.engine), opened
    finally:
        opened.close()


def _plain_failure(exc: BaseException, args: argparse.Namespace) -> str | None:
    """The sentence for failures that need more than their own message."""
    if getattr(args, "server", None) is not None:
        return cli_on_server.plain_failure(exc, args)
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.engine import DataFileError
    from msmedesk.db.health import DataFileDamaged, is_damage_error
    from msmedesk.db.lock import DataFileLocked

    if isinstance(exc, DataFileLocked):
        if exc.other_host:
            return (f"{str(exc).rstrip('.')}; if msmedesk is no longer running there, run "
                    "the command again with --break-lock.")
        return (f"{str(exc).rstrip('.')}; close it there first (report, export, backup and "
                "check may run meanwhile).")
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.backups import BackupError
    from msmedesk.db.safety import describe_failure

    if isinstance(exc, BackupError) and args.command == "restore":
        return None  # the backup is what is unsound: advice about the data file would mislead
    if isinstance(exc, DataFileDamaged) or is_damage_error(exc):
        text = describe_failure(exc, _db_path(args)) or str(exc)
        return f"{text.rstrip('.')}; {_restore_hint(args)}"
    if isinstance(exc, DataFileError):
        return None  # its own message says it
    return describe_failure(exc, _db_path(args))


def _restore_hint(args: argparse.Namespace) -> str:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.backups import folder_for, latest_backup
    from msmedesk.db.health import rescue_hint

    path = _db_path(args)
    newest = latest_backup(folder_for(path, getattr(args, "backup_dir", None)), path)
    if newest is None:
        return f"run msmedesk check for details; {rescue_hint(path)}."
    return (f"the newest backup, of {newest[1]:%d %B %Y %H:%M}, goes back with: msmedesk "
            f"restore {shlex.quote(str(newest[0]))}; or {rescue_hint(path)}.")


def _open_window(args: argparse.Namespace) -> int:
    # Qt and the window: loaded only to open the window (0.2 s for other commands).
    from msmedesk.app import run

    return run(args.server or _db_path(args), getattr(args, "backup_dir", None))


def _sample(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.archive import counts_text, import_archive, sample_path

    with _writing(args) as (services, _opened):
        if not services.is_empty():
            raise CommandError(f"{_db_path(args)} already holds records; the sample is loaded "
                               "only into an empty data file.")
        result = import_archive(services, sample_path())
    print(f"Loaded the 2024 sample records into {_db_path(args)}: {counts_text(result.added)}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.archive import counts_text, import_data, parse_archive, read_archive
    from msmedesk.db.backups import make_backup
    from msmedesk.db.engine import inspect_file

    data = read_archive(args.archive)
    existed = inspect_file(_db_path(args)).exists
    # Refuse a bad archive before creating any data file (checking only the header left
    # a new, empty data file behind when a record was bad); parsed once, used below.
    records = parse_archive(data)
    if not existed:
        result = _import_into_new_file(args, data, records)
        print(f"Imported {args.archive} into the new data file {_db_path(args)}: added "
              f"{counts_text(result.added)}.")
        return 0
    with _writing(args) as (services, opened):
        if existed and opened.daily_backup is None:
            # The day's first backup, made on opening, already is the copy before import.
            make_backup(opened.path, "before-import", opened.backup_folder)
        result = import_data(services, data, records=records)
    unchanged = sum(result.unchanged.values())
    print(f"Imported {args.archive}: added {counts_text(result.added)}"
          + (f"; {unchanged} already there." if unchanged else "."))
    return 0


def _import_into_new_file(args: argparse.Namespace, data: Any, records: Any) -> Any:
    """Import into a data file that does not exist yet: it appears whole, or not at all.

    The file is built and filled under a hidden name and linked into place only once the
    import is committed: a refused import (a dangling reference, say) or a crash leaves no
    file, and of two imports into one new path the second is refused, not lost.
    """
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.archive import import_data
    from msmedesk.db.engine import build_data_file, ensure_folder
    from msmedesk.records import Services

    path = _db_path(args)
    made = [folder for folder in (path.parent, *path.parent.parents) if not folder.exists()]
    ensure_folder(path.parent)
    try:
        # No write lock: nobody can have a file open that does not exist yet, and the link
        # into place refuses a file that appeared meanwhile; a lock file would be the one
        # thing a crash here left beside the missing file.
        return build_data_file(
            path, lambda engine: import_data(Services(engine), data, records=records))
    except Exception as exc:
        failure = _write_failure(path, exc)
        if "is full" in failure or isinstance(exc, OSError):
            raise CommandError(failure) from None
        raise
    finally:
        if not path.exists():
            for folder in made:  # the folders this import made, innermost first
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _write_failure(dest: Path, exc: BaseException) -> str:
    """The sentence for a file that could not be written (nothing was: it is all or nothing)."""
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.engine import os_reason

    text = str(getattr(exc, "orig", None) or exc).lower()
    if (isinstance(exc, OSError) and exc.errno == errno.ENOSPC) or "disk is full" in text:
        return f"Cannot write {dest}: the disk holding {dest} is full; nothing was written."
    if isinstance(exc, OSError):
        return f"Cannot write {dest}: {os_reason(exc)}; nothing was written."
    return f"Cannot write {dest}: {text.rstrip('.')}; nothing was written."


def _export(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.archive import ArchiveError, counts_text, export_archive

    source = None if args.server else _db_path(args)
    stem = source.stem if source else args.server.database
    dest = _destination(args.archive, f"{stem}-archive-{date.today().isoformat()}.json",
                        args.force, source)
    services = _services(args, write=False)
    try:
        counts = export_archive(services, dest, replace=args.force, history=args.history)
    except ArchiveError as exc:
        if isinstance(exc.__cause__, OSError):
            raise CommandError(_write_failure(dest, exc.__cause__)) from None
        raise
    finally:
        services.close()
    print(f"Wrote {dest}: {counts_text(counts)}.")
    return 0


def _header_options(args: argparse.Namespace) -> tuple[str | None, str | None, str | None]:
    """--symbol and --date as the header prints them, and what is odd about the symbol."""
    from msmedesk.report.header import HeaderError, read_report_date, read_symbol, symbol_flag

    try:
        symbol = read_symbol(args.symbol, "--symbol")
        date = read_report_date(args.date, "--date")
    except HeaderError as exc:
        raise CommandError(f"Nothing was written: {exc}") from None
    return symbol, date, symbol_flag(symbol)


def _report(args: argparse.Namespace) -> int:
    # The report: loaded by this command only (about 10 ms for the others).
    from msmedesk.report import ReportFormatError, default_file_name, format_for, write_report
    from msmedesk.report.checklist import checklist
    from msmedesk.report.years import year_notices, year_problem

    problem = year_problem(args.year)
    if problem:
        raise CommandError(problem)
    symbol, date, flag = _header_options(args)
    output = args.output
    fmt = args.format or "docx"
    if output is None:
        output = Path(default_file_name(args.year, fmt))
    elif not output.is_dir():
        try:
            fmt = format_for(output, args.format)
        except ReportFormatError as exc:
            raise CommandError(str(exc)) from None
    dest = _destination(output, default_file_name(args.year, fmt), args.force,
                        None if args.server else _db_path(args))
    services = _services(args, write=False)
    try:
        try:
            report = write_report(services, args.year, fmt, dest, replace=args.force,
                                  symbol=symbol, date=date)
        except OSError as exc:
            # The report's own disk, not the data file's, is the one that failed.
            raise CommandError(_write_failure(dest, exc)) from None
        notices = year_notices(services, args.year)
        gaps = checklist(services, report)
    finally:
        services.close()
    print(f"Wrote the draft {args.year} annual report to {dest}.")
    for notice in ([flag] if flag else []) + list(notices):
        print(f"msmedesk: warning: {notice}", file=sys.stderr)
    # The year-end checklist: what staff still fill in, and which record holds each.
    print(gaps.count_line() + (":" if gaps.gaps else "."), file=sys.stderr)
    for gap in gaps.gaps:
        print(f"  {gap.line()}", file=sys.stderr)
    return 0


def _destination(dest: Path, default_name: str, force: bool, data_file: Path | None) -> Path:
    """The file to write for DEST (a folder gets ``default_name``), or a CommandError."""
    # safe_write: loaded by the commands that write a file (10-30 ms for the others).
    from msmedesk.safe_write import DestinationRefused, choose_destination

    try:
        return choose_destination(dest, default_name, replace=force, data_file=data_file)
    except DestinationRefused as exc:
        raise CommandError(str(exc)) from None


def _find(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.search.query import IndexRebuilding, SearchError

    if args.limit < 1:
        raise CommandError(f"--limit must be a whole number of at least 1, not {args.limit}.")
    services = _services(args, write=False)
    try:
        if cli_find.complete_index(services, lambda: _writing(args)):
            services.close()  # (read again: the reader may not see the index completed)
            services = _services(args, write=False)
        # "@name": a saved search (Find anywhere's, else the one tab's of that name).
        query, scope = services.saved_searches.resolve(args.query)
        results = services.find(query, limit=args.limit)
    except LookupError as exc:
        raise CommandError(str(exc)) from None
    except IndexRebuilding as exc:
        raise CommandError(exc.message) from None
    except SearchError as exc:
        raise CommandError(f"{exc.message.rstrip('.')} (at character {exc.position + 1} "
                           "of the search); nothing was searched.") from None
    finally:
        services.close()
    if scope is not None:  # a tab's saved search finds that tab's records only
        results = replace(results, groups=tuple(g for g in results.groups if g.kind == scope))
    sys.stdout.write(cli_find.found_text(results, args.query, args.format))
    return 0


def _check(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.checks import check_with_warnings

    found = check_with_warnings(_db_path(args))
    for line in (*found.problems, *found.warnings):
        print(line)
    if found.problems:
        return 1  # warnings alone leave the file sound
    n = len(found.warnings)
    tail = f", apart from the {n} warning{'s' if n > 1 else ''} above" if n else ""
    print(f"{_db_path(args)} is sound{tail}.")
    return 0


def _restore(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.backups import folder_for, restore
    from msmedesk.db.engine import ensure_folder
    from msmedesk.db.lock import acquire_write_lock

    path = _db_path(args)
    if not args.backup.exists():
        raise CommandError(f"There is no backup at {args.backup}.")
    ensure_folder(path.parent)
    with acquire_write_lock(path, force=args.break_lock):
        before = restore(args.backup, path, folder_for(path, getattr(args, "backup_dir", None)))
    kept = f"; the file it replaced is kept as {before}" if before else ""
    print(f"Restored {path} from {args.backup}{kept}.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.db.engine import copy_database, inspect_file
    from msmedesk.db.health import DataFileDamaged, is_damage_error, rescue_hint
    from msmedesk.db.schema import refuse_foreign

    source = _db_path(args)
    if not inspect_file(source).exists:
        raise CommandError(f"There is no data file at {source}.")
    refuse_foreign(source, missing_only=True)  # a file without our tables is no backup
    dest = _destination(args.dest, source.name, args.force, source)
    try:
        # Verified before it gets its name: a damaged file is refused, never copied.
        copy_database(source, dest, replace=args.force)
    except DataFileDamaged as exc:
        found = exc.findings[0].removeprefix("Damage: ").rstrip(".")
        raise CommandError(f"{source} is damaged ({found}), so no backup was made; "
                           f"{rescue_hint(source)}.") from None
    except (OSError, sqlite3.Error) as exc:
        if is_damage_error(exc):
            raise
        raise CommandError(_write_failure(dest, exc)) from None
    print(f"Backed up {source} to {dest}; the copy was checked and holds every record.")
    return 0


def _rescue(args: argparse.Namespace) -> int:
    # Data layer: loaded by the commands that use it, after the window's paint (0.4 s).
    from msmedesk.rescue import RescueError, rescue

    try:
        report = rescue(args.damaged, args.out)
    except RescueError as exc:
        raise CommandError(str(exc)) from None
    print("\n".join(report.lines()))
    return 0

