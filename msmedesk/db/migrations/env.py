"""Alembic environment: runs on the connection msmedesk hands it (see msmedesk.db.schema)."""

from alembic import context

from msmedesk.db.models import Base, compared

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite cannot ALTER most things in place: batch mode copies the table instead.
    render_as_batch=True,
    # The full-text table is made by its own statement, not from a model.
    include_name=compared,
)
with context.begin_transaction():
    context.run_migrations()
