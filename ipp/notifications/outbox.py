"""The outbox: notifications are written with the work, e-mailed by a job, retried until sent."""

import logging
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import User
from ipp.jobs.sweep import sweep_step
from ipp.notifications import mailer
from ipp.notifications.content import LEGAL_KINDS
from ipp.notifications.models import EmailPreference, EmailState, Notification
from ipp.notifications.render import render_mail

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # a sender that died: the row is tried again after this
MAX_BACKOFF = timedelta(hours=6)
SWEEP_BATCH = 200
DIGEST_EVERY = timedelta(hours=24)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failure, at most 6 hours; never given up."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def notify(session: Session, *, user: User, kind: str, data: dict, now: datetime,
           complaint_id: str | None = None) -> Notification:
    legal = kind in LEGAL_KINDS
    preference = getattr(user, "notify_email", EmailPreference.IMMEDIATE)
    state = EmailState.PENDING
    if not legal and preference == EmailPreference.OFF:
        state = EmailState.OFF
    elif not legal and preference == EmailPreference.DAILY:
        state = EmailState.DIGEST
    row = Notification(user_id=user.id, kind=kind, complaint_id=complaint_id, data=data,
                       legal=legal, created_at=now, email_state=state, next_attempt_at=now)
    session.add(row)
    return row


def _claim(session: Session, notification_id: int, now: datetime) -> bool:
    """One sender per row: the UPDATE that moves the lease wins (row lock on PostgreSQL)."""
    table = Notification.__table__
    result = session.execute(
        sa.update(table)
        .where(table.c.id == notification_id, table.c.email_state == EmailState.PENDING,
               sa.or_(table.c.attempts == 0, table.c.next_attempt_at <= now))
        .values(attempts=table.c.attempts + 1, next_attempt_at=now + LEASE)
    )
    return result.rowcount == 1


def attempt(session: Session, notification_id: int, *, now: datetime) -> str:
    """Tries to e-mail one notification; returns its e-mail state afterwards."""
    if not _claim(session, notification_id, now):
        return "skipped"
    row = session.get(Notification, notification_id)
    session.refresh(row)
    config = mailer.smtp_config()
    if config is None:
        row.email_state = EmailState.IN_APP
        return row.email_state
    user = session.get(User, row.user_id)
    try:
        subject, text, html = render_mail([row], user, base_url=mailer.base_url())
        mailer.send(config, to=user.email, subject=subject, text=text, html=html,
                    language=user.language)
    except Exception as error:  # noqa: BLE001 - any failure: keep the row and retry later
        row.next_attempt_at = now + backoff(row.attempts)
        row.last_error = f"{type(error).__name__}: {error}"[:500]
        log.warning("notification %s not sent (attempt %s): %s", row.id, row.attempts,
                    row.last_error)
        return row.email_state
    row.email_state = EmailState.SENT
    row.sent_at = now
    row.last_error = ""
    return row.email_state


@sweep_step("notifications")
def retry_due(session: Session, now: datetime) -> int:
    """Failed or never-tried e-mails that are due again, then the daily digests."""
    ids = session.exec(select(Notification.id).where(
        Notification.email_state == EmailState.PENDING,
        sa.or_(Notification.attempts == 0, Notification.next_attempt_at <= now),
    ).order_by(Notification.id).limit(SWEEP_BATCH)).all()
    sent = sum(1 for i in ids if attempt(session, i, now=now) == EmailState.SENT)
    return sent + send_digests(session, now=now)


def send_digests(session: Session, *, now: datetime) -> int:
    """One mail a day per person who chose the digest, once their oldest item is a day old."""
    config = mailer.smtp_config()
    if config is None:
        return 0
    user_ids = session.exec(select(Notification.user_id).where(
        Notification.email_state == EmailState.DIGEST).group_by(Notification.user_id).having(
        sa.func.min(Notification.created_at) <= now - DIGEST_EVERY)).all()
    sent = 0
    for user_id in user_ids:
        rows = session.exec(select(Notification).where(
            Notification.user_id == user_id, Notification.email_state == EmailState.DIGEST)
            .order_by(Notification.id)).all()
        user = session.get(User, user_id)
        try:
            subject, text, html = render_mail(rows, user, base_url=mailer.base_url())
            mailer.send(config, to=user.email, subject=subject, text=text, html=html,
                        language=user.language)
        except Exception:  # noqa: BLE001 - left as digest: the next sweep tries again
            log.warning("digest for user %s not sent", user_id, exc_info=True)
            continue
        for row in rows:
            row.email_state, row.sent_at, row.attempts = EmailState.SENT, now, row.attempts + 1
        sent += 1
    return sent
