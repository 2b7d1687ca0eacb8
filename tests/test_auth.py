import pytest

from app import create_app
from tests.conftest import TEST_PASSWORD
from workflow.config import DEVELOPMENT_SECRET_KEY, ConfigError
from workflow.enums import Role


@pytest.fixture()
def school_user(make_user, make_school):
    return make_user(Role.school, school=make_school(), email="director@school.ru")


def test_login_page_has_the_fields_in_russian(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="email"' in page and 'name="password"' in page
    assert "Электронная почта" in page and "Пароль" in page


def test_sign_in_sets_a_safe_session_cookie_and_lands_on_home(client, school_user):
    response = client.post("/login", data={"email": "Director@School.ru ", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/"
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Мои поручения" in client.get("/").get_data(as_text=True)


def test_wrong_password_is_refused_in_russian(client, school_user):
    response = client.post("/login", data={"email": "director@school.ru", "password": "wrong-password"})
    assert response.status_code == 200
    assert "Неверная электронная почта или пароль." in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_empty_and_malformed_input_gets_messages_next_to_fields(client):
    page = client.post("/login", data={"email": "не почта", "password": ""}).get_data(as_text=True)
    assert "Введите адрес электронной почты" in page
    assert "Заполните это поле." in page


def test_disabled_account_cannot_sign_in(client, make_user, make_school):
    user = make_user(Role.school, school=make_school(), active=False)
    page = client.post("/login", data={"email": user.email, "password": TEST_PASSWORD}).get_data(as_text=True)
    assert "Учётная запись отключена" in page
    assert client.get("/").status_code == 302


def test_next_may_only_point_inside_the_site(client, school_user):
    data = {"email": "director@school.ru", "password": TEST_PASSWORD}
    assert client.post("/login?next=https://evil.example/x", data=data).headers["Location"] == "/"
    client.post("/logout")
    assert client.post("/login?next=//evil.example", data=data).headers["Location"] == "/"
    client.post("/logout")
    assert client.post("/login?next=/orders", data=data).headers["Location"] == "/orders"


def test_logout_ends_the_session(client, school_user, login_as):
    login_as(school_user)
    assert client.get("/").status_code == 200
    assert client.post("/logout").status_code == 302
    assert client.get("/").status_code == 302


def test_password_is_stored_hashed(school_user):
    assert TEST_PASSWORD not in school_user.password_hash
    assert school_user.password_hash.startswith(("scrypt:", "pbkdf2:"))
    assert school_user.check_password(TEST_PASSWORD) and not school_user.check_password("x")


def test_forms_without_csrf_token_are_refused(app, client, school_user, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/login", data={"email": "director@school.ru", "password": TEST_PASSWORD})
    assert response.status_code == 400
    assert "Форма устарела" in response.get_data(as_text=True)


def test_login_form_carries_a_csrf_token(app, client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert 'name="csrf_token"' in client.get("/login").get_data(as_text=True)


@pytest.mark.parametrize("key", [None, DEVELOPMENT_SECRET_KEY, "short"])
def test_refuses_to_start_outside_development_without_a_real_secret_key(tmp_path, monkeypatch, key):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    overrides = {"REGLAMENT_ENV": "production", "DATA_DIR": tmp_path, "DATABASE_URL": "sqlite://"}
    if key is not None:
        overrides["SECRET_KEY"] = key
    with pytest.raises(ConfigError):
        create_app(overrides)


def test_starts_in_production_with_a_real_secret_key(tmp_path):
    app = create_app({"REGLAMENT_ENV": "production", "DATA_DIR": tmp_path, "DATABASE_URL": "sqlite://",
                      "SECRET_KEY": "a-long-random-production-secret"})
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_health_check_answers_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.get_json() == {"status": "ok"}


def test_health_check_reports_an_unreachable_database(tmp_path):
    app = create_app({"TESTING": True, "DATA_DIR": tmp_path,
                      "DATABASE_URL": f"sqlite:///{tmp_path / 'missing' / 'folder' / 'db.sqlite3'}"})
    response = app.test_client().get("/healthz")
    assert response.status_code == 503 and response.get_json()["status"] == "error"


def test_a_database_outage_gets_a_russian_503_page(client, login_as, make_user, make_school, monkeypatch):
    import sqlalchemy as sa

    from workflow import queries

    def unavailable(*_args, **_kwargs):
        raise sa.exc.OperationalError("SELECT 1", {}, Exception("database is locked"))

    login_as(make_user(Role.school, school=make_school()))
    monkeypatch.setattr(queries, "school_assignments", unavailable)
    response = client.get("/")
    assert response.status_code == 503 and "База данных недоступна" in response.get_data(as_text=True)
