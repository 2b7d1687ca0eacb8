"""The life of an assignment: the school answers (a draft, then a submission), an inspector
accepts or returns it, the department moves a due date. Every step is journalled."""
from collections.abc import Sequence
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, col, select

from workflow import audit
from workflow.enums import ReviewVerdict
from workflow.errors import DomainError
from workflow.evidence import fields_for
from workflow.models import Assignment, Review, StoredFile, Submission, User, utcnow
from workflow.states import AssignmentState, SubmissionStatus, check_transition

ALREADY_DECIDED = "По этому отчёту уже принято решение (возможно, другим проверяющим). Обновите страницу."


def move_due_date(session: Session, actor: User, assignment: Assignment, due_date: date, reason: str) -> None:
    """A new due date for one school; the original stays on record."""
    if not reason.strip():
        raise DomainError("Укажите причину переноса срока.", field="reason")
    if assignment.state is AssignmentState.accepted:
        raise DomainError("Поручение уже выполнено: срок не переносится.")
    before = assignment.due_date
    if due_date == before:
        raise DomainError("Новый срок совпадает с нынешним.", field="due_date")
    if assignment.original_due_date is None:
        assignment.original_due_date = before
    assignment.due_date = due_date
    assignment.version += 1
    session.flush()
    audit.record(session, actor, "assignment.due_date_moved", assignment,
                 before={"due_date": before}, after={"due_date": due_date}, reason=reason.strip())


def current_draft(assignment: Assignment) -> Submission | None:
    last = assignment.submissions[-1] if assignment.submissions else None
    return last if last is not None and last.status is SubmissionStatus.draft else None


def save_submission(
    session: Session,
    actor: User,
    assignment: Assignment,
    *,
    fields: dict[str, Any],
    note: str | None,
    files: Sequence[StoredFile],
    send: bool,
) -> Submission:
    """Save the school's answer as a draft, or send it for review (``send``).

    A draft is edited in place until it is sent; a sent version is never changed again, and a
    later answer is a new numbered version. Files added to a draft are kept with it.
    """
    if assignment.state in (AssignmentState.submitted, AssignmentState.accepted):
        raise DomainError("Отчёт уже отправлен и ждёт проверки или принят: изменить его нельзя.")
    submission = current_draft(assignment)
    if submission is None:
        submission = Submission(assignment_id=assignment.id, number=len(assignment.submissions) + 1,
                                created_by_id=actor.id)
        session.add(submission)
        assignment.submissions.append(submission)
    submission.fields = {k: v for k, v in fields.items() if v not in (None, "")}
    submission.note = (note or "").strip() or None
    for stored in files:
        if stored not in submission.files:
            submission.files.append(stored)
    session.flush()
    if send:
        missing = [spec.label for spec in fields_for(assignment.requirement.kind)
                   if spec.required and not submission.fields.get(spec.name)]
        if missing:
            raise DomainError(f"Не заполнено: {', '.join(missing)}.")
        if not submission.files and not submission.note:
            raise DomainError("Приложите хотя бы один файл или опишите, что сделано.", field="files")
        check_transition(assignment.state, AssignmentState.submitted)
        submission.status = SubmissionStatus.submitted
        submission.submitted_at = utcnow()
        _set_state(assignment, AssignmentState.submitted)
    elif assignment.state is AssignmentState.assigned:
        _set_state(assignment, AssignmentState.in_progress)
    session.flush()
    audit.record(
        session, actor, "submission.sent" if send else "submission.saved", assignment,
        after={"submission": submission.number, "files": [f.filename for f in submission.files],
               "state": assignment.state},
    )
    return submission


def review_submission(
    session: Session,
    actor: User,
    submission: Submission,
    verdict: ReviewVerdict,
    *,
    reasons: Sequence[str] = (),
    comment: str | None = None,
) -> Review:
    """Accept or return a sent submission. Of two inspectors deciding at once, one wins: the other
    gets ``DomainError`` and nothing of theirs is written."""
    assignment = _locked(session, submission.assignment_id)
    if submission.review is not None or submission.status is not SubmissionStatus.submitted \
            or assignment.state is not AssignmentState.submitted:
        raise DomainError(ALREADY_DECIDED)
    comment = (comment or "").strip() or None
    if verdict is ReviewVerdict.returned and not reasons and not comment:
        raise DomainError("Укажите причину возврата: отметьте её в списке или опишите.", field="reasons")
    review = Review(submission_id=submission.id, reviewer_id=actor.id, verdict=verdict,
                    reasons=list(reasons), comment=comment)
    session.add(review)
    target = AssignmentState.accepted if verdict is ReviewVerdict.accepted else AssignmentState.returned
    check_transition(assignment.state, target)
    _set_state(assignment, target)
    try:
        session.flush()
    except sa.exc.IntegrityError as error:  # the unique review of a submission: someone was faster
        raise DomainError(ALREADY_DECIDED) from error
    audit.record(session, actor, f"submission.{verdict.value}", assignment,
                 after={"submission": submission.number, "state": target},
                 reason="; ".join([*reasons, *([comment] if comment else [])]) or None)
    return review


def _locked(session: Session, assignment_id: int) -> Assignment:
    """The assignment, locked for this transaction where the database can (PostgreSQL)."""
    return session.exec(
        select(Assignment).where(col(Assignment.id) == assignment_id).with_for_update()
    ).one()


def _set_state(assignment: Assignment, state: AssignmentState) -> None:
    assignment.state = state
    assignment.state_changed_at = utcnow()
    assignment.version += 1
