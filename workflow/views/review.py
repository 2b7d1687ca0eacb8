"""The inspectors' surface: the queue of reports waiting for a decision, and the decision."""
from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import OperationalError

from workflow import db, forms, operations, permissions
from workflow.enums import RequirementKind, ReviewVerdict, Role
from workflow.errors import DomainError
from workflow.evidence import fields_for
from workflow.models import Submission
from workflow.operations.assignments import ALREADY_DECIDED
from workflow.queries.review import QueueFilters, queue_orders, review_queue

bp = Blueprint("review", __name__, url_prefix="/review")


@bp.before_request
@login_required
def only_inspectors():
    if current_user.role is not Role.inspector:
        abort(403)


@bp.route("")
def queue():
    kind = request.args.get("kind", "")
    filters = QueueFilters(
        order_id=forms.optional_id(request.args.get("order_id")),
        school_id=forms.optional_id(request.args.get("school_id")),
        kind=RequirementKind(kind) if kind in RequirementKind.__members__ else None,
        waiting_days=min(max(request.args.get("waiting", 0, type=int), 0), 3650) or None,
    )
    session = db.session()
    page = review_queue(session, current_user, filters, request.args.get("page", 1, type=int),
                        current_app.config["PER_PAGE"])
    return render_template("review/queue.html", page=page, filters=filters, orders=queue_orders(session, current_user),
                           kinds=RequirementKind)


@bp.route("/<int:submission_id>", methods=["GET", "POST"])
def decide(submission_id: int):
    session = db.session()
    submission = session.get(Submission, submission_id) or abort(404)
    if not permissions.can_review(current_user, submission):
        abort(403)
    assignment = submission.assignment
    form = forms.ReviewForm.for_kind(assignment.requirement.kind)
    if form.validate_on_submit():
        try:
            operations.review_submission(session, current_user, submission, ReviewVerdict(form.verdict.data),
                                         reasons=form.reasons.data, comment=form.comment.data)
            session.commit()
        except (DomainError, OperationalError) as error:
            session.rollback()
            message = str(error) if isinstance(error, DomainError) else ALREADY_DECIDED
            flash(message, "error")
            return redirect(url_for("schools.assignment", assignment_id=assignment.id))
        flash("Решение сохранено: отчёт принят." if form.verdict.data == ReviewVerdict.accepted.value
              else "Решение сохранено: отчёт возвращён школе с причинами.", "success")
        return redirect(url_for("review.queue"))
    return render_template("review/decide.html", submission=submission, assignment=assignment, form=form,
                           evidence_labels={f.name: f.label for f in fields_for(assignment.requirement.kind)})
