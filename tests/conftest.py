"""Fixtures: a migrated database per backend (SQLite and PostgreSQL), a rolled-back
transaction per test, and an app bound to that transaction."""

import os
import signal
import uuid

import pytest
import sqlalchemy as sa
from sqlmodel import Session

from ipp.bench_seed import create_database, drop_database
from ipp.db import make_engine, make_sessionmaker
from ipp.jobs import queue as jobs
from ipp.migrate import upgrade
from ipp.settings import load_settings

PG_ADMIN_URL = os.environ.get("IPP_TEST_PG_URL",
                              "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
BACKENDS = [b for b in os.environ.get("IPP_TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def _pg_available() -> bool:
    try:
        with sa.create_engine(PG_ADMIN_URL).connect():
            return True
    except sa.exc.OperationalError:
        return False


def _create_pg_database(name: str) -> str:
    return create_database(PG_ADMIN_URL, name)


def _drop_pg_database(name: str) -> None:
    drop_database(PG_ADMIN_URL, name)


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """A freshly migrated database of each backend, for the whole run."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'ipp.db'}"
        return
    if not _pg_available():
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} (required under CI)")
        pytest.skip("PostgreSQL is not reachable")
    name = f"ipp_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    yield _create_pg_database(name)
    _drop_pg_database(name)


def _sqlite_real_savepoints(engine) -> None:
    """pysqlite defers BEGIN, so a SAVEPOINT would open (and its RELEASE commit) the outer
    transaction and a test's commits would leak; emit BEGIN ourselves (SQLAlchemy's recipe)."""

    @sa.event.listens_for(engine, "connect")
    def _autocommit_driver(dbapi_connection, _record):
        dbapi_connection.isolation_level = None

    @sa.event.listens_for(engine, "begin")
    def _begin(connection):
        connection.exec_driver_sql("BEGIN")


@pytest.fixture(params=["sqlite", "postgresql"])
def committed_database(request, tmp_path):
    """(session factory, url) of a database of its own, where commits are real: for tests
    with several threads or processes, which cannot share one rolled-back transaction."""
    name = None
    if request.param == "postgresql":
        if not _pg_available():
            if os.environ.get("CI") == "true":
                pytest.fail(f"PostgreSQL is not reachable at {PG_ADMIN_URL} (required under CI)")
            pytest.skip("PostgreSQL is not reachable")
        name = f"ipp_committed_{os.getpid()}_{uuid.uuid4().hex[:6]}"
        url = _create_pg_database(name)
    else:
        url = f"sqlite:///{tmp_path / 'committed.db'}"
    engine = make_engine(url)
    upgrade(engine)
    factory = make_sessionmaker(engine)
    jobs.configure(factory, None)
    yield factory, url
    engine.dispose()
    if name:
        _drop_pg_database(name)


@pytest.fixture(scope="session")
def engine(database_url):
    engine = make_engine(database_url)
    if engine.dialect.name == "sqlite":
        _sqlite_real_savepoints(engine)
    upgrade(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def connection(engine):
    with engine.connect() as connection:
        transaction = connection.begin()
        yield connection
        transaction.rollback()


@pytest.fixture
def session_factory(connection):
    """Sessions on the test's connection; their commits only release savepoints."""

    def factory():
        return Session(bind=connection, join_transaction_mode="create_savepoint",
                       expire_on_commit=False)

    jobs.configure(factory, None)
    return factory


@pytest.fixture
def session(session_factory):
    session = session_factory()
    yield session
    session.close()


@pytest.fixture
def app(session_factory, tmp_path, database_url):
    from ipp.app import create_app

    settings = load_settings(env={"IPP_DATA_DIR": str(tmp_path)}, testing=True,
                             database_url=database_url, scheduler=False)
    app = create_app(settings, session_factory=session_factory)
    app.config["WTF_CSRF_ENABLED"] = True
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(autouse=True)
def _signal_handlers_kept():
    """rq's in-process workers (SimpleWorker.work in the jobs tests) install SIGTERM and SIGINT
    handlers and leave them: each test gets back the handlers it started with."""
    kept = {signum: signal.getsignal(signum) for signum in (signal.SIGTERM, signal.SIGINT)}
    yield
    for signum, handler in kept.items():
        if signal.getsignal(signum) is not handler:
            signal.signal(signum, handler)
