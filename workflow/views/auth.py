"""Signing in and out."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user, logout_user
from sqlmodel import col, select

from workflow import db
from workflow.forms import LoginForm
from workflow.models import User, utcnow
from workflow.operations.directory import normalize_email

bp = Blueprint("auth", __name__)

BAD_CREDENTIALS = "Неверная электронная почта или пароль."


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    if form.validate_on_submit():
        session = db.session()
        user = session.exec(select(User).where(col(User.email) == normalize_email(form.email.data))).first()
        if user is None or not user.check_password(form.password.data):
            form.password.errors.append(BAD_CREDENTIALS)
        elif not user.active:
            form.email.errors.append("Учётная запись отключена. Обратитесь к администратору.")
        else:
            login_user(user, remember=form.remember.data)
            user.last_login_at = utcnow()
            session.commit()
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash("Вы вышли из системы.", "info")
    return redirect(url_for("auth.login"))


def _safe_next(target: str | None) -> str:
    """Only a path of this site: never an address elsewhere (open redirect)."""
    if target:
        parts = urlsplit(target)
        if not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//"):
            return target
    return url_for("home.index")
