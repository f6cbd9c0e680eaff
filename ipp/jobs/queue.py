"""enqueue(session, fn, *ids): run after the commit, in-process, or through rq (via the
outbox written with the work) when IPP_REDIS_URL is set."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy import inspect as sa_inspect
from sqlalchemy.orm import Session, sessionmaker

from ipp.db import session_scope

log = logging.getLogger(__name__)

_state: dict = {"factory": None, "redis_url": None, "queue": None, "retry": None}
QUEUE_NAME = "ipp"


def configure(session_factory: sessionmaker, redis_url: str | None,
              retry_intervals: tuple[int, ...] | None = None) -> None:
    if retry_intervals is None:
        from ipp.settings import retry_intervals as from_env

        retry_intervals = from_env()
    _state.update(factory=session_factory, redis_url=redis_url, queue=None,
                  retry=tuple(retry_intervals))


def session_factory() -> sessionmaker:
    if _state["factory"] is None:
        raise RuntimeError("jobs are not configured: call ipp.jobs.queue.configure first")
    return _state["factory"]


def redis_url() -> str | None:
    return _state["redis_url"]


@contextmanager
def job_session() -> Iterator[Session]:
    """A job's own unit of work: committed when the job returns, rolled back if it raises."""
    with session_scope(session_factory()) as session:
        yield session


def enqueue(session: Session, fn: Callable, *ids) -> None:
    """Jobs take ids, never objects: the row is read again inside the job.

    With Redis, the job is first written to the outbox in the session's own transaction, so
    it is committed with the work or not at all; after the commit it is pushed to Redis and
    its row deleted (delivered). If the process dies in between, or Redis cannot take it,
    the row stays and the sweep (and `ipp worker`'s drainer) delivers it."""
    for value in ids:
        if not isinstance(value, (str, int)):
            raise TypeError(f"jobs take ids, not {type(value).__name__}")
    row = None
    if _state["redis_url"]:
        from ipp.clock import utcnow
        from ipp.jobs.models import JobOutbox

        row = JobOutbox(fn=job_path(fn), args=list(ids), created_at=utcnow())
        session.add(row)
    session.info.setdefault("ipp_jobs", []).append((fn, ids, row))


def rq_queue():
    if _state["queue"] is None:
        import redis
        from rq import Queue

        # Short timeouts: a request must not hang on a dead Redis, the outbox takes over.
        connection = redis.Redis.from_url(_state["redis_url"], socket_connect_timeout=2,
                                          socket_timeout=5)
        _state["queue"] = Queue(QUEUE_NAME, connection=connection)
    return _state["queue"]


def send_to_rq(path: str, args) -> None:
    """Hand one job to Redis; raises when Redis cannot take it."""
    rq_queue().enqueue(path, *args, retry=_retry())


def send_many_to_rq(jobs: list[tuple[str, list]]) -> None:
    """Hand these jobs to Redis in one round trip, one MULTI/EXEC: all are queued or none;
    raises when Redis cannot take them."""
    from rq import Queue

    retry = _retry()
    rq_queue().enqueue_many([Queue.prepare_data(path, list(args), retry=retry)
                             for path, args in jobs])


def job_path(fn: Callable) -> str:
    return f"{fn.__module__}.{fn.__name__}"


def _dispatch(fn: Callable, ids: tuple) -> None:
    if _state["redis_url"]:
        try:
            send_to_rq(job_path(fn), ids)
        except Exception as error:  # noqa: BLE001 - Redis down: keep it for later, lose nothing
            from ipp.jobs.outbox import keep

            log.warning("could not enqueue %s%s (%s); kept in the outbox", fn.__name__, ids,
                        error)
            keep(job_path(fn), ids, error)
        return
    try:
        fn(*ids)
    except Exception:  # noqa: BLE001 - the request has committed; a job failure is logged
        log.exception("job %s%s failed", fn.__name__, ids)


def _retry():
    from rq import Retry

    intervals = list(_state["retry"])
    return Retry(max=max(1, len(intervals)), interval=intervals or 0)


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if session.get_nested_transaction() is not None:
        # Only a savepoint was released (SQLAlchemy fires after_commit for those too): the
        # work is not committed yet, so its jobs wait for the real commit.
        return
    jobs = session.info.pop("ipp_jobs", [])
    outbox_ids = []
    for fn, ids, row in jobs:
        if row is None:
            _dispatch(fn, ids)
            continue
        # The identity survives the commit's expiry, so no SQL is needed to know the id;
        # a row without one was rolled back with a savepoint, and its work with it.
        identity = sa_inspect(row).identity
        if identity is not None:
            outbox_ids.append(identity[0])
    if outbox_ids:
        from ipp.jobs.outbox import deliver

        deliver(outbox_ids)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    # Work that was rolled back must not have its jobs run; a failed savepoint
    # inside a larger unit of work leaves the outer work's jobs alone.
    if previous_transaction.parent is None:
        session.info.pop("ipp_jobs", None)
