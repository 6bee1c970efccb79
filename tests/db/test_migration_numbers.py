"""Each revision's numbers agree: its schema version is its revision, and going back sets
the version of the revision it came from (a renumbered revision keeps them in step)."""

from __future__ import annotations

import re
from pathlib import Path

import msmedesk.db.migrations.versions as versions_package

VERSIONS = Path(versions_package.__file__).parent


def _revisions() -> list[tuple[Path, str]]:
    return [(p, p.read_text(encoding="utf-8")) for p in sorted(VERSIONS.glob("0*.py"))]


def test_every_revision_sets_its_own_version_and_going_back_the_one_before() -> None:
    seen = []
    for path, text in _revisions():
        revision = re.search(r"^revision = '(\d+)'", text, re.M)
        down = re.search(r"^down_revision = (?:'(\d+)'|None)", text, re.M)
        assert revision and down, path.name
        assert path.name.startswith(revision.group(1) + "_"), path.name
        version = re.search(r"^SCHEMA_VERSION = (\d+)", text, re.M)
        assert version and int(version.group(1)) == int(revision.group(1)), path.name
        if down.group(1) is not None:
            # (set_schema_version: the file's user_version, nothing on a server)
            back = re.findall(r"set_schema_version\((\d+)\)", text)
            assert back and int(back[-1]) == int(down.group(1)), path.name
            assert seen[-1] == down.group(1), path.name  # one line, in order
        seen.append(revision.group(1))
    assert len(seen) >= 7
