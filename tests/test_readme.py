"""The README's commands work as printed, its command-line summary matches --help, and the
archive format it points to is in the repository and says what the shared contract says.

The README's examples run in order in one temporary folder, as a newcomer would type them
after ``tools/setup``: ``.venv/bin/msmedesk`` there is a link to the console script installed
beside this Python (the only thing not as printed), with its own home and XDG folders.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from msmedesk import archive
from msmedesk.db.lock import is_held, lock_path, read_holder

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
FORMAT_DOC = ROOT / "docs" / "archive-format.md"
SHARED_FORMAT_DOC = ROOT.parent / "shared" / "archive-format.md"
CONSOLE_SCRIPT = Path(sys.executable).with_name("msmedesk")
PROGRAM = ".venv/bin/msmedesk"
# xvfb-run's options that take a value (the value is the next word).
XVFB_RUN_VALUE_OPTIONS = {"-e", "-f", "-n", "-p", "-s", "-w", "--error-file", "--auth-file",
                          "--server-num", "--xauth-protocol", "--server-args", "--wait"}
# Far beyond what any README command takes; a window stuck on a message box never ends.
COMMAND_TIMEOUT = 120
WINDOW_OPEN_TIMEOUT = 30  # until the window holds its data file's lock
WINDOW_CLOSE_TIMEOUT = 15  # from SIGTERM until the window (and xvfb-run) ended
FILE_WORD = re.compile(r"^[\w./-]+\.(?:sqlite|json|docx|pdf|html|md)$")


def readme_text() -> str:
    return README.read_text(encoding="utf-8")


def shell_commands(text: str) -> list[str]:
    """Every command line of the ```sh blocks, backslash continuations joined."""
    commands = []
    for block in re.findall(r"^```sh\n(.*?)^```", text, re.S | re.M):
        for line in re.sub(r"\\\n[ \t]*", " ", block).splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                commands.append(line)
    return commands


def program_words(command: str) -> list[str] | None:
    """The words after ``.venv/bin/msmedesk`` when the command runs the installed program
    (directly or under xvfb-run); None for any other command."""
    words = shlex.split(command, comments=True)
    if words[:1] == ["xvfb-run"]:
        words = words[1:]
        while words and words[0].startswith("-"):
            option = words.pop(0)
            if option in XVFB_RUN_VALUE_OPTIONS and words:
                words.pop(0)
    if words[:1] == [PROGRAM]:
        return words[1:]
    return None


def needs_display(command: str) -> bool:
    return shlex.split(command)[0] == "xvfb-run"


def subcommand(words: list[str]) -> str | None:
    """The msmedesk command that program words run (None: the window, or --version)."""
    rest = iter(words)
    for word in rest:
        if word in ("--db", "--backup-dir"):
            next(rest, None)  # its value
        elif not word.startswith("-"):
            return word
    return None


README_RUNS = [c for c in shell_commands(readme_text()) if program_words(c) is not None]


class Workspace:
    """The temporary folder the README's commands run in, in order, and how far they got."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.done = 0
        (folder / ".venv" / "bin").mkdir(parents=True)
        if CONSOLE_SCRIPT.exists():
            (folder / PROGRAM).symlink_to(CONSOLE_SCRIPT)
        drop = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")
        self.env = {k: v for k, v in os.environ.items()
                    if not k.startswith("MSMEDESK_") and k not in drop}
        for name, sub in (("HOME", "home"), ("XDG_DATA_HOME", "xdg-data"),
                          ("XDG_CONFIG_HOME", "xdg-config"), ("XDG_CACHE_HOME", "xdg-cache"),
                          ("XDG_STATE_HOME", "xdg-state")):
            (folder / sub).mkdir()
            self.env[name] = str(folder / sub)

    def run(self, command: str) -> subprocess.CompletedProcess[str]:
        """Runs one README command as printed, with bash, in the folder."""
        # Its own process group, so that a command that hangs (a window waiting behind a
        # message box) is ended with all it started: xvfb-run, Xvfb and msmedesk.
        process = subprocess.Popen(["bash", "-c", command], cwd=self.folder, env=self.env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   start_new_session=True)
        told = ""
        timeout = COMMAND_TIMEOUT
        if needs_display(command):
            # The window stays open until it is closed: once it holds its data file, it is
            # asked to close as `kill -TERM` would, and must end soon and cleanly.
            told = self._terminate_window(process, self.data_file(command))
            timeout = WINDOW_CLOSE_TIMEOUT
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            stdout, stderr = process.communicate()
            stderr += f"\n(still running after {timeout} s, so it was stopped)"
        return subprocess.CompletedProcess(process.args, process.returncode, stdout,
                                           stderr + told)

    def data_file(self, command: str) -> Path:
        """The data file a window command opens (its ``--db``)."""
        words = program_words(command) or []
        return self.folder / words[words.index("--db") + 1]

    def _terminate_window(self, process: subprocess.Popen[str], db: Path) -> str:
        """SIGTERM to the window once it holds ``db``'s write lock; what went wrong, if any."""
        deadline = time.monotonic() + WINDOW_OPEN_TIMEOUT
        while not is_held(db):
            if process.poll() is not None:
                return "\n(the window ended before it opened its data file)"
            if time.monotonic() > deadline:
                return f"\n(the window did not open {db.name} within {WINDOW_OPEN_TIMEOUT} s)"
            time.sleep(0.1)
        holder = read_holder(db)
        if holder is None:
            return f"\n(the lock of {db.name} names no process)"
        os.kill(holder.pid, signal.SIGTERM)
        return ""

    def check(self, command: str) -> None:
        """Runs a command and asserts it worked: exit 0, and the files it names are there."""
        result = self.run(command)
        said = f"{command!r} printed:\n{result.stdout}{result.stderr}"
        assert result.returncode == 0, f"exit status {result.returncode}: {said}"
        if needs_display(command):
            db = self.data_file(command)
            assert not is_held(db), f"the window left {db.name} locked: {said}"
            assert not lock_path(db).exists(), f"the window left {lock_path(db).name}: {said}"
        for word in program_words(command) or []:
            if FILE_WORD.match(word):
                assert (self.folder / word).exists(), f"{word} was not written: {said}"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    if not CONSOLE_SCRIPT.exists():
        pytest.fail(f"{CONSOLE_SCRIPT} is missing: tools/setup installs it")
    if shutil.which("bash") is None:
        pytest.skip("needs bash to run the README's commands")
    return Workspace(tmp_path_factory.mktemp("readme"))


@pytest.mark.parametrize("index", range(len(README_RUNS)), ids=README_RUNS)
def test_readme_command_works_as_printed(workspace: Workspace, index: int):
    """Each command, after the ones printed before it (run here if this test runs alone)."""
    command = README_RUNS[index]
    if needs_display(command) and shutil.which("xvfb-run") is None:
        pytest.skip("xvfb-run is not installed (tools/setup installs it)")
    while workspace.done < index:
        earlier = README_RUNS[workspace.done]
        workspace.done += 1
        if not (needs_display(earlier) and shutil.which("xvfb-run") is None):
            workspace.check(earlier)
    # Counted as run even if it fails, so that each failure is reported once, by its own test.
    workspace.done = index + 1
    workspace.check(command)


def test_readme_shows_the_commands_a_clerk_needs():
    """The examples (and so the test above) cover the window and every everyday command,
    a year's report included."""
    shown = {subcommand(program_words(c) or []) for c in README_RUNS}
    for needed in (None, "sample", "export", "import", "report", "check", "backup", "restore"):
        assert needed in shown, f"the README shows no runnable example of {needed or 'the window'}"
    assert any(needs_display(c) for c in README_RUNS), "no way to try the window on a server"
    assert any("--year" in (program_words(c) or []) for c in README_RUNS)


def test_readme_commands_run_the_program_where_setup_puts_it():
    """``msmedesk`` alone is not on PATH after tools/setup, so no command may rely on it, and
    a command shown inline in the text belongs in a ```sh block, where it is tested."""
    text = readme_text()
    for command in shell_commands(text):
        words = shlex.split(command, comments=True)
        assert "msmedesk" not in words, f"{command!r}: write {PROGRAM}, which tools/setup makes"
    tested = set(shell_commands(text))
    inline = re.findall(r"(?<!`)`([^`\n]+)`(?!`)", text)
    for span in inline:
        if span.startswith(("xvfb-run ", f"{PROGRAM} ")):
            assert span in tested, f"`{span}` is shown in the text but not in a ```sh block"


def _usage(args: list[str]) -> str:
    result = subprocess.run([str(CONSOLE_SCRIPT), *args, "--help"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _usage_words(usage: str) -> tuple[set[str], set[str], set[str]]:
    """Options, upper-case placeholders and choice lists ("a|b") in a usage text."""
    options = set(re.findall(r"(?:(?<=\s)|(?<=\[))(--?[a-z][\w-]*)", usage)) - {"-h", "--help"}
    placeholders = set(re.findall(r"\b[A-Z]{2,}(?:\.json)?\b", usage)) - {"COMMAND"}
    choices = {"|".join(c.split(",")) for c in re.findall(r"\{([\w,]+)\}", usage)}
    return options, placeholders, choices | set(re.findall(r"\b\w+(?:\|\w+)+\b", usage))


def test_readme_command_line_summary_matches_help():
    """Every command and option of ``msmedesk --help`` is in the README's summary, and the
    summary shows none that the program does not have."""
    if not CONSOLE_SCRIPT.exists():
        pytest.fail(f"{CONSOLE_SCRIPT} is missing: tools/setup installs it")
    text = readme_text()
    section = text.split("## The command line", 1)[1]
    block = re.search(r"^```\n(.*?)^```", section, re.S | re.M).group(1)
    summary: dict[str | None, str] = {}
    for line in block.splitlines():
        if line.startswith("msmedesk"):
            synopsis = re.split(r"\s{2,}", line)[0].split()[1:]
            key = synopsis[0] if synopsis and not synopsis[0].startswith(("-", "[")) else None
            summary[key] = summary.get(key, "") + " " + " ".join(synopsis)
    top = _usage([])
    commands = re.findall(r"^ {4}([\w-]+) ", top.split("positional arguments:", 1)[1], re.M)
    assert set(summary) - {None} == set(commands), (
        f"README summary shows {sorted(k for k in summary if k)}, --help has {commands}")
    for command in [None, *commands]:
        usage = _usage([command] if command else [])
        usage = usage.split("\n\n", 1)[0]
        options, placeholders, choices = _usage_words(usage)
        shown_options, shown_placeholders, shown_choices = _usage_words(summary[command])
        name = f"msmedesk {command or ''}".strip()
        assert shown_options == options, (
            f"{name}: README shows options {sorted(shown_options)}, --help {sorted(options)}")
        assert placeholders <= shown_placeholders, f"{name}: README lacks {placeholders}"
        assert choices <= shown_choices, f"{name}: README shows {shown_choices}, not {choices}"


def test_readme_links_point_to_files_in_the_repository():
    """The archive format the README names is in the repository, and so is every file it
    links to."""
    text = readme_text()
    assert "](docs/archive-format.md)" in text
    for target in re.findall(r"\]\(([^)#\s]+)\)", text):
        if not re.match(r"\w+:", target):
            assert (ROOT / target).exists(), f"the README links to {target}, which is missing"


def _backticked_words(text: str) -> set[str]:
    """Keys and values a format document names: its JSON keys and its `code` words."""
    words = set(re.findall(r'"([a-z_]+)"\s*:', text))
    for span in re.findall(r"`([^`\n]+)`", text):
        words.add(span)
        words.update(re.findall(r"[a-z][a-z0-9_-]*", span))
    return words


def test_archive_format_doc_names_every_key_and_value_of_the_shared_contract():
    if not SHARED_FORMAT_DOC.exists():
        pytest.skip("shared/archive-format.md is not beside the project")
    shared = _backticked_words(SHARED_FORMAT_DOC.read_text(encoding="utf-8"))
    ours = _backticked_words(FORMAT_DOC.read_text(encoding="utf-8"))
    contract = {w for w in shared if re.fullmatch(r"[a-z][a-z0-9_-]*|/(?:Rev|Add|Corr)\.N", w)}
    assert len(contract) > 60  # the keys and the kinds and statuses of records
    missing = sorted(contract - ours)
    assert not missing, f"docs/archive-format.md does not name {missing}"


def _keys(value: object, into: set[str]) -> set[str]:
    if isinstance(value, dict):
        for key, item in value.items():
            into.add(key)
            _keys(item, into)
    elif isinstance(value, list):
        for item in value:
            _keys(item, into)
    return into


def test_archive_format_doc_names_every_key_an_export_writes(sample_services, tmp_path):
    archive.export_archive(sample_services, tmp_path / "sample.json")
    written = _keys(json.loads((tmp_path / "sample.json").read_text(encoding="utf-8")), set())
    documented = _backticked_words(FORMAT_DOC.read_text(encoding="utf-8"))
    assert not written - documented, f"undocumented keys: {sorted(written - documented)}"


def test_archive_format_doc_example_imports_whole(services):
    """The example of docs/archive-format.md is a complete archive as printed."""
    text = FORMAT_DOC.read_text(encoding="utf-8")
    data = json.loads(re.search(r"```json\n(.*?)```", text, re.S).group(1))
    result = archive.import_data(services, data)
    for section in ("members", "organizations", "meetings", "proposals", "outreach",
                    "package_entries"):
        assert result.added[section] == len(data[section]), section
