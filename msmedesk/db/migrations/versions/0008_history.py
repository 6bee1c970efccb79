"""history: a version on every record and the history of every change

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-08 00:30:00
"""

from alembic import op
import sqlalchemy as sa

from msmedesk.db.migrations.portable import on_sqlite, set_schema_version


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

# Schema version kept in PRAGMA user_version so that opening a current file need not
# import Alembic; bump it with every revision.
SCHEMA_VERSION = 8

# The main table of every record type: each gains the version a save names.
VERSIONED = ('group_profile', 'members', 'organizations', 'contacts', 'documents', 'meetings',
             'proposals', 'outreach_events', 'package_entries', 'annexes')

# On a server every history entry is announced to the desks listening (LISTEN/NOTIFY).
_NOTIFY_FUNCTION = """
CREATE OR REPLACE FUNCTION msmedesk_history_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('msmedesk_changes', json_build_object(
        'change', NEW.id, 'kind', NEW.kind, 'record', NEW.record_id,
        'action', NEW.action, 'author', NEW.author)::text);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql
"""
_NOTIFY_TRIGGER = """
CREATE TRIGGER history_notify AFTER INSERT ON history
FOR EACH ROW EXECUTE FUNCTION msmedesk_history_notify()
"""


def upgrade() -> None:
    # Columns and a table added: every record already there stays as it was (version 1).
    for table in VERSIONED:
        op.add_column(table, sa.Column('version', sa.Integer(), nullable=False,
                                       server_default=sa.text('1')))
    op.create_table('history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.String(), nullable=False),
    sa.Column('author', sa.String(), nullable=False),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('record_id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(), nullable=False, server_default=''),
    sa.Column('before', sa.Text(), nullable=True),
    sa.Column('after', sa.Text(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('origin', sa.String(), nullable=False, server_default=''),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_history'))
    )
    op.create_index('ix_history_kind_record', 'history', ['kind', 'record_id'])
    op.create_index('ix_history_at', 'history', ['at'])
    if not on_sqlite():
        op.execute(_NOTIFY_FUNCTION)
        op.execute(_NOTIFY_TRIGGER)
    set_schema_version(SCHEMA_VERSION)


def downgrade() -> None:
    if not on_sqlite():
        op.execute("DROP TRIGGER IF EXISTS history_notify ON history")
        op.execute("DROP FUNCTION IF EXISTS msmedesk_history_notify()")
    op.drop_index('ix_history_at', table_name='history')
    op.drop_index('ix_history_kind_record', table_name='history')
    op.drop_table('history')
    for table in VERSIONED:
        # SQLite drops a column in place (3.35+): no copy of a table that others name.
        op.drop_column(table, 'version')
    set_schema_version(7)
