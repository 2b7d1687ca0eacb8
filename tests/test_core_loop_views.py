"""The core loop through HTTP: the department makes and publishes an order, a school reports with
files, an inspector decides. Uploads that must be refused store nothing."""
import io
import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlmodel import col, func, select

from workflow.enums import Addressee, RequirementKind, Role, SchoolKind
from workflow.models import Assignment, AuditEvent, Order, Requirement, Review, StoredFile, Submission
from workflow.states import AssignmentState, OrderState

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def pdf(text: str = "") -> bytes:
    return PDF.replace(b"trailer", f"% {text}\ntrailer".encode())


@pytest.fixture()
def district(make_municipality, make_school, make_user):
    municipality = make_municipality()
    schools = [make_school(municipality, kind=kind) for kind in (SchoolKind.sosh, SchoolKind.sosh, SchoolKind.nosh)]
    return {
        "municipality": municipality, "schools": schools,
        "municipal": make_user(Role.municipal, municipality=municipality),
        "inspector": make_user(Role.inspector, municipality=municipality),
        "school": make_user(Role.school, school=schools[0]),
    }


@pytest.fixture()
def published(district, session, make_order):
    order = make_order(district["municipality"], requirements=2, state=OrderState.draft)
    from workflow import operations

    operations.publish_order(session, district["municipal"], order, district["schools"][:2],
                             due_dates={r.id: date.today() + timedelta(days=5) for r in order.requirements})
    assignment = session.exec(select(Assignment).where(
        col(Assignment.school_id) == district["schools"][0].id,
        col(Assignment.requirement_id) == order.requirements[0].id)).one()
    return order, assignment


def blobs(app) -> list[Path]:
    root = Path(app.config["DATA_DIR"]) / "files"
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_department_makes_an_order_with_its_original_and_publishes_it_by_school_type(
        client, login_as, session, district):
    login_as(district["municipal"])
    response = client.post("/orders/new", data={
        "issuer": "Министерство образования", "doc_type": "order", "number": "470/01-14",
        "date": "2021-02-10", "title": "О ведении электронных журналов",
        "file": (io.BytesIO(pdf("original")), "Приказ 470.pdf"),
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    order = session.exec(select(Order).where(col(Order.number) == "470/01-14")).one()
    assert order.state is OrderState.draft and order.source_file.filename == "Приказ 470.pdf"
    download = client.get(f"/orders/{order.id}/file")
    assert download.data.startswith(b"%PDF") and "attachment" in download.headers["Content-Disposition"]
    assert download.headers["X-Content-Type-Options"] == "nosniff"

    for code in ("1", "2"):
        assert client.post(f"/orders/{order.id}/requirements/new", data={
            "code": code, "title": f"Пункт {code}", "kind": "local_act", "addressee": "school",
            "deadline": "2030-03-01"}).status_code == 302
    assert client.post(f"/orders/{order.id}/requirements/new", data={
        "code": "M", "title": "Отчёт управления", "kind": "reporting", "addressee": "municipality",
    }).status_code == 302
    response = client.post(f"/orders/{order.id}/publish", data={"scope": "kinds", "kinds": ["sosh"]})
    assert response.status_code == 302
    assignments = session.exec(select(Assignment).join(Requirement).where(col(Requirement.order_id) == order.id)).all()
    assert len([a for a in assignments if a.school_id]) == 4  # 2 requirements × 2 СОШ (not the НОШ)
    assert [a.municipality_id for a in assignments if a.school_id is None] == [district["municipality"].id]
    assert all(a.due_date == date(2030, 3, 1) for a in assignments if a.school_id)


def test_publishing_by_hand_with_one_due_date(client, login_as, session, district, make_order):
    order = make_order(district["municipality"], requirements=2, state=OrderState.draft)
    login_as(district["municipal"])
    chosen = district["schools"][2]
    assert client.post(f"/orders/{order.id}/publish", data={
        "scope": "schools", "schools": [str(chosen.id)], "due_date": "2031-01-15"}).status_code == 302
    assignments = session.exec(select(Assignment).join(Requirement).where(col(Requirement.order_id) == order.id)).all()
    assert {(a.school_id, a.due_date) for a in assignments} == {(chosen.id, date(2031, 1, 15))}
    page = client.post(f"/orders/{order.id}/publish", data={"scope": "all"}, follow_redirects=True)
    assert "уже опубликован" in page.get_data(as_text=True)


def test_order_from_the_bundled_catalog_and_from_an_uploaded_one(client, login_as, session, district):
    login_as(district["municipal"])
    assert client.post("/orders/from-catalog", data={"catalog_key": "ORD-003"}).status_code == 302
    order = session.exec(select(Order).where(col(Order.catalog_key) == "ORD-003",
                                             col(Order.municipality_id) == district["municipality"].id)).one()
    assert order.requirements and order.state is OrderState.draft

    yaml = """orders:
  - id: MY-1
    issuer: "МКУ «Управление образования»"
    doc_type: "приказ"
    number: "15"
    date: "2025-01-20"
    title: "О назначении ответственных"
    requirements:
      - {code: P1, title: "Назначить ответственного", kind: responsible_person, addressee: school, deadline: "2025-02-01"}
""".encode()
    assert client.post("/orders/from-catalog", data={"file": (io.BytesIO(yaml), "my.yaml")},
                       content_type="multipart/form-data").status_code == 302
    mine = session.exec(select(Order).where(col(Order.catalog_key) == "MY-1")).one()
    assert [r.kind for r in mine.requirements] == [RequirementKind.responsible_person]

    broken = b"orders:\n  - id: X\n    requirements: [{code: A, kind: nonsense}]\n"
    page = client.post("/orders/from-catalog", data={"file": (io.BytesIO(broken), "bad.yaml")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "не заполнено поле issuer" in page
    assert session.exec(select(func.count()).select_from(Order).where(col(Order.catalog_key) == "X")).one() == 0


def test_school_reports_inspector_returns_school_resends_inspector_accepts(
        app, client, login_as, session, district, published):
    order, assignment = published
    login_as(district["school"])
    url = f"/assignments/{assignment.id}"
    assert "Название локального акта" in client.get(url).get_data(as_text=True)
    page = client.post(url, data={"send": "1", "f_act_title": ""}).get_data(as_text=True)
    assert "Заполните обязательные поля" in page

    assert client.post(url, data={"save": "1", "f_act_title": "Положение об электронном журнале"}).status_code == 302
    response = client.post(url, data={
        "send": "1", "f_act_title": "Положение об электронном журнале", "f_council_protocol_no": "3",
        "f_council_protocol_date": "2024-08-30", "f_approval_order_no": "112",
        "f_approval_order_date": "2024-09-01", "note": "Положение принято",
        "files": [(io.BytesIO(pdf("act")), "Положение.pdf"), (io.BytesIO(pdf("order")), "Приказ.pdf")],
    }, content_type="multipart/form-data")
    assert response.status_code == 302
    session.refresh(assignment)
    assert assignment.state is AssignmentState.submitted
    submission = assignment.submissions[-1]
    assert [f.filename for f in submission.files] == ["Положение.pdf", "Приказ.pdf"]
    assert submission.fields["council_protocol_date"] == "2024-08-30"

    login_as(district["inspector"])
    queue = client.get("/review").get_data(as_text=True)
    assert district["schools"][0].name in queue
    review_page = client.get(f"/review/{submission.id}").get_data(as_text=True)
    assert "Нет протокола педагогического совета" in review_page and "Положение.pdf" in review_page
    assert client.post(f"/review/{submission.id}", data={"verdict": "returned"}).status_code == 200
    assert client.post(f"/review/{submission.id}", data={
        "verdict": "returned", "reasons": ["Акт не опубликован на сайте школы"], "comment": "Дайте ссылку",
    }).status_code == 302
    again = client.post(f"/review/{submission.id}", data={"verdict": "accepted"}, follow_redirects=True)
    assert "уже принято решение" in again.get_data(as_text=True)  # a second decision loses

    login_as(district["school"])
    page = client.get(url).get_data(as_text=True)
    assert "Акт не опубликован на сайте школы" in page and "Дайте ссылку" in page
    assert client.post(url, data={
        "send": "1", "f_act_title": "Положение об электронном журнале", "f_site_url": "https://school.ru/act.pdf",
        "files": [(io.BytesIO(pdf("act v2")), "Положение.pdf")],
    }, content_type="multipart/form-data").status_code == 302
    session.refresh(assignment)
    second = assignment.submissions[-1]
    assert second.number == 2 and submission.files  # the first version keeps its files

    login_as(district["inspector"])
    assert client.post(f"/review/{second.id}", data={"verdict": "accepted"}).status_code == 302
    session.refresh(assignment)
    assert assignment.state is AssignmentState.accepted
    history = client.get(url).get_data(as_text=True)
    for label in ("Отчёт отправлен на проверку", "Отчёт возвращён на доработку", "Отчёт принят"):
        assert label in history
    assert session.exec(select(func.count()).select_from(Review)).one() == 2


@pytest.mark.parametrize("name,data,message", [
    ("Положение.pdf", b"<html><script>alert(1)</script></html>", "Формат файла не поддерживается"),
    ("пусто.pdf", b"", "Файл пуст"),
    ("рисунок.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "Формат файла не поддерживается"),
])
def test_refused_uploads_store_nothing(app, client, login_as, session, district, published, name, data, message):
    _, assignment = published
    login_as(district["school"])
    before_files = blobs(app)
    page = client.post(f"/assignments/{assignment.id}", data={
        "send": "1", "f_act_title": "Положение",
        "files": [(io.BytesIO(pdf("good")), "good.pdf"), (io.BytesIO(data), name)],
    }, content_type="multipart/form-data").get_data(as_text=True)
    assert message in page and f"«{name}»" in page
    assert blobs(app) == before_files
    assert session.exec(select(func.count()).select_from(StoredFile)).one() == 0
    assert session.exec(select(func.count()).select_from(Submission)).one() == 0


def test_oversized_upload_is_refused(app, client, login_as, session, district, published, monkeypatch):
    _, assignment = published
    monkeypatch.setitem(app.config, "MAX_UPLOAD_BYTES", 1024)
    login_as(district["school"])
    page = client.post(f"/assignments/{assignment.id}", data={
        "send": "1", "f_act_title": "Положение", "files": [(io.BytesIO(pdf("x" * 2000)), "big.pdf")],
    }, content_type="multipart/form-data").get_data(as_text=True)
    assert "больше допустимого размера" in page
    assert session.exec(select(func.count()).select_from(StoredFile)).one() == 0


def test_a_path_in_the_file_name_is_dropped(app, client, login_as, session, district, published):
    _, assignment = published
    login_as(district["school"])
    client.post(f"/assignments/{assignment.id}", data={
        "send": "1", "f_act_title": "Положение", "files": [(io.BytesIO(pdf()), "../../etc/passwd.pdf")],
    }, content_type="multipart/form-data")
    stored = session.exec(select(StoredFile)).one()
    assert "/" not in stored.filename and ".." not in stored.filename
    assert all(Path(app.config["DATA_DIR"]) in p.parents for p in blobs(app))


def test_department_moves_one_schools_due_date_with_a_reason(client, login_as, session, district, published):
    _, assignment = published
    original = assignment.due_date
    login_as(district["municipal"])
    url = f"/assignments/{assignment.id}/due-date"
    page = client.post(url, data={"due_date": "2031-05-01", "reason": ""}, follow_redirects=True)
    assert "Срок не перенесён" in page.get_data(as_text=True)
    page = client.post(url, data={"due_date": "2031-05-01", "reason": "Ремонт в школе"}, follow_redirects=True)
    text = page.get_data(as_text=True)
    assert "Срок перенесён на 01.05.2031" in text and "Ремонт в школе" in text
    assert f"перенесён с {original:%d.%m.%Y}" in text
    session.refresh(assignment)
    assert (assignment.due_date, assignment.original_due_date) == (date(2031, 5, 1), original)
    event = session.exec(select(AuditEvent).where(col(AuditEvent.action) == "assignment.due_date_moved")).one()
    assert event.actor_id == district["municipal"].id


def test_review_page_offers_the_reasons_of_the_requirement_kind(client, login_as, session, district, make_order,
                                                                make_assignment):
    order = make_order(district["municipality"], requirements=1)
    requirement = order.requirements[0]
    requirement.kind, requirement.addressee = RequirementKind.working_group, Addressee.school
    assignment = make_assignment(requirement, district["schools"][0], state=AssignmentState.submitted)
    submission = Submission(assignment_id=assignment.id, status="submitted", note="Группа создана")
    session.add(submission)
    session.flush()
    login_as(district["inspector"])
    page = client.get(f"/review/{submission.id}").get_data(as_text=True)
    assert "Нет приказа о создании рабочей группы" in page
    assert re.search(r"Нет протокола педагогического совета", page) is None


def test_a_returned_report_is_corrected_not_retyped(client, login_as, session, district, published):
    _, assignment = published
    url = f"/assignments/{assignment.id}"
    login_as(district["school"])
    client.post(url, data={"send": "1", "f_act_title": "Положение о ЭЖ", "f_approval_order_no": "112",
                           "files": [(io.BytesIO(pdf("act")), "Положение.pdf"),
                                     (io.BytesIO(pdf("old order")), "Старый приказ.pdf")]},
                content_type="multipart/form-data")
    session.refresh(assignment)
    first = assignment.submissions[-1]
    login_as(district["inspector"])
    client.post(f"/review/{first.id}", data={"verdict": "returned", "reasons": ["Нет приказа об утверждении"]})

    login_as(district["school"])
    page = client.get(url).get_data(as_text=True)
    assert 'value="Положение о ЭЖ"' in page and 'value="112"' in page and "Старый приказ.pdf" in page
    act = next(f for f in first.files if f.filename == "Положение.pdf")
    assert client.post(url, data={
        "send": "1", "f_act_title": "Положение о ЭЖ", "f_approval_order_no": "115", "keep": [str(act.id)],
        "files": [(io.BytesIO(pdf("new order")), "Приказ 115.pdf")],
    }, content_type="multipart/form-data").status_code == 302
    session.refresh(assignment)
    second = assignment.submissions[-1]
    assert second.number == 2 and [f.filename for f in second.files] == ["Положение.pdf", "Приказ 115.pdf"]
    assert second.fields["approval_order_no"] == "115" and first.fields["approval_order_no"] == "112"


def test_a_zip_bomb_named_docx_is_refused_through_the_form(app, client, login_as, session, district, published,
                                                           zip_bomb):
    _, assignment = published
    login_as(district["school"])
    before = blobs(app)
    page = client.post(f"/assignments/{assignment.id}", data={
        "send": "1", "f_act_title": "Положение", "files": [(io.BytesIO(zip_bomb), "Положение.docx")],
    }, content_type="multipart/form-data").get_data(as_text=True)
    assert "«Положение.docx»" in page and "слишком большой объём" in page
    assert blobs(app) == before and session.exec(select(func.count()).select_from(StoredFile)).one() == 0
