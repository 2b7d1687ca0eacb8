"""The inspectors' queue: sent reports with no decision yet, oldest first."""
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import contains_eager
from sqlmodel import Session, col, select

from workflow import permissions
from workflow.enums import RequirementKind
from workflow.models import Assignment, Order, Requirement, Review, School, Submission, User
from workflow.queries import Page, paginate
from workflow.states import AssignmentState, SubmissionStatus


@dataclass
class QueueFilters:
    order_id: int | None = None
    school_id: int | None = None
    kind: RequirementKind | None = None
    waiting_days: int | None = None  # at least this many days since sending


def review_queue(session: Session, user: User, filters: QueueFilters, page: int, per_page: int) -> Page:
    """Submissions waiting for ``user``'s decision, with their assignment, requirement, order and
    school loaded in the same query."""
    stmt = (
        select(Submission)
        .join(Assignment, col(Assignment.id) == Submission.assignment_id)
        .join(Requirement, col(Requirement.id) == Assignment.requirement_id)
        .join(Order, col(Order.id) == Requirement.order_id)
        .join(School, col(School.id) == Assignment.school_id)
        .outerjoin(Review, col(Review.submission_id) == Submission.id)
        .where(
            col(Submission.status) == SubmissionStatus.submitted,
            col(Review.id).is_(None),
            col(Assignment.state) == AssignmentState.submitted,
            permissions.school_scope(user),
        )
        .options(contains_eager(Submission.assignment).contains_eager(Assignment.requirement)
                 .contains_eager(Requirement.order),
                 contains_eager(Submission.assignment).contains_eager(Assignment.school))
        .order_by(col(Submission.submitted_at), col(Submission.id))
    )
    if filters.order_id:
        stmt = stmt.where(col(Order.id) == filters.order_id)
    if filters.school_id:
        stmt = stmt.where(col(School.id) == filters.school_id)
    if filters.kind:
        stmt = stmt.where(col(Requirement.kind) == filters.kind)
    if filters.waiting_days:
        stmt = stmt.where(col(Submission.submitted_at) <= datetime.now(UTC) - timedelta(days=filters.waiting_days))
    return paginate(session, stmt, page, per_page)


def queue_orders(session: Session, user: User) -> list[Order]:
    """Orders to filter the queue by: those the user can see that were published."""
    return list(session.exec(
        select(Order).where(permissions.order_scope(user), col(Order.published_at).is_not(None))
        .order_by(col(Order.date).desc())
    ).all())


__all__ = ["QueueFilters", "queue_orders", "review_queue"]
