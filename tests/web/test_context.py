"""How a request's session ends: a view's uncommitted writes are always rolled back; a request
that only read ends with a COMMIT, which keeps the connection's prepared statements."""

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from sqlmodel import select

from ipp import audit
from ipp.accounts.models import Organisation
from ipp.db import only_read
from ipp.settings import load_settings
from ipp.web.context import db

NOW = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def app(committed_database, tmp_path):
    """The app on a database of its own, where a request's commit is a real one."""
    from ipp.app import create_app

    factory, url = committed_database
    app = create_app(load_settings(env={"IPP_DATA_DIR": str(tmp_path)}, testing=True,
                                   database_url=url, scheduler=False))
    with factory() as session:
        session.add(Organisation(name="Existing", created_at=NOW))
        session.commit()

    def org(name: str) -> Organisation:
        return Organisation(name=name, created_at=NOW)

    views = {
        "read": lambda: len(db().exec(select(Organisation)).all()),
        "flushed": lambda: (db().add(org("Flushed")), db().flush()),
        "pending": lambda: db().add(org("Pending")),
        "core_update": lambda: db().execute(sa.update(Organisation).values(name="Renamed")),
        "audit": lambda: audit.record(db(), actor_id=None, entity="test", entity_id=1,
                                      action="uncommitted", now=NOW),
    }
    for name, view in views.items():
        app.add_url_rule(f"/test/{name}", name, lambda view=view: (view(), "done")[1])

    def wrote_then_failed():
        db().add(org("Failed"))
        db().flush()
        raise RuntimeError("the view failed")

    app.add_url_rule("/test/wrote_then_failed", "wrote_then_failed", wrote_then_failed)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    return app


def _ends(app, path: str) -> list[str]:
    """How the request's transactions ended, in order: "commit" or "rollback"."""
    engine = app.extensions["ipp"].engine
    ended: list[str] = []

    def committed(_conn):
        ended.append("commit")

    def rolled_back(_conn):
        ended.append("rollback")

    sa.event.listen(engine, "commit", committed)
    sa.event.listen(engine, "rollback", rolled_back)
    try:
        app.test_client().get(path)
    finally:
        sa.event.remove(engine, "commit", committed)
        sa.event.remove(engine, "rollback", rolled_back)
    return ended


def _names(app) -> list[str]:
    with app.extensions["ipp"].engine.connect() as conn:
        return sorted(conn.scalars(sa.select(Organisation.name)))


def test_a_request_that_only_read_ends_with_a_commit(app):
    assert _ends(app, "/test/read") == ["commit"]


@pytest.mark.parametrize("view", ["flushed", "pending", "core_update", "audit"])
def test_what_a_view_wrote_and_did_not_commit_is_rolled_back(app, view):
    assert "commit" not in _ends(app, f"/test/{view}")  # (nothing sent: nothing to end)
    assert _names(app) == ["Existing"]
    with app.extensions["ipp"].engine.connect() as conn:
        assert conn.scalar(sa.select(sa.func.count()).select_from(audit.AuditEntry)) == 0


def test_a_view_that_wrote_and_failed_is_rolled_back(app):
    assert _ends(app, "/test/wrote_then_failed") == ["rollback"]
    assert _names(app) == ["Existing"]


def test_only_read_tells_reads_from_writes(committed_database):
    factory, _url = committed_database
    with factory() as session:
        assert only_read(session)  # nothing began
        session.exec(select(Organisation)).all()
        assert only_read(session)
        session.exec(select(Organisation).with_for_update()).all()
        assert only_read(session)  # a lock ends with the transaction either way
        session.add(Organisation(name="New", created_at=NOW))
        assert not only_read(session)  # pending
        session.flush()
        assert not session.new and not only_read(session)  # sent
        session.rollback()
        session.exec(select(Organisation)).all()
        assert only_read(session)  # a new transaction starts clean
        session.info["some_pending_work"] = [1]
        assert not only_read(session)


def test_only_read_is_false_after_a_failed_statement(committed_database):
    factory, _url = committed_database
    with factory() as session:
        session.exec(select(Organisation)).all()
        with pytest.raises(sa.exc.DBAPIError):
            session.execute(sa.text("SELECT no_such_column FROM organisation"))
        assert not only_read(session)  # (PostgreSQL: the transaction is aborted)


def test_prepared_statements_outlive_a_request_that_only_read(app):
    engine = app.extensions["ipp"].engine
    if engine.dialect.name != "postgresql":
        pytest.skip("prepared statements: PostgreSQL (psycopg) only")
    client = app.test_client()
    for _ in range(8):  # psycopg prepares a statement on its sixth run on a connection
        assert client.get("/test/read").status_code == 200
    # The pool hands the same (only) connection back: its prepared statements are still there
    # (a ROLLBACK at the end of each request made psycopg deallocate them all).
    with engine.connect() as conn:
        prepared = conn.scalar(sa.text("SELECT count(*) FROM pg_prepared_statements"))
    assert prepared >= 1
