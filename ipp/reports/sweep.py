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


@sweep_step("monthly_reports")
def sweep_monthly_reports(session: Session, now: datetime) -> int:
    """Plans each subscription's report of the month just ended (once: a row per month) and
    hands new and due-again deliveries to the job. Without an SMTP server nothing is planned:
    the month goes out once one is configured."""
    from ipp.notifications.mailer import smtp_config
    from ipp.reports.deliveries import due_again, plan_deliveries
    from ipp.reports.monthly_jobs import send_monthly_report

    if smtp_config() is None:
        return 0
    ids = due_again(session, now=now) + plan_deliveries(session, now=now)
    for delivery_id in ids:
        enqueue(session, send_monthly_report, delivery_id)
    return len(ids)
