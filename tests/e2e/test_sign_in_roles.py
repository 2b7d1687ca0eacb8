"""Every demo account signs in through the real form, sees its own home page and signs out."""
import os
import re
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from sqlmodel import Session, func, select

from workflow import db
from workflow.demo import DEMO_PASSWORD
from workflow.models import Municipality, Region, School, User

pytestmark = pytest.mark.e2e

SCHOOL_1, SCHOOL_2 = "МКОУ «Сергокалинская СОШ № 1»", "МКОУ «Сергокалинская СОШ № 2»"
SERGOKALA_ORDER = "Об использовании электронных журналов и дневников"
CHELYABINSK_ORDER = "Об итогах ведения электронных журналов в ГИС «Образование» за 2023/2024 учебный год"
# Schools of the Chelyabinsk below-90 % tables (Таблица 1).
LEIPZIG, ALTERNATIVA = "МОУ СОШ с. Лейпциг", "ЧОУ НОШ «Альтернатива»"
# Set it (e.g. to /tmp/e2e-shots) to keep a copy of the screenshots for a person to look at.
SHOTS_ENV = "E2E_SCREENSHOT_DIR"


@pytest.fixture()
def server_errors(page: Page):
    """Responses of 500 and above the page received; checked at the end of each test."""
    errors: list[str] = []
    page.on("response", lambda r: errors.append(f"{r.status} {r.request.method} {r.url}")
            if r.status >= 500 else None)
    yield errors
    assert not errors, f"the server failed (see the captured log for the traceback): {errors}"


def screenshot(page: Page, path: Path) -> None:
    """A full-page picture for a person to look at (nothing asserts on pixels)."""
    page.screenshot(path=str(path), full_page=True)
    if os.environ.get(SHOTS_ENV):
        keep = Path(os.environ[SHOTS_ENV])
        keep.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, keep / path.name)


def sign_in(page: Page, base_url: str, email: str, password: str = DEMO_PASSWORD) -> None:
    page.goto(f"{base_url}/login")
    expect(page.get_by_role("heading", name="Вход в систему")).to_be_visible()
    page.get_by_label("Электронная почта").fill(email)
    page.get_by_label("Пароль", exact=True).fill(password)
    page.get_by_role("button", name="Войти").click()


def school_rows(page: Page):
    return page.locator("main table tbody tr")


def check_school(page: Page, own: str, other: str) -> None:
    expect(page).to_have_title("Мои поручения — Регламент")
    expect(page.get_by_role("heading", level=1)).to_have_text("Мои поручения")
    main = page.locator("main")
    expect(main.locator("p.muted").first).to_contain_text(own)
    expect(main.locator("p.muted").first).to_contain_text("Сергокалинский район")
    expect(school_rows(page).first).to_be_visible()
    assert school_rows(page).count() >= 1
    # Assignments come from the Sergokala orders; nothing of the other school or of Chelyabinsk.
    expect(main).to_contain_text(SERGOKALA_ORDER)
    expect(main).not_to_contain_text(other)
    expect(main).not_to_contain_text("Челябинск")
    # A school has no menu entry for orders and no administration.
    expect(page.get_by_role("link", name="Приказы и письма")).to_have_count(0)
    expect(page.get_by_role("link", name="Пользователи")).to_have_count(0)


def check_municipal(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "МКУ «Управление образования» Сергокалинского района")
    expect(page.get_by_role("heading", name="Приказы и письма")).to_be_visible()
    expect(page.get_by_role("heading", name="Школы муниципалитета")).to_be_visible()
    orders = page.locator("main section").filter(has=page.get_by_role("heading", name="Приказы и письма"))
    expect(orders.get_by_role("link", name=SERGOKALA_ORDER)).to_be_visible()
    schools = page.locator("main section").filter(has=page.get_by_role("heading", name="Школы муниципалитета"))
    expect(schools.get_by_role("link", name=SCHOOL_1, exact=True)).to_be_visible()
    expect(schools.get_by_role("link", name=SCHOOL_2, exact=True)).to_be_visible()
    expect(page.locator("main")).not_to_contain_text(LEIPZIG)


def check_inspector(page: Page) -> None:
    expect(page).to_have_title("Проверка исполнения — Регламент")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Проверка исполнения")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Сергокалинский")
    schools = page.locator("main section").filter(has=page.get_by_role("heading", name="Школы", exact=True))
    for name in (SCHOOL_1, SCHOOL_2, "МКОУ «Урахинская СОШ»"):
        expect(schools.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text(SERGOKALA_ORDER)
    expect(page.locator("main")).not_to_contain_text(LEIPZIG)


def check_region(page: Page) -> None:
    expect(page.get_by_role("heading", level=1)).to_contain_text("Проверка исполнения")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Челябинская область")
    schools = page.locator("main section").filter(has=page.get_by_role("heading", name="Школы", exact=True))
    for name in (LEIPZIG, ALTERNATIVA):
        expect(schools.get_by_role("link", name=name, exact=True)).to_be_visible()
    # A regional inspector sees the municipality column; Лейпциг is in Варненский район.
    expect(schools.locator("tr", has=page.get_by_role("link", name=LEIPZIG, exact=True))).to_contain_text(
        "Варненский")
    expect(page.locator("main")).to_contain_text(CHELYABINSK_ORDER)
    expect(page.locator("main")).not_to_contain_text("Сергокалинская")


def check_admin(page: Page, totals: dict[str, int]) -> None:
    expect(page).to_have_title("Администрирование — Регламент")
    expect(page.get_by_role("heading", level=1)).to_have_text("Администрирование")
    cards = page.locator("main .cards .card")
    expect(cards).to_have_count(4)
    for label, count in totals.items():
        card = cards.filter(has=page.locator(".card__label", has_text=label))
        expect(card.locator(".card__value")).to_have_text(str(count))
    expect(page.get_by_role("heading", name="Пользователи по ролям")).to_be_visible()


def directory_totals(app) -> dict[str, int]:
    """The counts the admin's cards must show, straight from the server's database."""
    with app.app_context(), Session(db.engine()) as session:
        def count(model) -> int:
            return session.exec(select(func.count()).select_from(model)).one()
        # stems: the label agrees with the number («2 региона», «66 школ»)
        return {"пользовател": count(User), "регион": count(Region),
                "муниципалитет": count(Municipality), "школ": count(School)}


ACCOUNTS = [
    ("admin@demo.local", "Администратор системы"),
    ("municipal@demo.local", "Магомедова Патимат Ибрагимовна"),
    ("school@demo.local", "Алиев Магомед Расулович"),
    ("school2@demo.local", "Гасанова Зарема Алиевна"),
    ("inspector@demo.local", "Абдуллаев Руслан Магомедович"),
    ("region@demo.local", "Иванова Елена Сергеевна"),
]


@pytest.mark.parametrize(("email", "full_name"), ACCOUNTS, ids=[e.split("@")[0] for e, _ in ACCOUNTS])
def test_role_signs_in_sees_home_and_signs_out(page: Page, live_server, e2e_app, server_errors, tmp_path,
                                               email, full_name):
    sign_in(page, live_server, email)

    expect(page).to_have_url(f"{live_server}/")
    expect(page.locator(".whoami__name")).to_have_text(full_name)
    if email == "admin@demo.local":
        check_admin(page, directory_totals(e2e_app))
    elif email == "municipal@demo.local":
        check_municipal(page)
    elif email == "school@demo.local":
        check_school(page, own=SCHOOL_1, other=SCHOOL_2)
    elif email == "school2@demo.local":
        check_school(page, own=SCHOOL_2, other=SCHOOL_1)
    elif email == "inspector@demo.local":
        check_inspector(page)
    else:
        check_region(page)

    screenshot(page, tmp_path / f"home-{email.split('@')[0]}.png")

    page.get_by_role("button", name="Выйти").click()
    expect(page).to_have_url(f"{live_server}/login")
    expect(page.get_by_role("heading", name="Вход в систему")).to_be_visible()
    expect(page.get_by_role("status")).to_have_text("Вы вышли из системы.")
    # Signed out for real: the home page sends back to the sign-in form.
    page.goto(f"{live_server}/")
    expect(page).to_have_url(f"{live_server}/login?next=%2F")


def test_wrong_password_is_reported_next_to_the_field(page: Page, live_server, server_errors, tmp_path):
    page.goto(f"{live_server}/login")
    # CSRF is on: the form carries a token, and the sign-in below goes through with it.
    expect(page.locator("input[name=csrf_token]")).to_have_attribute("value", re.compile(r"\S{20,}"))
    sign_in(page, live_server, "school@demo.local", password="not-the-password")

    expect(page).to_have_url(f"{live_server}/login")
    password = page.locator(".field").filter(has=page.get_by_label("Пароль", exact=True))
    expect(password.get_by_role("alert")).to_have_text("Неверная электронная почта или пароль.")
    expect(page.get_by_label("Пароль", exact=True)).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Пароль", exact=True)).to_have_value("")  # never sent back
    expect(page.get_by_label("Электронная почта")).to_have_value("school@demo.local")
    expect(page.get_by_role("button", name="Выйти")).to_have_count(0)

    screenshot(page, tmp_path / "login-wrong-password.png")
