"""The database schema, moved by Alembic migrations (``migrations/``) on the application's engine.

Each function takes the application, opens one connection of its engine and hands it to Alembic
through ``config.attributes["connection"]``; ``migrations/env.py`` runs the migrations on it.
"""
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import Script
from flask import Flask

from workflow import db


def alembic_config(app: Flask) -> Config:
    """``alembic.ini`` at the root of the application (migrations/ beside it)."""
    return Config(str(Path(app.root_path) / "alembic.ini"))


def upgrade(app: Flask, revision: str = "head") -> str | None:
    """Migrate up to ``revision``; return the revision reached."""
    _run(app, command.upgrade, revision)
    return current(app)


def downgrade(app: Flask, revision: str) -> str | None:
    """Migrate down to ``revision`` ("base" drops every table); return the revision reached."""
    _run(app, command.downgrade, revision)
    return current(app)


def current(app: Flask) -> str | None:
    """The revision the database is at, or None when no migration has run."""
    with app.app_context(), db.engine().connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def revision(app: Flask, message: str, autogenerate: bool = False) -> Script | None:
    """Write a new revision file; with ``autogenerate``, from the difference between the models
    and the database (which must be at head)."""
    return _run(app, command.revision, message=message, autogenerate=autogenerate)


def _run(app: Flask, alembic_command, *args, **kwargs):
    config = alembic_config(app)
    with app.app_context(), db.engine().connect() as connection:
        config.attributes["connection"] = connection
        return alembic_command(config, *args, **kwargs)
