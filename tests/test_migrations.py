"""The migrations build exactly the schema the models describe, and take it down again.

These tests move a schema up and down, so they use a database of their own rather than the
shared one of the other tests: a SQLite file, or, when ``TEST_DATABASE_URL`` names a PostgreSQL
server, a throwaway database ``<name>_migrations`` created on it and dropped at the end.
"""
import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlmodel import SQLModel

from app import create_app
from tests.conftest import own_database
from workflow import db, schema

VERSIONS = Path(__file__).resolve().parent.parent / "migrations" / "versions"
DATED_NAME = re.compile(r"^\d{4}_\d{2}_\d{2}_\d{4}-[0-9a-f]+_\w+\.py$")


@pytest.fixture(scope="module")
def migration_database_url(tmp_path_factory):
    with own_database(tmp_path_factory, "migrations") as url:
        yield url


@pytest.fixture(scope="module")
def migration_app(migration_database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": migration_database_url,
        "DATA_DIR": tmp_path_factory.mktemp("migrations-data"),
        "SECRET_KEY": "test-secret-key-not-for-production",
    })
    yield app
    app.extensions["reglament.engine"].dispose()


@pytest.fixture()
def empty_database(migration_app):
    """The migration database with no table of the application, whatever the test before did."""
    schema.downgrade(migration_app, "base")
    return migration_app


def head(app) -> str:
    return ScriptDirectory.from_config(schema.alembic_config(app)).get_current_head()


def application_tables(app) -> set[str]:
    with app.app_context():
        return set(sa.inspect(db.engine()).get_table_names()) - {"alembic_version"}


def constraint_names(inspector: sa.Inspector, table: str) -> set[tuple[str, str]]:
    """(kind, name) of every named constraint and index of a table as the database has it."""
    names = {("pk", inspector.get_pk_constraint(table)["name"])}
    names |= {("fk", fk["name"]) for fk in inspector.get_foreign_keys(table)}
    names |= {("uq", uq["name"]) for uq in inspector.get_unique_constraints(table)}
    names |= {("ck", ck["name"]) for ck in inspector.get_check_constraints(table)}
    names |= {
        ("ix", ix["name"]) for ix in inspector.get_indexes(table)
        if not ix.get("duplicates_constraint")  # PostgreSQL's index behind a UNIQUE constraint
    }
    return names


def model_constraint_names(table: sa.Table) -> set[tuple[str, str]]:
    kinds = {
        sa.PrimaryKeyConstraint: "pk", sa.ForeignKeyConstraint: "fk",
        sa.UniqueConstraint: "uq", sa.CheckConstraint: "ck",
    }
    names = {(kinds[type(constraint)], constraint.name) for constraint in table.constraints}
    return names | {("ix", index.name) for index in table.indexes}


def test_revision_files_are_dated_and_form_one_line():
    files = sorted(path.name for path in VERSIONS.glob("*.py"))
    assert files, "no migration in migrations/versions"
    assert [name for name in files if not DATED_NAME.match(name)] == []

    scripts = ScriptDirectory(str(VERSIONS.parent))
    assert len(scripts.get_heads()) == 1, "several heads: merge them (alembic merge)"


def test_upgrade_from_empty_gives_the_schema_of_the_models(empty_database):
    app = empty_database
    assert application_tables(app) == set()

    assert schema.upgrade(app) == head(app)

    with app.app_context(), db.engine().connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, SQLModel.metadata) == []
        # compare_metadata does not look at CHECK constraints nor at every name: compare those.
        inspector = sa.inspect(conn)
        for table in SQLModel.metadata.sorted_tables:
            assert constraint_names(inspector, table.name) == model_constraint_names(table), table.name


def test_foreign_keys_are_enforced_after_a_migration(empty_database):
    # On SQLite the migrations switch enforcement off for their run; the pooled connection
    # must get it back before the application uses it.
    app = empty_database
    schema.upgrade(app)
    with app.app_context(), db.engine().connect() as conn, pytest.raises(sa.exc.IntegrityError):
        conn.execute(
            sa.text("INSERT INTO municipalities (region_id, name, kind, created_at) "
                    "VALUES (999999, 'Нет такого региона', 'district', CURRENT_TIMESTAMP)")
        )


def test_downgrade_to_base_removes_every_table_and_upgrade_works_again(empty_database):
    app = empty_database
    schema.upgrade(app)
    assert application_tables(app) == set(SQLModel.metadata.tables)

    assert schema.downgrade(app, "base") is None
    assert application_tables(app) == set()
    assert schema.current(app) is None

    assert schema.upgrade(app) == head(app)
    assert application_tables(app) == set(SQLModel.metadata.tables)


def test_db_commands(empty_database):
    runner = empty_database.test_cli_runner()

    result = runner.invoke(args=["db", "current"])
    assert "Миграции не применялись" in result.output

    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"ревизии {head(empty_database)}" in result.output

    result = runner.invoke(args=["db", "downgrade", "base"], input="n\n")
    assert result.exit_code != 0
    assert schema.current(empty_database) == head(empty_database)

    result = runner.invoke(args=["db", "downgrade", "no-such-revision", "--yes"])
    assert result.exit_code != 0
    assert "Ошибка миграции" in result.output

    result = runner.invoke(args=["db", "downgrade", "base", "--yes"])
    assert result.exit_code == 0, result.output
    assert application_tables(empty_database) == set()
