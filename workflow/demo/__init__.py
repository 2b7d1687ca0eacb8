"""Demo data: two real regions from the seed tables, the catalog's orders, work in every state.

``load_demo`` is idempotent: rows are found by their natural keys (region name, municipality name
in its region, school name in its municipality, user e-mail, catalog key of an order per owner) and
only what is missing is created. Orders are published and their assignments moved through the
workflow only when the order is created by this run, so a second run changes nothing.

The work goes through the real operations (``save_submission``, ``review_submission``,
``move_due_date``, ``record_upload``), so every assignment has its journal and every report its
files, kept in ``store``; only the times are put back into the past (see ``history``).

Dates are relative to ``today`` and every choice comes from seeded ``random.Random`` instances, so
the same ``today`` gives the same data. The caller commits.
"""
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from workflow import operations
from workflow.catalog import load_catalog
from workflow.demo import history
from workflow.demo.accounts import (
    CHELYABINSK_PATTERN,
    DEMO_PASSWORD,
    SERGOKALA_PATTERN,
    create_accounts,
    numbered_accounts,
)
from workflow.demo.seeds import (
    CHELYABINSK_GROUPS,
    SCHOOL_1,
    SCHOOL_2,
    chelyabinsk_municipalities,
    chelyabinsk_schools,
    sergokala_school_names,
)
from workflow.demo.work import PUBLISH_PLANS, moment, plan_work, publish
from workflow.enums import MunicipalityKind, Role
from workflow.models import Municipality, Order, Region, School, User
from workflow.naming import infer_school_kind

if TYPE_CHECKING:
    from documents.storage import FileStore

__all__ = ["DEMO_PASSWORD", "DEMO_USERS", "DemoSummary", "DemoUser", "load_demo"]

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
    submissions: int = 0      # versions, drafts included
    reviews: int = 0
    files: int = 0            # uploads recorded
    blobs: int = 0            # distinct files kept in the store
    due_dates_moved: int = 0
    users: int = 0

    @property
    def created_anything(self) -> bool:
        return any(vars(self).values())


def load_demo(session: Session, today: date, catalog_path: Path, seeds_dir: Path, *,
              store: "FileStore") -> DemoSummary:
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

    users, authors = _users(session, summary, {DAGESTAN: dagestan, CHELYABINSK: chelyabinsk},
                            {SERGOKALA: sergokala}, sergokala_schools, chelyabinsk_list)

    existing = {
        (o.region_id, o.municipality_id, o.catalog_key): o
        for o in session.exec(select(Order).where(col(Order.catalog_key).is_not(None))).all()
    }
    municipal = users["municipal@demo.local"]
    with history.Backdating(session) as clock:
        to_publish = []
        for entry in catalog.orders:
            regional = entry.region == CHELYABINSK
            region, owner = (chelyabinsk, None) if regional else (dagestan, sergokala)
            if (region.id, owner.id if owner else None, entry.key) in existing:
                continue
            actor = None if regional else municipal
            order = operations.create_order_from_catalog(session, actor, entry, region=region, municipality=owner)
            summary.orders += 1
            plan = PUBLISH_PLANS.get(entry.key)
            if plan is None:
                clock.forget()  # a draft made from the catalog just now
                continue
            clock.stamp(moment(today, plan.published - 2, 10, 0))
            to_publish.append((plan, order, regional, actor))

        steps = []
        for plan, order, regional, actor in sorted(to_publish, key=lambda item: item[0].published):
            schools = chelyabinsk_list if regional else sergokala_schools
            reviewer = users["region@demo.local"] if regional else users["inspector@demo.local"]
            assignments, offsets = publish(session, clock, order, schools, plan, today, actor)
            summary.published += 1
            summary.assignments += len(assignments)
            steps += plan_work(order, assignments, schools, offsets, plan, today, authors, reviewer, actor)
        history.run(session, clock, store, steps, summary)
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


def _users(session, summary, regions, municipalities, sergokala_schools, chelyabinsk_list
           ) -> tuple[dict[str, User], dict[int, User]]:
    """The demo accounts by e-mail, and the author of each school's reports by school id: its named
    account, else its numbered one."""
    schools = {s.name: s for s in sergokala_schools}
    named = [{
        "email": spec.email, "full_name": spec.full_name, "position": spec.position, "role": spec.role,
        "school_id": schools[spec.school].id if spec.school else None,
        "municipality_id": municipalities[spec.municipality].id if spec.municipality else None,
        "region_id": regions[spec.region].id if spec.region else None,
    } for spec in DEMO_USERS]
    skip = {spec.school for spec in DEMO_USERS if spec.school}
    numbered = (numbered_accounts("05", sergokala_schools, SERGOKALA_PATTERN, skip)
                + numbered_accounts("74", chelyabinsk_list, CHELYABINSK_PATTERN, skip))
    users, created = create_accounts(session, named + numbered)
    summary.users += created
    authors = {u.school_id: u for u in users.values() if u.role is Role.school}
    return users, authors
