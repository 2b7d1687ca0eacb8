"""The demo loader: real seed schools and municipalities, catalog orders, work in every state done
through the real operations (histories, versions, files in the store), accounts that sign in, and a
second run that adds nothing."""
import csv
import shutil
import subprocess
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlmodel import SQLModel, col, select

from documents.filetypes import identify
from documents.storage import FileStore
from workflow.catalog import load_catalog
from workflow.config import CATALOG_PATH, SEEDS_DIR
from workflow.demo import DEMO_PASSWORD, DEMO_USERS, load_demo
from workflow.demo.files import translit
from workflow.enums import MunicipalityKind, ReviewVerdict, Role
from workflow.models import (
    Assignment,
    AuditEvent,
    Municipality,
    Order,
    Region,
    Requirement,
    Review,
    School,
    StoredFile,
    Submission,
    User,
)
from workflow.states import AssignmentState, OrderState, SubmissionStatus
from workflow.web import file_store

CATALOG, SEEDS = CATALOG_PATH, SEEDS_DIR
TODAY = date(2025, 3, 10)
S = AssignmentState
SENT = (S.submitted, S.returned, S.accepted)


@pytest.fixture()
def store(tmp_path):
    return FileStore(tmp_path / "files", 25 * 1024 * 1024)


def load(session, store, today: date = TODAY):
    summary = load_demo(session, today, CATALOG, SEEDS, store=store)
    session.flush()
    session.expire_all()  # read back what the database holds (SQLite returns naive timestamps)
    return summary


def region(session, name: str) -> Region:
    return session.exec(select(Region).where(col(Region.name) == name)).one()


def units_of(session, region_name: str) -> list[Municipality]:
    return list(region(session, region_name).municipalities)


def test_directory_orders_and_accounts(session, store):
    summary = load(session, store)

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
    assert {u.email for u in DEMO_USERS} <= set(users)
    assert all(u.check_password(DEMO_PASSWORD) for u in users.values())
    assert users["school@demo.local"].school.name == "МКОУ «Сергокалинская СОШ № 1»"
    assert users["region@demo.local"].region.name == "Челябинская область"
    # Every other school has one numbered demo account of its own, and no school has two.
    numbered = {e: u for e, u in users.items() if e.startswith("school-")}
    assert set(users) == {u.email for u in DEMO_USERS} | set(numbered)
    assert all(e.endswith("@demo.local") and u.role is Role.school for e, u in numbered.items())
    school_users = [u.school_id for u in users.values() if u.role is Role.school]
    assert len(school_users) == len(set(school_users)) == session.exec(
        select(sa.func.count()).select_from(School)).one() == 66
    assert users["school-22@demo.local"].school.name == "МКОУ «Урахинская СОШ»"
    assert users["school-74-1@demo.local"].school.municipality.region.name == "Челябинская область"
    assert summary.users == len(users) == 70


def test_work_goes_through_the_operations_with_histories_and_files(session, store):
    summary = load(session, store)
    for email in ("school@demo.local", "school2@demo.local"):
        check_every_situation(session, email)

    assignments = session.exec(select(Assignment).where(col(Assignment.school_id).is_not(None))).all()
    events = by_object(session)
    counts = {state: 0 for state in AssignmentState}
    two_versions = 0
    for a in assignments:
        counts[a.state] += 1
        check_versions(a)
        check_history(a, events.get(a.id, []))
        two_versions += len(a.submissions) >= 2
        for submission in a.submissions:
            if submission.status is SubmissionStatus.submitted:
                assert submission.files, (a.id, submission.number)
            for stored in submission.files:
                check_file(store, stored)
    assert all(counts.values()), counts  # every state occurs
    assert two_versions >= 3
    # Nothing happened today or later: all history is in the past.
    latest = session.exec(select(sa.func.max(Assignment.state_changed_at))).one()
    assert latest.date() < TODAY
    assert session.exec(select(sa.func.max(AuditEvent.created_at)).where(
        col(AuditEvent.object_type) == "assignments")).one().date() < TODAY

    # Due dates moved by the department, with a reason; the original stays on record.
    moved = [a for a in assignments if a.due_date_moved]
    assert 3 <= len(moved) == summary.due_dates_moved <= 6
    municipal = session.exec(select(User).where(col(User.email) == "municipal@demo.local")).one()
    for a in moved:
        event = next(e for e in events[a.id] if e.action == "assignment.due_date_moved")
        assert event.actor_id == municipal.id and event.reason
        assert event.after == {"due_date": a.due_date.isoformat()}
        assert event.before == {"due_date": a.original_due_date.isoformat()}
    assert {e.reason for es in events.values() for e in es if e.action == "assignment.due_date_moved"} >= {
        "Болезнь ответственного специалиста", "Перенос по ходатайству школы"}

    # Files: small, each distinct content kept once, PDFs and DOCX both present.
    files = session.exec(select(StoredFile)).all()
    assert len(files) == summary.files and {f.type_code for f in files} == {"pdf", "docx"}
    blobs = {f.sha256: f.size for f in files}
    assert len(blobs) == summary.blobs == len([p for p in store.root.rglob("*") if p.is_file()])
    assert sum(blobs.values()) < 2 * 1024 * 1024


def check_every_situation(session, email: str) -> None:
    school_id = session.exec(select(User.school_id).where(col(User.email) == email)).one()
    assignments = session.exec(select(Assignment).where(col(Assignment.school_id) == school_id)).all()
    states = {a.state for a in assignments}

    assert any(a.is_overdue(TODAY) for a in assignments)
    assert any(
        TODAY <= a.due_date <= TODAY + timedelta(days=7) and a.state is not AssignmentState.accepted
        for a in assignments
    )
    assert set(AssignmentState) <= states
    returned = next(a for a in assignments if a.state is AssignmentState.returned)
    review = returned.submissions[-1].review
    assert review.verdict is ReviewVerdict.returned and review.reasons
    assert review.reviewer.email == "inspector@demo.local"
    draft = next(a for a in assignments if a.state is AssignmentState.in_progress).submissions[-1]
    assert draft.status is SubmissionStatus.draft and draft.created_by.email == email
    assert any(len(a.submissions) == 2 for a in assignments)


def check_versions(a: Assignment) -> None:
    """The submissions agree with the state: earlier versions were returned, the last one decides."""
    subs = a.submissions
    assert [s.number for s in subs] == list(range(1, len(subs) + 1))
    if a.state is S.assigned:
        assert not subs
        return
    *earlier, last = subs
    for s in earlier:
        assert s.status is SubmissionStatus.submitted and s.review.verdict is ReviewVerdict.returned
    if a.state is S.in_progress:
        assert last.status is SubmissionStatus.draft and last.review is None and last.submitted_at is None
        return
    assert last.status is SubmissionStatus.submitted
    assert (last.review is None) == (a.state is S.submitted)
    if last.review is not None:
        assert last.review.verdict.value == a.state.value
    for s in subs:
        assert s.created_by_id == a.responsible_user_id
        if s.submitted_at is not None:
            assert s.created_at <= s.submitted_at
        if s.review is not None:
            assert s.review.created_at >= s.submitted_at
            assert (s.review.verdict is ReviewVerdict.accepted) or s.review.reasons


def check_history(a: Assignment, events: list[AuditEvent]) -> None:
    """Journalled in the order it happened, all before today, ending in the assignment's state."""
    if a.state is S.assigned:
        assert all(e.action == "assignment.due_date_moved" for e in events)
        return
    times = [e.created_at for e in events]
    assert times == sorted(times), a.id
    assert times[0] > a.created_at and times[-1].date() < TODAY
    with_state = [e for e in events if e.after and "state" in e.after]
    assert with_state[-1].after["state"] == a.state.value
    assert with_state[-1].created_at == a.state_changed_at
    sent = [s for s in a.submissions if s.status is SubmissionStatus.submitted]
    assert [e.created_at for e in events if e.action == "submission.sent"] == [s.submitted_at for s in sent]
    decided = [s.review for s in sent if s.review is not None]
    assert [e.created_at for e in events if e.action in ("submission.accepted", "submission.returned")] == [
        r.created_at for r in decided]


def check_file(store: FileStore, stored: StoredFile) -> None:
    assert store.exists(stored.sha256)
    data = store.open(stored.sha256)
    assert len(data) == stored.size
    assert identify(data, stored.filename).code == stored.type_code in ("pdf", "docx")
    assert stored.filename.endswith("." + stored.type_code)


def by_object(session) -> dict[int, list[AuditEvent]]:
    events: dict[int, list[AuditEvent]] = {}
    for e in session.exec(select(AuditEvent).where(col(AuditEvent.object_type) == "assignments")
                          .order_by(col(AuditEvent.id))).all():
        events.setdefault(e.object_id, []).append(e)
    return events


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_pdfs_are_real(session, store):
    load(session, store)
    assignment = session.exec(
        select(Assignment).join(Requirement).join(School)
        .where(col(Requirement.code) == "S001-R01", col(School.name) == "МКОУ «Сергокалинская СОШ № 1»")
    ).one()
    stored = assignment.submissions[0].files[0]
    assert stored.type_code == "pdf"
    text = subprocess.run(["pdftotext", "-layout", str(store.path(stored.sha256)), "-"],
                          capture_output=True, check=True, text=True)
    assert not text.stderr  # no syntax warnings: the cross-reference table is right
    assert "No 864" in text.stdout and translit("МКОУ «Сергокалинская СОШ № 1»") in text.stdout


def test_the_command_keeps_the_files_in_the_data_folder(app, connection, session):
    cli = app.test_cli_runner()
    result = cli.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "переносов срока — 4" in result.output and "вложений — " in result.output
    assert "и ещё 64 ответственных от школ" in result.output
    assert "school-1@demo.local … school-74-44@demo.local" in result.output
    with app.app_context():
        kept = file_store()
    assert all(kept.exists(sha) for sha in session.exec(select(StoredFile.sha256)).all())

    again = cli.invoke(args=["demo", "load", "--today", TODAY.isoformat()])
    assert again.exit_code == 0 and "ничего не добавлено" in again.output


def test_second_load_adds_nothing(session, store):
    load(session, store)
    before = table_counts(session)
    kept = sorted(store.root.rglob("*"))
    summary = load(session, store)
    assert not summary.created_anything
    assert table_counts(session) == before
    assert sorted(store.root.rglob("*")) == kept


def test_same_today_gives_same_data(session, store):
    nested = session.begin_nested()
    load(session, store)
    first = snapshot(session)
    nested.rollback()
    assert session.exec(select(sa.func.count()).select_from(Region)).one() == 0
    load(session, store)
    assert snapshot(session) == first


def table_counts(session) -> dict[str, int]:
    return {
        name: session.execute(select(sa.func.count()).select_from(table)).scalar_one()
        for name, table in SQLModel.metadata.tables.items()
    }


def snapshot(session) -> dict[str, list]:
    """Everything the loader decides, by natural keys (ids and the setup's creation times may differ)."""
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
            a.due_date, a.original_due_date, a.created_at, a.state_changed_at, a.version,
            emails.get(a.responsible_user_id),
            s and (s.number, s.status.value, s.note, sorted(s.fields.items()), s.created_at, s.submitted_at,
                   emails.get(s.created_by_id), [(f.filename, f.sha256, f.created_at) for f in s.files]),
            r and (r.verdict.value, tuple(r.reasons), r.comment, r.created_at, emails.get(r.reviewer_id)),
        )
        for a, code, s, r in rows
    )
    keys = {a.id: (code, school_names.get(a.school_id), unit_names.get(a.municipality_id))
            for a, code, _s, _r in rows}
    history = sorted(
        (keys[e.object_id], e.created_at, e.action, emails.get(e.actor_id), e.before, e.after, e.reason)
        for e in session.exec(select(AuditEvent).where(col(AuditEvent.object_type) == "assignments")).all()
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
        "history": history,
        "users": sorted((u.email, u.role.value, u.full_name, u.position, school_names.get(u.school_id))
                        for u in session.exec(select(User)).all()),
    }
