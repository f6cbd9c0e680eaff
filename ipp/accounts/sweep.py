"""The sweep step that forgets Idempotency-Key answers after 24 hours."""

from datetime import datetime, timedelta

from sqlalchemy.orm import Session
from sqlmodel import delete

from ipp.accounts.models import IdempotencyRecord
from ipp.jobs.sweep import sweep_step

KEEP = timedelta(hours=24)


@sweep_step("idempotency_purge")
def purge(session: Session, now: datetime) -> int:
    result = session.execute(delete(IdempotencyRecord).where(
        IdempotencyRecord.created_at <= now - KEEP))
    return result.rowcount or 0
