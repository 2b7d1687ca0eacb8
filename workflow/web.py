"""Request-level wiring: sign-in, CSRF, template helpers and Russian error pages."""
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import Flask, current_app, render_template, request
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect
from werkzeug.routing import IntegerConverter

from workflow import audit, db, forms, permissions
from workflow.enums import Role
from workflow.errors import DomainError
from workflow.models import User
from workflow.states import AssignmentState

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Войдите, чтобы открыть эту страницу."
login_manager.login_message_category = "info"
csrf = CSRFProtect()

MONTHS_GENITIVE = (
    "января", "февраля", "марта", "апреля", "мая", "июня",
    "июля", "августа", "сентября", "октября", "ноября", "декабря",
)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    user = db.session().get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.active else None


class DatabaseIdConverter(IntegerConverter):
    """``<int:…>`` in routes: ids are 1 … 2³¹−1 as in the database; anything else is not found."""

    def __init__(self, url_map, *args, **kwargs):
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def file_store():
    """The content-addressed store of uploaded files, outside the web root."""
    from documents.storage import FileStore

    return FileStore(Path(current_app.config["DATA_DIR"]) / "files", current_app.config["MAX_UPLOAD_BYTES"])


def save_uploads(session, actor: User, uploads) -> list:
    """Keep the uploaded files of a form and record them; all or none.

    Every file is checked before any is kept, so a refused file (wrong type, empty, too large)
    leaves nothing behind. Raises ``DomainError`` naming the file.
    """
    from documents.filetypes import RefusedFile
    from workflow import operations

    store = file_store()
    received = [(upload.filename or "", upload.read()) for upload in uploads if upload and upload.filename]
    for name, data in received:
        try:
            store.check(data, name)
        except RefusedFile as error:
            raise DomainError(f"«{name}»: {error}") from error
    return [operations.record_upload(session, actor, store.put(data, name)) for name, data in received]


def send_stored_file(stored, *, inline: bool = False):
    """Send an upload; call only after the permission check. PDF and images may open in the browser."""
    from documents.storage import send_blob

    return send_blob(file_store(), stored.sha256, stored.filename, stored.mime, inline=inline)


def search_text(name: str = "q") -> str:
    """A search box's text from the query string, safe to hand to the database."""
    return forms.drop_control_chars(request.args.get(name, "")).strip()[:200]


def nav_items() -> list[tuple[str, str]]:
    """The menu of the signed-in user's role: (endpoint, label)."""
    if not current_user.is_authenticated:
        return []
    items = [("home.index", "Главная")]
    if current_user.role in (Role.admin, Role.municipal, Role.inspector):
        items.append(("orders.index", "Приказы и письма"))
    if current_user.role is Role.inspector:
        items.append(("review.queue", "Проверка отчётов"))
    if permissions.can_manage_directory(current_user):
        items += [("admin.users", "Пользователи"), ("admin.regions", "Регионы"),
                  ("admin.municipalities", "Муниципалитеты"), ("admin.schools", "Школы")]
    return items


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    csrf.init_app(app)
    tz = ZoneInfo(app.config["TIMEZONE"])

    @app.template_filter("ru_date")
    def ru_date(value: date | None, long: bool = False) -> str:
        if value is None:
            return "—"
        if long:
            return f"{value.day} {MONTHS_GENITIVE[value.month - 1]} {value.year} г."
        return value.strftime("%d.%m.%Y")

    app.add_template_filter(audit.action_label, "audit_action")

    @app.template_filter("plural")
    def plural(n: int, one: str, few: str, many: str) -> str:
        """The word that agrees with ``n``: ``{{ n }} {{ n|plural("школа", "школы", "школ") }}``."""
        tail, tens = n % 10, n % 100
        if tail == 1 and tens != 11:
            word = one
        elif 2 <= tail <= 4 and not 12 <= tens <= 14:
            word = few
        else:
            word = many
        return word

    @app.template_filter("ru_date_iso")
    def ru_date_iso(value: str | None) -> str:
        """An ISO date kept as text (journal entries, report fields) shown as ДД.ММ.ГГГГ."""
        try:
            return date.fromisoformat(value).strftime("%d.%m.%Y") if value else "—"
        except (TypeError, ValueError):
            return str(value)

    @app.template_filter("ru_datetime")
    def ru_datetime(value: datetime | None) -> str:
        if value is None:
            return "—"
        if value.tzinfo is None:  # SQLite gives back naive datetimes; they are stored in UTC
            value = value.replace(tzinfo=UTC)
        return value.astimezone(tz).strftime("%d.%m.%Y %H:%M")

    @app.context_processor
    def globals_for_templates() -> dict:
        return {"AssignmentState": AssignmentState, "today": date.today(), "nav_items": nav_items()}

    def error_page(status: int, title: str, text: str):
        return render_template("error.html", status=status, title=title, text=text), status

    @app.errorhandler(403)
    def forbidden(_e):
        return error_page(403, "Доступ запрещён", "У вашей учётной записи нет доступа к этой странице.")

    @app.errorhandler(404)
    def not_found(_e):
        return error_page(404, "Страница не найдена", "Такой страницы нет или она была удалена.")

    @app.errorhandler(405)
    def not_allowed(_e):
        return error_page(405, "Действие недоступно", "Эта страница не принимает такой запрос.")

    @app.errorhandler(413)
    def too_large(_e):
        limit = app.config["MAX_UPLOAD_BYTES"] // (1024 * 1024)
        total = app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
        return error_page(413, "Файлы слишком большие",
                          f"Один файл — не более {limit} МБ, все файлы одной отправки — не более {total} МБ. "
                          "Ничего не сохранено.")

    @app.errorhandler(CSRFError)
    def csrf_error(_e):
        return error_page(
            400, "Форма устарела",
            "Страница была открыта слишком давно или форма отправлена не из приложения. "
            "Обновите страницу и повторите действие.",
        )

    @app.errorhandler(sa.exc.OperationalError)
    def database_unavailable(error):
        app.logger.warning("database unavailable or busy: %s", error)
        return error_page(503, "База данных недоступна",
                          "Сервер базы данных занят или недоступен. Ничего не сохранено; "
                          "повторите действие через несколько секунд.")

    @app.errorhandler(500)
    def server_error(_e):
        return error_page(500, "Внутренняя ошибка", "Что-то пошло не так. Мы уже записали ошибку в журнал.")

    @app.after_request
    def no_store_for_signed_in(response):
        if current_user.is_authenticated and request.endpoint != "static":
            response.headers.setdefault("Cache-Control", "no-store")
        return response
