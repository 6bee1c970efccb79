"""${message}

Revision ID: ${up_revision}
Revises: ${down_revision | comma,n}
Create Date: ${create_date}
"""

from alembic import op
import sqlalchemy as sa
${imports if imports else ""}
# on_sqlite(): what only a file has (PRAGMA, FTS5); a CHECK written with GLOB serves both.
from msmedesk.db.migrations.portable import on_sqlite, set_schema_version

revision = ${repr(up_revision)}
down_revision = ${repr(down_revision)}
branch_labels = ${repr(branch_labels)}
depends_on = ${repr(depends_on)}

# Schema version kept in PRAGMA user_version so that opening a current file need not
# import Alembic: the revision's number (make the revision with --rev-id NNNN and name its
# file NNNN_<what>.py; db/header.py takes the newest file's number as the program's version).
SCHEMA_VERSION = int(revision)


def upgrade() -> None:
    ${upgrades if upgrades else "pass"}
    set_schema_version(SCHEMA_VERSION)


def downgrade() -> None:
    ${downgrades if downgrades else "pass"}
