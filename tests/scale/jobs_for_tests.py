"""A job for the fault tests: slow on its first attempt, idempotent, its effect countable."""

import os
import time

import redis
import sqlalchemy as sa

from ipp import audit
from ipp.audit import AuditEntry
from ipp.clock import utcnow
from ipp.jobs.queue import job_session


def slow_mark_done(key: str) -> None:
    """Counts its attempts in Redis; sleeps long on the first so a test can kill it mid-job;
    then writes one audit entry for `key` unless one exists (the idempotent effect)."""
    connection = redis.Redis.from_url(os.environ["IPP_REDIS_URL"])
    attempt = connection.incr(f"test:attempts:{key}")
    time.sleep(30 if attempt == 1 else 0)
    with job_session() as session:
        done = session.execute(sa.select(AuditEntry.id).where(
            AuditEntry.entity == "test_job", AuditEntry.entity_id == key)).first()
        if done is None:
            audit.record(session, actor_id=None, entity="test_job", entity_id=key,
                         action="done", after={"attempt": attempt}, now=utcnow())
