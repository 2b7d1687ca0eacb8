"""The read side: what pages show, loaded with a number of queries that does not grow with the
number of rows. Access rules come from ``workflow.permissions``; nothing here re-implements them."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from math import ceil
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload
from sqlmodel import Session, col, func, select

from workflow import permissions
from workflow.enums import Role
from workflow.models import Assignment, AuditEvent, Municipality, Order, Region, Requirement, School, User
from workflow.states import AssignmentState


@dataclass
class Page:
    items: list[Any]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, ceil(self.total / self.per_page))

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages


def paginate(session: Session, stmt: sa.Select, page: int, per_page: int) -> Page:
    total = session.exec(select(func.count()).select_from(stmt.order_by(None).subquery())).one()
    page = min(max(page, 1), max(1, ceil(total / per_page)))
    items = session.exec(stmt.limit(per_page).offset((page - 1) * per_page)).unique().all()
    return Page(items=list(items), total=total, page=page, per_page=per_page)


@dataclass
class StateCounts:
    """How far a set of assignments has got: per state, and overdue (derived)."""

    by_state: dict[AssignmentState, int] = field(default_factory=dict)
    overdue: int = 0

    @property
    def total(self) -> int:
        return sum(self.by_state.values())

    def __getitem__(self, state: AssignmentState) -> int:
        return self.by_state.get(state, 0)

    @property
    def percent_accepted(self) -> int:
        return round(100 * self[AssignmentState.accepted] / self.total) if self.total else 0


def _overdue(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        col(Assignment.due_date) < today, col(Assignment.state) != AssignmentState.accepted
    )


def counts_by(session: Session, key: sa.ColumnElement, where: sa.ColumnElement[bool],
              today: date) -> dict[Any, StateCounts]:
    """Assignment counts grouped by ``key`` (a column reachable from Assignment) in one query."""
    stmt = (
        select(key, Assignment.state, func.count(), func.sum(sa.case((_overdue(today), 1), else_=0)))
        .select_from(Assignment)
        .join(Requirement, col(Requirement.id) == Assignment.requirement_id)
        .where(where)
        .group_by(key, Assignment.state)
    )
    result: dict[Any, StateCounts] = defaultdict(StateCounts)
    for group_key, state, count, overdue in session.exec(stmt):
        counts = result[group_key]
        counts.by_state[AssignmentState(state)] = count
        counts.overdue += overdue or 0
    return result


def school_assignments(session: Session, school_id: int, today: date) -> list[Assignment]:
    """«Мои поручения»: overdue and returned first, then by due date; accepted last."""
    return _assignment_list(session, col(Assignment.school_id) == school_id, today)


def authority_assignments(session: Session, municipality_id: int, today: date) -> list[Assignment]:
    """What orders demand of the education authority itself, in the same order."""
    return _assignment_list(session, col(Assignment.municipality_id) == municipality_id, today)


def _assignment_list(session: Session, where: sa.ColumnElement[bool], today: date) -> list[Assignment]:
    priority = sa.case(
        (col(Assignment.state) == AssignmentState.returned, 0),
        (_overdue(today), 0),
        (col(Assignment.state) == AssignmentState.accepted, 2),
        else_=1,
    )
    stmt = (
        select(Assignment)
        .where(where)
        .options(joinedload(Assignment.requirement).joinedload(Requirement.order))
        .order_by(priority, col(Assignment.due_date).is_(None), col(Assignment.due_date), col(Assignment.id))
    )
    return list(session.exec(stmt).unique().all())


def schools_in_scope(session: Session, user: User, *, q: str = "", municipality_id: int | None = None
                     ) -> sa.Select:
    stmt = (
        select(School)
        .where(permissions.school_scope(user))
        .options(joinedload(School.municipality))
        .order_by(col(School.name))
    )
    if municipality_id:
        stmt = stmt.where(col(School.municipality_id) == municipality_id)
    if q:
        stmt = stmt.where(col(School.name).icontains(q, autoescape=True))
    return stmt


def school_counts(session: Session, school_ids: list[int], today: date) -> dict[int, StateCounts]:
    if not school_ids:
        return {}
    return counts_by(session, col(Assignment.school_id), col(Assignment.school_id).in_(school_ids), today)


def orders_in_scope(session: Session, user: User, today: date) -> list[tuple[Order, StateCounts]]:
    orders = session.exec(
        select(Order).where(permissions.order_scope(user))
        .order_by(col(Order.date).desc(), col(Order.id).desc())
    ).all()
    counts = counts_by(
        session, col(Requirement.order_id), col(Requirement.order_id).in_([o.id for o in orders]), today
    ) if orders else {}
    return [(order, counts.get(order.id, StateCounts())) for order in orders]


def awaiting_review_count(session: Session, user: User) -> int:
    stmt = (
        select(func.count()).select_from(Assignment)
        .join(School, col(School.id) == Assignment.school_id)
        .where(col(Assignment.state) == AssignmentState.submitted, permissions.school_scope(user))
    )
    return session.exec(stmt).one()


def order_requirements(session: Session, order: Order, today: date
                       ) -> list[tuple[Requirement, StateCounts]]:
    counts = counts_by(session, col(Assignment.requirement_id), col(Requirement.order_id) == order.id, today)
    return [(r, counts.get(r.id, StateCounts())) for r in order.requirements]


def recent_events(session: Session, limit: int = 10) -> list[AuditEvent]:
    return list(session.exec(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .order_by(col(AuditEvent.id).desc()).limit(limit)
    ).all())


def directory_totals(session: Session) -> dict[str, Any]:
    """The administrator's overview: how many of everything, users per role."""
    users_by_role = dict(session.exec(select(User.role, func.count()).group_by(User.role)).all())
    return {
        "regions": session.exec(select(func.count()).select_from(Region)).one(),
        "municipalities": session.exec(select(func.count()).select_from(Municipality)).one(),
        "schools": session.exec(select(func.count()).select_from(School)).one(),
        "users": sum(users_by_role.values()),
        "users_by_role": {Role(role): n for role, n in users_by_role.items()},
    }
