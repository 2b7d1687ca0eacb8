"""The home page, one per role, each with the work that role has today."""
from datetime import date

from flask import Blueprint, abort, current_app, render_template, request
from flask_login import current_user, login_required

from workflow import db, queries
from workflow.enums import Role
from workflow.web import search_text

bp = Blueprint("home", __name__)


@bp.route("/")
@login_required
def index():
    session, today = db.session(), date.today()
    user = current_user
    if user.role is Role.school:
        return render_template(
            "home/school.html", school=user.school,
            assignments=queries.school_assignments(session, user.school_id, today),
        )
    if user.role is Role.admin:
        return render_template("home/admin.html", totals=queries.directory_totals(session),
                               events=queries.recent_events(session))
    if user.role not in (Role.municipal, Role.inspector):
        abort(403)
    page = queries.paginate(session, queries.schools_in_scope(session, user, q=search_text()),
                            request.args.get("page", 1, type=int), current_app.config["PER_PAGE"])
    return render_template(
        f"home/{user.role.value}.html",
        schools=page,
        counts=queries.school_counts(session, [s.id for s in page.items], today),
        orders=queries.orders_in_scope(session, user, today),
        awaiting_review=queries.awaiting_review_count(session, user),
        own=queries.authority_assignments(session, user.municipality_id, today)
        if user.role is Role.municipal else [],
    )
