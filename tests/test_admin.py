"""The administrator's screens: what a user does with them and what they refuse, in Russian."""
import io

import openpyxl
import pytest
from sqlmodel import col, select

from tests.conftest import TEST_PASSWORD
from workflow.enums import Role, SchoolKind
from workflow.models import AuditEvent, School, User


@pytest.fixture()
def admin(make_user, login_as):
    user = make_user(Role.admin)
    login_as(user)
    return user


def test_creates_a_school_user_who_can_then_sign_in(client, session, admin, make_school, login_as):
    school = make_school()
    response = client.post("/admin/users/new", data={
        "email": "Zavuch@School.ru", "full_name": "Иванова Мария Петровна", "role": "school",
        "school_id": str(school.id), "password": "long-enough-pass", "active": "y",
    })
    assert response.status_code == 302
    user = session.exec(select(User).where(col(User.email) == "zavuch@school.ru")).one()
    assert user.school_id == school.id and user.municipality_id is None
    event = session.exec(select(AuditEvent).where(col(AuditEvent.object_id) == user.id,
                                                  col(AuditEvent.action) == "user.created")).one()
    assert event.actor_id == admin.id and "password" not in str(event.after)
    login_as(None)
    assert client.post("/login", data={"email": "zavuch@school.ru",
                                       "password": "long-enough-pass"}).status_code == 302


@pytest.mark.parametrize("data,message", [
    ({"email": "", "full_name": "", "role": "school", "password": "long-enough-pass"}, "Заполните это поле."),
    ({"email": "not-an-email", "full_name": "Х", "role": "admin", "password": "long-enough-pass"},
     "Введите адрес электронной почты"),
    ({"email": "a@b.ru", "full_name": "Х", "role": "school", "password": "long-enough-pass"},
     "Для этой роли укажите, к чему относится пользователь."),
    ({"email": "a@b.ru", "full_name": "Х", "role": "inspector", "password": "long-enough-pass"},
     "либо муниципалитет, либо регион"),
    ({"email": "a@b.ru", "full_name": "Х", "role": "admin", "password": "short"}, "не короче 8 символов"),
    ({"email": "a@b.ru", "full_name": "Х", "role": "admin", "password": ""}, "Задайте пароль"),
    ({"email": "teacher@school.ru", "full_name": "Х", "role": "admin", "password": "Teacher@School.ru"},
     "не должен совпадать"),
    ({"email": "a@b.ru", "full_name": "Х", "role": "wizard", "password": "long-enough-pass"},
     "Неверный вариант."),
    ({"email": "a@b.ru", "full_name": "Х", "role": "school", "school_id": "999999",
      "password": "long-enough-pass"}, "Неверный вариант."),
])
def test_bad_user_input_is_refused_next_to_the_field(client, session, admin, data, message):
    count = len(session.exec(select(User)).all())
    response = client.post("/admin/users/new", data=data)
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert len(session.exec(select(User)).all()) == count


def test_duplicate_email_is_refused(client, admin, make_user):
    other = make_user(Role.admin)
    page = client.post("/admin/users/new", data={
        "email": other.email.upper(), "full_name": "Х", "role": "admin", "password": "long-enough-pass",
    }).get_data(as_text=True)
    assert "Пользователь с такой электронной почтой уже есть." in page


def test_admin_cannot_lock_themselves_out(client, admin):
    page = client.post(f"/admin/users/{admin.id}/edit", data={
        "email": admin.email, "full_name": admin.full_name, "role": "admin",
    }).get_data(as_text=True)  # "active" left unticked
    assert "Нельзя отключить свою учётную запись" in page


def test_changing_role_clears_the_old_scope(client, session, admin, make_user, make_school, make_municipality):
    user = make_user(Role.school, school=make_school())
    municipality = make_municipality()
    assert client.post(f"/admin/users/{user.id}/edit", data={
        "email": user.email, "full_name": user.full_name, "role": "municipal",
        "school_id": str(user.school_id), "municipality_id": str(municipality.id), "active": "y",
    }).status_code == 302
    session.refresh(user)
    assert (user.role, user.school_id, user.municipality_id) == (Role.municipal, None, municipality.id)
    assert user.check_password(TEST_PASSWORD)  # an empty password field leaves it unchanged


def test_school_form_checks_inn_and_uniqueness(client, session, admin, make_school):
    existing = make_school()
    base = {"municipality_id": str(existing.municipality_id), "kind": "sosh", "active": "y"}
    page = client.post("/admin/schools/new", data={**base, "name": "МКОУ «Новая СОШ»", "inn": "7707083894"})
    assert "контрольная цифра" in page.get_data(as_text=True).lower()
    page = client.post("/admin/schools/new", data={**base, "name": existing.name})
    assert "уже есть школа с таким названием" in page.get_data(as_text=True)
    assert client.post("/admin/schools/new", data={**base, "name": "МКОУ «Новая СОШ»",
                                                   "inn": "7707083893"}).status_code == 302
    assert session.exec(select(School).where(col(School.inn) == "7707083893")).one().kind is SchoolKind.sosh


def test_municipality_and_region_forms(client, session, admin, make_region):
    region = make_region()
    assert client.post("/admin/regions/new", data={"name": region.name}).status_code == 200
    page = client.post("/admin/municipalities/new", data={"region_id": str(region.id), "name": "",
                                                          "kind": "district"}).get_data(as_text=True)
    assert "Заполните это поле." in page
    assert client.post("/admin/municipalities/new", data={
        "region_id": str(region.id), "name": "Новый муниципальный район", "kind": "district",
    }).status_code == 302


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_school_list_import_previews_then_writes_all(client, session, admin, make_municipality, make_school):
    municipality = make_municipality()
    make_school(municipality, name="МКОУ «Старая СОШ»")
    data = _xlsx([
        ["Список образовательных организаций"],
        ["№", "Наименование", "ИНН", "Директор"],
        [1, "МКОУ «Старая СОШ»", "", "Петров П. П."],
        [2, "МКОУ «Новая ООШ»", "7707083893", "Сидорова А. А."],
    ])
    preview = client.post("/admin/schools/import", data={
        "municipality_id": str(municipality.id), "file": (io.BytesIO(data), "schools.xlsx"),
    }, content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert "будет добавлено — 1" in page and "обновлено — 1" in page
    assert session.exec(select(School).where(col(School.name) == "МКОУ «Новая ООШ»")).first() is None

    import re

    token = re.search(r'name="token" value="([0-9a-f]+)"', page).group(1)
    done = client.post("/admin/schools/import/confirm",
                       data={"token": token, "municipality_id": str(municipality.id)})
    assert done.status_code == 302
    names = set(session.exec(select(School.name).where(col(School.municipality_id) == municipality.id)))
    assert names == {"МКОУ «Старая СОШ»", "МКОУ «Новая ООШ»"}
    old = session.exec(select(School).where(col(School.name) == "МКОУ «Старая СОШ»")).one()
    assert old.director_name == "Петров П. П."
    # the pending file is consumed: confirming twice writes nothing more
    again = client.post("/admin/schools/import/confirm",
                        data={"token": token, "municipality_id": str(municipality.id)})
    assert again.status_code == 302 and "/admin/schools/import" in again.headers["Location"]


def test_school_list_with_errors_writes_nothing(client, session, admin, make_municipality):
    municipality = make_municipality()
    csv = "Наименование;ИНН\nМКОУ «Первая СОШ»;7707083893\n;123\n".encode("cp1251")
    page = client.post("/admin/schools/import", data={
        "municipality_id": str(municipality.id), "file": (io.BytesIO(csv), "list.csv"),
    }, content_type="multipart/form-data").get_data(as_text=True)
    assert "ничего не записано" in page
    assert "ИНН" in page
    assert session.exec(select(School).where(col(School.municipality_id) == municipality.id)).first() is None


def test_school_list_import_refuses_a_file_that_is_not_a_table(client, admin, make_municipality):
    page = client.post("/admin/schools/import", data={
        "municipality_id": str(make_municipality().id), "file": (io.BytesIO(b"PK\x03\x04garbage"), "x.xlsx"),
    }, content_type="multipart/form-data").get_data(as_text=True)
    assert "Не удалось прочитать файл" in page


def test_admin_home_shows_totals_and_recent_actions(client, admin):
    client.post("/admin/regions/new", data={"name": "Курганская область", "code": "45"})
    page = client.get("/").get_data(as_text=True)
    assert "Администрирование" in page
    assert "Добавлен регион" in page and "Курганская область" in page and admin.full_name in page
