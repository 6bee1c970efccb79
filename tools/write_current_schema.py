"""Write msmedesk/db/current_schema.py: the objects of the current schema, from the models.

Opening a file of the current schema compares its objects with these (``db.schema``)
without loading SQLAlchemy and the models (issue 18). Run after a change to the models or
a new revision; ``tests/db/test_current_schema.py`` fails until it is run::

    python tools/write_current_schema.py
"""

from __future__ import annotations

import sys
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "msmedesk" / "db" / "current_schema.py"


def text() -> str:
    """The module's text, from the models of the code imported."""
    from msmedesk.db import header, schema

    objects = sorted(schema._from_models())
    lines = [f"    ({o.kind!r}, {o.name!r}, {o.table!r})," for o in objects]
    return ('"""The objects of the current schema (kind, name, table), as the models make them.\n\n'
            "Written by tools/write_current_schema.py (a test checks it against the models), so\n"
            'that opening a file of this schema needs neither SQLAlchemy nor the models."""\n\n'
            f"SCHEMA_VERSION = {header.SCHEMA_VERSION}\n\n"
            "OBJECTS: tuple[tuple[str, str, str], ...] = (\n" + "\n".join(lines) + "\n)\n")


if __name__ == "__main__":
    OUT.write_text(text(), encoding="utf-8")
    print(f"wrote {OUT}", file=sys.stderr)
