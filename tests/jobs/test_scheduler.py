"""The minute sweep runs once cluster-wide: while another process sweeps, this one skips."""

import pytest
import sqlalchemy as sa

from ipp.jobs.scheduler import _SWEEP_LOCK_ID, sweep_once
from tests.factories import NOW


def test_a_sweep_in_progress_elsewhere_is_not_run_twice(engine, session_factory):
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one process writing at a time; the lock is PostgreSQL's")
    with engine.connect() as other:  # another host's sweep, holding the lock
        other.execute(sa.text("SELECT pg_advisory_lock(:id)"), {"id": _SWEEP_LOCK_ID})
        try:
            assert sweep_once(session_factory, now=NOW) is None
        finally:
            other.execute(sa.text("SELECT pg_advisory_unlock(:id)"), {"id": _SWEEP_LOCK_ID})
    done = sweep_once(session_factory, now=NOW)
    assert done is not None and "job_outbox" in done
