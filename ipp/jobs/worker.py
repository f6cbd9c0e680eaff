"""`ipp worker`: an rq worker on the ipp queue, with rq's scheduler and an outbox drainer."""

import logging
import os
import threading

import redis
from rq import Queue, Worker

from ipp.db import session_scope
from ipp.jobs.queue import QUEUE_NAME

log = logging.getLogger(__name__)
DRAIN_SECONDS = 5.0


def _drain_loop(session_factory, stop: threading.Event) -> None:
    from ipp.jobs.outbox import drain

    while True:
        try:
            with session_scope(session_factory) as session:
                drain(session)
        except Exception:  # noqa: BLE001 - database or Redis away: the next round retries
            log.warning("outbox drain failed", exc_info=True)
        if stop.wait(DRAIN_SECONDS):
            return


def run_worker(redis_url: str, *, burst: bool = False, session_factory=None,
               engine=None) -> None:
    if engine is not None:
        # rq runs each job in a forked work horse: it must open its own connections, never
        # use (or close) the ones the parent's pool holds.
        os.register_at_fork(after_in_child=lambda: engine.dispose(close=False))
    stop = threading.Event()
    if session_factory is not None and not burst:
        threading.Thread(target=_drain_loop, args=(session_factory, stop), name="ipp-outbox",
                         daemon=True).start()
    connection = redis.Redis.from_url(redis_url)
    try:
        # with_scheduler: retries with an interval wait in rq's scheduled registry.
        Worker([Queue(QUEUE_NAME, connection=connection)], connection=connection).work(
            burst=burst, with_scheduler=not burst)
    finally:
        stop.set()
