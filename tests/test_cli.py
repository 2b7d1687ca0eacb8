"""Commands an administrator types on the server."""
import pytest
from sqlmodel import col, select

from workflow.enums import Role
from workflow.models import User


@pytest.fixture()
def cli(app, connection):
    return app.test_cli_runner()


def test_users_create_makes_an_account_that_signs_in(cli, session, make_school, client):
    school = make_school()
    result = cli.invoke(args=["users", "create", "--email", "Director@School.ru", "--name", "Иванов И. И.",
                              "--role", "school", "--school", school.name, "--password", "long-enough-pass"])
    assert result.exit_code == 0, result.output
    assert "Создан пользователь director@school.ru" in result.output
    user = session.exec(select(User).where(col(User.email) == "director@school.ru")).one()
    assert user.role is Role.school and user.school_id == school.id
    assert client.post("/login", data={"email": "director@school.ru",
                                       "password": "long-enough-pass"}).status_code == 302


@pytest.mark.parametrize("args,message", [
    (["--role", "school"], "нужно указать --school"),
    (["--role", "admin", "--school", "МКОУ «Нет такой»"], "не найден"),
    (["--role", "inspector"], "либо --municipality, либо --region"),
])
def test_users_create_explains_what_is_wrong(cli, session, args, message):
    result = cli.invoke(args=["users", "create", "--email", "x@school.ru", "--name", "Х",
                              "--password", "long-enough-pass", *args])
    assert result.exit_code != 0 and message in result.output
    assert session.exec(select(User).where(col(User.email) == "x@school.ru")).first() is None


def test_users_create_refuses_a_taken_email(cli, make_user):
    user = make_user(Role.admin)
    result = cli.invoke(args=["users", "create", "--email", user.email, "--name", "Х", "--role", "admin",
                              "--password", "long-enough-pass"])
    assert result.exit_code != 0 and "уже есть" in result.output
