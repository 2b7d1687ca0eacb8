"""The access rules as functions, without HTTP; the wiring is in test_access_matrix.py."""
import pytest
from sqlmodel import select

from workflow import permissions
from workflow.enums import Role
from workflow.models import Order, School


@pytest.fixture()
def org(make_region, make_municipality, make_school, make_order):
    region, other_region = make_region(), make_region()
    m1, m2 = make_municipality(region), make_municipality(region)
    far = make_municipality(other_region)
    return {
        "region": region, "m1": m1, "m2": m2, "far": far,
        "a": make_school(m1), "b": make_school(m1), "c": make_school(m2), "d": make_school(far),
        "order_m1": make_order(m1), "order_far": make_order(far),
        "order_regional": make_order(m1, municipality_id=None),
    }


def test_school_user_sees_only_its_school(org, make_user):
    user = make_user(Role.school, school=org["a"])
    assert permissions.can_view_school(user, org["a"])
    for other in ("b", "c", "d"):
        assert not permissions.can_view_school(user, org[other])
    assert not permissions.can_view_order(user, org["order_m1"])


def test_municipal_user_sees_its_municipality(org, make_user):
    user = make_user(Role.municipal, municipality=org["m1"])
    assert permissions.can_view_school(user, org["a"]) and permissions.can_view_school(user, org["b"])
    assert not permissions.can_view_school(user, org["c"])
    assert permissions.can_manage_order(user, org["order_m1"])
    assert not permissions.can_view_order(user, org["order_far"])
    assert not permissions.can_view_order(user, org["order_regional"])


def test_region_inspector_sees_the_whole_region_and_nothing_beyond(org, make_user):
    user = make_user(Role.inspector, region=org["region"])
    assert all(permissions.can_view_school(user, org[k]) for k in ("a", "b", "c"))
    assert not permissions.can_view_school(user, org["d"])
    assert permissions.can_view_order(user, org["order_regional"])
    assert not permissions.can_manage_order(user, org["order_m1"])


@pytest.mark.parametrize("role", list(Role))
def test_school_scope_agrees_with_can_view_school(org, make_user, session, role):
    scope = {Role.school: {"school": org["a"]}, Role.municipal: {"municipality": org["m1"]},
             Role.inspector: {"region": org["region"]}, Role.admin: {}}[role]
    user = make_user(role, **scope)
    visible = set(session.exec(select(School.id).where(permissions.school_scope(user))).all())
    for school in session.exec(select(School)).all():
        assert (school.id in visible) == permissions.can_view_school(user, school), school.name


@pytest.mark.parametrize("role", list(Role))
def test_order_scope_agrees_with_can_view_order(org, make_user, session, role):
    scope = {Role.school: {"school": org["a"]}, Role.municipal: {"municipality": org["m1"]},
             Role.inspector: {"municipality": org["m1"]}, Role.admin: {}}[role]
    user = make_user(role, **scope)
    visible = set(session.exec(select(Order.id).where(permissions.order_scope(user))).all())
    for order in session.exec(select(Order)).all():
        assert (order.id in visible) == permissions.can_view_order(user, order)


def test_review_is_for_inspectors_in_scope(org, make_user, make_assignment, session):
    from workflow.models import Submission

    assignment = make_assignment(org["order_m1"].requirements[0], org["a"])
    submission = Submission(assignment_id=assignment.id)
    session.add(submission)
    session.flush()
    assert permissions.can_review(make_user(Role.inspector, municipality=org["m1"]), submission)
    assert not permissions.can_review(make_user(Role.inspector, municipality=org["m2"]), submission)
    assert not permissions.can_review(make_user(Role.municipal, municipality=org["m1"]), submission)
    assert permissions.can_submit(make_user(Role.school, school=org["a"]), assignment)
    assert not permissions.can_submit(make_user(Role.school, school=org["b"]), assignment)
