"""A school's card and its assignments, seen by the school itself and by those above it."""
from datetime import date

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from sqlmodel import col, select

from workflow import db, permissions, queries
from workflow.models import Assignment, AuditEvent, Requirement, School

bp = Blueprint("schools", __name__)


@bp.before_request
@login_required
def require_login():
    return None


@bp.route("/schools/<int:school_id>")
def card(school_id: int):
    session = db.session()
    school = session.get(School, school_id) or abort(404)
    if not permissions.can_view_school(current_user, school):
        abort(403)
    today = date.today()
    return render_template(
        "schools/card.html", school=school,
        assignments=queries.school_assignments(session, school.id, today),
        counts=queries.school_counts(session, [school.id], today).get(school.id),
    )


@bp.route("/assignments/<int:assignment_id>")
def assignment(assignment_id: int):
    session = db.session()
    item = session.exec(
        select(Assignment).where(col(Assignment.id) == assignment_id)
        .options(joinedload(Assignment.requirement).joinedload(Requirement.order))
    ).first() or abort(404)
    if not permissions.can_view_assignment(current_user, item):
        abort(403)
    history = session.exec(
        select(AuditEvent)
        .where(col(AuditEvent.object_type) == Assignment.__tablename__, col(AuditEvent.object_id) == item.id)
        .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
    ).all()
    return render_template("schools/assignment.html", assignment=item, history=history)
