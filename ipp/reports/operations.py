"""Writes of report jobs: create, claim (one runner at a time), progress, finish, expire."""

import uuid
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.orm import Session

from ipp.accounts.models import User
from ipp.reports.models import JobStatus, ReportJob

KEEP_FILES = timedelta(days=7)
# A runner that has not reported for this long is taken to be dead; its job is run again.
STALE_AFTER = timedelta(minutes=5)


def create_job(session: Session, *, actor: User, org_ids: list[int], fmt: str, params: dict,
               total: int, now: datetime) -> ReportJob:
    job = ReportJob(id=uuid.uuid4().hex, user_id=actor.id, org_ids=list(org_ids), format=fmt,
                    params=params, total=total, created_at=now, heartbeat_at=now)
    session.add(job)
    session.flush()
    return job


def claim(session: Session, job_id: str, *, now: datetime) -> int | None:
    """The attempt number when this runner now owns the job; None when it is done or taken.

    One UPDATE decides it, so two workers handed the same job never both run it."""
    table = ReportJob.__table__
    taken = session.execute(
        table.update()
        .where(table.c.id == job_id,
               sa.or_(table.c.status == JobStatus.QUEUED,
                      sa.and_(table.c.status == JobStatus.RUNNING,
                              table.c.heartbeat_at < now - STALE_AFTER)))
        .values(status=JobStatus.RUNNING, attempts=table.c.attempts + 1, heartbeat_at=now)
    ).rowcount
    if not taken:
        return None
    return session.execute(sa.select(table.c.attempts).where(table.c.id == job_id)).scalar_one()


def _owned(job_id: str, attempt: int):
    table = ReportJob.__table__
    return table.update().where(table.c.id == job_id, table.c.attempts == attempt,
                                table.c.status == JobStatus.RUNNING)


def report_progress(session: Session, job_id: str, attempt: int, *, rows: int, total: int,
                    now: datetime) -> bool:
    share = min(0.99, rows / total) if total else 0.0
    done = session.execute(_owned(job_id, attempt).values(rows=rows, progress=share,
                                                         heartbeat_at=now)).rowcount
    return bool(done)


def finish(session: Session, job_id: str, attempt: int, *, path: Path, rows: int,
           now: datetime) -> bool:
    """False when another runner took the job over meanwhile (this one's file is not used)."""
    done = session.execute(_owned(job_id, attempt).values(
        status=JobStatus.FINISHED, rows=rows, progress=1.0, file_path=str(path),
        heartbeat_at=now, finished_at=now, expires_at=now + KEEP_FILES)).rowcount
    return bool(done)


def fail(session: Session, job_id: str, attempt: int, *, error: str, now: datetime) -> None:
    session.execute(_owned(job_id, attempt).values(status=JobStatus.FAILED, error=error[:500],
                                                   heartbeat_at=now, finished_at=now))


def requeue_stale(session: Session, *, now: datetime) -> list[str]:
    """Queued or running jobs nobody has reported on for a while (their worker died), put
    back to queued; a runner still alive loses its claim, as the next one counts an attempt."""
    table = ReportJob.__table__
    ids = list(session.execute(sa.select(table.c.id).where(
        table.c.status.in_([JobStatus.QUEUED, JobStatus.RUNNING]),
        table.c.heartbeat_at < now - STALE_AFTER)).scalars())
    if ids:
        session.execute(table.update().where(table.c.id.in_(ids))
                        .values(status=JobStatus.QUEUED, heartbeat_at=now))
    return ids


def expire_files(session: Session, *, now: datetime) -> int:
    """Deletes finished files past their seven days; the job row stays, without a file."""
    rows = session.execute(sa.select(ReportJob).where(
        ReportJob.expires_at < now, ReportJob.file_path.is_not(None))).scalars().all()
    for job in rows:
        Path(job.file_path).unlink(missing_ok=True)
        job.file_path = None
    session.flush()
    return len(rows)


def create_finished_job(session: Session, *, owner: User, org_ids: list[int], fmt: str,
                        params: dict, path: Path, rows: int, total: int,
                        now: datetime) -> ReportJob:
    """A file made elsewhere (a monthly mail's report), kept and served like a finished job:
    its owner downloads it from the job page for seven days."""
    job = create_job(session, actor=owner, org_ids=org_ids, fmt=fmt, params=params, total=total,
                     now=now)
    job.status, job.progress, job.rows, job.file_path = JobStatus.FINISHED, 1.0, rows, str(path)
    job.finished_at, job.expires_at = now, now + KEEP_FILES
    session.flush()
    return job
