"""Demo data: two real regions from the seed tables, the catalog's orders, work in every state.

``load_demo`` is idempotent: rows are found by their natural keys (region name, municipality name
in its region, school name in its municipality, user e-mail, catalog key of an order per owner) and
only what is missing is created. Orders are published and their assignments moved through the
workflow only when the order is created by this run, so a second run changes nothing.

Dates are relative to ``today`` and every choice comes from seeded ``random.Random`` instances, so
the same ``today`` gives the same data. The caller commits.
"""
import csv
import random
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path

from sqlmodel import Session, col, select

from workflow import operations
from workflow.catalog import load_catalog
from workflow.enums import Addressee, MunicipalityKind, RequirementKind, ReviewVerdict, Role
from workflow.models import Assignment, Municipality, Order, Region, Review, School, Submission, User
from workflow.naming import infer_school_kind, normalize_name
from workflow.states import AssignmentState, SubmissionStatus

DEMO_PASSWORD = "reglament-demo"

DAGESTAN, CHELYABINSK = "Республика Дагестан", "Челябинская область"
SERGOKALA = "Сергокалинский район"
SCHOOL_1, SCHOOL_2 = "МКОУ «Сергокалинская СОШ № 1»", "МКОУ «Сергокалинская СОШ № 2»"

# Units that regional reports list beside the municipalities: (name, short name as in the seed, kind).
CHELYABINSK_GROUPS = [
    ("Частные образовательные организации", "Частные", MunicipalityKind.private),
    ("Организации, подведомственные Министерству образования и науки Челябинской области",
     "Подведомственные организации", MunicipalityKind.regional),
]
TABLE4_SUFFIXES = {
    "МР": ("муниципальный район", MunicipalityKind.district),
    "ГО": ("городской округ", MunicipalityKind.urban_okrug),
    "МО": ("муниципальный округ", MunicipalityKind.municipal_okrug),
}
# The seed spells one school two ways (Table 2 and Table 3); the village is Белоносово, so the
# Table 2 spelling is kept and the other is read as the same school.
SCHOOL_ALIASES = {"МКОУ Белоносковская СОШ (п. Приозерный)": "МКОУ Белоносовская СОШ (п. Приозерный)"}


@dataclass(frozen=True)
class DemoUser:
    email: str
    role: Role
    full_name: str
    position: str | None
    school: str | None = None        # school name in Сергокалинский район
    municipality: str | None = None  # municipality name in its region
    region: str | None = None


DEMO_USERS = [
    DemoUser("admin@demo.local", Role.admin, "Администратор системы", None),
    DemoUser("municipal@demo.local", Role.municipal, "Магомедова Патимат Ибрагимовна",
             "Главный специалист", municipality=SERGOKALA),
    DemoUser("school@demo.local", Role.school, "Алиев Магомед Расулович",
             "Заместитель директора по УВР", school=SCHOOL_1),
    DemoUser("school2@demo.local", Role.school, "Гасанова Зарема Алиевна",
             "Ответственный за ведение электронного журнала", school=SCHOOL_2),
    DemoUser("inspector@demo.local", Role.inspector, "Абдуллаев Руслан Магомедович",
             "Ведущий специалист", municipality=SERGOKALA),
    DemoUser("region@demo.local", Role.inspector, "Иванова Елена Сергеевна",
             "Главный специалист", region=CHELYABINSK),
]


@dataclass
class DemoSummary:
    regions: int = 0
    municipalities: int = 0
    schools: int = 0
    orders: int = 0
    published: int = 0
    assignments: int = 0
    submissions: int = 0
    reviews: int = 0
    users: int = 0

    @property
    def created_anything(self) -> bool:
        return any(vars(self).values())


# --------------------------------------------------------------------------- names

_OPEN_AFTER = set(" («„\"")


def official_name(raw: str) -> str:
    """Write a name as an official would: «» quotes, ``№ 1``, ``им. С. Омарова``, ``с. Варны``.

    ``МКОУ "Ванашимахинская СОШ"им.С.Омарова`` → ``МКОУ «Ванашимахинская СОШ» им. С. Омарова``.
    A quote opens at the start or after a space, a bracket or another quote and closes otherwise;
    quotes left open (``"СОШ "Эстет-центр М"``) are closed at the end.
    """
    text = " ".join(raw.split())
    out, depth = [], 0
    for i, ch in enumerate(text):
        if ch in "\"“”„«»":
            opening = ch in "«„" or (ch not in "»" and (i == 0 or text[i - 1] in _OPEN_AFTER or depth == 0))
            if ch == "»" or (not opening and depth > 0):
                depth -= 1
                ch = "»"
            else:
                depth += 1
                ch = "«"
        out.append(ch)
    text = "".join(out) + "»" * max(depth, 0)
    text = re.sub(r"»(?=[^\s»,.;)])", "» ", text)
    text = re.sub(r"№(?=\d)", "№ ", text)
    text = re.sub(r"(?<![А-Яа-яЁё])(им|с|п|д|г|пос)\.(?=[А-ЯЁ])", r"\1. ", text)
    text = re.sub(r"(?<=\b[А-ЯЁ]\.)(?=[А-ЯЁ][а-яё])", " ", text)  # initials before a surname
    return text


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def sergokala_school_names(seeds_dir: Path) -> list[str]:
    rows = _rows(seeds_dir / "sergokala_staff_2020.csv")
    column = "Наименование образовательного учреждения"
    return [official_name(r[column]) for r in rows if r["№"].strip() and r[column].strip() != "Всего"]


def chelyabinsk_municipalities(seeds_dir: Path) -> list[dict]:
    """The 43 municipalities with full name and kind from Таблица 4, checked value by value."""
    rows = _rows(seeds_dir / "chelyabinsk_municipalities_2023_2024.csv")
    table4 = _rows(seeds_dir / "chelyabinsk_table4.csv")
    columns = ["% выставленных итоговых оценок за периоды",
               "% заполненных тем уроков за проведенный период", "% заполненного домашнего задания"]
    result = []
    for row in rows:
        short = row["Муниципалитет"].strip()
        base, _, word = short.partition(" ")  # «Троицкий округ» / «Троицкий район»
        candidates = []
        for t in table4:
            t_base, suffix = t["Муниципалитет"].strip().rsplit(" ", 1)
            if t_base != base or [t[c] for c in columns] != [row[c] for c in columns]:
                continue
            if (word == "район" and suffix != "МР") or (word == "округ" and suffix == "МР"):
                continue
            candidates.append(suffix)
        if len(candidates) != 1:
            raise ValueError(f"Муниципалитет «{short}»: в Таблице 4 найдено {len(candidates)} совпадений.")
        words, kind = TABLE4_SUFFIXES[candidates[0]]
        result.append({"name": f"{base} {words}", "short_name": short, "kind": kind})
    if len(result) != len(table4):
        raise ValueError("Таблица 4 и таблица муниципалитетов разной длины.")
    return result


def chelyabinsk_schools(seeds_dir: Path) -> list[tuple[str, str]]:
    """(municipality short name, school name) of Tables 1–3, each school once, in order of first mention."""
    seen: dict[tuple[str, str], tuple[str, str]] = {}
    for row in _rows(seeds_dir / "chelyabinsk_below90_tables.csv"):
        raw = row["Название ОО"].strip()
        name = official_name(SCHOOL_ALIASES.get(raw, raw))
        unit = row["Муниципалитет"].strip()
        seen.setdefault((unit, normalize_name(name)), (unit, name))
    return list(seen.values())


# --------------------------------------------------------------------------- directory

def load_demo(session: Session, today: date, catalog_path: Path, seeds_dir: Path) -> DemoSummary:
    summary = DemoSummary()
    catalog = load_catalog(catalog_path)

    dagestan = _region(session, summary, DAGESTAN, "05")
    chelyabinsk = _region(session, summary, CHELYABINSK, "74")

    sergokala_units = _municipalities(session, summary, dagestan, [{
        "name": SERGOKALA, "kind": MunicipalityKind.district,
        "authority_name": "МКУ «Управление образования» Сергокалинского района",
    }])
    sergokala = sergokala_units[SERGOKALA]
    sergokala_schools = _schools(
        session, summary, [(sergokala, name) for name in sergokala_school_names(seeds_dir)]
    )

    units = chelyabinsk_municipalities(seeds_dir) + [
        {"name": name, "short_name": short, "kind": kind} for name, short, kind in CHELYABINSK_GROUPS
    ]
    by_name = _municipalities(session, summary, chelyabinsk, units)
    by_short = {u["short_name"]: by_name[u["name"]] for u in units}
    chelyabinsk_list = _schools(
        session, summary, [(by_short[unit], name) for unit, name in chelyabinsk_schools(seeds_dir)]
    )

    users = _users(session, summary, {DAGESTAN: dagestan, CHELYABINSK: chelyabinsk},
                   {SERGOKALA: sergokala}, {s.name: s for s in sergokala_schools})

    existing = {
        (o.region_id, o.municipality_id, o.catalog_key): o
        for o in session.exec(select(Order).where(col(Order.catalog_key).is_not(None))).all()
    }
    for entry in catalog.orders:
        regional = entry.region == CHELYABINSK
        region, owner = (chelyabinsk, None) if regional else (dagestan, sergokala)
        if (region.id, owner.id if owner else None, entry.key) in existing:
            continue
        order = operations.create_order_from_catalog(session, None, entry, region=region, municipality=owner)
        summary.orders += 1
        plan = PUBLISH_PLANS.get(entry.key)
        if plan is not None:
            schools = chelyabinsk_list if regional else sergokala_schools
            reviewer = users["region@demo.local"] if regional else users["inspector@demo.local"]
            _publish(session, summary, order, schools, plan, today, reviewer, users)
    return summary


def _region(session: Session, summary: DemoSummary, name: str, code: str) -> Region:
    region = session.exec(select(Region).where(col(Region.name) == name)).first()
    if region is None:
        region = operations.create_region(session, None, name=name, code=code)
        summary.regions += 1
    return region


def _municipalities(
    session: Session, summary: DemoSummary, region: Region, units: list[dict]
) -> dict[str, Municipality]:
    found = {m.name: m for m in session.exec(
        select(Municipality).where(col(Municipality.region_id) == region.id)
    ).all()}
    for unit in units:
        if unit["name"] not in found:
            found[unit["name"]] = operations.create_municipality(session, None, region_id=region.id, **unit)
            summary.municipalities += 1
    return found


def _schools(
    session: Session, summary: DemoSummary, wanted: list[tuple[Municipality, str]]
) -> list[School]:
    """The schools in the order given, creating those that are missing."""
    ids = sorted({m.id for m, _ in wanted})
    found = {(s.municipality_id, s.name): s for s in session.exec(
        select(School).where(col(School.municipality_id).in_(ids))
    ).all()}
    result = []
    for municipality, name in wanted:
        school = found.get((municipality.id, name))
        if school is None:
            school = operations.create_school(
                session, None, municipality_id=municipality.id, name=name, kind=infer_school_kind(name)
            )
            found[(municipality.id, name)] = school
            summary.schools += 1
        result.append(school)
    return result


def _users(session, summary, regions, municipalities, schools) -> dict[str, User]:
    emails = [u.email for u in DEMO_USERS]
    found = {u.email: u for u in session.exec(select(User).where(col(User.email).in_(emails))).all()}
    for spec in DEMO_USERS:
        if spec.email in found:
            continue  # left as it is: a changed password or name survives a second run
        scope = {
            "school_id": schools[spec.school].id if spec.school else None,
            "municipality_id": municipalities[spec.municipality].id if spec.municipality else None,
            "region_id": regions[spec.region].id if spec.region else None,
        }
        found[spec.email] = operations.create_user(
            session, None, email=spec.email, full_name=spec.full_name, position=spec.position,
            role=spec.role, password=DEMO_PASSWORD, **scope,
        )
        summary.users += 1
    return found


# --------------------------------------------------------------------------- work in progress

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


def _publish(session, summary, order, schools, plan, today, reviewer, users) -> None:
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
