"""The three lists of the core loop load in a number of queries that does not depend on how many
schools or assignments there are (DESIGN.md §4). Pinned for 10 and 300."""
from datetime import date, timedelta

import pytest

from workflow.enums import Role
from workflow.models import Assignment, Requirement, School, StoredFile, Submission, utcnow
from workflow.states import AssignmentState, SubmissionStatus


def build(session, make_municipality, make_order, n: int):
    """A municipality with n schools, each with one sent report waiting for review, and one
    school that has n assignments."""
    municipality = make_municipality()
    order = make_order(municipality, requirements=1)
    schools = [School(municipality_id=municipality.id, name=f"Школа {i} ({n})") for i in range(n)]
    session.add_all(schools)
    session.flush()
    assignments = [Assignment(requirement_id=order.requirements[0].id, school_id=s.id, state=AssignmentState.submitted,
                              due_date=date.today() + timedelta(days=i % 9 - 4)) for i, s in enumerate(schools)]
    busy = [Requirement(order_id=order.id, position=i + 2, code=f"B{i}", title=f"Пункт {i}", kind="data_entry")
            for i in range(n)]
    session.add_all(assignments + busy)
    session.flush()
    session.add_all([Assignment(requirement_id=r.id, school_id=schools[0].id, due_date=date.today()) for r in busy])
    stored = StoredFile(sha256="b" * 64, size=1, mime="application/pdf", type_code="pdf", filename="x.pdf")
    session.add_all([Submission(assignment_id=a.id, status=SubmissionStatus.submitted, submitted_at=utcnow(),
                                files=[stored]) for a in assignments])
    session.flush()
    return municipality, schools


@pytest.mark.parametrize("page", ["review_queue", "my_assignments", "assignment_page"])
def test_lists_load_in_constant_queries(client, login_as, session, make_municipality, make_order, make_user,
                                        count_queries, page):
    counts = []
    for n in (10, 300):
        municipality, schools = build(session, make_municipality, make_order, n)
        if page == "review_queue":
            login_as(make_user(Role.inspector, municipality=municipality))
            url = "/review"
        else:
            login_as(make_user(Role.school, school=schools[0]))
            url = "/"
            if page == "assignment_page":
                first = session.get(School, schools[0].id)
                url = f"/assignments/{_first_assignment(session, first)}"
        with count_queries() as counter:
            response = client.get(url)
        assert response.status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def _first_assignment(session, school) -> int:
    from sqlmodel import col, select

    return session.exec(select(Assignment.id).where(col(Assignment.school_id) == school.id)
                        .order_by(col(Assignment.id))).first()
