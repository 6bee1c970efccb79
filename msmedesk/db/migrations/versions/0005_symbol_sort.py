"""symbol sort: a key beside every stored symbol that sorts it as the WTO numbers them

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07 22:05:00
"""

import re

from alembic import op
import sqlalchemy as sa

from msmedesk.db.migrations.portable import set_schema_version


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None

# Schema version kept in PRAGMA user_version so that opening a current file need not
# import Alembic; bump it with every revision.
SCHEMA_VERSION = 5


def symbol_sort_key(symbol: str) -> str:
    """msmedesk.symbol_order.symbol_sort_key as of this revision (a migration imports
    nothing above the database layer, and keeps the key it wrote; a test holds the two
    alike)."""
    def run(text: str) -> str:
        if text.isdigit():
            digits = str(int(text))
            return f"\x03{len(digits):03d}{digits}"
        return "\x04" + text.casefold()
    return "\x01".join(
        "\x02".join("".join(run(r) for r in re.findall(r"[0-9]+|[^0-9]+", segment))
                     for segment in one.split("/"))
        for one in symbol.strip().lstrip("_").split("-"))


def upgrade() -> None:
    # Only columns are added, and filled from the symbols already there: nothing is lost.
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sort_key', sa.String(), nullable=False,
                                      server_default=''))
        batch_op.create_index(batch_op.f('ix_documents_sort_key'), ['sort_key'], unique=False)
    with op.batch_alter_table('annexes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('symbol_sort_key', sa.String(), nullable=True))
    bind = op.get_bind()
    for table, column in (('documents', 'sort_key'), ('annexes', 'symbol_sort_key')):
        found = bind.execute(sa.text(
            f'SELECT id, symbol FROM "{table}" WHERE symbol IS NOT NULL')).all()
        if found:
            bind.execute(sa.text(f'UPDATE "{table}" SET "{column}" = :key WHERE id = :id'),
                         [{"key": symbol_sort_key(symbol), "id": id_} for id_, symbol in found])
    set_schema_version(SCHEMA_VERSION)


def downgrade() -> None:
    with op.batch_alter_table('annexes', schema=None) as batch_op:
        batch_op.drop_column('symbol_sort_key')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_sort_key'))
        batch_op.drop_column('sort_key')
    set_schema_version(4)
