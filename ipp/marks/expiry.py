"""The sweep step that warns 60 and 14 days before a registered mark expires, once each."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlmodel import select

from ipp.jobs.sweep import sweep_step
from ipp.marks.models import Mark, MarkExpiryWarning, MarkStatus

THRESHOLDS = (60, 14)


def due_warnings(session: Session, *, now: datetime) -> list[tuple[Mark, int]]:
    today = now.date()
    due = []
    for days in THRESHOLDS:
        warned = select(MarkExpiryWarning.mark_id).where(
            MarkExpiryWarning.threshold_days == days,
            MarkExpiryWarning.expires_on == Mark.expires_on)
        marks = session.exec(select(Mark).where(
            Mark.status == MarkStatus.REGISTERED, Mark.expires_on.is_not(None),
            Mark.expires_on >= today, Mark.expires_on <= today + timedelta(days=days),
            Mark.id.not_in(warned))).all()
        due += [(mark, days) for mark in marks]
    return due


@sweep_step("mark_expiry_warnings")
def warn_expiring(session: Session, now: datetime) -> int:
    """Records each warning once; the library and home pages show them (mail is separate)."""
    due = due_warnings(session, now=now)
    for mark, days in due:
        session.add(MarkExpiryWarning(mark_id=mark.id, threshold_days=days,
                                      expires_on=mark.expires_on, warned_at=now))
    session.flush()
    return len(due)
