"""meeting items: order numbers, an opening presentation, narratives before a presentation
and after the items, a proposal's subject

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07 20:10:00
"""

from alembic import op
import sqlalchemy as sa

from msmedesk.db.migrations.portable import set_schema_version


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Schema version kept in PRAGMA user_version so that opening a current file need not
# import Alembic; bump it with every revision.
SCHEMA_VERSION = 4


def upgrade() -> None:
    # Every new column is empty or NULL on the rows already there: nothing is lost, and an
    # old meeting reads as before (NULL places keep the usual order).
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('proposals_place', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('closing', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('closing_place', sa.Integer(), nullable=True))
    with op.batch_alter_table('presentations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('opening', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('lead_in', sa.Text(), nullable=False, server_default=''))
    with op.batch_alter_table('spotlights', schema=None) as batch_op:
        batch_op.add_column(sa.Column('place', sa.Integer(), nullable=True))
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('subject', sa.Text(), nullable=False, server_default=''))
    set_schema_version(SCHEMA_VERSION)


def downgrade() -> None:
    with op.batch_alter_table('proposals', schema=None) as batch_op:
        batch_op.drop_column('subject')
    with op.batch_alter_table('spotlights', schema=None) as batch_op:
        batch_op.drop_column('place')
    with op.batch_alter_table('presentations', schema=None) as batch_op:
        batch_op.drop_column('lead_in')
        batch_op.drop_column('opening')
        batch_op.drop_column('place')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_column('closing_place')
        batch_op.drop_column('closing')
        batch_op.drop_column('proposals_place')
    set_schema_version(3)
