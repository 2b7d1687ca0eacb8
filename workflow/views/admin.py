"""The administrator's surface: users, regions, municipalities, schools, school-list import."""
import re
import secrets
from collections import defaultdict
from functools import partial
from pathlib import Path

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload
from sqlmodel import col, select

from workflow import db, forms, operations, permissions, queries
from workflow.enums import Role
from workflow.errors import DomainError
from workflow.imports.schools import parse_school_list
from workflow.models import Municipality, Region, School, User
from workflow.web import search_text

bp = Blueprint("admin", __name__, url_prefix="/admin")

PENDING_TOKEN = re.compile(r"[0-9a-f]{32}")


@bp.before_request
@login_required
def only_admin():
    if not permissions.can_manage_directory(current_user):
        abort(403)


def _page(stmt):
    return queries.paginate(db.session(), stmt, request.args.get("page", 1, type=int),
                            current_app.config["PER_PAGE"])


def _save(form, verb, success: str, endpoint: str):
    """Run one operation with the form's values; a domain refusal goes next to its field."""
    try:
        verb(**form.values())
    except DomainError as error:
        db.session().rollback()
        forms.show_refusal(form, error)
        return None
    db.session().commit()
    flash(success, "success")
    return redirect(url_for(endpoint))


USER_HINTS = {
    "school_id": "Для роли «Ответственный от школы».",
    "municipality_id": "Для специалиста управления и для проверяющего муниципалитета.",
    "region_id": "Для проверяющего уровня региона.",
    "password": "Не короче 8 символов. При редактировании оставьте пустым, чтобы не менять.",
}


def _form_page(form, title: str, back: str, back_label: str, hints: dict | None = None):
    return render_template("admin/form.html", form=form, title=title, back=back,
                           back_label=back_label, hints=hints or {})


# Users ---------------------------------------------------------------------------------------

@bp.route("/users")
def users():
    q = search_text()
    role = request.args.get("role", "")
    stmt = select(User).options(
        joinedload(User.school), joinedload(User.municipality), joinedload(User.region)
    ).order_by(col(User.email))
    if q:
        stmt = stmt.where(col(User.email).icontains(q, autoescape=True) | col(User.full_name).icontains(q, autoescape=True))
    if role in Role.__members__:
        stmt = stmt.where(col(User.role) == Role(role))
    return render_template("admin/users.html", page=_page(stmt), q=q, role=role, roles=Role)


def _user_form(user: User | None = None) -> forms.UserForm:
    session = db.session()
    form = forms.UserForm(obj=user, password_required=user is None)
    schools = session.exec(
        select(School).options(joinedload(School.municipality)).order_by(col(School.name))
    ).all()
    grouped = defaultdict(list)
    for school in schools:
        grouped[school.municipality.name].append(school)
    municipalities = session.exec(
        select(Municipality).options(joinedload(Municipality.region)).order_by(col(Municipality.name))
    ).all()
    regions = session.exec(select(Region).order_by(col(Region.name))).all()
    form.set_choices(dict(sorted(grouped.items())), municipalities, regions)
    return form


@bp.route("/users/new", methods=["GET", "POST"])
def user_new():
    form = _user_form()
    if form.validate_on_submit():
        verb = partial(operations.create_user, db.session(), current_user, password=form.password.data)
        if done := _save(form, verb, f"Пользователь {form.email.data} создан.", "admin.users"):
            return done
    return _form_page(form, "Новый пользователь", "admin.users", "Пользователи", USER_HINTS)


@bp.route("/users/<int:user_id>/edit", methods=["GET", "POST"])
def user_edit(user_id: int):
    user = db.session().get(User, user_id) or abort(404)
    form = _user_form(user)
    if form.validate_on_submit():
        verb = partial(operations.update_user, db.session(), current_user, user,
                       password=form.password.data or None)
        if done := _save(form, verb, f"Изменения пользователя {user.email} сохранены.", "admin.users"):
            return done
    return _form_page(form, f"Пользователь {user.email}", "admin.users", "Пользователи", USER_HINTS)


# Regions -------------------------------------------------------------------------------------

@bp.route("/regions")
def regions():
    return render_template("admin/regions.html", page=_page(select(Region).order_by(col(Region.name))))


@bp.route("/regions/new", methods=["GET", "POST"])
@bp.route("/regions/<int:region_id>/edit", methods=["GET", "POST"])
def region_form(region_id: int | None = None):
    region = (db.session().get(Region, region_id) or abort(404)) if region_id else None
    form = forms.RegionForm(obj=region)
    if form.validate_on_submit():
        verb = (partial(operations.create_region, db.session(), current_user) if region is None
                else partial(operations.update_region, db.session(), current_user, region))
        if done := _save(form, verb, f"Регион «{form.name.data}» сохранён.", "admin.regions"):
            return done
    return _form_page(form, region.name if region else "Новый регион", "admin.regions", "Регионы")


# Municipalities ------------------------------------------------------------------------------

@bp.route("/municipalities")
def municipalities():
    region_id = forms.optional_id(request.args.get("region_id"))
    stmt = select(Municipality).options(joinedload(Municipality.region)).order_by(col(Municipality.name))
    if region_id:
        stmt = stmt.where(col(Municipality.region_id) == region_id)
    regions = db.session().exec(select(Region).order_by(col(Region.name))).all()
    return render_template("admin/municipalities.html", page=_page(stmt), regions=regions, region_id=region_id)


@bp.route("/municipalities/new", methods=["GET", "POST"])
@bp.route("/municipalities/<int:municipality_id>/edit", methods=["GET", "POST"])
def municipality_form(municipality_id: int | None = None):
    session = db.session()
    municipality = (session.get(Municipality, municipality_id) or abort(404)) if municipality_id else None
    form = forms.MunicipalityForm(obj=municipality)
    form.region_id.choices = forms.options((r.id, r.name) for r in session.exec(select(Region).order_by(col(Region.name))))
    if form.validate_on_submit():
        verb = (partial(operations.create_municipality, session, current_user) if municipality is None
                else partial(operations.update_municipality, session, current_user, municipality))
        if done := _save(form, verb, f"Муниципалитет «{form.name.data}» сохранён.", "admin.municipalities"):
            return done
    return _form_page(form, municipality.name if municipality else "Новый муниципалитет",
                      "admin.municipalities", "Муниципалитеты")


# Schools -------------------------------------------------------------------------------------

def _municipality_choices() -> list[tuple[str, str]]:
    rows = db.session().exec(
        select(Municipality).options(joinedload(Municipality.region))
        .order_by(col(Municipality.name))
    ).all()
    return [(str(m.id), f"{m.name} ({m.region.name})") for m in rows]


@bp.route("/schools")
def schools():
    municipality_id = forms.optional_id(request.args.get("municipality_id"))
    q = search_text()
    stmt = queries.schools_in_scope(db.session(), current_user, q=q, municipality_id=municipality_id)
    return render_template("admin/schools.html", page=_page(stmt), q=q, municipality_id=municipality_id,
                           municipalities=_municipality_choices())


@bp.route("/schools/new", methods=["GET", "POST"])
@bp.route("/schools/<int:school_id>/edit", methods=["GET", "POST"])
def school_form(school_id: int | None = None):
    session = db.session()
    school = (session.get(School, school_id) or abort(404)) if school_id else None
    form = forms.SchoolForm(obj=school)
    form.municipality_id.choices = forms.options(_municipality_choices())
    if form.validate_on_submit():
        verb = (partial(operations.create_school, session, current_user) if school is None
                else partial(operations.update_school, session, current_user, school))
        if done := _save(form, verb, f"Школа «{form.name.data}» сохранена.", "admin.schools"):
            return done
    return _form_page(form, school.name if school else "Новая школа", "admin.schools", "Школы")


# School-list import: upload → check and preview → confirm ---------------------------------------

def _pending_dir() -> Path:
    path = Path(current_app.config["DATA_DIR"]) / "imports" / "pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pending_file(token: str) -> Path | None:
    if not PENDING_TOKEN.fullmatch(token or ""):
        return None
    path = _pending_dir() / token
    return path if path.is_file() else None


@bp.route("/schools/import", methods=["GET", "POST"])
def school_import():
    form = forms.SchoolImportForm()
    form.municipality_id.choices = forms.options(_municipality_choices())
    if not form.validate_on_submit():
        return render_template("admin/school_import.html", form=form)
    upload = form.file.data
    data = upload.read()
    parsed = parse_school_list(upload.filename or "", data)
    if not parsed.ok:
        return render_template("admin/school_import.html", form=form, parsed=parsed)
    municipality = db.session().get(Municipality, form.municipality_id.data) or abort(404)
    token = secrets.token_hex(16)
    (_pending_dir() / token).write_bytes(data)
    plan = operations.plan_school_import(db.session(), municipality, parsed.rows)
    return render_template("admin/school_import_preview.html", parsed=parsed, plan=plan,
                           municipality=municipality, token=token, filename=upload.filename)


@bp.route("/schools/import/confirm", methods=["POST"])
def school_import_confirm():
    session = db.session()
    path = _pending_file(request.form.get("token", ""))
    municipality_id = forms.optional_id(request.form.get("municipality_id"))
    municipality = session.get(Municipality, municipality_id) if municipality_id else None
    if path is None or municipality is None:
        flash("Файл для импорта не найден: загрузите его ещё раз.", "error")
        return redirect(url_for("admin.school_import"))
    parsed = parse_school_list("", path.read_bytes())
    try:
        result = operations.import_schools(session, current_user, municipality, parsed.rows)
    except DomainError as error:
        session.rollback()
        flash(f"Импорт не выполнен, ничего не записано: {error}", "error")
        return redirect(url_for("admin.school_import"))
    session.commit()
    path.unlink(missing_ok=True)
    flash(f"Импорт выполнен: добавлено школ — {len(result.created)}, обновлено — {len(result.updated)}.",
          "success")
    return redirect(url_for("admin.schools", municipality_id=municipality.id))
