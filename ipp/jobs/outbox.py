"""The job outbox: every job is written here with its work, pushed to Redis after the commit,
and delivered by the sweep when that did not happen (a crash, or Redis away)."""

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
    """Store a job that was not written with its work (Redis configured after it was
    enqueued) in its own transaction, the request's work being committed already."""
    try:
        with queue.job_session() as session:
            session.add(JobOutbox(fn=path, args=list(args), created_at=utcnow(),
                                  last_error=str(error)[:500]))
    except Exception:  # noqa: BLE001 - database and Redis both down: nothing left to try
        log.exception("job %s%s could not be kept in the outbox either", path, tuple(args))


def deliver(ids: list[int]) -> int:
    """Right after the commit that wrote them: take these outbox rows (one DELETE …
    RETURNING), push them to Redis in one round trip and commit. A row the drainer holds is
    waited for and then gone, so it is not sent twice; if Redis refuses, the rows are put
    back, with the error, for the sweep. Never raises: the work is committed already."""
    # A session factory bound to an engine (not the tests' joined connections).
    bind = getattr(queue.session_factory(), "kw", {}).get("bind")
    if isinstance(bind, sa.Engine) and bind.dialect.name == "postgresql":
        return _deliver_pipelined(bind, ids)
    table = JobOutbox.__table__
    try:
        with queue.job_session() as session:
            rows = sorted(session.execute(
                sa.delete(table).where(table.c.id.in_(ids))
                .returning(table.c.id, table.c.fn, table.c.args, table.c.created_at,
                           table.c.attempts)).all())
            if not rows:
                return 0
            try:
                queue.send_many_to_rq([(row.fn, row.args) for row in rows])
            except Exception as error:  # noqa: BLE001 - Redis away: the sweep retries
                log.warning("could not enqueue %s (%s); kept in the outbox",
                            [(row.fn, tuple(row.args)) for row in rows], error)
                session.execute(sa.insert(table), [
                    {"id": r.id, "fn": r.fn, "args": r.args, "created_at": r.created_at,
                     "attempts": r.attempts + 1, "last_error": str(error)[:500]} for r in rows])
                return 0
            return len(rows)
    except Exception:  # noqa: BLE001 - database away right after its commit: rows wait
        log.warning("jobs %s were not delivered after the commit; the sweep will", ids,
                    exc_info=True)
        return 0


# PostgreSQL, a session of its own (the request's): the rows taken in one round trip (psycopg's
# pipeline) on a pooled connection without an ORM session, and put back if Redis refuses.
# This commit need not wait for the disk: if a crash loses it, the rows come back and the
# sweep sends those jobs again, which every job allows (rq retries them too); the work itself
# was committed durably before.
_TAKE = ("DELETE FROM job_outbox WHERE id = ANY(%(ids)s) "
         "RETURNING id, fn, args, created_at, attempts")
_PUT_BACK = ("INSERT INTO job_outbox (id, fn, args, created_at, attempts, last_error) "
             "VALUES (%s, %s, %s, %s, %s, %s)")


def _deliver_pipelined(engine: sa.Engine, ids: list[int]) -> int:
    from psycopg.types.json import Json

    try:
        pooled = engine.raw_connection()
    except Exception:  # noqa: BLE001 - database away right after its commit: rows wait
        log.warning("jobs %s were not delivered after the commit; the sweep will", ids,
                    exc_info=True)
        return 0
    try:
        connection = pooled.driver_connection
        with connection.pipeline(), connection.cursor() as setting, \
                connection.cursor() as take:
            setting.execute("SET LOCAL synchronous_commit TO OFF")
            take.execute(_TAKE, {"ids": list(ids)})
            rows = sorted(take.fetchall())
        if rows:
            try:
                queue.send_many_to_rq([(fn, args) for _id, fn, args, _at, _n in rows])
            except Exception as error:  # noqa: BLE001 - Redis away: the sweep retries
                log.warning("could not enqueue %s (%s); kept in the outbox",
                            [(fn, tuple(args)) for _id, fn, args, _at, _n in rows], error)
                with connection.cursor() as put_back:
                    put_back.executemany(_PUT_BACK, [
                        (row_id, fn, Json(args), at, attempts + 1, str(error)[:500])
                        for row_id, fn, args, at, attempts in rows])
                rows = []
        connection.commit()
        return len(rows)
    except Exception:  # noqa: BLE001 - database away right after its commit: rows wait
        if connection.closed or connection.broken:
            pooled.invalidate()  # never pooled again
        log.warning("jobs %s were not delivered after the commit; the sweep will", ids,
                    exc_info=True)
        return 0
    finally:
        pooled.close()  # back to the pool (rolled back there if still in a transaction)


def drain(session: Session, *, limit: int = BATCH) -> int:
    """Send the waiting jobs to Redis, oldest first; stops at the first failure.

    Rows are locked (SKIP LOCKED on PostgreSQL) so two drainers, or a drainer and
    deliver(), never send one job twice; a row is deleted in the same transaction it was
    sent in. (SQLite has no row locks: a job may, rarely, be sent twice there.)"""
    if not queue.redis_url():
        return 0
    query = select(JobOutbox).order_by(JobOutbox.id).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return _send(session, session.exec(query).all())


def _send(session: Session, rows: list[JobOutbox]) -> int:
    sent = 0
    for row in rows:
        try:
            queue.send_to_rq(row.fn, row.args)
        except Exception as error:  # noqa: BLE001 - still down: try again on the next round
            log.warning("could not enqueue %s%s (%s); kept in the outbox", row.fn,
                        tuple(row.args), error)
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
