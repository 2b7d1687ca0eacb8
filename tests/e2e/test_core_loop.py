"""The core loop in a real browser: the department publishes an order to two schools, one school
reports a local act with a PDF, the inspector returns it with a reason, the school resubmits, the
inspector accepts, and the department's status matrix (page and JSON) shows the change.

Each person has a browser context of their own, as they would have their own computer; the order
gets a unique title, since the other browser tests share the demo database.
"""
import os
import re
import shutil
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from workflow.demo import DEMO_PASSWORD

pytestmark = pytest.mark.e2e

SCHOOL_1, SCHOOL_2 = "МКОУ «Сергокалинская СОШ № 1»", "МКОУ «Сергокалинская СОШ № 2»"
ISSUER = "МКУ «Управление образования» Сергокалинского района"
ACT_TITLE = "Положение о ведении электронного журнала успеваемости"
REASON = "Нет протокола педагогического совета"
SHOTS_ENV = "E2E_SCREENSHOT_DIR"  # set it (e.g. to /tmp/e2e-loop) to keep the screenshots


def minimal_pdf(text: str) -> bytes:
    """A small PDF that readers open: catalog, pages, one page with a line of text, xref, trailer."""
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


class Shots:
    """Numbered full-page screenshots in tmp_path, copied to $E2E_SCREENSHOT_DIR when it is set."""

    def __init__(self, folder: Path):
        self.folder, self.count = folder, 0
        keep = os.environ.get(SHOTS_ENV)
        self.keep = Path(keep) if keep else None

    def __call__(self, page: Page, name: str) -> None:
        self.count += 1
        path = self.folder / f"loop-{self.count:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        if self.keep:
            self.keep.mkdir(parents=True, exist_ok=True)
            shutil.copy(path, self.keep / path.name)


@pytest.fixture()
def people(new_context, live_server):
    """``people(email)`` → a signed-in page in a browser context of its own (pytest-playwright's, so
    ``--tracing``/``--video`` apply and it is closed after the test); 5xx responses fail the test."""
    errors: list[str] = []

    def sign_in(email: str) -> Page:
        page = new_context(locale="ru-RU").new_page()
        page.on("response", lambda r: errors.append(f"{r.status} {r.request.method} {r.url}")
                if r.status >= 500 else None)
        page.goto("/login")
        page.get_by_label("Электронная почта").fill(email)
        page.get_by_label("Пароль", exact=True).fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Войти").click()
        expect(page).to_have_url(f"{live_server}/")
        return page

    yield sign_in
    assert not errors, f"the server failed (see the captured log for the traceback): {errors}"


def flash(page: Page):
    return page.locator("main .alert[role=status]")


def test_order_to_two_schools_return_resubmit_accept_and_status(people, live_server, tmp_path):
    shot = Shots(tmp_path)
    token = uuid.uuid4().hex[:6]
    title = f"Об утверждении положения о ведении электронного журнала (проверка {token})"
    requirement = "Разработать и утвердить положение о ведении электронного журнала успеваемости"
    deadline = date.today() + timedelta(days=30)

    # 1. The department: a new order by hand, one local-act requirement for schools, published to two schools.
    municipal = people("municipal@demo.local")
    municipal.get_by_role("link", name="Приказы и письма").first.click()
    municipal.get_by_role("link", name="Новый документ").click()
    expect(municipal.get_by_role("heading", level=1)).to_have_text("Новый приказ или письмо")
    municipal.get_by_label("Кто издал").fill(ISSUER)
    municipal.get_by_label("Вид документа").select_option(label="приказ")
    municipal.get_by_label("Номер").fill(f"{token}-од")
    municipal.get_by_label("Дата", exact=True).fill(date.today().isoformat())
    municipal.get_by_label("Заголовок («О …»)").fill(title)
    shot(municipal, "order-form")
    municipal.get_by_role("button", name="Сохранить").click()
    expect(flash(municipal)).to_have_text("Документ сохранён.")
    expect(municipal.get_by_role("heading", level=1)).to_have_text(title)
    expect(municipal.locator("main > dl.details")).to_contain_text("Черновик")
    order_id = int(re.search(r"/orders/(\d+)$", municipal.url).group(1))

    municipal.get_by_role("link", name="Добавить требование").click()
    municipal.get_by_label("Код (пункт)").fill("1")
    municipal.get_by_label("Что требуется").fill(requirement)
    municipal.get_by_label("Вид требования").select_option(label="Локальный акт")
    municipal.get_by_label("Кому").select_option(label="Образовательные организации")
    municipal.get_by_label("Срок по умолчанию").fill(deadline.isoformat())
    municipal.get_by_label("Чем подтвердить исполнение").fill(
        "Положение, протокол педагогического совета, приказ об утверждении")
    shot(municipal, "requirement-form")
    municipal.get_by_role("button", name="Сохранить").click()
    expect(flash(municipal)).to_have_text("Требование сохранено.")
    row = municipal.locator("main table tbody tr").filter(has_text=requirement)
    expect(row).to_contain_text("Локальный акт")
    expect(row).to_contain_text(deadline.strftime("%d.%m.%Y"))

    municipal.get_by_role("link", name="Опубликовать для школ").click()
    expect(municipal.get_by_role("heading", level=1)).to_have_text("Публикация для школ")
    municipal.get_by_label("Выбранным школам").check()
    municipal.get_by_label(SCHOOL_1, exact=True).check()
    municipal.get_by_label(SCHOOL_2, exact=True).check()
    shot(municipal, "publish-form")
    municipal.get_by_role("button", name="Опубликовать").click()
    expect(flash(municipal)).to_have_text("Документ опубликован: школ — 2, поручений — 2.")
    expect(municipal).to_have_url(f"{live_server}/orders/{order_id}")
    expect(municipal.locator("main > dl.details")).to_contain_text("Опубликован")
    expect(municipal.locator("main table tbody tr").filter(has_text=requirement)).to_contain_text("0 %")
    shot(municipal, "order-published")

    # 2. School № 1 finds the assignment in «Мои поручения», reports the act with a PDF.
    school = people("school@demo.local")
    expect(school.get_by_role("heading", level=1)).to_have_text("Мои поручения")
    mine = school.locator("main table tbody tr").filter(has_text=title)
    expect(mine).to_have_count(1)
    expect(mine).to_contain_text("Назначено")
    expect(mine).to_contain_text(deadline.strftime("%d.%m.%Y"))
    mine.get_by_role("link", name=requirement).click()
    assignment_url = school.url
    assert re.fullmatch(rf"{re.escape(live_server)}/assignments/\d+", assignment_url), assignment_url
    expect(school.get_by_role("heading", level=1)).to_have_text(requirement)
    expect(school.get_by_role("heading", name="Отчёт об исполнении")).to_be_visible()

    first_pdf = tmp_path / "Положение об электронном журнале.pdf"
    first_pdf.write_bytes(minimal_pdf(f"Polozhenie ob elektronnom zhurnale {token}"))
    school.get_by_label("Название локального акта").fill(ACT_TITLE)
    school.get_by_label("Принято педсоветом: протокол №").fill("3")
    school.get_by_label("Утверждено приказом №", exact=True).fill("45-од")
    school.get_by_label("Утверждено приказом: дата").fill(date.today().isoformat())
    school.get_by_label("Ссылка на публикацию на сайте школы").fill("https://sergokala-sosh1.ru/docs/ej.pdf")
    school.locator("input[type=file][name=files]").set_input_files(first_pdf)
    school.get_by_label("Что сделано (комментарий)").fill("Положение принято и размещено на сайте.")
    shot(school, "report-form")
    school.get_by_role("button", name="Отправить на проверку").click()
    expect(flash(school)).to_have_text("Отчёт отправлен на проверку.")
    expect(school.locator("main > dl.details")).to_contain_text("На проверке")
    report = school.locator("article.submission")
    expect(report).to_have_count(1)
    expect(report).to_contain_text(ACT_TITLE)
    expect(report.get_by_role("link", name=first_pdf.name)).to_be_visible()
    expect(report).to_contain_text("Ждёт проверки.")
    expect(school.get_by_role("button", name="Отправить на проверку")).to_have_count(0)
    shot(school, "report-sent")

    # The other school cannot read this assignment, nor its file, by address.
    school2 = people("school2@demo.local")
    response = school2.goto(assignment_url)
    assert response is not None and response.status == 403
    expect(school2.get_by_role("heading", level=1)).to_have_text("Доступ запрещён")
    file_href = report.get_by_role("link", name=first_pdf.name).get_attribute("href")
    response = school2.goto(file_href)
    assert response is not None and response.status == 403
    expect(school2.locator("main")).not_to_contain_text(title)
    shot(school2, "other-school-refused")

    # 3. The inspector finds the report in the queue and returns it with a reason.
    inspector = people("inspector@demo.local")
    inspector.get_by_role("link", name="Проверка отчётов").click()
    expect(inspector).to_have_url(f"{live_server}/review")
    inspector.get_by_label("Документ", exact=True).select_option(str(order_id))
    inspector.get_by_role("button", name="Показать").click()
    queued = inspector.locator("main table tbody tr")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text(SCHOOL_1)
    expect(queued).not_to_contain_text("повторный")
    shot(inspector, "review-queue")
    queued.get_by_role("link", name="Проверить").click()
    expect(inspector.get_by_role("heading", level=1)).to_have_text(SCHOOL_1)
    expect(inspector.locator("article.submission")).to_contain_text(ACT_TITLE)
    preview = inspector.locator("iframe.preview")
    expect(preview).to_have_attribute("title", first_pdf.name)
    shown = inspector.context.request.get(f"{live_server}{preview.get_attribute('src')}")
    assert shown.ok and shown.headers["content-type"] == "application/pdf"
    assert shown.headers["content-disposition"].startswith("inline")
    assert shown.body() == first_pdf.read_bytes()
    inspector.get_by_label("Возвращено на доработку").check()
    inspector.get_by_label(REASON).check()
    inspector.get_by_label("Комментарий для школы").fill("Приложите протокол педсовета к положению.")
    shot(inspector, "review-return")
    inspector.get_by_role("button", name="Сохранить решение").click()
    expect(flash(inspector)).to_have_text("Решение сохранено: отчёт возвращён школе с причинами.")
    expect(inspector).to_have_url(re.compile(rf"{re.escape(live_server)}/review"))

    # 4. The school sees it returned, with the reason, and resubmits.
    school.goto("/")
    mine = school.locator("main table tbody tr").filter(has_text=title)
    expect(mine).to_contain_text("Возвращено на доработку")
    expect(mine).to_have_class(re.compile(r"\brow--attention\b"))
    shot(school, "my-assignments-returned")
    mine.get_by_role("link", name=requirement).click()
    expect(school.locator("main > dl.details")).to_contain_text("Возвращено на доработку")
    returned = school.locator("article.submission")
    expect(returned).to_contain_text("Возвращено на доработку")
    expect(returned.get_by_role("listitem").filter(has_text=REASON)).to_be_visible()
    expect(returned).to_contain_text("Приложите протокол педсовета к положению.")
    expect(school.get_by_role("heading", name="Исправленный отчёт")).to_be_visible()
    shot(school, "assignment-returned")

    second_pdf = tmp_path / "Протокол педсовета № 3.pdf"
    second_pdf.write_bytes(minimal_pdf(f"Protokol pedsoveta 3 {token}"))
    school.get_by_label("Название локального акта").fill(ACT_TITLE)
    school.get_by_label("Принято педсоветом: протокол №").fill("3")
    school.get_by_label("Принято педсоветом: дата протокола").fill((date.today() - timedelta(days=1)).isoformat())
    school.get_by_label("Утверждено приказом №", exact=True).fill("45-од")
    school.get_by_label("Утверждено приказом: дата").fill(date.today().isoformat())
    school.locator("input[type=file][name=files]").set_input_files([first_pdf, second_pdf])
    school.get_by_role("button", name="Отправить на проверку").click()
    expect(flash(school)).to_have_text("Отчёт отправлен на проверку.")
    expect(school.locator("main > dl.details")).to_contain_text("На проверке")
    expect(school.locator("article.submission")).to_have_count(2)  # the first version is kept
    expect(school.locator("article.submission").last.get_by_role("link", name=second_pdf.name)).to_be_visible()
    shot(school, "report-resent")

    # 5. The inspector accepts the resubmission.
    inspector.goto(f"/review?order_id={order_id}")
    queued = inspector.locator("main table tbody tr")
    expect(queued).to_have_count(1)
    expect(queued).to_contain_text("отчёт № 2 (повторный)")
    queued.get_by_role("link", name="Проверить").click()
    expect(inspector.get_by_role("heading", level=1)).to_have_text(SCHOOL_1)
    inspector.get_by_label("Принято", exact=True).check()
    shot(inspector, "review-accept")
    inspector.get_by_role("button", name="Сохранить решение").click()
    expect(flash(inspector)).to_have_text("Решение сохранено: отчёт принят.")
    inspector.goto(f"/review?order_id={order_id}")
    expect(inspector.get_by_text("Отчётов, ждущих проверки, нет.")).to_be_visible()

    school.reload()
    expect(school.locator("main > dl.details")).to_contain_text("Принято")
    expect(school.get_by_role("button", name="Отправить на проверку")).to_have_count(0)

    # 6. The department's status matrix: СОШ № 1 accepted, СОШ № 2 still assigned, 50 % in all.
    municipal.goto(f"/orders/{order_id}")
    municipal.get_by_role("link", name="Исполнение по школам").click()
    expect(municipal).to_have_url(f"{live_server}/orders/{order_id}/status")
    expect(municipal.get_by_role("heading", level=1)).to_have_text(f"Исполнение: {title}")
    matrix = municipal.locator("table.matrix")

    def matrix_row(name: str):
        return matrix.locator("tbody tr").filter(has=municipal.get_by_role("link", name=name, exact=True))

    expect(matrix.locator("tbody tr")).to_have_count(2)
    expect(matrix_row(SCHOOL_1).locator("td").first).to_have_text("Принято")
    expect(matrix_row(SCHOOL_1).locator("td.matrix__percent")).to_have_text("100 %")
    expect(matrix_row(SCHOOL_2).locator("td").first).to_have_text("Назначено")
    expect(matrix_row(SCHOOL_2).locator("td.matrix__percent")).to_have_text("0 %")
    expect(matrix.locator("tfoot td").first).to_have_text("50 %")
    expect(matrix.locator("tfoot td.matrix__percent")).to_have_text("50 %")
    expect(municipal.locator(".status-summary")).to_contain_text("принято (1 из 2)")
    shot(municipal, "status-matrix")

    response = municipal.context.request.get(f"{live_server}/orders/{order_id}/status.json")
    assert response.ok and response.headers["content-type"].startswith("application/json")
    data = response.json()
    assert data["order"]["id"] == order_id and data["order"]["title"] == title
    [req] = data["requirements"]
    assert req["title"] == requirement and req["percent_accepted"] == 50
    schools = {s["name"]: s for s in data["schools"]}
    assert set(schools) == {SCHOOL_1, SCHOOL_2}
    assert schools[SCHOOL_1]["cells"][str(req["id"])]["state"] == "accepted"
    assert schools[SCHOOL_1]["cells"][str(req["id"])]["state_label"] == "Принято"
    assert schools[SCHOOL_1]["percent_accepted"] == 100
    assert schools[SCHOOL_2]["cells"][str(req["id"])]["state"] == "assigned"
    assert schools[SCHOOL_2]["percent_accepted"] == 0
    assert data["totals"] == {"assignments": 2, "accepted": 1, "overdue": 0, "percent_accepted": 50}

    # Schools are refused the matrix and its JSON.
    assert school.context.request.get(f"{live_server}/orders/{order_id}/status.json").status == 403
