"""Alembic environment: runs on the engine the app hands over (see persistence.db.upgrade)."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from necst_desktop.persistence.tables import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    engine = config.attributes.get("engine")
    if engine is None:  # command-line alembic use: sqlalchemy.url from the config
        engine = create_engine(config.get_main_option("sqlalchemy.url") or "sqlite://")
    with engine.connect() as connection:
        context.configure(connection=connection, target_metadata=target_metadata,
                          render_as_batch=connection.dialect.name == "sqlite",
                          compare_type=True)
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run()
