"""Demo data: two real regions from the seed tables, the catalog's orders, work in every state.

``load_demo`` is idempotent: rows are found by their natural keys (region name, municipality name
in its region, school name in its municipality, user e-mail, catalog key of an order per owner) and
only what is missing is created. Orders are published and their assignments moved through the
workflow only when the order is created by this run, so a second run changes nothing.

Dates are relative to ``today`` and every choice comes from seeded ``random.Random`` instances, so
the same ``today`` gives the same data. The caller commits.
"""
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from workflow import operations
from workflow.catalog import load_catalog
from workflow.demo.seeds import (
    CHELYABINSK_GROUPS,
    SCHOOL_1,
    SCHOOL_2,
    chelyabinsk_municipalities,
    chelyabinsk_schools,
    sergokala_school_names,
)
from workflow.demo.work import PUBLISH_PLANS, publish_with_history
from workflow.enums import MunicipalityKind, Role
from workflow.models import Municipality, Order, Region, School, User
from workflow.naming import infer_school_kind

DEMO_PASSWORD = "reglament-demo"

DAGESTAN, CHELYABINSK = "Республика Дагестан", "Челябинская область"
SERGOKALA = "Сергокалинский район"

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
            publish_with_history(session, summary, order, schools, plan, today, reviewer, users)
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
