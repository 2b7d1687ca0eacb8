"""``GET /healthz`` for monitoring: answers ok only when the database answers."""
import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify

from workflow import db

bp = Blueprint("health", __name__)


@bp.route("/healthz")
def healthz():
    try:
        db.session().exec(sa.select(1)).one()
    except sa.exc.SQLAlchemyError:
        current_app.logger.exception("health check: the database does not answer")
        return jsonify(status="error", database="unavailable"), 503
    return jsonify(status="ok")
