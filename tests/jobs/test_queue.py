"""Jobs run after the commit: in-process without Redis, through real Redis + rq with it."""


import pytest
from rq import SimpleWorker
from sqlmodel import select

from ipp.jobs import queue as jobs
from ipp.reputation.models import OrgReputation
from tests.factories import NOW, make_user
from tests.jobs.conftest import REDIS_URL


def test_inline_job_runs_only_after_commit(session_factory):
    from ipp.reputation.jobs import recompute_org

    session = session_factory()
    org_id = make_user(session).org_id
    jobs.enqueue(session, recompute_org, org_id)
    session.flush()
    assert session.get(OrgReputation, org_id) is None  # not before the commit
    session.commit()
    check = session_factory()
    assert check.get(OrgReputation, org_id) is not None


def test_rolled_back_work_enqueues_nothing(session_factory):
    from ipp.reputation.jobs import recompute_org

    session = session_factory()
    user = make_user(session)
    org_id = user.org_id
    session.commit()
    user.language = "ja"
    session.flush()
    jobs.enqueue(session, recompute_org, org_id)
    session.rollback()
    session.commit()
    assert session_factory().get(OrgReputation, org_id) is None


def test_jobs_take_ids_not_objects(session):
    with pytest.raises(TypeError):
        jobs.enqueue(session, print, object())


@pytest.fixture
def redis_queue(session_factory, rq_queue):
    jobs.configure(session_factory, REDIS_URL)
    return rq_queue
    jobs.configure(session_factory, None)


def test_job_goes_through_redis_and_an_rq_worker(session_factory, redis_queue):
    from ipp.jobs.models import JobOutbox
    from ipp.reputation.jobs import recompute_org

    session = session_factory()
    org_id = make_user(session, now=NOW).org_id
    jobs.enqueue(session, recompute_org, org_id)
    session.commit()
    assert redis_queue.count == 1
    # Delivered right after the commit: its outbox row is gone.
    assert session_factory().exec(select(JobOutbox)).all() == []
    assert session_factory().get(OrgReputation, org_id) is None  # waiting for a worker
    SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    assert redis_queue.count == 0
    assert session_factory().get(OrgReputation, org_id) is not None


def test_jobs_of_one_commit_reach_redis_together_with_their_retries(session_factory,
                                                                    redis_queue):
    from ipp.jobs.models import JobOutbox
    from ipp.reputation.jobs import recompute_org

    session = session_factory()
    org_ids = [make_user(session, now=NOW).org_id for _ in range(2)]
    for org_id in org_ids:
        jobs.enqueue(session, recompute_org, org_id)
    session.commit()
    queued = redis_queue.get_jobs()
    assert sorted(job.args[0] for job in queued) == sorted(org_ids)
    assert all(job.func_name == "ipp.reputation.jobs.recompute_org" for job in queued)
    assert all(job.retries_left and job.retries_left >= 1 for job in queued)
    assert session_factory().exec(select(JobOutbox)).all() == []
    SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    assert all(session_factory().get(OrgReputation, org_id) for org_id in org_ids)


def test_a_released_savepoint_does_not_dispatch_jobs(session_factory):
    from ipp.reputation.jobs import recompute_org

    session = session_factory()
    org_id = make_user(session).org_id
    jobs.enqueue(session, recompute_org, org_id)
    with session.begin_nested():
        pass  # SQLAlchemy fires after_commit when a savepoint is released
    assert session.info.get("ipp_jobs")  # still waiting for the real commit
    session.commit()
    assert not session.info.get("ipp_jobs")
    assert session_factory().get(OrgReputation, org_id) is not None


def test_redis_down_keeps_the_job_in_the_outbox_until_drained(session_factory, redis_queue):
    from ipp.jobs.models import JobOutbox
    from ipp.jobs.outbox import drain, waiting
    from ipp.reputation.jobs import recompute_org

    jobs.configure(session_factory, "redis://127.0.0.1:1/0")  # nothing listens there
    session = session_factory()
    org_id = make_user(session, now=NOW).org_id
    jobs.enqueue(session, recompute_org, org_id)
    session.commit()  # no error reaches the caller
    check = session_factory()
    row = check.exec(select(JobOutbox)).one()
    assert (row.fn, row.args) == ("ipp.reputation.jobs.recompute_org", [org_id])
    # The hand-over right after the commit failed (attempt 1), so did this drain (2).
    assert row.attempts == 1 and row.last_error
    assert drain(check) == 0 and waiting(check) == 1  # still down: kept, attempt counted
    assert check.get(JobOutbox, row.id).attempts == 2
    jobs.configure(session_factory, REDIS_URL)
    assert drain(check) == 1 and waiting(check) == 0
    assert redis_queue.count == 1
    SimpleWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    assert session_factory().get(OrgReputation, org_id) is not None
