"""Fixtures: one migrated database per test run, each test inside a transaction rolled back at
the end, factories that make rows with sensible defaults, and ``login_as``.

The database is SQLite in a temporary folder, or the PostgreSQL named by ``TEST_DATABASE_URL``
(the test script sets it for the second pass).
"""
import itertools
import os
from contextlib import contextmanager
from datetime import date
from functools import partial

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from app import create_app
from workflow.enums import Addressee, MunicipalityKind, RequirementKind, Role, SchoolKind
from workflow.models import (
    Assignment,
    Municipality,
    Order,
    Region,
    Requirement,
    School,
    User,
)
from workflow.states import AssignmentState, OrderState

TEST_PASSWORD = "correct-horse-battery"
_seq = itertools.count(1)


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        # The schema is dropped below: refuse anything that is not plainly a test database.
        assert "test" in (sa.make_url(url).database or ""), f"not a test database: {url}"
        engine = sa.create_engine(url)
        with engine.begin() as conn:
            conn.execute(sa.text("DROP SCHEMA public CASCADE"))
            conn.execute(sa.text("CREATE SCHEMA public"))
        engine.dispose()
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"


@contextmanager
def own_database(tmp_path_factory, suffix: str):
    """A database of a test module's own, for tests that commit or move the schema: a SQLite
    file, or ``<name>_<suffix>`` on the PostgreSQL server of ``TEST_DATABASE_URL``, dropped after."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path_factory.mktemp(suffix) / f'{suffix}.sqlite3'}"
        return
    url = sa.make_url(server_url)
    name = f"{url.database}_{suffix}"
    server = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with server.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        server.dispose()


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app({
        "TESTING": True,
        "DATABASE_URL": database_url,
        "DATA_DIR": tmp_path_factory.mktemp("data"),
        "WTF_CSRF_ENABLED": False,
        "SECRET_KEY": "test-secret-key-not-for-production",
    })
    from workflow.schema import upgrade

    with app.app_context():
        upgrade(app)
    return app


@pytest.fixture()
def connection(app):
    """A connection whose transaction every session of the test joins, rolled back at the end."""
    engine = app.extensions["reglament.engine"]
    conn = engine.connect()
    transaction = conn.begin()
    app.extensions["reglament.test_connection"] = conn
    try:
        yield conn
    finally:
        app.extensions.pop("reglament.test_connection", None)
        transaction.rollback()
        conn.close()


@pytest.fixture()
def app_ctx(app, connection):
    """For tests that call code needing ``current_app`` outside a request. Requests made while
    it is pushed would share its ``g``, so tests that use the client do not take it."""
    with app.app_context():
        yield


@pytest.fixture()
def session(connection):
    """The test's own session on the shared connection; requests get their own sessions."""
    with Session(connection, expire_on_commit=False, join_transaction_mode="create_savepoint") as s:
        yield s


@pytest.fixture()
def client(app, connection):
    return app.test_client()


@pytest.fixture(autouse=True)
def cheap_password_hashing(monkeypatch):
    """scrypt costs ~90 ms a password; tests make hundreds of users and do not test its cost."""
    from werkzeug.security import generate_password_hash

    import workflow.models.users

    monkeypatch.setattr(workflow.models.users, "generate_password_hash",
                        partial(generate_password_hash, method="pbkdf2:sha256:1"))


def _next() -> int:
    return next(_seq)


@pytest.fixture()
def make_region(session):
    def make(**fields) -> Region:
        n = _next()
        region = Region(**{"name": f"Тестовая область {n}", **fields})
        session.add(region)
        session.flush()
        return region
    return make


@pytest.fixture()
def make_municipality(session, make_region):
    def make(region: Region | None = None, **fields) -> Municipality:
        region = region or make_region()
        n = _next()
        municipality = Municipality(**{
            "region_id": region.id, "name": f"Тестовый район {n}",
            "kind": MunicipalityKind.district, **fields,
        })
        session.add(municipality)
        session.flush()
        return municipality
    return make


@pytest.fixture()
def make_school(session, make_municipality):
    def make(municipality: Municipality | None = None, **fields) -> School:
        municipality = municipality or make_municipality()
        n = _next()
        school = School(**{
            "municipality_id": municipality.id, "name": f"МКОУ «Тестовая СОШ № {n}»",
            "kind": SchoolKind.sosh, **fields,
        })
        session.add(school)
        session.flush()
        return school
    return make


@pytest.fixture()
def make_user(session):
    def make(role: Role | str = Role.admin, *, school=None, municipality=None, region=None,
             password: str = TEST_PASSWORD, **fields) -> User:
        n = _next()
        user = User(**{
            "email": f"user{n}@test.local", "full_name": f"Пользователь {n}", "password_hash": "",
            "role": Role(role),
            "school_id": school.id if school else None,
            "municipality_id": municipality.id if municipality else None,
            "region_id": region.id if region else None,
            **fields,
        })
        user.set_password(password)
        session.add(user)
        session.flush()
        return user
    return make


@pytest.fixture()
def make_order(session):
    def make(municipality: Municipality, *, requirements: int = 2, state=OrderState.published,
             **fields) -> Order:
        n = _next()
        order = Order(**{
            "region_id": municipality.region_id, "municipality_id": municipality.id,
            "issuer": "МКУ «Управление образования»", "number": str(n), "date": date(2024, 1, 15),
            "title": f"О тестовом поручении {n}", "state": state, **fields,
        })
        session.add(order)
        session.flush()
        for i in range(1, requirements + 1):
            session.add(Requirement(
                order_id=order.id, position=i, code=f"R{i:02d}", title=f"Требование {i}",
                kind=RequirementKind.local_act, addressee=Addressee.school, deadline=date(2024, 2, i),
            ))
        session.flush()
        session.refresh(order)
        return order
    return make


@pytest.fixture()
def make_assignment(session):
    def make(requirement: Requirement, school: School, *, state=AssignmentState.assigned,
             due_date: date | None = None, **fields) -> Assignment:
        due = due_date or requirement.deadline
        assignment = Assignment(
            requirement_id=requirement.id, school_id=school.id, state=state,
            due_date=due, original_due_date=due, **fields,
        )
        session.add(assignment)
        session.flush()
        return assignment
    return make


@pytest.fixture()
def login_as(client):
    """Sign a user in on the test client without going through the form."""
    def login(user: User | None) -> None:
        with client.session_transaction() as flask_session:
            flask_session.clear()
            if user is not None:
                flask_session["_user_id"] = str(user.id)
                flask_session["_fresh"] = True
    return login



@pytest.fixture(scope="session")
def zip_bomb() -> bytes:
    """A DOCX whose document.xml unpacks to 300 MB of zeros (about 300 KB packed)."""
    from tests.samples import zip_of_zeros

    return zip_of_zeros("word/document.xml", 300)


@pytest.fixture()
def count_queries(app):
    """``with count_queries() as counter: ...`` then ``counter.count`` SQL statements ran."""
    from contextlib import contextmanager

    engine = app.extensions["reglament.engine"]

    class Counter:
        count = 0

    @contextmanager
    def counting():
        counter = Counter()

        def before(*_args):
            counter.count += 1

        sa.event.listen(engine, "before_cursor_execute", before)
        try:
            yield counter
        finally:
            sa.event.remove(engine, "before_cursor_execute", before)

    return counting
