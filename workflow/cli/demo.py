"""``flask --app app demo load``: the demo regions, schools, orders and accounts, loaded idempotently."""
import time
from datetime import date, datetime
from pathlib import Path

import click
from flask.cli import AppGroup

from workflow import db
from workflow.config import CATALOG_PATH, SEEDS_DIR
from workflow.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from workflow.demo.accounts import school_account_emails
from workflow.errors import DomainError
from workflow.web import file_store

group = AppGroup("demo", help="Демонстрационные данные.")


def _iso_date(_ctx, _param, value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return datetime.strptime(value, "%Y-%m-%d").date()
    except ValueError as exc:
        raise click.BadParameter(f"«{value}» — не дата в формате ГГГГ-ММ-ДД.") from exc


@group.command("load")
@click.option("--today", callback=_iso_date, metavar="ГГГГ-ММ-ДД",
              help="Дата, от которой отсчитываются сроки (по умолчанию — сегодня).")
@click.option("--catalog", "catalog_path", type=click.Path(path_type=Path),
              help="Каталог требований (YAML). По умолчанию reference/catalog/requirements-catalog.yaml.")
@click.option("--seeds", "seeds_dir", type=click.Path(path_type=Path),
              help="Папка с таблицами мониторинга (CSV). По умолчанию reference/seeds.")
def load(today: date, catalog_path: Path | None, seeds_dir: Path | None) -> None:
    """Load the demo data; a second run adds nothing."""
    catalog_path = catalog_path or CATALOG_PATH
    seeds_dir = seeds_dir or SEEDS_DIR
    if not catalog_path.is_file():
        raise click.ClickException(f"Не найден каталог требований: {catalog_path}. Укажите --catalog.")
    if not seeds_dir.is_dir():
        raise click.ClickException(f"Не найдена папка с таблицами мониторинга: {seeds_dir}. Укажите --seeds.")

    session = db.session()
    started = time.perf_counter()
    try:
        summary = load_demo(session, today, catalog_path, seeds_dir, store=file_store())
    except (DomainError, ValueError, OSError) as error:
        session.rollback()
        raise click.ClickException(f"Демонстрационные данные не загружены: {error}") from error
    session.commit()
    elapsed = time.perf_counter() - started

    if summary.created_anything:
        click.echo(f"Демонстрационные данные загружены за {elapsed:.1f} с (сроки от {today:%d.%m.%Y}).")
        click.echo(
            f"Добавлено: регионов — {summary.regions}, муниципалитетов — {summary.municipalities}, "
            f"школ — {summary.schools}, документов — {summary.orders} "
            f"(опубликовано — {summary.published}), поручений — {summary.assignments}, "
            f"версий отчётов — {summary.submissions}, решений проверяющих — {summary.reviews}, "
            f"переносов срока — {summary.due_dates_moved}, вложений — {summary.files} "
            f"(разных файлов — {summary.blobs}), пользователей — {summary.users}."
        )
    else:
        click.echo("Демонстрационные данные уже загружены: ничего не добавлено.")

    click.echo(f"\nДемонстрационные учётные записи (пароль {DEMO_PASSWORD}):")
    width = max(len(u.email) for u in DEMO_USERS)
    for user in DEMO_USERS:
        scope = user.school or user.municipality or user.region or "вся система"
        click.echo(f"  {user.email:<{width}}  {user.role.label} — {scope}")
    numbered = school_account_emails(session)
    if numbered:
        click.echo(f"  и ещё {len(numbered)} ответственных от школ, по одному на школу: "
                   f"{numbered[0]} … {numbered[-1]} (school-N — Сергокалинский район, "
                   "school-74-N — Челябинская область)")
