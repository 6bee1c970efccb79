"""search index: every record's shown text, folded, with a trigram full-text index over it
and the starts of its words

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 22:00:00
"""

from alembic import context, op
import sqlalchemy as sa

from msmedesk.db.migrations.portable import on_sqlite, set_schema_version


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None

# Schema version kept in PRAGMA user_version so that opening a current file need not
# import Alembic; bump it with every revision.
SCHEMA_VERSION = 6


def upgrade() -> None:
    # New tables only: no record is touched. The index is filled from the records already
    # there once every revision has run (db.files.migrate runs the "search_index" builder
    # the services register), since only the services know how the window shows a record.
    op.create_table('search_words',
    # Words compared byte by byte on a server too (COLLATE "C"), as SQLite compares them:
    # a word's start is a range of words ("ma" <= word < "mb"), which a language's
    # collation would widen ("ø" between "o" and "p") or break.
    sa.Column('word', sa.String().with_variant(sa.String(collation='C'), 'postgresql'),
              nullable=False),
    sa.Column('code', sa.BigInteger().with_variant(sa.Integer(), 'sqlite'), nullable=False),
    sa.PrimaryKeyConstraint('word', 'code', name=op.f('pk_search_words')),
    sqlite_with_rowid=False
    )
    if on_sqlite():
        # One row per value of a record's field, its rowid telling which
        # (records/search_codes.py).
        op.execute("CREATE VIRTUAL TABLE search_text USING fts5(text, tokenize='trigram', "
                   "columnsize=0)")
    else:
        # PostgreSQL's own means: the field's number as the key, a trigram GIN index
        # (pg_trgm) over the text, which the program folds (search.query.fold) on both
        # (unaccent's rules differ from it: "œ" is "oe" there). A record's word starts are
        # taken out by its range of numbers: an index on code.
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
        op.execute("CREATE TABLE search_text (code BIGINT PRIMARY KEY, text TEXT NOT NULL)")
        op.execute("CREATE INDEX ix_search_text_trgm ON search_text "
                   "USING gin (text gin_trgm_ops)")
        op.create_index('ix_search_words_code', 'search_words', ['code'])
    context.config.attributes.setdefault("rebuild", set()).add("search_index")
    set_schema_version(SCHEMA_VERSION)


def downgrade() -> None:
    op.execute("DROP TABLE search_text")
    op.drop_table('search_words')
    set_schema_version(5)
