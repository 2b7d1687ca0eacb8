"""The database engine of an application and the one session of each request.

A request gets its session from ``session()``; operations flush, the view commits once, and the
session is closed at teardown (rolled back if the request failed).
"""
import sqlalchemy as sa
from flask import Flask, current_app, g, has_request_context, request
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        sa.event.listen(engine, "connect", _sqlite_connect)
        sa.event.listen(engine, "begin", _sqlite_begin)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_connect(dbapi_connection, _record) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide where transactions begin: this makes
    # SAVEPOINT and transactional DDL work. BEGIN stays deferred, so readers never wait for
    # one another; a writer that loses a race waits up to busy_timeout.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def _sqlite_begin(connection) -> None:
    # A request that changes data takes the write lock when it begins: a second writer then
    # waits (busy_timeout) and reads what the first committed, instead of failing on a stale read.
    immediate = connection.get_execution_options().get("sqlite_immediate")
    connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def init_app(app: Flask) -> None:
    app.extensions["reglament.engine"] = make_engine(app.config["DATABASE_URL"])
    app.teardown_appcontext(_close_session)


def engine() -> Engine:
    return current_app.extensions["reglament.engine"]


def writing_engine(writes: bool = True) -> Engine:
    """The engine, for a unit of work that will write (SQLite then begins IMMEDIATE)."""
    return engine().execution_options(sqlite_immediate=True) if writes else engine()


def session() -> Session:
    if "db_session" not in g:
        # Tests bind every session to one connection whose transaction they roll back.
        bind = current_app.extensions.get("reglament.test_connection") or writing_engine(
            has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS"))
        g.db_session = Session(
            bind, expire_on_commit=False, join_transaction_mode="create_savepoint"
        )
    return g.db_session


def _close_session(exc: BaseException | None) -> None:
    db_session = g.pop("db_session", None)
    if db_session is not None:
        if exc is not None:
            db_session.rollback()
        db_session.close()
