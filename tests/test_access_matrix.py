"""Every route × every kind of user → the status they must get.

Denied means 403 (or 404 where an object is hidden); anonymous users are sent to sign in (302).
A test below fails when a route is added without a row here.
"""
from pathlib import Path

import pytest

from documents.storage import FileStore
from workflow.enums import Role
from workflow.models import StoredFile, Submission, utcnow
from workflow.states import AssignmentState, OrderState, SubmissionStatus

USERS = ["anonymous", "school_a", "school_b", "municipal", "municipal_other",
         "inspector", "inspector_region", "admin"]

# status per user, in the order of USERS
ANYONE = (200,) * 8
SIGNED_IN = (302, 200, 200, 200, 200, 200, 200, 200)
STAFF = (302, 403, 403, 200, 200, 200, 200, 200)
ADMIN_ONLY = (302, 403, 403, 403, 403, 403, 403, 200)
SCHOOL_A = (302, 200, 403, 200, 403, 200, 200, 200)
SCHOOL_B = (302, 403, 200, 200, 403, 200, 200, 200)
ORDER_OF_M1 = (302, 403, 403, 200, 403, 200, 200, 200)
# An empty POST to an edit form keeps the stored values (WTForms falls back to the object): saved.
ADMIN_SAVES = (302, 403, 403, 403, 403, 403, 403, 302)
MUNICIPAL_STAFF = (302, 403, 403, 200, 200, 403, 403, 403)
MANAGES_M1 = (302, 403, 403, 200, 403, 403, 403, 403)
MANAGES_M1_SAVES = (302, 403, 403, 302, 403, 403, 403, 403)
INSPECTORS = (302, 403, 403, 403, 403, 200, 200, 403)
SUBMITS_A = (302, 200, 403, 403, 403, 403, 403, 403)  # already sent: the form says so

MATRIX = [
    ("GET", "/login", (200, 302, 302, 302, 302, 302, 302, 302)),
    ("POST", "/login", (200, 302, 302, 302, 302, 302, 302, 302)),
    ("POST", "/logout", (302,) * 8),
    ("GET", "/healthz", ANYONE),
    ("GET", "/", SIGNED_IN),
    ("GET", "/orders", STAFF),
    ("GET", "/orders/{order}", ORDER_OF_M1),
    ("GET", "/schools/{school_a}", SCHOOL_A),
    ("GET", "/schools/{school_b}", SCHOOL_B),
    ("GET", "/assignments/{assignment_a}", SCHOOL_A),
    ("GET", "/assignments/{assignment_b}", SCHOOL_B),
    ("GET", "/orders/new", MUNICIPAL_STAFF),
    ("POST", "/orders/new", MUNICIPAL_STAFF),
    ("GET", "/orders/from-catalog", MUNICIPAL_STAFF),
    ("POST", "/orders/from-catalog", MUNICIPAL_STAFF),
    ("GET", "/orders/{order}/edit", MANAGES_M1),
    ("POST", "/orders/{order}/edit", MANAGES_M1_SAVES),
    ("GET", "/orders/{order}/file", ORDER_OF_M1),
    ("GET", "/orders/{order}/publish", MANAGES_M1_SAVES),  # published already: back to the order
    ("GET", "/orders/{draft}/publish", MANAGES_M1),
    ("POST", "/orders/{draft}/publish", MANAGES_M1_SAVES),  # by default to every school
    ("GET", "/orders/{draft}/requirements/new", MANAGES_M1),
    ("POST", "/orders/{draft}/requirements/new", MANAGES_M1),
    ("GET", "/orders/{draft}/requirements/{draft_requirement}/edit", MANAGES_M1),
    ("POST", "/orders/{draft}/requirements/{draft_requirement}/edit", MANAGES_M1_SAVES),
    ("GET", "/orders/{draft}/requirements/{draft_requirement}/delete", MANAGES_M1),
    ("POST", "/orders/{draft}/requirements/{draft_requirement}/delete", MANAGES_M1_SAVES),
    ("POST", "/orders/{draft}/requirements/{draft_requirement}/move", MANAGES_M1_SAVES),
    ("GET", "/orders/{order}/status", ORDER_OF_M1),
    ("GET", "/orders/{order}/status.json", ORDER_OF_M1),
    ("GET", "/orders/{order}/status.xlsx", ORDER_OF_M1),
    ("POST", "/assignments/{assignment_a}", SUBMITS_A),
    ("POST", "/assignments/{assignment_a}/due-date", MANAGES_M1_SAVES),
    ("GET", "/submissions/{submission_a}/files/{file_a}", SCHOOL_A),
    ("GET", "/submissions/{submission_b}/files/{file_b}", SCHOOL_B),
    ("GET", "/submissions/{submission_a}/files/{file_b}", (302, 404, 403, 404, 403, 404, 404, 404)),
    ("GET", "/review", INSPECTORS),
    ("GET", "/review/{submission_a}", INSPECTORS),
    ("POST", "/review/{submission_a}", INSPECTORS),
    ("GET", "/admin/users", ADMIN_ONLY),
    ("GET", "/admin/users/new", ADMIN_ONLY),
    ("POST", "/admin/users/new", (302, 403, 403, 403, 403, 403, 403, 200)),
    ("GET", "/admin/users/{user_school_a}/edit", ADMIN_ONLY),
    ("POST", "/admin/users/{user_school_a}/edit", ADMIN_SAVES),
    ("GET", "/admin/regions", ADMIN_ONLY),
    ("GET", "/admin/regions/new", ADMIN_ONLY),
    ("POST", "/admin/regions/new", ADMIN_ONLY),
    ("GET", "/admin/regions/{region}/edit", ADMIN_ONLY),
    ("POST", "/admin/regions/{region}/edit", ADMIN_SAVES),
    ("GET", "/admin/municipalities", ADMIN_ONLY),
    ("GET", "/admin/municipalities/new", ADMIN_ONLY),
    ("POST", "/admin/municipalities/new", ADMIN_ONLY),
    ("GET", "/admin/municipalities/{municipality}/edit", ADMIN_ONLY),
    ("POST", "/admin/municipalities/{municipality}/edit", ADMIN_SAVES),
    ("GET", "/admin/schools", ADMIN_ONLY),
    ("GET", "/admin/schools/new", ADMIN_ONLY),
    ("POST", "/admin/schools/new", ADMIN_ONLY),
    ("GET", "/admin/schools/{school_a}/edit", ADMIN_ONLY),
    ("POST", "/admin/schools/{school_a}/edit", ADMIN_SAVES),
    ("GET", "/admin/schools/import", ADMIN_ONLY),
    ("POST", "/admin/schools/import", ADMIN_ONLY),
    ("POST", "/admin/schools/import/confirm", (302, 403, 403, 403, 403, 403, 403, 302)),
]


@pytest.fixture()
def world(app, session, make_region, make_municipality, make_school, make_user, make_order, make_assignment):
    region = make_region()
    m1, m2 = make_municipality(region), make_municipality(region)
    school_a, school_b = make_school(m1), make_school(m1)
    make_school(m2)
    order = make_order(m1, state=OrderState.published)
    draft = make_order(m1, state=OrderState.draft)
    requirement = order.requirements[0]
    users = {
        "anonymous": None,
        "school_a": make_user(Role.school, school=school_a),
        "school_b": make_user(Role.school, school=school_b),
        "municipal": make_user(Role.municipal, municipality=m1),
        "municipal_other": make_user(Role.municipal, municipality=m2),
        "inspector": make_user(Role.inspector, municipality=m1),
        "inspector_region": make_user(Role.inspector, region=region),
        "admin": make_user(Role.admin),
    }
    assignment_a = make_assignment(requirement, school_a, state=AssignmentState.submitted)
    assignment_b = make_assignment(requirement, school_b, state=AssignmentState.submitted)
    store = FileStore(Path(app.config["DATA_DIR"]) / "files", app.config["MAX_UPLOAD_BYTES"])

    def sent(assignment, text):
        blob = store.put(b"%PDF-1.4\n1 0 obj\n<< >>\nendobj\n% " + text.encode() + b"\n%%EOF\n", f"{text}.pdf")
        stored = StoredFile(sha256=blob.sha256, size=blob.size, mime=blob.file_type.mime,
                            type_code=blob.file_type.code, filename=blob.filename)
        submission = Submission(assignment_id=assignment.id, status=SubmissionStatus.submitted,
                                submitted_at=utcnow(), files=[stored])
        session.add(submission)
        session.flush()
        return submission, stored

    submission_a, file_a = sent(assignment_a, "school-a")
    submission_b, file_b = sent(assignment_b, "school-b")
    order.source_file_id = file_a.id
    session.flush()
    ids = {
        "region": region.id, "municipality": m1.id, "school_a": school_a.id, "school_b": school_b.id,
        "order": order.id, "draft": draft.id, "draft_requirement": draft.requirements[0].id,
        "user_school_a": users["school_a"].id,
        "assignment_a": assignment_a.id, "assignment_b": assignment_b.id,
        "submission_a": submission_a.id, "submission_b": submission_b.id,
        "file_a": file_a.id, "file_b": file_b.id,
    }
    return users, ids


@pytest.mark.parametrize("method,path,expected", MATRIX, ids=[f"{m} {p}" for m, p, _ in MATRIX])
def test_access(client, login_as, world, method, path, expected):
    users, ids = world
    url = path.format(**ids)
    for who, status in zip(USERS, expected, strict=True):
        login_as(users[who])
        response = client.open(url, method=method)
        assert response.status_code == status, f"{who} {method} {url}"
        if who == "anonymous" and status == 302 and path not in ("/logout",):
            assert "/login" in response.headers["Location"]


def test_every_route_is_in_the_matrix(app):
    covered = {(method, _pattern(path)) for method, path, _ in MATRIX}
    missing = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            if (method, _pattern(rule.rule)) not in covered:
                missing.append(f"{method} {rule.rule}")
    assert not missing, "routes missing from the access matrix: " + ", ".join(sorted(missing))


def _pattern(path: str) -> str:
    """/schools/{school_a} and /schools/<int:school_id> both become /schools/*."""
    import re

    return re.sub(r"\{[^}]+\}|<[^>]+>", "*", path)
