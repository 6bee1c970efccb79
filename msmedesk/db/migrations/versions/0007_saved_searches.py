"""saved searches: a search kept under a name, of one tab or of Find anywhere

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07 21:55:00
"""

from alembic import op
import sqlalchemy as sa

from msmedesk.db.migrations.portable import set_schema_version


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Schema version kept in PRAGMA user_version so that opening a current file need not
# import Alembic; bump it with every revision.
SCHEMA_VERSION = 7


def upgrade() -> None:
    # A new table only: every record already there stays as it was.
    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('scope', sa.String(), nullable=False),
    sa.Column('query', sa.Text(), nullable=False),
    sa.CheckConstraint('length(trim(name)) > 0', name=op.f('ck_saved_searches_name_required')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches')),
    sa.UniqueConstraint('scope', 'name', name='uq_saved_searches_scope_name')
    )
    set_schema_version(SCHEMA_VERSION)


def downgrade() -> None:
    op.drop_table('saved_searches')
    set_schema_version(6)
