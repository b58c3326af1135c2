"""Alembic's environment: migrate the connection the program hands over, batch mode on SQLite."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from clinic_desktop.persistence.models import Base


def run_migrations(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations(context.config.attributes["connection"])
