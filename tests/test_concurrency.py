"""Two inspectors decide on the same report at the same moment: one decision is kept, the other
inspector is told, and the assignment ends in exactly one consistent state. Real threads, real
transactions, on a database of this module's own (SQLite here, PostgreSQL in the second pass)."""
import threading
import uuid
from datetime import date

import pytest
from sqlmodel import Session, col, func, select

from app import create_app
from tests.conftest import own_database
from workflow import operations
from workflow.enums import ReviewVerdict, Role
from workflow.errors import DomainError
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
from workflow.schema import upgrade
from workflow.states import AssignmentState, SubmissionStatus


@pytest.fixture(scope="module")
def engine(tmp_path_factory):
    with own_database(tmp_path_factory, "concurrency") as url:
        app = create_app({"TESTING": True, "DATABASE_URL": url, "DATA_DIR": tmp_path_factory.mktemp("c"),
                          "SECRET_KEY": "test-secret-key-not-for-production"})
        upgrade(app)
        yield app.extensions["reglament.engine"]
        app.extensions["reglament.engine"].dispose()


@pytest.fixture()
def submitted(engine):
    with Session(engine) as session:
        region = Region(name=f"Область {uuid.uuid4().hex[:8]}")
        session.add(region)
        session.flush()
        municipality = Municipality(region_id=region.id, name="Район")
        session.add(municipality)
        session.flush()
        school = School(municipality_id=municipality.id, name="Школа")
        order = Order(region_id=region.id, municipality_id=municipality.id, issuer="УО", number="1",
                      date=date(2024, 1, 1), title="О проверке")
        session.add_all([school, order])
        session.flush()
        requirement = Requirement(order_id=order.id, code="1", title="Акт", kind="local_act")
        session.add(requirement)
        session.flush()
        assignment = Assignment(requirement_id=requirement.id, school_id=school.id, state=AssignmentState.submitted)
        session.add(assignment)
        session.flush()
        submission = Submission(assignment_id=assignment.id, status=SubmissionStatus.submitted, note="Готово")
        inspectors = [User(email=f"i{n}-{region.id}@test.local", full_name=f"Проверяющий {n}", password_hash="x",
                           role=Role.inspector, municipality_id=municipality.id) for n in (1, 2)]
        session.add_all([submission, *inspectors])
        session.commit()
        return submission.id, [i.id for i in inspectors], assignment.id


@pytest.mark.parametrize("round_", range(3))
def test_two_simultaneous_decisions_keep_exactly_one(engine, submitted, round_):
    submission_id, inspector_ids, assignment_id = submitted
    verdicts = [ReviewVerdict.accepted, ReviewVerdict.returned]
    barrier = threading.Barrier(2)
    outcomes: list[str] = [""] * 2

    def decide(n: int) -> None:
        # As a POST request does: a unit of work that will write (workflow.db.writing_engine).
        with Session(engine.execution_options(sqlite_immediate=True)) as session:
            barrier.wait()
            submission = session.get(Submission, submission_id)
            actor = session.get(User, inspector_ids[n])
            try:
                operations.review_submission(session, actor, submission, verdicts[n], reasons=["Нет протокола"])
                session.commit()
                outcomes[n] = "won"
            except DomainError:
                session.rollback()
                outcomes[n] = "told"

    threads = [threading.Thread(target=decide, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["told", "won"], outcomes
    with Session(engine) as session:
        reviews = session.exec(select(Review).where(col(Review.submission_id) == submission_id)).all()
        assert len(reviews) == 1
        assignment = session.get(Assignment, assignment_id)
        expected = {ReviewVerdict.accepted: AssignmentState.accepted, ReviewVerdict.returned: AssignmentState.returned}
        assert assignment.state is expected[reviews[0].verdict]
        assert session.exec(select(func.count()).select_from(Review)).one() == round_ + 1
