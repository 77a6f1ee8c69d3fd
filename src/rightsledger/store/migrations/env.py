"""Alembic environment: always run programmatically by ``store.migrate`` with a connection."""

from __future__ import annotations

from alembic import context

from rightsledger.store.schema import Base

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only reachable from a hand-run `alembic` command
    raise RuntimeError("run migrations through rightsledger.store.migrate, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things in place
)
with context.begin_transaction():
    context.run_migrations()
