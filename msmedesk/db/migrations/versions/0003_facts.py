"""facts for the report: an organization's short name, an outreach event's role, place and
order, the publication kind, what a document covers, who the founding Members were, and the
Package's annexes

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 19:55:00.000000
"""

from alembic import op
import sqlalchemy as sa

from msmedesk.db.migrations.portable import on_sqlite, set_schema_version


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

# Schema version kept in PRAGMA user_version so that opening a current file need not
# import Alembic; bump it with every revision.
SCHEMA_VERSION = 3

_OLD_KINDS = ("award", "network-meeting", "joint-event", "speaking-engagement", "newsletter",
              "private-sector-dialogue", "website", "other")
_NEW_KINDS = _OLD_KINDS[:-1] + ("publication", "other")
_ROLES = ("", "spoke", "moderated", "judged", "sponsored", "attended")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


_PARTNERS = "event_id, organization_id, position"


def _keep_partners() -> None:
    # Dropping the old table (foreign keys on) cascades to the partners: keep them aside.
    # (PostgreSQL alters the table in place: nothing is dropped, nothing to keep.)
    if not on_sqlite():
        return
    op.execute("DROP TABLE IF EXISTS temp._kept_partners")
    op.execute(f"CREATE TEMP TABLE _kept_partners AS SELECT {_PARTNERS} FROM outreach_partners")


def _restore_partners() -> None:
    if not on_sqlite():
        return
    op.execute("DELETE FROM outreach_partners")
    op.execute(f"INSERT INTO outreach_partners ({_PARTNERS}) "
               f"SELECT {_PARTNERS} FROM temp._kept_partners")
    op.execute("DROP TABLE temp._kept_partners")


def _copied() -> str:
    # SQLite cannot change a CHECK in place, so the table is copied; PostgreSQL alters it.
    return "always" if on_sqlite() else "auto"


def upgrade() -> None:
    op.create_table('annexes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('symbol', sa.String(), nullable=True),
    sa.CheckConstraint('number BETWEEN 1 AND 6', name=op.f('ck_annexes_number_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annexes')),
    sa.UniqueConstraint('number', name=op.f('uq_annexes_number'))
    )
    with op.batch_alter_table('group_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('founders', sa.String(), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('short_name', sa.String(), nullable=True))
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.add_column(sa.Column('about', sa.String(), nullable=False, server_default=''))
    # The kind's CHECK gains "publication" and the role has its own: the table is copied
    # (batch mode), its rows and its partners' rows kept.
    _keep_partners()
    with op.batch_alter_table('outreach_events', schema=None, recreate=_copied()) as batch_op:
        batch_op.add_column(sa.Column('role', sa.String(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('position', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('place', sa.String(), nullable=False, server_default=''))
        batch_op.drop_constraint(op.f('ck_outreach_events_kind_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outreach_events_kind_allowed'),
                                         _in('kind', _NEW_KINDS))
        batch_op.create_check_constraint(op.f('ck_outreach_events_role_allowed'),
                                         _in('role', _ROLES))
    _restore_partners()
    set_schema_version(SCHEMA_VERSION)


def downgrade() -> None:
    # Events of the new kind become "other" so that the old CHECK holds; roles and orders go.
    op.execute("UPDATE outreach_events SET kind = 'other' WHERE kind = 'publication'")
    _keep_partners()
    with op.batch_alter_table('outreach_events', schema=None, recreate=_copied()) as batch_op:
        batch_op.drop_constraint(op.f('ck_outreach_events_role_allowed'), type_='check')
        batch_op.drop_constraint(op.f('ck_outreach_events_kind_allowed'), type_='check')
        batch_op.create_check_constraint(op.f('ck_outreach_events_kind_allowed'),
                                         _in('kind', _OLD_KINDS))
        batch_op.drop_column('place')
        batch_op.drop_column('position')
        batch_op.drop_column('role')
    _restore_partners()
    # A plain DROP COLUMN (SQLite's own too): a copy of organizations would break the rows naming it.
    op.execute("ALTER TABLE organizations DROP COLUMN short_name")
    op.execute("ALTER TABLE group_profile DROP COLUMN founders")
    op.execute("ALTER TABLE documents DROP COLUMN about")
    op.drop_table('annexes')
    set_schema_version(2)
