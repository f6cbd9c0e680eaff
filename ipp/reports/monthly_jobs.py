"""The monthly report e-mail job: takes a delivery id, builds last month's report, mails it.

Sent at most once per delivery: the job claims the row (one UPDATE) and renews its claim
just before the mail goes out; a retried or duplicated job finds it claimed or sent. Only a
crash between the SMTP server's "250 OK" and the next commit could repeat a mail."""

import logging
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from sqlalchemy.orm import Session

from ipp.accounts.models import User
from ipp.clock import utcnow
from ipp.jobs.queue import job_session
from ipp.notifications import mailer
from ipp.reports import deliveries
from ipp.reports.csv_report import csv_lines
from ipp.reports.generate import MIMETYPES, filter_params, write_report
from ipp.reports.mail import MonthlyMail, render_monthly
from ipp.reports.models import JobStatus, ReportDelivery, ReportJob, ReportSubscription
from ipp.reports.monthly import attach_limit, month_of, unsubscribe_token
from ipp.reports.operations import create_finished_job
from ipp.reports.queries import ReportFilter, count_rows, takedown_rows
from ipp.reports.subscriptions import subscriber_org_ids
from ipp.reports.translate import translator
from ipp.settings import load_settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outgoing:
    to: str
    language: str
    subject: str
    text: str
    html: str
    attachments: tuple
    headers: dict
    attached: bool


def send_monthly_report(delivery_id: int) -> None:
    """Safe to run twice, late, or after a dead worker (see the module's docstring)."""
    with job_session() as session:
        attempt = deliveries.claim(session, delivery_id, now=utcnow())
    if attempt is None:
        return
    try:
        config = mailer.smtp_config()
        if config is None:
            raise RuntimeError("no SMTP server configured (IPP_SMTP_HOST)")
        with job_session() as session:
            mail = _prepare(session, delivery_id, attempt)
        if mail is None:
            return  # skipped, and recorded so
        with job_session() as session:
            if not deliveries.still_owned(session, delivery_id, attempt, now=utcnow()):
                return
        mailer.send(config, to=mail.to, subject=mail.subject, text=mail.text, html=mail.html,
                    language=mail.language, attachments=mail.attachments, headers=mail.headers)
    except Exception as error:  # noqa: BLE001 - any failure: kept, retried by the sweep
        log.warning("monthly report %s not sent (attempt %s)", delivery_id, attempt,
                    exc_info=True)
        with job_session() as session:
            deliveries.mark_failed(session, delivery_id, attempt,
                                   error=f"{type(error).__name__}: {error}", now=utcnow())
        return
    with job_session() as session:
        deliveries.mark_sent(session, delivery_id, attempt, attached=mail.attached, now=utcnow())


def _write(session: Session, fmt: str, f: ReportFilter, path: Path, *, language: str,
           timezone: str, now: datetime) -> int:
    tr = translator(language)
    if fmt != "csv":
        return write_report(session, fmt, f, path, tr=tr, timezone=timezone, now=now)
    counted = [0]

    def rows():
        for counted[0], row in enumerate(takedown_rows(session, f), 1):
            yield row

    with open(path, "w", encoding="utf-8", newline="") as handle:
        for chunk in csv_lines(rows(), tr=tr, timezone=timezone):
            handle.write(chunk)
    return counted[0]


def _stored_file(session: Session, delivery: ReportDelivery,
                 fmt: str) -> ReportJob | None:
    """The file an earlier attempt made, while it is still kept (a retry reuses it)."""
    if not delivery.report_job_id:
        return None
    job = session.get(ReportJob, delivery.report_job_id)
    if (job is None or job.status != JobStatus.FINISHED or job.format != fmt
            or not job.file_path or not Path(job.file_path).exists()):
        return None
    return job


def _report_file(session: Session, delivery: ReportDelivery, attempt: int,
                 sub: ReportSubscription, user: User, org_ids: list[int]) -> ReportJob:
    job = _stored_file(session, delivery, sub.format)
    if job is not None:
        return job
    now = utcnow()
    month = month_of(date.fromisoformat(delivery.month + "-01"))
    timezone = user.timezone or "UTC"
    f = ReportFilter(org_ids=org_ids, from_date=month.first, to_date=month.last,
                     mark_id=sub.mark_id, reason=sub.reason, outcome=sub.outcome, zone=timezone)
    folder = load_settings().data_dir / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"monthly-{delivery.id}-{attempt}.{sub.format}"
    total = count_rows(session, f)
    try:
        rows = _write(session, sub.format, f, path, language=sub.language, timezone=timezone,
                      now=now)
    except BaseException:
        path.unlink(missing_ok=True)  # no half-written file left without a job row
        raise
    params = {**filter_params(f), "lang": sub.language, "timezone": timezone,
              "dir": str(folder), "monthly": delivery.month}
    job = create_finished_job(session, owner=user, org_ids=org_ids, fmt=sub.format,
                              params=params, path=path, rows=rows, total=total, now=now)
    deliveries.record_file(session, delivery.id, attempt, report_job_id=job.id, rows=rows,
                           total=total)
    return job


def _prepare(session: Session, delivery_id: int, attempt: int) -> Outgoing | None:
    delivery = session.get(ReportDelivery, delivery_id)
    sub = session.get(ReportSubscription, delivery.subscription_id)
    user = session.get(User, sub.user_id)
    org_ids = subscriber_org_ids(session, user, today=utcnow().date())
    if not sub.active or not org_ids:
        deliveries.mark_skipped(session, delivery_id, attempt, reason=(
            "unsubscribed" if not sub.active else "no organisation to report on"))
        return None
    job = _report_file(session, delivery, attempt, sub, user, org_ids)
    size = Path(job.file_path).stat().st_size
    attached = size <= attach_limit()
    base = mailer.base_url()
    token = unsubscribe_token(load_settings().secret_key, subscription_id=sub.id,
                              user_id=user.id)
    unsubscribe = f"{base}/reports/unsubscribe/{token}"
    month = month_of(date.fromisoformat(delivery.month + "-01"))
    subject, text, html = render_monthly(MonthlyMail(
        month=month, format=sub.format, rows=job.rows, total=job.total, size=size,
        attached=attached, job_link=f"{base}/reports/jobs/{job.id}",
        settings_link=f"{base}/reports/monthly?lang={sub.language}",
        # The page opens in the mail's language, whatever the browser prefers.
        unsubscribe_link=f"{unsubscribe}?lang={sub.language}"), sub.language)
    files = ()
    if attached:
        files = (mailer.Attachment(f"takedowns-{delivery.month}.{sub.format}",
                                   MIMETYPES[sub.format], Path(job.file_path).read_bytes()),)
    # RFC 2369 and 8058: mail programs show their own unsubscribe button, which POSTs.
    headers = {"List-Unsubscribe": f"<{unsubscribe}>",
               "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return Outgoing(to=user.email, language=sub.language, subject=subject, text=text, html=html,
                    attachments=files, headers=headers, attached=attached)
