"""The demo loader: real seed schools and municipalities, catalog orders, work in every state,
accounts that sign in, and a second run that adds nothing."""
import csv
from datetime import date, timedelta

import sqlalchemy as sa
from sqlmodel import SQLModel, col, select

from workflow.catalog import load_catalog
from workflow.config import CATALOG_PATH, SEEDS_DIR
from workflow.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from workflow.enums import MunicipalityKind, ReviewVerdict
from workflow.models import (
    Assignment,
    Municipality,
    Order,
    Region,
    Requirement,
    Review,
    School,
    Submission,
    User,
)
from workflow.states import AssignmentState, OrderState

CATALOG, SEEDS = CATALOG_PATH, SEEDS_DIR
TODAY = date(2025, 3, 10)



def load(session, today: date = TODAY):
    summary = load_demo(session, today, CATALOG, SEEDS)
    session.flush()
    session.expire_all()  # read back what the database holds (SQLite returns naive timestamps)
    return summary


def region(session, name: str) -> Region:
    return session.exec(select(Region).where(col(Region.name) == name)).one()


def units_of(session, region_name: str) -> list[Municipality]:
    return list(region(session, region_name).municipalities)


def test_directory_orders_and_accounts(session):
    summary = load(session)

    assert session.exec(select(sa.func.count()).select_from(Region)).one() == 2 == summary.regions
    sergokala = session.exec(
        select(Municipality).where(col(Municipality.name) == "Сергокалинский район")
    ).one()
    assert sergokala.region.name == "Республика Дагестан"
    names = [s.name for s in sergokala.schools]
    assert len(names) == len(set(names)) == 22
    assert "МКОУ «Сергокалинская СОШ № 1»" in names
    assert any("Урахинская" in n for n in names)
    assert "МКОУ «Ванашимахинская СОШ» им. С. Омарова" in names
    assert not any('"' in n for n in names)

    chelyabinsk = units_of(session, "Челябинская область")
    kinds = [m.kind for m in chelyabinsk]
    assert len(chelyabinsk) == 45
    assert kinds.count(MunicipalityKind.private) == kinds.count(MunicipalityKind.regional) == 1
    by_short = {m.short_name: m for m in chelyabinsk}
    assert by_short["Ашинский"].name == "Ашинский муниципальный район"
    assert by_short["Троицкий округ"].kind is MunicipalityKind.urban_okrug
    assert by_short["Троицкий район"].kind is MunicipalityKind.district
    assert by_short["Коркинский"].kind is MunicipalityKind.municipal_okrug

    with (SEEDS / "chelyabinsk_below90_tables.csv").open(encoding="utf-8") as f:
        listed = {(r["Муниципалитет"], r["Название ОО"]) for r in csv.DictReader(f)}
    schools = session.exec(
        select(School).join(Municipality).where(col(Municipality.region_id) == region(session, "Челябинская область").id)
    ).all()
    assert len(schools) == len(listed) - 1  # Белоносовская / Белоносковская is one school
    assert sum("Белонос" in s.name for s in schools) == 1

    orders = session.exec(select(Order)).all()
    assert sorted(o.catalog_key for o in orders) == sorted(o.key for o in load_catalog(CATALOG).orders)
    published = {o.catalog_key for o in orders if o.state is OrderState.published}
    assert published == {"ORD-000", "ORD-001", "ORD-002"}
    regional = next(o for o in orders if o.catalog_key == "ORD-002")
    assert regional.municipality_id is None and regional.region.name == "Челябинская область"

    users = {u.email: u for u in session.exec(select(User)).all()}
    assert set(users) == {u.email for u in DEMO_USERS}
    assert all(users[u.email].check_password(DEMO_PASSWORD) for u in DEMO_USERS)
    assert users["school@demo.local"].school.name == "МКОУ «Сергокалинская СОШ № 1»"
    assert users["region@demo.local"].region.name == "Челябинская область"


def test_work_in_every_state_with_consistent_histories(session):
    load(session)
    for email in ("school@demo.local", "school2@demo.local"):
        check_every_situation(session, email)

    rows = session.exec(select(Assignment, Submission, Review).join(
        Submission, col(Submission.assignment_id) == Assignment.id, isouter=True
    ).join(Review, col(Review.submission_id) == Submission.id, isouter=True)).all()
    counts = {state: 0 for state in AssignmentState}
    for assignment, submission, review in rows:
        counts[assignment.state] += 1
        needs_submission = assignment.state in (
            AssignmentState.submitted, AssignmentState.accepted, AssignmentState.returned
        )
        assert (submission is not None) == needs_submission
        assert (review is not None) == (assignment.state in (AssignmentState.accepted, AssignmentState.returned))
        if review is not None:
            assert review.verdict.value == assignment.state.value
            assert review.created_at >= submission.submitted_at
    assert all(counts.values()), counts  # every state occurs
    # Nothing happened today or later: all history is in the past.
    latest = session.exec(select(sa.func.max(Assignment.state_changed_at))).one()
    assert latest.date() < TODAY


def check_every_situation(session, email: str) -> None:
    school_id = session.exec(select(User.school_id).where(col(User.email) == email)).one()
    assignments = session.exec(select(Assignment).where(col(Assignment.school_id) == school_id)).all()
    states = {a.state for a in assignments}

    assert any(a.is_overdue(TODAY) for a in assignments)
    assert any(
        TODAY <= a.due_date <= TODAY + timedelta(days=7) and a.state is not AssignmentState.accepted
        for a in assignments
    )
    assert {AssignmentState.accepted, AssignmentState.returned} <= states
    returned = next(a for a in assignments if a.state is AssignmentState.returned)
    review = returned.submissions[-1].review
    assert review.verdict is ReviewVerdict.returned and review.reasons
    assert review.reviewer.email == "inspector@demo.local"


def test_second_load_adds_nothing(session):
    load(session)
    before = table_counts(session)
    summary = load(session)
    assert not summary.created_anything
    assert table_counts(session) == before


def test_same_today_gives_same_data(session):
    nested = session.begin_nested()
    load(session)
    first = snapshot(session)
    nested.rollback()
    assert session.exec(select(sa.func.count()).select_from(Region)).one() == 0
    load(session)
    assert snapshot(session) == first


def table_counts(session) -> dict[str, int]:
    return {
        name: session.execute(select(sa.func.count()).select_from(table)).scalar_one()
        for name, table in SQLModel.metadata.tables.items()
    }


def snapshot(session) -> dict[str, list]:
    """Everything the loader decides, by natural keys (ids and creation times may differ)."""
    school_names = dict(session.exec(select(School.id, School.name)).all())
    unit_names = dict(session.exec(select(Municipality.id, Municipality.name)).all())
    emails = dict(session.exec(select(User.id, User.email)).all())
    rows = session.exec(
        select(Assignment, Requirement.code, Submission, Review)
        .join(Requirement)
        .join(Submission, col(Submission.assignment_id) == Assignment.id, isouter=True)
        .join(Review, col(Review.submission_id) == Submission.id, isouter=True)
    ).all()
    work = sorted(
        (
            code, school_names.get(a.school_id), unit_names.get(a.municipality_id), a.state.value,
            a.due_date, a.state_changed_at, a.version, emails.get(a.responsible_user_id),
            s and (s.note, s.submitted_at, emails.get(s.created_by_id)),
            r and (r.verdict.value, tuple(r.reasons), r.comment, r.created_at, emails.get(r.reviewer_id)),
        )
        for a, code, s, r in rows
    )
    return {
        "units": sorted(
            (m.name, m.short_name, m.kind.value, m.authority_name)
            for m in session.exec(select(Municipality)).all()
        ),
        "schools": sorted((unit_names[s.municipality_id], s.name, s.kind.value)
                          for s in session.exec(select(School)).all()),
        "orders": sorted((o.catalog_key, o.state.value, o.published_at, unit_names.get(o.municipality_id))
                         for o in session.exec(select(Order)).all()),
        "work": work,
        "users": sorted((u.email, u.role.value, u.full_name) for u in session.exec(select(User)).all()),
    }
