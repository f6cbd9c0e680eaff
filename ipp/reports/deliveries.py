"""Monthly report e-mails, the writes that make each month go out once per subscription.

A ReportDelivery row per (subscription, month) — unique — is created by the sweep; a job
claims it (one UPDATE), sends, and marks it sent. A second sweep finds the row; a retried or
duplicated job finds it claimed or sent, and sends nothing."""

from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import User
from ipp.reports.models import DeliveryStatus, ReportDelivery, ReportSubscription
from ipp.reports.monthly import previous_month

# A runner holds a claimed delivery this long; after it the sweep hands it to another.
LEASE = timedelta(minutes=15)
MAX_BACKOFF = timedelta(hours=6)
BATCH = 500


def backoff(attempts: int) -> timedelta:
    """2, 4, 8 … minutes after each failed attempt, at most 6 hours."""
    return min(timedelta(minutes=2 ** max(attempts, 1)), MAX_BACKOFF)


def plan_deliveries(session: Session, *, now: datetime) -> list[int]:
    """New delivery rows for every active subscription whose previous month (on the
    subscriber's wall clock) is due and not yet planned; returns their ids."""
    rows = session.exec(select(ReportSubscription, User)
                        .join(User, User.id == ReportSubscription.user_id)
                        .where(ReportSubscription.active == True)  # noqa: E712
                        .order_by(ReportSubscription.id)).all()
    due = {}
    for sub, user in rows:
        month = previous_month(now, user.timezone).key
        if month >= sub.first_month and (sub.last_sent_month or "") < month:
            due[sub.id] = month
    if not due:
        return []
    planned = set(session.execute(
        sa.select(ReportDelivery.subscription_id, ReportDelivery.month)
        .where(ReportDelivery.subscription_id.in_(list(due)),
               ReportDelivery.month.in_(set(due.values())))).all())
    created = []
    for sub_id, month in due.items():
        if (sub_id, month) in planned:
            continue
        try:
            with session.begin_nested():
                row = ReportDelivery(subscription_id=sub_id, month=month, created_at=now,
                                     status=DeliveryStatus.PENDING, next_attempt_at=now + LEASE)
                session.add(row)
        except IntegrityError:  # another sweep planned it meanwhile: theirs goes out
            continue
        created.append(row.id)
        if len(created) >= BATCH:
            break
    return created


def due_again(session: Session, *, now: datetime) -> list[int]:
    """Failed deliveries whose back-off is over, and claimed ones whose runner died (lease
    over): back to pending, to be handed to a new job."""
    table = ReportDelivery.__table__
    ids = list(session.execute(sa.select(table.c.id).where(
        table.c.status.in_([DeliveryStatus.PENDING, DeliveryStatus.SENDING]),
        table.c.next_attempt_at <= now).order_by(table.c.id).limit(BATCH)).scalars())
    if ids:
        session.execute(table.update().where(table.c.id.in_(ids)).values(
            status=DeliveryStatus.PENDING, next_attempt_at=now + LEASE))
    return ids


def claim(session: Session, delivery_id: int, *, now: datetime) -> int | None:
    """The attempt number when this runner now owns the delivery; None when it is sent,
    skipped, or held by another runner."""
    table = ReportDelivery.__table__
    taken = session.execute(table.update().where(
        table.c.id == delivery_id, table.c.status == DeliveryStatus.PENDING).values(
        status=DeliveryStatus.SENDING, attempts=table.c.attempts + 1,
        next_attempt_at=now + LEASE)).rowcount
    if not taken:
        return None
    return session.execute(sa.select(table.c.attempts)
                           .where(table.c.id == delivery_id)).scalar_one()


def _owned(delivery_id: int, attempt: int):
    table = ReportDelivery.__table__
    return table.update().where(table.c.id == delivery_id, table.c.attempts == attempt,
                                table.c.status == DeliveryStatus.SENDING)


def still_owned(session: Session, delivery_id: int, attempt: int, *, now: datetime) -> bool:
    """Renews the lease just before the mail goes out; False when another runner took over."""
    return bool(session.execute(_owned(delivery_id, attempt).values(
        next_attempt_at=now + LEASE)).rowcount)


def record_file(session: Session, delivery_id: int, attempt: int, *, report_job_id: str,
                rows: int, total: int) -> None:
    session.execute(_owned(delivery_id, attempt).values(report_job_id=report_job_id,
                                                        rows=rows, total=total))


def mark_sent(session: Session, delivery_id: int, attempt: int, *, attached: bool,
              now: datetime) -> bool:
    done = session.execute(_owned(delivery_id, attempt).values(
        status=DeliveryStatus.SENT, sent_at=now, attached=attached, last_error="",
        next_attempt_at=None)).rowcount
    if done:
        row = session.get(ReportDelivery, delivery_id)
        session.refresh(row)
        sub = session.get(ReportSubscription, row.subscription_id)
        if (sub.last_sent_month or "") < row.month:
            sub.last_sent_month = row.month
        session.flush()
    return bool(done)


def mark_failed(session: Session, delivery_id: int, attempt: int, *, error: str,
                now: datetime) -> None:
    """Back to pending; the sweep tries again after the back-off."""
    session.execute(_owned(delivery_id, attempt).values(
        status=DeliveryStatus.PENDING, next_attempt_at=now + backoff(attempt),
        last_error=error[:500]))


def mark_skipped(session: Session, delivery_id: int, attempt: int, *, reason: str) -> None:
    session.execute(_owned(delivery_id, attempt).values(
        status=DeliveryStatus.SKIPPED, last_error=reason[:500], next_attempt_at=None))
