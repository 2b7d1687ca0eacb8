"""The status of one order: the matrix of schools × requirements, as a page, XLSX and JSON.

The three share the filters of the query string (``only``, ``kind``) and one query function;
schools are refused, as on the orders blueprint.
"""
from collections.abc import Mapping
from datetime import date
from io import BytesIO

from flask import Blueprint, abort, jsonify, render_template, request, send_file
from flask_login import current_user, login_required

from documents.status_sheet import XLSX_MIMETYPE, xlsx_bytes, xlsx_filename
from workflow import db, permissions
from workflow.enums import Role, SchoolKind
from workflow.models import Order
from workflow.queries.status import ONLY_VALUES, Matrix, order_matrix
from workflow.states import AssignmentState

bp = Blueprint("status", __name__, url_prefix="/orders")

# What fits in a matrix cell; the full label goes in the cell's title.
SHORT_LABELS = {
    AssignmentState.assigned: "Назначено",
    AssignmentState.in_progress: "В работе",
    AssignmentState.submitted: "На проверке",
    AssignmentState.accepted: "Принято",
    AssignmentState.returned: "Возвращено",
}


@bp.before_request
@login_required
def only_staff():
    if current_user.role is Role.school:
        abort(403)


@bp.route("/<int:order_id>/status")
def matrix(order_id: int):
    matrix = _load_matrix(order_id)
    return render_template("status/matrix.html", matrix=matrix, order=matrix.order,
                           filters=_filters(request.args), short_labels=SHORT_LABELS,
                           school_kinds=list(SchoolKind), export_args=_export_args(request.args))


@bp.route("/<int:order_id>/status.xlsx")
def matrix_xlsx(order_id: int):
    matrix = _load_matrix(order_id)
    return send_file(BytesIO(xlsx_bytes(matrix)), mimetype=XLSX_MIMETYPE, as_attachment=True,
                     download_name=xlsx_filename(matrix.order))


@bp.route("/<int:order_id>/status.json")
def matrix_json(order_id: int):
    return jsonify(json_data(_load_matrix(order_id)))


def _load_matrix(order_id: int) -> Matrix:
    """Load (404) → authorize (403) → read the filters → the one query function."""
    session = db.session()
    order = session.get(Order, order_id) or abort(404)
    if not permissions.can_view_order(current_user, order):
        abort(403)
    return order_matrix(session, order, date.today(), **_filters(request.args))


def _filters(args: Mapping[str, str]) -> dict:
    """The filters of the query string; an unknown value is no filter, never an error."""
    only = args.get("only", "")
    kinds = {kind.value: kind for kind in SchoolKind}
    return {
        "only": only if only in ONLY_VALUES else None,
        "school_kind": kinds.get(args.get("kind", "")),
    }


def _export_args(args: Mapping[str, str]) -> dict[str, str]:
    """The filters to carry over to the export links, as they are in the query string."""
    filters = _filters(args)
    return {key: value for key, value in (("only", filters["only"]), ("kind", filters["school_kind"]))
            if value}


def json_data(matrix: Matrix) -> dict:
    order = matrix.order
    return {
        "order": {"id": order.id, "number": order.number, "date": order.date.isoformat(),
                  "title": order.title},
        "requirements": [
            {"id": r.id, "code": r.code, "title": r.title, "percent_accepted": matrix.percent(r)}
            for r in matrix.requirements
        ],
        "schools": [
            {
                "id": row.school.id, "name": row.school.name, "kind": row.school.kind.value,
                "percent_accepted": row.percent_accepted,
                "cells": {
                    str(requirement_id): {
                        "assignment_id": cell.assignment_id, "state": cell.state.value,
                        "state_label": cell.state.label,
                        "due_date": cell.due_date.isoformat() if cell.due_date else None,
                        "overdue": cell.overdue,
                    }
                    for requirement_id, cell in row.cells.items()
                },
            }
            for row in matrix.rows
        ],
        "totals": {
            "assignments": matrix.totals.total,
            "accepted": matrix.totals[AssignmentState.accepted],
            "overdue": matrix.totals.overdue,
            "percent_accepted": matrix.totals.percent_accepted,
        },
    }
