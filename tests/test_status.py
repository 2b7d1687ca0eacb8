"""The status matrix of an order: cells, percentages, filters, the JSON and XLSX exports, the
number of queries, and who may see it."""
from datetime import date, timedelta
from io import BytesIO
from urllib.parse import unquote

import pytest
from openpyxl import load_workbook

from workflow.enums import Addressee, RequirementKind, Role, SchoolKind
from workflow.models import Assignment, Requirement, School
from workflow.queries.status import order_matrix
from workflow.states import AssignmentState as S

TODAY = date.today()
PAST, FUTURE = TODAY - timedelta(days=5), TODAY + timedelta(days=10)


@pytest.fixture()
def small(session, make_region, make_municipality, make_school, make_order, make_assignment):
    """Three schools × three requirements, and one requirement addressed to the municipality.

    Альфа (СОШ):    R01 accepted (due passed, not overdue), R02 assigned and overdue,
                    R03 returned with its due date moved     → 1 of 3 accepted = 33 %
    Бета (гимназия): R01 submitted, R02 accepted, R03 accepted → 67 %
    Гамма (лицей):   R01 in progress, R02 assigned, no R03     → 0 %
    Per requirement: R01 33 %, R02 33 %, R03 50 %; in all 3 of 8 = 38 %.
    """
    region = make_region()
    municipality = make_municipality(region)
    order = make_order(municipality, requirements=3)
    session.add(Requirement(order_id=order.id, position=4, code="M01", title="Сводный отчёт управления",
                            kind=RequirementKind.reporting, addressee=Addressee.municipality))
    session.flush()
    session.refresh(order)
    r1, r2, r3, m1 = order.requirements
    # Created out of alphabetical order: rows must come sorted by name.
    gamma = make_school(municipality, name="МБОУ «Гамма»", kind=SchoolKind.lyceum)
    alpha = make_school(municipality, name="МБОУ «Альфа»", kind=SchoolKind.sosh)
    beta = make_school(municipality, name="МБОУ «Бета»", kind=SchoolKind.gymnasium)
    cells = {
        ("alpha", "r1"): make_assignment(r1, alpha, state=S.accepted, due_date=PAST),
        ("alpha", "r2"): make_assignment(r2, alpha, state=S.assigned, due_date=PAST),
        ("alpha", "r3"): make_assignment(r3, alpha, state=S.returned, due_date=FUTURE),
        ("beta", "r1"): make_assignment(r1, beta, state=S.submitted, due_date=FUTURE),
        ("beta", "r2"): make_assignment(r2, beta, state=S.accepted, due_date=FUTURE),
        ("beta", "r3"): make_assignment(r3, beta, state=S.accepted, due_date=FUTURE),
        ("gamma", "r1"): make_assignment(r1, gamma, state=S.in_progress, due_date=FUTURE),
        ("gamma", "r2"): make_assignment(r2, gamma, state=S.assigned),
    }
    cells["alpha", "r3"].original_due_date = PAST  # moved for this school
    cells["gamma", "r2"].due_date = cells["gamma", "r2"].original_due_date = None  # no deadline
    authority = Assignment(requirement_id=m1.id, municipality_id=municipality.id, due_date=PAST,
                           original_due_date=PAST, state=S.in_progress)
    session.add(authority)
    session.flush()
    return {"region": region, "municipality": municipality, "order": order, "r": (r1, r2, r3),
            "m1": m1, "schools": (alpha, beta, gamma), "cells": cells, "authority": authority}


@pytest.fixture()
def as_municipal(login_as, make_user, small):
    login_as(make_user(Role.municipal, municipality=small["municipality"]))
    return small


def test_matrix_cells_and_percentages(session, small):
    alpha, beta, gamma = small["schools"]
    r1, r2, r3 = small["r"]
    matrix = order_matrix(session, small["order"], TODAY)

    assert [r.code for r in matrix.requirements] == ["R01", "R02", "R03"]  # M01 is the municipality's
    assert [row.school.id for row in matrix.rows] == [alpha.id, beta.id, gamma.id]
    a, b, g = matrix.rows
    assert a.cells[r1.id].state is S.accepted and not a.cells[r1.id].overdue
    assert a.cells[r2.id].overdue and not a.cells[r2.id].moved
    assert a.cells[r3.id].state is S.returned and a.cells[r3.id].moved and not a.cells[r3.id].overdue
    assert a.cells[r3.id].assignment_id == small["cells"]["alpha", "r3"].id
    assert r3.id not in g.cells and g.cells[r2.id].due_date is None and not g.cells[r2.id].overdue
    assert [row.percent_accepted for row in matrix.rows] == [33, 67, 0]
    assert [matrix.percent(r) for r in (r1, r2, r3)] == [33, 33, 50]
    assert a.counts.overdue == 1 and a.counts[S.returned] == 1
    assert (matrix.totals.total, matrix.totals[S.accepted], matrix.totals.overdue) == (8, 3, 1)
    assert matrix.totals.percent_accepted == 38  # 3 of 8 = 37.5

    [item] = matrix.authority
    assert item.id == small["authority"].id and item.requirement.code == "M01"
    assert item.municipality.id == small["municipality"].id and item.is_overdue(TODAY)


@pytest.mark.parametrize("filters,expected", [
    ({"only": "overdue"}, ["МБОУ «Альфа»"]),
    ({"only": "returned"}, ["МБОУ «Альфа»"]),
    ({"school_kind": SchoolKind.gymnasium}, ["МБОУ «Бета»"]),
    ({"school_kind": SchoolKind.gymnasium, "only": "overdue"}, []),
    ({"school_kind": SchoolKind.nosh}, []),
])
def test_filters_keep_the_matching_schools_and_their_figures(session, small, filters, expected):
    matrix = order_matrix(session, small["order"], TODAY, **filters)
    assert [row.school.name for row in matrix.rows] == expected
    assert matrix.totals.total == sum(len(row.cells) for row in matrix.rows)
    assert len(matrix.requirements) == 3  # the columns stay


def test_page_shows_cells_links_and_percentages(client, as_municipal):
    small = as_municipal
    alpha, beta, gamma = small["schools"]
    r1, r2, r3 = small["r"]
    response = client.get(f"/orders/{small['order'].id}/status")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert page.index("МБОУ «Альфа»") < page.index("МБОУ «Бета»") < page.index("МБОУ «Гамма»")
    for school in (alpha, beta, gamma):
        assert f'href="/schools/{school.id}"' in page
    for assignment in small["cells"].values():
        assert f'href="/assignments/{assignment.id}"' in page
    assert f'<abbr title="{r1.title}">R01</abbr>' in page
    assert 'title="Возвращено на доработку · срок' in page and ">Возвращено</a>" in page
    assert page.count('<span class="matrix__late">просрочено</span>') == 2  # one cell + the legend
    assert f"(перенесён с {PAST:%d.%m.%Y})" in page
    for percent in ("33 %", "67 %", "0 %", "50 %", "38 %"):
        assert percent in page
    assert "Сводный отчёт управления" in page  # the municipality's own assignment, below the matrix
    assert f"/orders/{small['order'].id}/status.xlsx" in page
    assert f"/orders/{small['order'].id}/status.json" in page


def test_page_filters_and_carries_them_to_the_exports(client, as_municipal):
    order_id = as_municipal["order"].id
    page = client.get(f"/orders/{order_id}/status?only=returned&kind=sosh").get_data(as_text=True)
    assert "МБОУ «Альфа»" in page and "МБОУ «Бета»" not in page and "МБОУ «Гамма»" not in page
    assert f"/orders/{order_id}/status.xlsx?only=returned&amp;kind=sosh" in page
    assert '<option value="returned" selected>' in page and '<option value="sosh" selected>' in page
    empty = client.get(f"/orders/{order_id}/status?kind=nosh").get_data(as_text=True)
    assert "Ни одна школа не подходит" in empty


def test_unknown_filter_values_are_ignored(client, as_municipal):
    response = client.get(f"/orders/{as_municipal['order'].id}/status.json?only=all%00&kind=DROP")
    assert response.status_code == 200
    assert len(response.get_json()["schools"]) == 3


def test_json_shape_and_numbers(client, as_municipal):
    small = as_municipal
    alpha, beta, gamma = small["schools"]
    r1, r2, r3 = small["r"]
    order = small["order"]
    data = client.get(f"/orders/{order.id}/status.json").get_json()

    assert data["order"] == {"id": order.id, "number": order.number, "date": order.date.isoformat(),
                             "title": order.title}
    assert data["requirements"] == [
        {"id": r.id, "code": r.code, "title": r.title, "percent_accepted": p}
        for r, p in ((r1, 33), (r2, 33), (r3, 50))
    ]
    assert [(s["id"], s["name"], s["kind"], s["percent_accepted"]) for s in data["schools"]] == [
        (alpha.id, "МБОУ «Альфа»", "sosh", 33), (beta.id, "МБОУ «Бета»", "gymnasium", 67),
        (gamma.id, "МБОУ «Гамма»", "lyceum", 0),
    ]
    alpha_cells = data["schools"][0]["cells"]
    assert set(alpha_cells) == {str(r1.id), str(r2.id), str(r3.id)}
    assert alpha_cells[str(r2.id)] == {
        "assignment_id": small["cells"]["alpha", "r2"].id, "state": "assigned", "state_label": "Назначено",
        "due_date": PAST.isoformat(), "overdue": True,
    }
    assert alpha_cells[str(r3.id)]["state_label"] == "Возвращено на доработку"
    assert data["schools"][2]["cells"][str(r2.id)]["due_date"] is None
    assert str(r3.id) not in data["schools"][2]["cells"]
    assert data["totals"] == {"assignments": 8, "accepted": 3, "overdue": 1, "percent_accepted": 38}

    filtered = client.get(f"/orders/{order.id}/status.json?kind=gymnasium").get_json()
    assert [s["name"] for s in filtered["schools"]] == ["МБОУ «Бета»"]
    assert filtered["totals"] == {"assignments": 3, "accepted": 2, "overdue": 0, "percent_accepted": 67}


def test_xlsx_holds_the_same_labels_and_percentages_as_the_json(client, as_municipal):
    order = as_municipal["order"]
    data = client.get(f"/orders/{order.id}/status.json").get_json()
    response = client.get(f"/orders/{order.id}/status.xlsx")

    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    disposition = unquote(response.headers["Content-Disposition"])
    assert disposition.startswith("attachment") and f"Исполнение — письмо № {order.number}.xlsx" in disposition

    book = load_workbook(BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["Исполнение", "Требования"]
    rows = [list(row) for row in book["Исполнение"].iter_rows(values_only=True)]
    assert order.reference in rows[0][0] and rows[1][0] == order.title
    assert TODAY.strftime("%d.%m.%Y") in rows[2][0]
    header = rows[4]
    assert header == ["Образовательная организация", "Тип",
                      *(r["code"] for r in data["requirements"]), "Принято, %"]
    body, footer = rows[5:-1], rows[-1]
    assert len(body) == len(data["schools"])
    for line, school in zip(body, data["schools"], strict=True):
        expected = []
        for requirement in data["requirements"]:
            cell = school["cells"].get(str(requirement["id"]))
            expected.append(cell["state_label"] + (", просрочено" if cell["overdue"] else "") if cell else None)
        assert line == [school["name"], SchoolKind(school["kind"]).label, *expected, school["percent_accepted"]]
    assert footer[2:] == [*(r["percent_accepted"] for r in data["requirements"]),
                          data["totals"]["percent_accepted"]]
    assert "Назначено, просрочено" in body[0]


def test_exports_follow_the_filters(client, as_municipal):
    order_id = as_municipal["order"].id
    response = client.get(f"/orders/{order_id}/status.xlsx?only=overdue")
    rows = list(load_workbook(BytesIO(response.data), read_only=True)["Исполнение"].iter_rows(values_only=True))
    assert [row[0] for row in rows[5:-1]] == ["МБОУ «Альфа»"]


def test_order_without_assignments_shows_an_empty_matrix(client, login_as, make_user, make_municipality,
                                                         make_order):
    municipality = make_municipality()
    order = make_order(municipality, requirements=2)
    login_as(make_user(Role.inspector, municipality=municipality))
    assert "Поручений школам по этому документу нет" in client.get(f"/orders/{order.id}/status").get_data(
        as_text=True)
    data = client.get(f"/orders/{order.id}/status.json").get_json()
    assert data["schools"] == [] and data["totals"]["percent_accepted"] == 0
    assert [r["percent_accepted"] for r in data["requirements"]] == [0, 0]
    assert client.get(f"/orders/{order.id}/status.xlsx").status_code == 200


SUFFIXES = ("", ".xlsx", ".json")


@pytest.mark.parametrize("suffix", SUFFIXES)
def test_access(client, login_as, make_user, make_municipality, small, suffix):
    url = f"/orders/{small['order'].id}/status{suffix}"
    alpha = small["schools"][0]
    login_as(None)
    response = client.get(url)
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    expected = [
        (make_user(Role.school, school=alpha), 403),
        (make_user(Role.municipal, municipality=make_municipality(small["region"])), 403),
        (make_user(Role.inspector, municipality=make_municipality(small["region"])), 403),
        (make_user(Role.inspector, region=make_municipality().region), 403),
        (make_user(Role.municipal, municipality=small["municipality"]), 200),
        (make_user(Role.inspector, municipality=small["municipality"]), 200),
        (make_user(Role.inspector, region=small["region"]), 200),
        (make_user(Role.admin), 200),
    ]
    for user, status in expected:
        login_as(user)
        assert client.get(url).status_code == status, (user.role, user.municipality_id, user.region_id)
    assert client.get(f"/orders/{2**31 - 1}/status{suffix}").status_code == 404


@pytest.fixture()
def district(session, make_region, make_municipality, make_order):
    """A municipality of ``size`` schools, each with five assignments of one order in mixed states."""
    def build(size: int):
        municipality = make_municipality(make_region())
        order = make_order(municipality, requirements=5)
        kinds = list(SchoolKind)
        schools = [School(municipality_id=municipality.id, name=f"МБОУ «Школа № {i:04d}» {municipality.id}",
                          kind=kinds[i % len(kinds)]) for i in range(size)]
        session.add_all(schools)
        session.flush()
        states = list(S)
        session.add_all(
            Assignment(requirement_id=r.id, school_id=school.id, state=states[(i + j) % len(states)],
                       due_date=PAST if (i + j) % 3 else FUTURE, original_due_date=PAST)
            for i, school in enumerate(schools) for j, r in enumerate(order.requirements)
        )
        session.flush()
        return municipality, order
    return build


@pytest.mark.parametrize("suffix,query", [
    ("", ""), (".json", ""), (".xlsx", ""), ("", "?only=overdue&kind=sosh"),
])
def test_queries_do_not_grow_with_schools(client, login_as, make_user, district, count_queries, suffix, query):
    counts = []
    for size in (10, 300):
        municipality, order = district(size)
        login_as(make_user(Role.municipal, municipality=municipality))
        with count_queries() as counter:
            response = client.get(f"/orders/{order.id}/status{suffix}{query}")
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts
