"""``flask --app app db …``: move the database schema with the Alembic migrations."""
import click
from alembic.util import CommandError
from flask import current_app
from flask.cli import AppGroup

from workflow import schema

group = AppGroup("db", help="Схема базы данных (миграции Alembic).")


@group.command("upgrade")
@click.argument("revision", default="head")
def upgrade(revision: str) -> None:
    """Apply the migrations up to REVISION (the latest by default)."""
    reached = _alembic(schema.upgrade, current_app, revision)
    click.echo(f"База данных обновлена до ревизии {reached}.")


@group.command("downgrade")
@click.argument("revision")
@click.confirmation_option(
    prompt="Откат схемы удаляет таблицы и столбцы вместе с данными. Продолжить?",
    help="Не спрашивать подтверждения.",
)
def downgrade(revision: str) -> None:
    """Undo the migrations down to REVISION ("base" removes every table)."""
    reached = _alembic(schema.downgrade, current_app, revision)
    click.echo(f"Схема откачена до ревизии {reached or 'base (таблиц приложения нет)'}.")


@group.command("current")
def current() -> None:
    """Show the revision the database is at."""
    revision = _alembic(schema.current, current_app)
    if revision is None:
        click.echo("Миграции не применялись: выполните «flask --app app db upgrade».")
    else:
        click.echo(f"Текущая ревизия: {revision}.")


@group.command("revision")
@click.option("-m", "--message", required=True, help="What the migration does, in a few words.")
@click.option("--autogenerate", is_flag=True,
              help="Fill it in from the difference between the models and the database.")
def revision(message: str, autogenerate: bool) -> None:
    """(For developers) write a new migration into migrations/versions."""
    script = _alembic(schema.revision, current_app, message, autogenerate=autogenerate)
    click.echo(f"Создана миграция {script.path}. Проверьте её вручную перед коммитом.")


def _alembic(function, *args, **kwargs):
    try:
        return function(*args, **kwargs)
    except CommandError as error:  # an unknown revision, a database behind head…
        raise click.ClickException(f"Ошибка миграции: {error}") from error
