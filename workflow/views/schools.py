"""A school's card and its assignments: the school answers here, the department moves deadlines."""
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload, selectinload
from sqlmodel import col, select

from workflow import db, forms, operations, permissions, queries
from workflow.errors import DomainError
from workflow.evidence import fields_for
from workflow.models import Assignment, AuditEvent, Requirement, School, StoredFile, Submission
from workflow.operations.assignments import current_draft
from workflow.states import AssignmentState
from workflow.web import save_uploads, send_stored_file

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


def _assignment(assignment_id: int) -> Assignment:
    item = db.session().exec(
        select(Assignment).where(col(Assignment.id) == assignment_id)
        .options(joinedload(Assignment.requirement).joinedload(Requirement.order),
                 selectinload(Assignment.submissions).selectinload(Submission.files),
                 selectinload(Assignment.submissions).joinedload(Submission.review))
    ).first() or abort(404)
    if not permissions.can_view_assignment(current_user, item):
        abort(403)
    return item


@bp.route("/assignments/<int:assignment_id>", methods=["GET", "POST"])
def assignment(assignment_id: int):
    item = _assignment(assignment_id)
    can_submit = permissions.can_submit(current_user, item)
    draft = current_draft(item)
    # After a return the school starts from what it sent: fields, note and files carry over.
    previous = item.submissions[-1] if item.state is AssignmentState.returned and draft is None else None
    form = None
    if can_submit:
        form = forms.SubmissionForm.for_kind(item.requirement.kind, data=_form_data(item, draft or previous))
        form.keep.choices = forms.options((f.id, f.filename) for f in previous.files) if previous else []
        if form.validate_on_submit():
            kept = [f for f in previous.files if f.id in form.keep.data] if previous else []
            if done := _save(item, form, kept, send=bool(form.send.data)):
                return done
    elif request.method == "POST":
        abort(403)
    return render_template(
        "schools/assignment.html", assignment=item, form=form, draft=draft, previous=previous,
        evidence_labels={f.name: f.label for f in fields_for(item.requirement.kind)},
        history=_history(item),
        due_form=forms.DueDateForm() if permissions.can_manage_order(current_user, item.requirement.order) else None,
        can_review=any(permissions.can_review(current_user, s) for s in item.submissions[-1:]),
    )


def _form_data(item: Assignment, source: Submission | None) -> dict:
    """A saved draft, or the returned version, as form data (dates are kept as ISO text)."""
    if source is None:
        return {}
    data = {"note": source.note, "keep": [f.id for f in source.files]}
    for spec in fields_for(item.requirement.kind):
        value = source.fields.get(spec.name)
        if value is not None and spec.type == "date":
            value = date.fromisoformat(value)
        data[f"f_{spec.name}"] = value
    return data


def _save(item: Assignment, form: forms.SubmissionForm, kept: list[StoredFile], *, send: bool):
    session = db.session()
    if send and forms.missing_required(form):
        form.form_errors.append("Заполните обязательные поля, чтобы отправить отчёт, или сохраните черновик.")
        return None
    try:
        files = kept + save_uploads(session, current_user, form.files.data or [])
        operations.save_submission(session, current_user, item, fields=form.evidence_values(),
                                   note=form.note.data, files=files, send=send)
    except DomainError as error:
        session.rollback()
        forms.show_refusal(form, error, "files")
        return None
    session.commit()
    flash("Отчёт отправлен на проверку." if send else "Черновик сохранён.", "success")
    return redirect(url_for("schools.assignment", assignment_id=item.id))


def _history(item: Assignment) -> list[AuditEvent]:
    return list(db.session().exec(
        select(AuditEvent).options(joinedload(AuditEvent.actor))
        .where(col(AuditEvent.object_type) == Assignment.__tablename__, col(AuditEvent.object_id) == item.id)
        .order_by(col(AuditEvent.created_at), col(AuditEvent.id))
    ).all())


@bp.route("/assignments/<int:assignment_id>/due-date", methods=["POST"])
def move_due_date(assignment_id: int):
    item = _assignment(assignment_id)
    if not permissions.can_manage_order(current_user, item.requirement.order):
        abort(403)
    form = forms.DueDateForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            for error in errors:
                flash(f"Срок не перенесён: {error}", "error")
        return redirect(url_for("schools.assignment", assignment_id=item.id))
    try:
        operations.move_due_date(db.session(), current_user, item, form.due_date.data, form.reason.data)
    except DomainError as error:
        db.session().rollback()
        flash(f"Срок не перенесён: {error}", "error")
    else:
        db.session().commit()
        flash(f"Срок перенесён на {form.due_date.data:%d.%m.%Y}.", "success")
    return redirect(url_for("schools.assignment", assignment_id=item.id))


@bp.route("/submissions/<int:submission_id>/files/<int:file_id>")
def submission_file(submission_id: int, file_id: int):
    session = db.session()
    submission = session.get(Submission, submission_id) or abort(404)
    if not permissions.can_view_assignment(current_user, submission.assignment):
        abort(403)
    stored = session.get(StoredFile, file_id)
    if stored is None or stored not in submission.files:
        abort(404)
    return send_stored_file(stored, inline=request.args.get("inline") == "1")
