"""Fault injection (issue 13): kill -9 at random moments of an import into a new path, two
imports into one new path at once, and kill -9 during a backup.

The rounds themselves are in fault_rounds.py (tools/fault_counts.py runs many of each and
counts them). Each test runs a few rounds and fails if any was handled wrong, naming the
seed; set MSMEDESK_FAULT_SEED to replay a run. Bounded: 5 + 3 + 6 rounds, each a couple
of seconds.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from fault_rounds import SEED_ENV, run_group, seed

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

ROUNDS = {"new-path kills": 5, "concurrent imports": 3, "backup kills": 6}


def _all_right(group: str, work: Path) -> None:
    used = seed()
    outcomes = run_group(group, work, ROUNDS[group], random.Random(used))
    wrong = [f"round {n}: {o.detail}" for n, o in enumerate(outcomes) if not o.right]
    if wrong:
        pytest.fail(f"{group}: {len(wrong)} of {len(outcomes)} rounds handled wrong "
                    f"(replay with {SEED_ENV}={used}):\n" + "\n".join(wrong), pytrace=False)


def test_import_into_a_new_path_killed_leaves_nothing_or_a_whole_sound_file(
        tmp_path: Path) -> None:
    _all_right("new-path kills", tmp_path)


def test_two_imports_into_one_new_path_one_wins_the_other_is_told_why_or_finds_it_whole(
        tmp_path: Path) -> None:
    _all_right("concurrent imports", tmp_path)


def test_backup_killed_leaves_no_half_copy_and_none_is_offered_or_restored(
        tmp_path: Path) -> None:
    _all_right("backup kills", tmp_path)
