"""Reads of a person's own notifications."""

import sqlalchemy as sa
from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.accounts.models import User
from ipp.notifications.models import Notification

PAGE = 100


def unread_count(session: Session, user: User) -> int:
    return session.exec(select(sa.func.count()).select_from(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))).one()


def recent(session: Session, user: User, limit: int = PAGE) -> list[Notification]:
    return list(session.exec(select(Notification).where(Notification.user_id == user.id)
                             .order_by(Notification.created_at.desc(), Notification.id.desc())
                             .limit(limit)).all())


def own(session: Session, user: User, notification_id: int) -> Notification | None:
    if notification_id > 2**31 - 1:
        return None
    row = session.get(Notification, notification_id)
    return row if row is not None and row.user_id == user.id else None
