"""The sample records shipped with the program, as an archive."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def sample_path() -> Path:
    """The archive of the 2024 sample records shipped in resources/."""
    return Path(str(resources.files("msmedesk") / "resources" / "sample-2024.json"))
