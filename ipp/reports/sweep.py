"""The reports sweep step: delete files past seven days, run again jobs whose worker died."""

from datetime import datetime

from sqlalchemy.orm import Session

from ipp.jobs.queue import enqueue
from ipp.jobs.sweep import sweep_step
from ipp.reports.operations import expire_files, requeue_stale


@sweep_step("reports")
def sweep_reports(session: Session, now: datetime) -> int:
    from ipp.reports.jobs import run_report_job

    stale = requeue_stale(session, now=now)
    for job_id in stale:
        enqueue(session, run_report_job, job_id)
    return expire_files(session, now=now) + len(stale)
