"""Pooled PostgreSQL connections are checked without a round trip: one whose server process
ended is replaced at check-out, so the next request does not fail on it."""

import time

import sqlalchemy as sa

from ipp.db import connection_looks_dead, make_engine
from tests.conftest import PG_ADMIN_URL


def _backend_pid(engine) -> int:
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT pg_backend_pid()")).scalar()


def test_a_terminated_pooled_connection_is_replaced_at_checkout():
    engine = make_engine(PG_ADMIN_URL)
    other = sa.create_engine(PG_ADMIN_URL, poolclass=sa.pool.NullPool)
    try:
        pid = _backend_pid(engine)  # back in the pool, idle
        with engine.connect() as connection:
            raw = connection.connection.dbapi_connection
            assert not connection_looks_dead(raw)
        with other.connect() as connection:
            assert connection.execute(sa.text("SELECT pg_terminate_backend(:pid)"),
                                      {"pid": pid}).scalar()
        deadline = time.monotonic() + 5
        while not connection_looks_dead(raw) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert connection_looks_dead(raw)
        # Without the check this would raise OperationalError (no pool_pre_ping).
        new_pid = _backend_pid(engine)
        assert new_pid != pid
    finally:
        engine.dispose()
        other.dispose()
