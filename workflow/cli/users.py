"""``flask --app app users create …``: accounts from the shell, e.g. the first administrator."""
import click
from flask.cli import AppGroup
from sqlmodel import col, select

from workflow import db, operations
from workflow.enums import Role
from workflow.errors import DomainError
from workflow.models import Municipality, Region, School

group = AppGroup("users", help="Учётные записи пользователей.")


@group.command("create")
@click.option("--email", required=True, help="Электронная почта (логин).")
@click.option("--name", "full_name", required=True, help="ФИО.")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--school", help="Название школы (для роли school).")
@click.option("--municipality", help="Название муниципалитета (municipal, inspector).")
@click.option("--region", help="Название региона (inspector уровня региона).")
def create(email, full_name, role, password, school, municipality, region):
    """Create a user; the scope is found by exact name."""
    session = db.session()
    scope = {}
    try:
        if school:
            scope["school_id"] = _find(session, School, school, "Школа").id
        if municipality:
            scope["municipality_id"] = _find(session, Municipality, municipality, "Муниципалитет").id
        if region:
            scope["region_id"] = _find(session, Region, region, "Регион").id
        _check_scope(Role(role), scope)
        user = operations.create_user(
            session, None, email=email, full_name=full_name, role=Role(role), password=password, **scope
        )
    except DomainError as error:
        raise click.ClickException(str(error)) from error
    session.commit()
    click.echo(f"Создан пользователь {user.email} ({user.role.label}).")


def _find(session, model, name: str, what: str):
    found = session.exec(select(model).where(col(model.name) == name)).all()
    if len(found) != 1:
        raise DomainError(f"{what} «{name}» не найден." if not found else f"{what} «{name}» найден несколько раз.")
    return found[0]


def _check_scope(role: Role, scope: dict) -> None:
    needed = {
        Role.admin: set(),
        Role.school: {"school_id"},
        Role.municipal: {"municipality_id"},
        Role.inspector: None,  # a municipality or a region
    }[role]
    if needed is None:
        if len(scope) != 1 or "school_id" in scope:
            raise DomainError("Для проверяющего укажите либо --municipality, либо --region.")
    elif set(scope) != needed:
        what = {"school_id": "--school", "municipality_id": "--municipality"}
        raise DomainError(
            "Для этой роли " + (f"нужно указать {', '.join(what[n] for n in needed)}" if needed
                                else "не указывают школу, муниципалитет или регион") + "."
        )
