"""Who may do what: every access rule of the product, as named predicates.

Views call these and turn ``False`` into 403; templates receive their results as booleans.
The ``*_scope`` functions express the same rules as SQL conditions for list queries, so that a
list never shows a row its detail page would refuse.
"""
import sqlalchemy as sa
from sqlmodel import col

from workflow.enums import Role
from workflow.models import Assignment, Municipality, Order, School, Submission, User


def is_admin(user: User) -> bool:
    return user.is_authenticated and user.role is Role.admin


def can_manage_directory(user: User) -> bool:
    """Users, regions, municipalities and schools are edited by the administrator."""
    return is_admin(user)


def can_view_region(user: User, region_id: int) -> bool:
    if is_admin(user):
        return True
    return user.role is Role.inspector and user.region_id == region_id


def can_view_municipality(user: User, municipality: Municipality) -> bool:
    if is_admin(user):
        return True
    if user.role in (Role.municipal, Role.inspector) and user.municipality_id == municipality.id:
        return True
    return user.role is Role.inspector and user.region_id == municipality.region_id


def can_view_school(user: User, school: School) -> bool:
    if user.role is Role.school:
        return user.school_id == school.id
    return can_view_municipality(user, school.municipality)


def can_view_order(user: User, order: Order) -> bool:
    """Orders are the department's: schools see their assignments, never the order as such."""
    if is_admin(user):
        return True
    if user.role is Role.municipal:
        return order.municipality_id is not None and order.municipality_id == user.municipality_id
    if user.role is Role.inspector:
        if user.region_id is not None:
            return order.region_id == user.region_id
        return order.municipality_id is not None and order.municipality_id == user.municipality_id
    return False


def can_create_order(user: User) -> bool:
    """Orders are made by the staff of an education authority, for their own schools."""
    return user.role is Role.municipal and user.municipality_id is not None


def can_manage_order(user: User, order: Order) -> bool:
    """Edit, publish and move deadlines: the authority that tracks the order."""
    return user.role is Role.municipal and order.municipality_id == user.municipality_id


def can_view_assignment(user: User, assignment: Assignment) -> bool:
    if assignment.school_id is not None:
        return can_view_school(user, assignment.school)
    return user.role is not Role.school and can_view_municipality(user, assignment.municipality)


def can_submit(user: User, assignment: Assignment) -> bool:
    """The addressee answers: the school's own user, or the authority's staff for its own tasks."""
    if assignment.school_id is not None:
        return user.role is Role.school and user.school_id == assignment.school_id
    return user.role is Role.municipal and user.municipality_id == assignment.municipality_id


def can_review(user: User, submission: Submission) -> bool:
    if user.role is not Role.inspector:
        return False
    return can_view_assignment(user, submission.assignment)


def school_scope(user: User) -> sa.ColumnElement[bool]:
    """The schools a user may see, as a condition on ``School``."""
    if is_admin(user):
        return sa.true()
    if user.role is Role.school:
        return col(School.id) == user.school_id
    if user.municipality_id is not None:
        return col(School.municipality_id) == user.municipality_id
    if user.role is Role.inspector and user.region_id is not None:
        return col(School.municipality_id).in_(
            sa.select(Municipality.id).where(col(Municipality.region_id) == user.region_id)
        )
    return sa.false()


def order_scope(user: User) -> sa.ColumnElement[bool]:
    """The orders a user may see, as a condition on ``Order`` (mirrors ``can_view_order``)."""
    if is_admin(user):
        return sa.true()
    if user.role is Role.municipal or (user.role is Role.inspector and user.municipality_id):
        return col(Order.municipality_id) == user.municipality_id
    if user.role is Role.inspector and user.region_id is not None:
        return col(Order.region_id) == user.region_id
    return sa.false()


__all__ = [
    "can_manage_directory",
    "can_create_order",
    "can_manage_order",
    "can_review",
    "can_submit",
    "can_view_assignment",
    "can_view_municipality",
    "can_view_order",
    "can_view_region",
    "can_view_school",
    "is_admin",
    "order_scope",
    "school_scope",
]
