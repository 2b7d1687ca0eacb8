"""The demo's work in progress: orders published with due dates around today, assignments moved
through the workflow with submissions and reviews, every choice drawn from seeded random numbers."""
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from workflow import operations
from workflow.demo.seeds import SCHOOL_1, SCHOOL_2
from workflow.enums import Addressee, RequirementKind, ReviewVerdict, Role
from workflow.models import Assignment, Review, School, Submission, User
from workflow.states import AssignmentState, SubmissionStatus


@dataclass(frozen=True)
class PublishPlan:
    published: int        # day (relative to today) the order went out
    first_due: int        # due day of the first school requirement; the others are spread evenly
    last_due: int
    authority_due: int    # due day of requirements addressed to the municipality
    weights: str          # which table of state weights to use


PUBLISH_PLANS = {
    "ORD-001": PublishPlan(published=-35, first_due=-20, last_due=10, authority_due=14, weights="busy"),
    "ORD-000": PublishPlan(published=-25, first_due=-6, last_due=30, authority_due=14, weights="busy"),
    "ORD-002": PublishPlan(published=-14, first_due=-5, last_due=40, authority_due=21, weights="fresh"),
}

S = AssignmentState
# (due day up to, weights of assigned, in_progress, submitted, returned, accepted)
STATE_WEIGHTS = {
    "busy": [(-10, (6, 6, 10, 8, 70)), (-1, (10, 15, 20, 10, 45)), (7, (25, 25, 25, 10, 15)),
             (10_000, (60, 25, 10, 0, 5))],
    "fresh": [(-1, (40, 25, 15, 5, 15)), (7, (65, 20, 10, 0, 5)), (10_000, (80, 15, 5, 0, 0))],
}
STATE_ORDER = [S.assigned, S.in_progress, S.submitted, S.returned, S.accepted]

# The two demo schools always show every situation: offsets into their lists of past-due and
# due-this-week requirements, and the state each gets.
FEATURED = {
    SCHOOL_1: [("past", 0, S.accepted), ("past", 3, S.returned), ("past", 6, S.assigned),
               ("week", 0, S.in_progress), ("week", 1, S.assigned)],
    SCHOOL_2: [("past", 1, S.accepted), ("past", 4, S.returned), ("past", 7, S.in_progress),
               ("week", 0, S.submitted), ("week", 2, S.assigned)],
}

NOTES = {
    RequirementKind.responsible_person: "Издан приказ о назначении ответственного, копия приложена.",
    RequirementKind.local_act: "Локальный акт принят педагогическим советом и утверждён приказом директора.",
    RequirementKind.registration: "Регистрация выполнена, данные в системе проверены.",
    RequirementKind.data_entry: "Данные внесены в электронный журнал, незаполненных полей нет.",
    RequirementKind.consent_collection: "Согласия собраны, сводная таблица приложена.",
    RequirementKind.monitoring_indicator: "Показатель достигнут, приложен скриншот дашборда.",
    RequirementKind.reporting: "Отчёт подготовлен и приложен.",
}
DEFAULT_NOTE = "Выполнено, подтверждающие документы приложены."
RETURN_REASONS = [
    "Не приложена копия приказа",
    "Не указаны номер и дата документа",
    "Данные не совпадают с отчётом ОО-1",
    "Показатель ниже порогового значения",
    "Нет отметки об ознакомлении работников",
    "Документ не подписан руководителем",
]
MSK = timezone(timedelta(hours=3))


def _spread(first: int, last: int, n: int) -> list[int]:
    return [first + round(i * (last - first) / max(n - 1, 1)) for i in range(n)]


def publish_with_history(session, summary, order, schools, plan, today, reviewer, users) -> None:
    requirements = list(order.requirements)
    for_schools = [r for r in requirements if r.addressee is Addressee.school]
    offsets = dict(zip((r.id for r in for_schools),
                       _spread(plan.first_due, plan.last_due, len(for_schools)), strict=True))
    offsets.update({r.id: plan.authority_due for r in requirements if r.addressee is not Addressee.school})
    due_dates = {rid: today + timedelta(days=days) for rid, days in offsets.items()}

    assignments = operations.publish_order(session, None, order, schools, due_dates=due_dates)
    published_at = _at(today, plan.published, 9, 0)
    order.published_at = published_at
    summary.published += 1
    summary.assignments += len(assignments)

    rng = random.Random(f"reglament-demo:{order.catalog_key}")
    kinds = {r.id: r.kind for r in requirements}
    school_users = {u.school_id: u for u in users.values() if u.role is Role.school}
    forced = _featured_states(schools, for_schools, offsets)
    for a in assignments:
        a.created_at = a.state_changed_at = published_at
        if a.school_id is None:
            continue  # the authority's own requirements stay assigned
        state = forced.get((a.requirement_id, a.school_id)) or _draw(rng, plan.weights, offsets[a.requirement_id])
        author = school_users.get(a.school_id)
        a.responsible_user_id = author.id if author else None
        _move(session, summary, rng, a, state, offsets[a.requirement_id], plan.published, today,
              kinds[a.requirement_id], author, reviewer)
    session.flush()


def _featured_states(schools: Iterable[School], requirements, offsets) -> dict[tuple[int, int], S]:
    groups = {
        "past": [r.id for r in requirements if offsets[r.id] < 0],
        "week": [r.id for r in requirements if 0 <= offsets[r.id] <= 7],
    }
    forced = {}
    for school in schools:
        for group, index, state in FEATURED.get(school.name, []):
            if index < len(groups[group]):
                forced[(groups[group][index], school.id)] = state
    return forced


def _draw(rng: random.Random, table: str, due: int) -> S:
    weights = next(w for upto, w in STATE_WEIGHTS[table] if due <= upto)
    return rng.choices(STATE_ORDER, weights=weights)[0]


def _move(session, summary, rng, a: Assignment, state: S, due: int, published: int, today: date,
          kind: RequirementKind, author: User | None, reviewer: User) -> None:
    """Put an assignment in ``state`` with a believable history: all of it before today."""
    a.state = state
    if state is S.assigned:
        return
    if state is S.in_progress:
        day = min(max(published + 1, due - rng.randint(3, 10)), -1)
        a.state_changed_at, a.version = _at(today, day, 11, rng.randint(0, 59)), 2
        return
    reviewed = state in (S.accepted, S.returned)
    sent_day = min(max(published + 1, due + rng.randint(-5, 2)), -2 if reviewed else -1)
    sent_at = _at(today, sent_day, 10, rng.randint(0, 59))
    submission = Submission(
        assignment_id=a.id, number=1, status=SubmissionStatus.submitted,
        note=NOTES.get(kind, DEFAULT_NOTE), fields={}, created_by_id=author.id if author else None,
        created_at=sent_at, submitted_at=sent_at,
    )
    session.add(submission)
    summary.submissions += 1
    a.state_changed_at, a.version = sent_at, 3
    if not reviewed:
        return
    review_at = _at(today, min(sent_day + rng.randint(0, 3), -1), 15, rng.randint(0, 59))
    returned = state is S.returned
    submission.review = Review(
        reviewer_id=reviewer.id,
        verdict=ReviewVerdict.returned if returned else ReviewVerdict.accepted,
        reasons=sorted(rng.sample(RETURN_REASONS, rng.randint(1, 2))) if returned else [],
        comment="Устраните замечания и отправьте отчёт повторно." if returned else None,
        created_at=review_at,
    )
    summary.reviews += 1
    a.state_changed_at, a.version = review_at, 4


def _at(today: date, days: int, hour: int, minute: int) -> datetime:
    """A moment of the working day ``days`` from ``today``, Moscow time, as UTC."""
    return datetime.combine(today + timedelta(days=days), time(hour, minute), MSK).astimezone(UTC)
