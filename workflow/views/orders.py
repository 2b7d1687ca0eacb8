"""Orders as the department makes and publishes them, and as inspectors see them."""
from collections import Counter
from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlmodel import col, select

from workflow import db, forms, operations, permissions, queries
from workflow.catalog import load_catalog, parse_catalog
from workflow.config import CATALOG_PATH
from workflow.enums import Role, SchoolKind
from workflow.errors import DomainError
from workflow.models import Order, Requirement, School
from workflow.states import OrderState
from workflow.web import save_uploads, send_stored_file

bp = Blueprint("orders", __name__, url_prefix="/orders")


@bp.before_request
@login_required
def only_staff():
    if current_user.role is Role.school:
        abort(403)


def _order(order_id: int, manage: bool = False) -> Order:
    order = db.session().get(Order, order_id) or abort(404)
    allowed = permissions.can_manage_order if manage else permissions.can_view_order
    if not allowed(current_user, order):
        abort(403)
    return order


def _requirement(order: Order, requirement_id: int) -> Requirement:
    requirement = db.session().get(Requirement, requirement_id)
    if requirement is None or requirement.order_id != order.id:
        abort(404)
    return requirement


def _refused(form, error: DomainError, default_field: str | None = None) -> None:
    db.session().rollback()
    forms.show_refusal(form, error, default_field)


@bp.route("")
def index():
    rows = queries.orders_in_scope(db.session(), current_user, date.today())
    return render_template("orders/index.html", rows=rows,
                           can_create=permissions.can_create_order(current_user))


@bp.route("/<int:order_id>")
def detail(order_id: int):
    order = _order(order_id)
    return render_template(
        "orders/detail.html", order=order,
        requirements=queries.order_requirements(db.session(), order, date.today()),
        can_manage=permissions.can_manage_order(current_user, order),
    )


@bp.route("/<int:order_id>/file")
def source_file(order_id: int):
    order = _order(order_id)
    if order.source_file is None:
        abort(404)
    return send_stored_file(order.source_file)


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<int:order_id>/edit", methods=["GET", "POST"])
def edit(order_id: int | None = None):
    if order_id is None:
        if not permissions.can_create_order(current_user):
            abort(403)
        order = None
    else:
        order = _order(order_id, manage=True)
    form = forms.OrderForm(obj=order)
    if form.validate_on_submit():
        session = db.session()
        try:
            values = form.values()
            uploaded = save_uploads(session, current_user, [form.file.data])
            if uploaded:
                values["source_file_id"] = uploaded[0].id
            if order is None:
                order = operations.create_order(session, current_user, current_user.municipality, **values)
            else:
                operations.update_order(session, current_user, order, **values)
        except DomainError as error:
            _refused(form, error, "file")
        else:
            session.commit()
            flash("Документ сохранён.", "success")
            return redirect(url_for("orders.detail", order_id=order.id))
    return render_template("orders/form.html", form=form, order=order)


@bp.route("/from-catalog", methods=["GET", "POST"])
def from_catalog():
    if not permissions.can_create_order(current_user):
        abort(403)
    bundled = load_catalog(CATALOG_PATH)
    form = forms.CatalogOrderForm()
    form.catalog_key.choices = forms.options(
        [("", "— выберите —")]
        + [(o.key, f"{o.title} — {o.issuer}, № {o.number} от {o.date:%d.%m.%Y}") for o in bundled.orders])
    if form.validate_on_submit():
        session = db.session()
        try:
            if form.file.data:
                entries = parse_catalog(form.file.data.read()).orders
                if not entries:
                    raise DomainError("В файле каталога нет ни одного документа.", field="file")
            else:
                entries = [bundled.order(form.catalog_key.data)]
            made = [operations.create_order_from_catalog(
                session, current_user, entry, region=current_user.municipality.region,
                municipality=current_user.municipality) for entry in entries]
        except DomainError as error:
            _refused(form, error, "file")
        else:
            session.commit()
            flash(f"Создано документов: {len(made)}. Проверьте требования и сроки перед публикацией.", "success")
            return redirect(url_for("orders.detail", order_id=made[0].id) if len(made) == 1
                            else url_for("orders.index"))
    return render_template("orders/from_catalog.html", form=form)


@bp.route("/<int:order_id>/requirements/new", methods=["GET", "POST"])
@bp.route("/<int:order_id>/requirements/<int:requirement_id>/edit", methods=["GET", "POST"])
def requirement_form(order_id: int, requirement_id: int | None = None):
    order = _order(order_id, manage=True)
    requirement = _requirement(order, requirement_id) if requirement_id else None
    form = forms.RequirementForm(obj=requirement)
    if form.validate_on_submit():
        session = db.session()
        try:
            if requirement is None:
                operations.add_requirement(session, current_user, order, **form.values())
            else:
                operations.update_requirement(session, current_user, requirement, **form.values())
        except DomainError as error:
            _refused(form, error)
        else:
            session.commit()
            flash("Требование сохранено.", "success")
            return redirect(url_for("orders.detail", order_id=order.id))
    return render_template("orders/requirement_form.html", form=form, order=order, requirement=requirement)


@bp.route("/<int:order_id>/requirements/<int:requirement_id>/delete", methods=["GET", "POST"])
def requirement_delete(order_id: int, requirement_id: int):
    order = _order(order_id, manage=True)
    if request.method == "GET":  # the confirmation page
        return render_template("orders/requirement_delete.html", order=order,
                               requirement=_requirement(order, requirement_id))
    return _act(order, lambda: operations.delete_requirement(
        db.session(), current_user, _requirement(order, requirement_id)), "Требование удалено.")


@bp.route("/<int:order_id>/requirements/<int:requirement_id>/move", methods=["POST"])
def requirement_move(order_id: int, requirement_id: int):
    order = _order(order_id, manage=True)
    offset = -1 if request.form.get("direction") == "up" else 1
    return _act(order, lambda: operations.move_requirement(
        db.session(), current_user, _requirement(order, requirement_id), offset), None)


def _act(order: Order, action, success: str | None):
    try:
        action()
    except DomainError as error:
        db.session().rollback()
        flash(str(error), "error")
    else:
        db.session().commit()
        if success:
            flash(success, "success")
    return redirect(url_for("orders.detail", order_id=order.id))


@bp.route("/<int:order_id>/publish", methods=["GET", "POST"])
def publish(order_id: int):
    order = _order(order_id, manage=True)
    if order.state is not OrderState.draft:
        flash("Документ уже опубликован.", "info")
        return redirect(url_for("orders.detail", order_id=order.id))
    session = db.session()
    schools = session.exec(
        select(School).where(col(School.municipality_id) == order.municipality_id, col(School.active))
        .order_by(col(School.name))
    ).all()
    form = forms.PublishForm()
    form.schools.choices = forms.options((s.id, s.name) for s in schools)
    present = Counter(s.kind for s in schools)
    form.kinds.choices = forms.options((kind.value, f"{kind.label} ({present[kind]})")
                                       for kind in SchoolKind if present[kind])
    if form.validate_on_submit():
        chosen = _chosen_schools(form, schools)
        due_dates = {r.id: form.due_date.data for r in order.requirements} if form.due_date.data else None
        try:
            if not chosen:
                raise DomainError("Под выбранные условия не подходит ни одна школа.", field="scope")
            made = operations.publish_order(session, current_user, order, chosen, due_dates=due_dates)
        except DomainError as error:
            _refused(form, error, "scope")
        else:
            session.commit()
            flash(f"Документ опубликован: школ — {len(chosen)}, поручений — {len(made)}.", "success")
            return redirect(url_for("orders.detail", order_id=order.id))
    return render_template("orders/publish.html", form=form, order=order, schools=schools)


def _chosen_schools(form: forms.PublishForm, schools: list[School]) -> list[School]:
    if form.scope.data == "kinds":
        kinds = {SchoolKind(k) for k in form.kinds.data}
        return [s for s in schools if s.kind in kinds]
    if form.scope.data == "schools":
        ids = set(form.schools.data)
        return [s for s in schools if s.id in ids]
    return list(schools)
