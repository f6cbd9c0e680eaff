"""The outbox row is written with the work: a process that dies between its commit and the
hand-over to Redis loses no job, the sweep delivers it."""

import os
import subprocess
import sys
import textwrap

import pytest
import sqlalchemy as sa
from rq import SimpleWorker

from ipp.accounts.models import User
from ipp.db import session_scope
from ipp.jobs import queue as jobs
from ipp.jobs.models import JobOutbox
from ipp.jobs.scheduler import sweep_once
from ipp.reputation.models import OrgReputation
from tests.factories import NOW, make_user
from tests.jobs.conftest import REDIS_URL

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# The child commits its work and a job, then dies (os._exit, no clean-up of any kind) in
# the first after_commit listener, before the one that hands jobs to Redis.
CRASHING_CHILD = textwrap.dedent("""
    import os, sys
    from sqlalchemy import event
    from sqlalchemy.orm import Session
    from ipp.accounts.models import User
    from ipp.db import make_engine, make_sessionmaker
    from ipp.jobs import queue
    from ipp.reputation.jobs import recompute_org

    url, redis_url, user_id = sys.argv[1], sys.argv[2], int(sys.argv[3])
    factory = make_sessionmaker(make_engine(url))
    queue.configure(factory, redis_url)
    session = factory()
    user = session.get(User, user_id)
    user.language = "de"  # the work
    queue.enqueue(session, recompute_org, user.org_id)
    event.listen(Session, "after_commit", lambda s: os._exit(17), insert=True)
    session.commit()
    os._exit(0)  # not reached
""")


@pytest.fixture
def redis_queue(rq_queue):
    return rq_queue


def test_a_crash_after_the_commit_loses_no_job(committed_database, redis_queue):
    factory, url = committed_database
    with session_scope(factory) as session:
        user = make_user(session, now=NOW)
        user_id, org_id = user.id, user.org_id
    child = subprocess.run([sys.executable, "-c", CRASHING_CHILD, url, REDIS_URL, str(user_id)],
                           cwd=ROOT, capture_output=True, timeout=120)
    assert child.returncode == 17, child.stderr.decode()[-2000:]
    with session_scope(factory) as session:
        assert session.get(User, user_id).language == "de"  # the work was committed …
        rows = session.execute(sa.select(JobOutbox.fn, JobOutbox.args)).all()
    assert rows == [("ipp.reputation.jobs.recompute_org", [org_id])]  # … and its job with it
    assert redis_queue.count == 0  # the process died before the hand-over

    jobs.configure(factory, REDIS_URL)
    try:
        assert sweep_once(factory)["job_outbox"] == 1
    finally:
        jobs.configure(factory, None)
    assert redis_queue.count == 1
    with session_scope(factory) as session:
        assert session.execute(sa.select(sa.func.count()).select_from(JobOutbox)).scalar() == 0
    SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    with session_scope(factory) as session:
        assert session.get(OrgReputation, org_id) is not None


def test_rolled_back_work_leaves_no_outbox_row(committed_database, redis_queue):
    from ipp.reputation.jobs import recompute_org

    factory, _url = committed_database
    jobs.configure(factory, REDIS_URL)
    try:
        with session_scope(factory) as session:
            org_id = make_user(session, now=NOW).org_id
        session = factory()
        jobs.enqueue(session, recompute_org, org_id)
        session.flush()
        session.rollback()
        session.close()
        with session_scope(factory) as session:
            assert session.execute(sa.select(sa.func.count()).select_from(JobOutbox)).scalar() == 0
    finally:
        jobs.configure(factory, None)
    assert redis_queue.count == 0


@pytest.mark.parametrize("committed_database", ["postgresql"], indirect=True)
def test_delivered_in_one_pipeline_or_put_back(committed_database, redis_queue):
    """A session factory bound to the PostgreSQL engine (as the app's): the outbox rows are
    taken and handed to Redis right after the commit; with Redis away they are put back
    with the error and their attempt counted, for the sweep."""
    from ipp.reputation.jobs import recompute_org

    factory, _url = committed_database

    def commit_two_jobs():
        with session_scope(factory) as session:
            org_ids = [make_user(session, now=NOW).org_id for _ in range(2)]
            for org_id in org_ids:
                jobs.enqueue(session, recompute_org, org_id)
        return org_ids

    def outbox():
        with session_scope(factory) as session:
            return session.execute(sa.select(JobOutbox.args, JobOutbox.attempts,
                                             JobOutbox.last_error)).all()

    try:
        jobs.configure(factory, REDIS_URL)
        org_ids = commit_two_jobs()
        assert sorted(job.args[0] for job in redis_queue.get_jobs()) == sorted(org_ids)
        assert outbox() == []
        jobs.configure(factory, "redis://127.0.0.1:1/0")  # nothing listens there
        kept_ids = commit_two_jobs()
        kept = outbox()
        assert sorted(args[0] for args, _n, _e in kept) == sorted(kept_ids)
        assert all(attempts == 1 and error for _args, attempts, error in kept)
        assert redis_queue.count == 2
    finally:
        jobs.configure(factory, None)
