"""Writing the journal of actions. Operations call ``record`` after they change something."""
from typing import Any

from sqlmodel import Session, SQLModel

from workflow.models import AuditEvent, User

# How each action reads in a history, in Russian.
ACTION_LABELS = {
    "user.created": "Создан пользователь",
    "user.updated": "Изменён пользователь",
    "region.created": "Добавлен регион",
    "region.updated": "Изменён регион",
    "municipality.created": "Добавлен муниципалитет",
    "municipality.updated": "Изменён муниципалитет",
    "school.created": "Добавлена школа",
    "school.updated": "Изменены сведения о школе",
    "order.created": "Создан документ",
    "order.published": "Документ опубликован для школ",
    "order.updated": "Изменён документ",
    "requirement.created": "Добавлено требование",
    "requirement.updated": "Изменено требование",
    "requirement.deleted": "Удалено требование",
    "requirement.moved": "Изменён порядок требований",
    "assignment.due_date_moved": "Перенесён срок",
    "submission.saved": "Сохранён черновик отчёта",
    "submission.sent": "Отчёт отправлен на проверку",
    "submission.accepted": "Отчёт принят",
    "submission.returned": "Отчёт возвращён на доработку",
}


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def record(
    session: Session,
    actor: User | None,
    action: str,
    obj: SQLModel,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
) -> AuditEvent:
    """Append one event about ``obj``. The object must have been flushed (it needs its id)."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        object_type=obj.__tablename__,
        object_id=obj.id,
        school_id=_school_of(obj),
        municipality_id=getattr(obj, "municipality_id", None),
        before=_jsonable(before),
        after=_jsonable(after),
        reason=reason,
    )
    session.add(event)
    return event


def update(session: Session, actor: User | None, obj: SQLModel, tracked: list[str], action: str,
           values: dict[str, Any]) -> SQLModel:
    """Set ``values`` on ``obj`` and journal what really changed among the ``tracked`` fields."""
    before = snapshot(obj, tracked)
    for name, value in values.items():
        setattr(obj, name, value)
    session.flush()
    old, new = changes(before, snapshot(obj, tracked))
    if new:
        record(session, actor, action, obj, before=old, after=new)
    return obj


def snapshot(obj: SQLModel, fields: list[str]) -> dict[str, Any]:
    return {name: getattr(obj, name) for name in fields}


def changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict, dict]:
    """Only the fields that changed, as (before, after)."""
    changed = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}


def _school_of(obj: SQLModel) -> int | None:
    if obj.__tablename__ == "schools":
        return obj.id
    return getattr(obj, "school_id", None)


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {k: _plain(v) for k, v in values.items()}


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
