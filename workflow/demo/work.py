"""The demo's work in progress, planned: orders published with due dates around today, and for
each assignment the steps of its history (a due date moved, a draft saved, a report sent, a
decision) at moments before today. ``history`` carries the steps out through the operations.

Every choice comes from seeded random numbers, so the same ``today`` gives the same plan.
"""
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session

from workflow import operations
from workflow.demo.history import Backdating
from workflow.demo.seeds import SCHOOL_1, SCHOOL_2
from workflow.enums import Addressee, ReviewVerdict
from workflow.models import Assignment, Order, School, User
from workflow.states import AssignmentState

S = AssignmentState
MSK = timezone(timedelta(hours=3))


@dataclass(frozen=True)
class PublishPlan:
    published: int        # day (relative to today) the order went out
    first_due: int        # due day of the first school requirement; the others are spread evenly
    last_due: int
    authority_due: int    # due day of requirements addressed to the municipality
    weights: str          # which table of state weights to use
    moves: int = 0        # due dates moved at random, besides those of FEATURED


PUBLISH_PLANS = {
    "ORD-001": PublishPlan(published=-35, first_due=-20, last_due=10, authority_due=14, weights="busy"),
    "ORD-000": PublishPlan(published=-25, first_due=-6, last_due=30, authority_due=14, weights="busy", moves=1),
    "ORD-002": PublishPlan(published=-14, first_due=-5, last_due=40, authority_due=21, weights="fresh"),
}

# (due day up to, weights of assigned, in_progress, submitted, returned, accepted)
STATE_WEIGHTS = {
    "busy": [(-10, (6, 6, 10, 8, 70)), (-1, (10, 15, 20, 10, 45)), (7, (25, 25, 25, 10, 15)),
             (10_000, (60, 25, 10, 0, 5))],
    "fresh": [(-1, (40, 20, 15, 5, 20)), (7, (70, 15, 10, 0, 5)), (10_000, (88, 10, 2, 0, 0))],
}
STATE_ORDER = [S.assigned, S.in_progress, S.submitted, S.returned, S.accepted]
RESENT_SHARE = 0.25   # of the reports waiting or accepted: those returned once before
DRAFT_FIRST = 0.15    # of the reports sent: those saved as a draft first
ILLNESS, PETITION = "Болезнь ответственного специалиста", "Перенос по ходатайству школы"
MOVE_REASONS = [PETITION, "Замена компьютерного оборудования в школе", ILLNESS]


@dataclass(frozen=True)
class Featured:
    group: str                 # "past" (due before today) or "week" (due in the next seven days)
    index: int                 # which of the order's requirements of that group
    state: AssignmentState
    resent: bool = False       # returned once, then sent again
    move: tuple[int, str] | None = None  # the due date moved by so many days, for this reason


# The two demo schools always show every situation, in every order long enough to have the
# requirement (ORD-001 has fifteen past-due requirements, ORD-000 two).
FEATURED = {
    SCHOOL_1: [Featured("past", 0, S.accepted, resent=True), Featured("past", 2, S.in_progress, move=(22, ILLNESS)),
               Featured("past", 3, S.returned), Featured("past", 6, S.assigned),
               Featured("week", 0, S.in_progress), Featured("week", 1, S.assigned), Featured("week", 2, S.submitted)],
    SCHOOL_2: [Featured("past", 1, S.accepted), Featured("past", 4, S.returned), Featured("past", 5, S.submitted),
               Featured("past", 7, S.in_progress), Featured("week", 0, S.submitted, resent=True),
               Featured("week", 1, S.in_progress, move=(10, PETITION)), Featured("week", 2, S.assigned)],
}


@dataclass
class Step:
    """One thing that happened to an assignment, at ``at``: ``history.run`` does it."""
    at: datetime
    action: str                    # "move" | "draft" | "send" | "review"
    assignment: Assignment
    actor: User
    version: int = 1               # the submission version answered or decided
    files: int = 0                 # how many of the version's documents a draft carries
    verdict: ReviewVerdict | None = None
    due_date: date | None = None
    reason: str | None = None


def publish(session: Session, clock: Backdating, order: Order, schools: list[School], plan: PublishPlan,
            today: date, actor: User | None) -> tuple[list[Assignment], dict[int, int]]:
    """Publish ``order`` on its day; returns the assignments and each requirement's due day."""
    requirements = list(order.requirements)
    for_schools = [r for r in requirements if r.addressee is Addressee.school]
    offsets = dict(zip((r.id for r in for_schools),
                       _spread(plan.first_due, plan.last_due, len(for_schools)), strict=True))
    offsets.update({r.id: plan.authority_due for r in requirements if r.addressee is not Addressee.school})
    due_dates = {rid: today + timedelta(days=days) for rid, days in offsets.items()}
    assignments = operations.publish_order(session, actor, order, schools, due_dates=due_dates)
    published_at = moment(today, plan.published, 9, 0)
    clock.stamp(published_at)
    order.published_at = published_at
    for a in assignments:
        a.state_changed_at = published_at
        set_committed_value(a, "submissions", [])  # known to be none: spares a query per assignment
    return assignments, offsets


def plan_work(order: Order, assignments: list[Assignment], schools: list[School], offsets: dict[int, int],
              plan: PublishPlan, today: date, authors: dict[int, User], reviewer: User,
              mover: User | None) -> list[Step]:
    """The steps of every school assignment of ``order``; the authority's own stay assigned."""
    rng = random.Random(f"reglament-demo:{order.catalog_key}")
    for_schools = [r for r in order.requirements if r.addressee is Addressee.school]
    featured = _featured(schools, for_schools, offsets)
    moves = _random_moves(rng, assignments, featured, offsets, plan.moves, authors) if mover else {}
    steps: list[Step] = []
    for a in assignments:
        author = authors.get(a.school_id) if a.school_id is not None else None
        if author is None:
            continue
        a.responsible_user_id = author.id
        due = offsets[a.requirement_id]
        chosen = featured.get((a.requirement_id, a.school_id))
        if chosen is not None:
            state, resent, move = chosen.state, chosen.resent, chosen.move if mover else None
        else:
            state, move = _draw(rng, plan.weights, due), moves.get(a.id)
            resent = state in (S.submitted, S.accepted) and rng.random() < RESENT_SHARE
        steps += _timeline(rng, a, state, resent, move, due, plan.published, today, author, reviewer, mover)
    return steps


def _timeline(rng: random.Random, a: Assignment, state: S, resent: bool, move: tuple[int, str] | None,
              due: int, published: int, today: date, author: User, reviewer: User,
              mover: User | None) -> list[Step]:
    """The history that leaves ``a`` in ``state``: moments increase, all after publication and
    before today."""
    clock = _Moments(rng, today, published)
    steps = []
    if move is not None:
        shift, reason = move
        at = clock.at(min(due, -1) - rng.randint(1, 4), 10)
        due += shift
        steps.append(Step(at, "move", a, mover, due_date=today + timedelta(days=due), reason=reason))
    if state is S.assigned:
        return steps
    if state is S.in_progress:
        return [*steps, Step(clock.at(due - rng.randint(3, 10), 11), "draft", a, author, files=rng.randint(0, 1))]

    verdicts: list[ReviewVerdict | None] = [ReviewVerdict.returned] if resent else []
    verdicts.append({S.returned: ReviewVerdict.returned, S.accepted: ReviewVerdict.accepted}.get(state))
    later = 2 * len(verdicts) - 1 - (verdicts[-1] is None)  # steps after the first sending
    day = min(due + rng.randint(-5, 2), -1 - later)
    if rng.random() < DRAFT_FIRST:
        steps.append(Step(clock.at(day - rng.randint(1, 3), 11), "draft", a, author, files=1))
    for version, verdict in enumerate(verdicts, start=1):
        if version > 1:
            day += rng.randint(1, 4)
        steps.append(Step(clock.at(day, 9 + rng.randint(0, 3)), "send", a, author, version=version))
        if verdict is None:
            break
        day += rng.randint(0, 2)
        steps.append(Step(clock.at(day, 14 + rng.randint(0, 3)), "review", a, reviewer,
                          version=version, verdict=verdict))
    return steps


class _Moments:
    """Moments of one assignment's history: each later than the one before, none before the day
    after publication or after yesterday."""

    def __init__(self, rng: random.Random, today: date, published: int):
        self.rng, self.today, self.first = rng, today, published + 1
        self.last = moment(today, published, 9, 0)

    def at(self, day: int, hour: int) -> datetime:
        day = min(max(day, self.first), -1)
        candidate = moment(self.today, day, hour, self.rng.randint(0, 59))
        if candidate <= self.last:
            candidate = self.last + timedelta(minutes=self.rng.randint(10, 40))
        self.last = candidate
        return candidate


def _featured(schools: Iterable[School], requirements, offsets) -> dict[tuple[int, int], Featured]:
    groups = {
        "past": [r.id for r in requirements if offsets[r.id] < 0],
        "week": [r.id for r in requirements if 0 <= offsets[r.id] <= 7],
    }
    chosen = {}
    for school in schools:
        for item in FEATURED.get(school.name, []):
            if item.index < len(groups[item.group]):
                chosen[(groups[item.group][item.index], school.id)] = item
    return chosen


def _random_moves(rng, assignments, featured, offsets, count, authors) -> dict[int, tuple[int, str]]:
    """Due dates moved for ``count`` assignments of other schools, due between a week ago and a week on."""
    candidates = [a for a in assignments if a.school_id in authors and (a.requirement_id, a.school_id) not in featured
                  and -7 <= offsets[a.requirement_id] <= 7]
    chosen = rng.sample(candidates, min(count, len(candidates)))
    return {a.id: (rng.randint(7, 14), MOVE_REASONS[i % len(MOVE_REASONS)]) for i, a in enumerate(chosen)}


def _draw(rng: random.Random, table: str, due: int) -> S:
    weights = next(w for upto, w in STATE_WEIGHTS[table] if due <= upto)
    return rng.choices(STATE_ORDER, weights=weights)[0]


def _spread(first: int, last: int, n: int) -> list[int]:
    return [first + round(i * (last - first) / max(n - 1, 1)) for i in range(n)]


def moment(today: date, days: int, hour: int, minute: int) -> datetime:
    """A moment of the working day ``days`` from ``today``, Moscow time, as UTC."""
    return datetime.combine(today + timedelta(days=days), time(hour, minute), MSK).astimezone(UTC)
