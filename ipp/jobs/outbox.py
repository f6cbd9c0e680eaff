"""The job outbox: jobs Redis could not take after their commit, delivered once it is back."""

import logging

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.clock import utcnow
from ipp.jobs import queue
from ipp.jobs.models import JobOutbox
from ipp.jobs.sweep import sweep_step

log = logging.getLogger(__name__)
BATCH = 500


def keep(path: str, args, error: Exception) -> None:
    """Store the job in its own transaction (the request's work is already committed)."""
    try:
        with queue.job_session() as session:
            session.add(JobOutbox(fn=path, args=list(args), created_at=utcnow(),
                                  last_error=str(error)[:500]))
    except Exception:  # noqa: BLE001 - database and Redis both down: nothing left to try
        log.exception("job %s%s could not be kept in the outbox either", path, tuple(args))


def drain(session: Session, *, limit: int = BATCH) -> int:
    """Send the waiting jobs to Redis, oldest first; stops at the first failure.

    Rows are locked (SKIP LOCKED on PostgreSQL) so two drainers never send one job twice;
    a row is deleted in the same transaction it was sent in."""
    if not queue.redis_url():
        return 0
    query = select(JobOutbox).order_by(JobOutbox.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    sent = 0
    for row in session.exec(query).all():
        try:
            queue.send_to_rq(row.fn, row.args)
        except Exception as error:  # noqa: BLE001 - still down: try again on the next round
            row.attempts += 1
            row.last_error = str(error)[:500]
            break
        session.delete(row)
        sent += 1
    session.flush()
    return sent


def waiting(session: Session) -> int:
    return session.execute(sa.select(sa.func.count()).select_from(JobOutbox)).scalar_one()


@sweep_step("job_outbox")
def drain_step(session: Session, now) -> int:
    return drain(session)
