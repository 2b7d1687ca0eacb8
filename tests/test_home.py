"""Each role's home page shows its own work, with a number of queries that does not grow."""
from datetime import date, timedelta

import pytest

from workflow.enums import Role
from workflow.states import AssignmentState


@pytest.fixture()
def district(make_region, make_municipality, make_school, make_order, make_assignment):
    """A municipality whose schools each have one overdue, one returned and one accepted task."""
    def build(schools: int):
        region = make_region()
        municipality = make_municipality(region)
        order = make_order(municipality, requirements=3)
        made = [make_school(municipality) for _ in range(schools)]
        past, soon = date.today() - timedelta(days=3), date.today() + timedelta(days=3)
        for school in made:
            r1, r2, r3 = order.requirements
            make_assignment(r1, school, due_date=past)
            make_assignment(r2, school, state=AssignmentState.returned, due_date=soon)
            make_assignment(r3, school, state=AssignmentState.accepted, due_date=past)
        return region, municipality, made
    return build


@pytest.mark.parametrize("role", ["municipal", "inspector", "inspector_region", "school", "admin"])
def test_home_queries_do_not_grow_with_schools(client, login_as, make_user, district, count_queries, role):
    counts = []
    for size in (3, 30):
        region, municipality, schools = district(size)
        scope = {
            "municipal": (Role.municipal, {"municipality": municipality}),
            "inspector": (Role.inspector, {"municipality": municipality}),
            "inspector_region": (Role.inspector, {"region": region}),
            "school": (Role.school, {"school": schools[0]}),
            "admin": (Role.admin, {}),
        }[role]
        user = make_user(scope[0], **scope[1])
        login_as(user)
        with count_queries() as counter:
            assert client.get("/").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_municipal_home_shows_its_schools_and_orders_with_figures(client, login_as, make_user, district,
                                                                  make_order):
    _, municipality, schools = district(2)
    login_as(make_user(Role.municipal, municipality=municipality))
    page = client.get("/").get_data(as_text=True)
    for school in schools:
        assert school.name in page
    assert "О тестовом поручении" in page
    assert "33 %" in page  # one of three accepted


def test_school_home_puts_overdue_and_returned_first(client, login_as, make_user, district):
    _, _, schools = district(2)
    login_as(make_user(Role.school, school=schools[0]))
    page = client.get("/").get_data(as_text=True)
    assert schools[0].name in page and schools[1].name not in page
    overdue, returned, accepted = (page.index(t) for t in ("Требование 1", "Требование 2", "Требование 3"))
    assert max(overdue, returned) < accepted
    assert "Просрочено" in page and "Возвращено на доработку" in page


def test_region_inspector_sees_schools_of_every_municipality(client, login_as, make_user, district,
                                                             make_municipality, make_school):
    region, _, schools = district(1)
    elsewhere = make_school(make_municipality(region))
    outside = make_school()
    login_as(make_user(Role.inspector, region=region))
    page = client.get("/").get_data(as_text=True)
    assert schools[0].name in page and elsewhere.name in page and outside.name not in page


def test_long_school_lists_are_paginated(app, client, login_as, make_user, district, monkeypatch):
    monkeypatch.setitem(app.config, "PER_PAGE", 5)
    _, municipality, _ = district(12)
    login_as(make_user(Role.municipal, municipality=municipality))
    first = client.get("/").get_data(as_text=True)
    assert "Страница 1 из 3" in first
    assert "Страница 3 из 3" in client.get("/?page=3").get_data(as_text=True)
    assert "Страница 3 из 3" in client.get("/?page=99").get_data(as_text=True)


@pytest.mark.parametrize("n,word", [(1, "школа"), (2, "школы"), (4, "школы"), (5, "школ"), (11, "школ"),
                                    (12, "школ"), (21, "школа"), (22, "школы"), (111, "школ"), (0, "школ")])
def test_counts_agree_with_their_nouns(app, n, word):
    assert app.jinja_env.filters["plural"](n, "школа", "школы", "школ") == word


def test_municipal_home_lists_the_authoritys_own_assignments(client, login_as, make_user, session,
                                                             make_municipality, make_order):
    from workflow.enums import Addressee
    from workflow.models import Assignment

    municipality = make_municipality()
    order = make_order(municipality, requirements=1)
    requirement = order.requirements[0]
    requirement.addressee, requirement.title = Addressee.municipality, "Вести реестр информационных систем"
    session.add(Assignment(requirement_id=requirement.id, municipality_id=municipality.id, due_date=date.today()))
    session.flush()
    login_as(make_user(Role.municipal, municipality=municipality))
    page = client.get("/").get_data(as_text=True)
    assert "Поручения управлению" in page and "Вести реестр информационных систем" in page
