"""enqueue(session, fn, *ids): run after the commit, in-process or through rq when IPP_REDIS_URL is set."""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.orm import Session, sessionmaker

from ipp.db import session_scope

log = logging.getLogger(__name__)

_state: dict = {"factory": None, "redis_url": None, "queue": None}


def configure(session_factory: sessionmaker, redis_url: str | None) -> None:
    _state.update(factory=session_factory, redis_url=redis_url, queue=None)


def session_factory() -> sessionmaker:
    if _state["factory"] is None:
        raise RuntimeError("jobs are not configured: call ipp.jobs.queue.configure first")
    return _state["factory"]


@contextmanager
def job_session() -> Iterator[Session]:
    """A job's own unit of work: committed when the job returns, rolled back if it raises."""
    with session_scope(session_factory()) as session:
        yield session


def enqueue(session: Session, fn: Callable, *ids) -> None:
    """Jobs take ids, never objects: the row is read again inside the job."""
    for value in ids:
        if not isinstance(value, (str, int)):
            raise TypeError(f"jobs take ids, not {type(value).__name__}")
    session.info.setdefault("ipp_jobs", []).append((fn, ids))


def rq_queue():
    if _state["queue"] is None:
        import redis
        from rq import Queue

        connection = redis.Redis.from_url(_state["redis_url"])
        _state["queue"] = Queue("ipp", connection=connection)
    return _state["queue"]


def _dispatch(fn: Callable, ids: tuple) -> None:
    if _state["redis_url"]:
        try:
            rq_queue().enqueue(f"{fn.__module__}.{fn.__name__}", *ids, retry=_retry())
            return
        except Exception:  # noqa: BLE001 - Redis down: do the work here rather than lose it
            log.exception("could not enqueue %s%s; running it in-process", fn.__name__, ids)
    try:
        fn(*ids)
    except Exception:  # noqa: BLE001 - the request has committed; a job failure is logged
        log.exception("job %s%s failed", fn.__name__, ids)


def _retry():
    from rq import Retry

    return Retry(max=3, interval=[10, 60, 300])


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    jobs = session.info.pop("ipp_jobs", [])
    for fn, ids in jobs:
        _dispatch(fn, ids)


@event.listens_for(Session, "after_soft_rollback")
def _after_rollback(session: Session, previous_transaction) -> None:
    # Work that was rolled back must not have its jobs run; a failed savepoint
    # inside a larger unit of work leaves the outer work's jobs alone.
    if previous_transaction.parent is None:
        session.info.pop("ipp_jobs", None)
