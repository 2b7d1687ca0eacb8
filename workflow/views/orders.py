"""Orders as the department and inspectors see them."""
from datetime import date

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from workflow import db, permissions, queries
from workflow.enums import Role
from workflow.models import Order

bp = Blueprint("orders", __name__, url_prefix="/orders")


@bp.before_request
@login_required
def only_staff():
    if current_user.role is Role.school:
        abort(403)


@bp.route("")
def index():
    rows = queries.orders_in_scope(db.session(), current_user, date.today())
    return render_template("orders/index.html", rows=rows)


@bp.route("/<int:order_id>")
def detail(order_id: int):
    session = db.session()
    order = session.get(Order, order_id) or abort(404)
    if not permissions.can_view_order(current_user, order):
        abort(403)
    return render_template(
        "orders/detail.html", order=order,
        requirements=queries.order_requirements(session, order, date.today()),
        can_manage=permissions.can_manage_order(current_user, order),
    )
