"""The command line: ``msmedesk [--db PATH] [COMMAND ...]`` (a fixed contract, see design.md).

Each subcommand calls the services, never SQL. A failure prints one plain sentence to
stderr and exits 1; bad usage exits 2 (argparse's own convention).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from msmedesk import __version__

REPORT_FORMATS = ("docx", "pdf", "html", "md")


class CommandError(Exception):
    """A failure to report to the user as one plain sentence."""


def _parser() -> argparse.ArgumentParser:
    db_help = "the data file (default: $MSMEDESK_DB, else the per-user data file)"
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help=db_help)

    parser = argparse.ArgumentParser(
        prog="msmedesk",
        description="Records and annual-report drafts of the WTO Informal Working Group on "
                    "MSMEs. Without a command, opens the desktop program.")
    parser.add_argument("--db", metavar="PATH", default=None, help=db_help)
    parser.add_argument("--version", action="version", version=f"msmedesk {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("sample", parents=[common],
                   help="load the 2024 sample records into an empty data file")
    p = sub.add_parser("import", parents=[common], help="load an archive (all or nothing)")
    p.add_argument("archive", metavar="ARCHIVE.json", type=Path)
    p = sub.add_parser("export", parents=[common], help="write every record as an archive")
    p.add_argument("archive", metavar="ARCHIVE.json", type=Path)
    p = sub.add_parser("report", parents=[common], help="write the draft annual report")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--format", choices=REPORT_FORMATS, default="docx")
    p.add_argument("-o", "--output", metavar="FILE", type=Path, default=None)
    sub.add_parser("check", parents=[common], help="integrity and consistency check")
    p = sub.add_parser("backup", parents=[common],
                       help="consistent copy, even while the program is open")
    p.add_argument("dest", metavar="DEST", type=Path)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    handlers: dict[str | None, Callable[[argparse.Namespace], int]] = {
        None: _open_window, "sample": _sample, "import": _import, "export": _export,
        "report": _report, "check": _check, "backup": _backup,
    }
    try:
        return handlers[args.command](args)
    except CommandError as exc:
        _fail(str(exc))
    except KeyboardInterrupt:
        _fail("Interrupted; nothing more was written.")
    except Exception as exc:  # the last guard: still one sentence, never a traceback
        from msmedesk.archive import ArchiveError
        from msmedesk.db.engine import DataFileError
        from msmedesk.validation import ValidationError

        if isinstance(exc, ArchiveError | DataFileError | ValidationError):
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
    from msmedesk import paths

    return paths.data_file(getattr(args, "db", None))


def _services(args: argparse.Namespace, *, write: bool):
    from msmedesk.db.engine import open_data_file
    from msmedesk.records import Services

    path = _db_path(args)
    engine = open_data_file(path, create=write)
    return Services(engine)


def _open_window(args: argparse.Namespace) -> int:
    from msmedesk.app import run

    return run(_db_path(args))


def _sample(args: argparse.Namespace) -> int:
    from msmedesk.archive import import_archive, sample_path

    services = _services(args, write=True)
    try:
        if not services.is_empty():
            raise CommandError(f"{_db_path(args)} already holds records; the sample is loaded "
                               "only into an empty data file.")
        result = import_archive(services, sample_path())
    finally:
        services.close()
    print(f"Loaded the 2024 sample records into {_db_path(args)}: {_counts(result.added)}.")
    return 0


def _import(args: argparse.Namespace) -> int:
    from msmedesk.archive import import_archive, read_archive

    read_archive(args.archive)  # refuse a bad archive before creating any data file
    services = _services(args, write=True)
    try:
        result = import_archive(services, args.archive)
    finally:
        services.close()
    unchanged = sum(result.unchanged.values())
    print(f"Imported {args.archive}: added {_counts(result.added)}"
          + (f"; {unchanged} already there." if unchanged else "."))
    return 0


def _export(args: argparse.Namespace) -> int:
    from msmedesk.archive import export_archive

    services = _services(args, write=False)
    try:
        counts = export_archive(services, args.archive)
    finally:
        services.close()
    print(f"Wrote {args.archive}: {_counts(counts)}.")
    return 0


def _report(args: argparse.Namespace) -> int:
    from msmedesk.report import write_report

    services = _services(args, write=False)
    output = args.output or Path(f"MSME-Group-annual-report-{args.year}.{args.format}")
    try:
        write_report(services, args.year, args.format, output)
    finally:
        services.close()
    print(f"Wrote the draft {args.year} annual report to {output}.")
    return 0


def _check(args: argparse.Namespace) -> int:
    from msmedesk.db.health import check_data_file

    findings = check_data_file(_db_path(args))
    for line in findings:
        print(line)
    if findings:
        return 1
    print(f"{_db_path(args)} is sound.")
    return 0


def _backup(args: argparse.Namespace) -> int:
    from msmedesk.db.engine import copy_database, inspect_file

    source = _db_path(args)
    if not inspect_file(source).exists:
        raise CommandError(f"There is no data file at {source}.")
    dest = args.dest
    if dest.is_dir():
        dest = dest / source.name
    copy_database(source, dest)
    print(f"Backed up {source} to {dest}.")
    return 0


def _counts(counts: dict[str, int]) -> str:
    parts = [f"{n} {name.replace('_', ' ')}" for name, n in counts.items() if n]
    return ", ".join(parts) if parts else "nothing new"
