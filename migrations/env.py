"""Alembic environment: the models' metadata and the database to migrate.

The database is, in order: the live connection passed in ``config.attributes["connection"]``
(``workflow.schema`` passes the application's, the tests pass their own), the ``sqlalchemy.url``
option, or ``DATABASE_URL`` from the environment as the application reads it.
"""
from logging.config import fileConfig
from pathlib import Path

from alembic import context
from sqlalchemy.engine import Connection, make_url
from sqlmodel import SQLModel

import workflow.models  # noqa: F401  (registers every table on SQLModel.metadata)
from workflow import config as app_config
from workflow import db

config = context.config
target_metadata = SQLModel.metadata

# Configure logging only when run from the `alembic` command: fileConfig would otherwise reset
# the logging of the application (or of pytest) that runs the migrations in-process.
if config.config_file_name and "connection" not in config.attributes:
    fileConfig(config.config_file_name, disable_existing_loggers=False)


def database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if url:
        return url
    url = app_config.from_environment()["DATABASE_URL"]
    database = make_url(url).database
    if url.startswith("sqlite") and database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)  # a fresh data folder
    return url


def configure(connection: Connection | None = None, url: str | None = None) -> None:
    dialect = connection.dialect.name if connection is not None else make_url(url).get_backend_name()
    context.configure(
        connection=connection,
        url=url,
        target_metadata=target_metadata,
        compare_type=True,
        # SQLite cannot ALTER most things; batch mode copies the table instead.
        render_as_batch=dialect == "sqlite",
        # SQLite does transactional DDL; the connections of workflow.db really begin a
        # transaction, so a failed run leaves the schema as it was, as on PostgreSQL.
        transactional_ddl=True,
        literal_binds=connection is None,
        dialect_opts={"paramstyle": "named"} if connection is None else {},
    )


def run_migrations(connection: Connection) -> None:
    configure(connection)
    if connection.dialect.name != "sqlite":
        with context.begin_transaction():
            context.run_migrations()
        return
    # A batch migration drops and re-creates tables, which enforced foreign keys would refuse
    # (or cascade). Enforcement is switched off for the run, outside any transaction as SQLite
    # requires, the references are checked before commit, and it is always switched back on:
    # the connection returns to the application's pool afterwards.
    if connection.in_transaction():
        raise RuntimeError("Migrations on SQLite need a connection outside a transaction.")
    raw = connection.connection.dbapi_connection
    raw.execute("PRAGMA foreign_keys = OFF")
    try:
        with context.begin_transaction():
            context.run_migrations()
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").all()
            if broken:
                raise RuntimeError(f"Migration left rows with broken foreign keys: {broken[:10]}")
    finally:
        raw.execute("PRAGMA foreign_keys = ON")


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_migrations(connection)
        return
    engine = db.make_engine(database_url())
    try:
        with engine.connect() as connection:
            run_migrations(connection)
    finally:
        engine.dispose()


def run_migrations_offline() -> None:
    configure(url=database_url())
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
